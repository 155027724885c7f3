package main

import "sync"

var (
	done = make(chan struct{})
	once sync.Once
)

// stop may be called by several goroutines: it closes done once.
func stop() {
	once.Do(func() {
		close(done)
	})
}

func main() {
	go stop()
	go stop()
	<-done
}
