package main

import "sync"

var (
	mu     sync.Mutex
	done   = make(chan struct{})
	closed bool
)

// stop may be called by several goroutines: it closes done once.
func stop() {
	mu.Lock()
	if !closed {
		closed = true
		close(done)
	}
	mu.Unlock()
}

func main() {
	go stop()
	go stop()
	<-done
}
