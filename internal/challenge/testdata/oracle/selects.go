package main

import "time"

func main() {
	ch := make(chan int, 1)
	select {
	case v := <-ch:
		println("got", v)
	default:
		println("empty")
	}
	ch <- 7
	select {
	case v, ok := <-ch:
		println("got", v, ok)
	default:
		println("empty")
	}
	var nilch chan int
	select {
	case nilch <- 1:
		println("sent to nil")
	default:
		println("a nil channel is never ready")
	}
	full := make(chan int, 1)
	full <- 1
	select {
	case full <- 2:
		println("sent")
	default:
		println("full")
	}
	res := make(chan string)
	go func() { res <- "late" }()
	select {
	case s := <-res:
		println(s)
	case <-time.After(time.Hour):
		println("an hour passed")
	}
	for i := 0; i < 2; i++ {
		select {
		default:
			if i == 0 {
				break
			}
			println("break leaves the select, not the loop", i)
		}
	}
	a, b := make(chan int, 1), make(chan int, 1)
	a <- 1
	b <- 2
	select {
	case v := <-a:
		println("a", v)
	case v := <-b:
		println("b", v)
	}
}
