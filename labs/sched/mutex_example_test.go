package sched_test

import (
	"errors"
	"fmt"
	"time"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

// Three goroutines on three cores increment a counter under a mutex: the
// one that locks first holds it for 2 ms, the others wait their turn, in
// the order they asked, so the increments take 6 ms, one after another.
func ExampleMutex() {
	sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: 3})
	mu := sched.NewMutex("counter")
	counter := 0
	for _, name := range []string{"g1", "g2", "g3"} {
		sim.Go(name, func(t *sched.Task) {
			mu.Lock(t)
			t.Compute(2 * time.Millisecond) // read the counter, add one, write it back
			counter++
			t.Printf("counter = %d", counter)
			mu.Unlock(t)
		})
	}
	tr, err := sim.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range tr.Output {
		fmt.Println(trace.Clock(l.At), l.Task, l.Text)
	}
	fmt.Println("g3 waited on", tr.Task("g3").Spans[0].On, "for", tr.Task("g3").Spans[0].Duration())
	// Output:
	// 0:00:00.002 g1 counter = 1
	// 0:00:00.004 g2 counter = 2
	// 0:00:00.006 g3 counter = 3
	// g3 waited on lock counter for 4ms
}

// Two transfers lock their accounts in opposite orders: each holds one
// lock and waits for the other's. The run stops when the last task falls
// asleep, and the error names the cycle.
func ExampleDeadlockError() {
	sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: 2})
	a, b := sched.NewMutex("A"), sched.NewMutex("B")
	transfer := func(from, to *sched.Mutex) func(*sched.Task) {
		return func(t *sched.Task) {
			from.Lock(t)
			t.Sleep(time.Millisecond)
			to.Lock(t)
			to.Unlock(t)
			from.Unlock(t)
		}
	}
	sim.Go("t1", transfer(a, b))
	sim.Go("t2", transfer(b, a))
	_, err := sim.Run()
	var d *sched.DeadlockError
	if errors.As(err, &d) {
		fmt.Println(d.CycleText())
		fmt.Println(err)
	}
	// Output:
	// t1 holds A, waits for B; t2 holds B, waits for A
	// deadlock: all tasks are asleep at 0:00:00.001 (t1 holds A, waits for B; t2 holds B, waits for A)
}
