package main

import "sync"

func main() {
	results := make(chan int, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		results <- 1
	}()
	go func() {
		defer wg.Done()
		results <- 2
	}()
	println("first:", <-results)
	wg.Wait()
}
