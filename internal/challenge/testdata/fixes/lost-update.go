package main

import (
	"sync"
	"sync/atomic"
)

var counter atomic.Int64

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		counter.Add(1)
		wg.Done()
	}()
	go func() {
		counter.Add(1)
		wg.Done()
	}()
	wg.Wait()
	assert(counter.Load() == 2)
}
