package main

import "sync"

var (
	mu    sync.Mutex
	stock int
)

func buy() bool {
	mu.Lock()
	defer mu.Unlock()
	if stock == 0 {
		return false // sold out
	}
	stock--
	return true
}

func restock() {
	mu.Lock()
	stock++
	mu.Unlock()
}

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		buy()
	}()
	go func() {
		defer wg.Done()
		restock()
	}()
	wg.Wait()
}
