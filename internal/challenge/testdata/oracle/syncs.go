package main

import "sync"

var (
	mu sync.Mutex
	n  int
)

func add(wg *sync.WaitGroup, k int) {
	defer wg.Done()
	mu.Lock()
	defer mu.Unlock()
	n += k
}

func double(x int) (int, bool) {
	return 2 * x, x > 0
}

func main() {
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go add(&wg, i)
	}
	wg.Wait()
	println("n", n)
	defer println("deferred first")
	defer println("deferred second")
	d, pos := double(n)
	println(d, pos, d/4, d%4, -d)
	cond := sync.NewCond(&mu)
	ready := false
	done := make(chan bool)
	go func() {
		mu.Lock()
		for !ready {
			cond.Wait()
		}
		mu.Unlock()
		println("woken")
		done <- true
	}()
	mu.Lock()
	ready = true
	cond.Broadcast()
	mu.Unlock()
	<-done
	println("end")
}
