package main

import "sync"

var (
	muA, muB sync.Mutex
	a, b     = 100, 100
)

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // from a to b
		defer wg.Done()
		muA.Lock()
		muB.Lock()
		a -= 10
		b += 10
		muB.Unlock()
		muA.Unlock()
	}()
	go func() { // from b to a
		defer wg.Done()
		muA.Lock()
		muB.Lock()
		b -= 10
		a += 10
		muB.Unlock()
		muA.Unlock()
	}()
	wg.Wait()
	assert(a+b == 200)
}
