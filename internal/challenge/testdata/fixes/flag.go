package main

import "sync"

var mu sync.Mutex

func use() {
	mu.Lock()
	critical()
	mu.Unlock()
}

func main() {
	go use()
	use()
}
