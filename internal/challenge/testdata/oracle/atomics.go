package main

import (
	"sync"
	"sync/atomic"
)

var (
	n    atomic.Int64
	b    atomic.Bool
	once sync.Once
)

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Go(func() {
			n.Add(2)
			once.Do(func() {
				println("once")
			})
		})
	}
	wg.Wait()
	println(n.Load(), n.Swap(7), n.Load(), n.CompareAndSwap(6, 1), n.CompareAndSwap(7, 1), n.Load())
	println(b.Load(), b.Swap(true), b.Load())
	b.Store(false)
	println(b.CompareAndSwap(false, true), b.Load())
}
