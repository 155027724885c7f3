package coroutines

import (
	"context"
	"errors"
	"iter"
	"sync"
)

// BufferedClose fills a buffered channel, closes it, and drains it.
func BufferedClose(out *Out) {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	out.Println("len", len(ch), "cap", cap(ch))
	for v := range ch {
		out.Println("got", v)
	}
	v, ok := <-ch
	out.Println("after close:", v, ok)
}

// LoopClosures keeps one closure per loop iteration, then calls them all.
func LoopClosures(out *Out) {
	var perIteration []func() int
	for i := 0; i < 3; i++ {
		perIteration = append(perIteration, func() int { return i })
	}
	var shared []func() int
	j := 0
	for j = 0; j < 3; j++ { // j is declared outside the loop
		shared = append(shared, func() int { return j })
	}
	for k := range perIteration {
		out.Println(perIteration[k](), shared[k]())
	}
}

// SelectDefault tries to send three values into a channel with room for one,
// then tries to receive twice, never waiting.
func SelectDefault(out *Out) {
	ch := make(chan int, 1)
	for i := range 3 {
		select {
		case ch <- i:
			out.Println("sent", i)
		default:
			out.Println("full, dropped", i)
		}
	}
	for range 2 {
		select {
		case v := <-ch:
			out.Println("received", v)
		default:
			out.Println("empty")
		}
	}
}

// WaitGroupSquares computes squares in five goroutines.
func WaitGroupSquares(out *Out) {
	var wg sync.WaitGroup
	squares := make([]int, 5)
	for i := range squares {
		wg.Go(func() {
			squares[i] = i * i
		})
	}
	wg.Wait()
	out.Println(squares)
	sum := 0
	for _, s := range squares {
		sum += s
	}
	out.Println("sum", sum)
}

// PingPong bounces a number between two goroutines over unbuffered channels.
func PingPong(out *Out) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for n := range ping {
			out.Println("  pong", n)
			pong <- n + 1
		}
		close(pong)
	}()
	n := 0
	for range 3 {
		out.Println("ping", n)
		ping <- n
		n = <-pong
	}
	close(ping)
	_, open := <-pong
	out.Println("n =", n, "pong open:", open)
}

// NilAndClosed selects between a nil channel, a closed channel and a
// cancelled context.
func NilAndClosed(out *Out) {
	var never chan int // nil: a case on it is never ready
	done := make(chan struct{})
	close(done)
	for i := range 2 {
		select {
		case v := <-never:
			out.Println("never", v)
		case <-done:
			out.Println("done is closed", i)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	out.Println("before cancel:", ctx.Err())
	cancel()
	<-ctx.Done()
	out.Println("after cancel:", ctx.Err(), errors.Is(ctx.Err(), context.Canceled))
}

// PullToTheEnd drives a three-value iterator by hand with iter.Pull, and
// keeps pulling after the end.
func PullToTheEnd(out *Out) {
	numbers := func(yield func(int) bool) {
		out.Println("body starts")
		for i := 1; i <= 3; i++ {
			out.Println("body yields", i)
			if !yield(i) {
				return
			}
		}
		out.Println("body returns")
	}
	next, stop := iter.Pull(numbers)
	defer stop()
	out.Println("pulled")
	for range 5 {
		v, ok := next()
		out.Println("next:", v, ok)
	}
}

// PullStopEarly takes one value from a coroutine, then stops it.
func PullStopEarly(out *Out) {
	words := func(yield func(string) bool) {
		defer out.Println("body: deferred cleanup")
		for _, w := range []string{"ready", "steady", "go"} {
			if !yield(w) {
				out.Println("body: yield returned false")
				return
			}
		}
	}
	next, stop := iter.Pull(words)
	w, ok := next()
	out.Println("main:", w, ok)
	out.Println("main: calling stop")
	stop()
	w, ok = next()
	out.Printf("main: %q %v", w, ok)
	stop() // a second stop does nothing
	out.Println("main: done")
}

// RangeBreak ranges over an iterator function and breaks out of the loop.
func RangeBreak(out *Out) {
	count := func(yield func(int) bool) {
		defer out.Println("iterator: cleanup")
		for i := 1; ; i++ {
			out.Println("iterator: yield", i)
			if !yield(i) {
				out.Println("iterator: told to stop")
				return
			}
		}
	}
	for v := range count {
		out.Println("loop: got", v)
		if v == 2 {
			break
		}
	}
	out.Println("after the loop")
}
