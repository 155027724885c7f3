package main

import "sync"

var (
	mu      sync.Mutex
	balance = 100
)

func withdraw(amount int) {
	mu.Lock()
	if balance >= amount {
		balance -= amount
	}
	mu.Unlock()
}

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		withdraw(70)
		wg.Done()
	}()
	go func() {
		withdraw(70)
		wg.Done()
	}()
	wg.Wait()
	assert(balance >= 0)
}
