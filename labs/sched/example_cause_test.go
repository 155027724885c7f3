package sched_test

import (
	"fmt"
	"time"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

// Who woke whom: every wake event says what caused it, and Trace.Waker
// finds it for a waiting span. Here t2 waits for the mutex that t1 holds
// while it sleeps; t1's timer wakes t1, which unlocks the mutex and so
// wakes t2.
func Example_wakeCauses() {
	sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: 2})
	m := sched.NewMutex("A")
	sim.Go("t1", func(t *sched.Task) { m.Lock(t); t.Sleep(time.Second); m.Unlock(t) })
	sim.Go("t2", func(t *sched.Task) { m.Lock(t); m.Unlock(t) })
	tr, err := sim.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, ev := range tr.Events.All() {
		if c, ok := tr.Events.Cause(i); ok {
			fmt.Printf("%d %s: %s woken by %v\n", i, trace.Clock(ev.At), ev.Task, c)
		}
	}
	t2 := tr.Task("t2")
	for s, sp := range t2.Spans {
		if wake, c, ok := tr.Waker(1, s); ok {
			fmt.Printf("t2 waited on %s from %s to %s: event %d, %s by %s at its event %d (%s)\n",
				sp.On, trace.Clock(sp.Start), trace.Clock(sp.End), wake, c.Kind, c.Task, c.Event, tr.Events.Kind(c.Event))
		}
	}
	// Output:
	// 4 0:00:01: t1 woken by timer
	// 6 0:00:01: t2 woken by unlock by t1 (event 5)
	// t2 waited on lock A from 0:00:00 to 0:00:01: event 6, unlock by t1 at its event 5 (run)
}
