package main

import "sync/atomic"

// busy says that someone is in the critical section.
var busy atomic.Bool

func use() {
	if busy.CompareAndSwap(false, true) {
		critical()
		busy.Store(false)
	}
}

func main() {
	go use()
	use()
}
