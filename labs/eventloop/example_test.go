package eventloop_test

import (
	"fmt"
	"time"

	"conclab/labs/eventloop"
	"conclab/labs/trace"
)

// Two tasks on the toy loop: each yields the time it wants to run again, and
// the loop always resumes the one that is due first.
func ExampleLoop() {
	l := eventloop.NewLoop()
	l.Go("slow", eventloop.Count(l, 2, 0, 2*time.Second))
	l.Go("fast", eventloop.Count(l, 3, 0, time.Second))
	total := l.Run()
	for _, line := range l.Trace().Output {
		fmt.Println(trace.Seconds(line.At), line.Task, line.Text)
	}
	fmt.Println("total", total)
	// Output:
	// 0 slow T-minus 2
	// 0 fast T-minus 3
	// 1 fast T-minus 2
	// 2 slow T-minus 1
	// 2 fast T-minus 1
	// 3 fast lift-off!
	// 4 slow lift-off!
	// total 4s
}

// The queues of a one-task loop at each event: who runs, the ready queue
// and the timers still ahead (as the lanes and `conclab run --steps` show them).
func ExampleLoop_queues() {
	l := eventloop.NewLoop()
	l.Go("A", eventloop.Count(l, 1, 0, time.Second))
	l.Run()
	for i, ev := range l.Trace().Events.All() {
		q := ev.Queues.Text()
		fmt.Printf("#%d %s %s %s | running %s | ready %s | timers %s\n", i+1, trace.Clock(ev.At), ev.Kind, ev.Task, q.Running, q.Ready, q.Timers)
	}
	// Output:
	// #1 0:00:00 run A | running A | ready (none) | timers (none)
	// #2 0:00:00 print A | running A | ready (none) | timers (none)
	// #3 0:00:00 sleep A | running (idle) | ready (none) | timers A@0:00:01
	// #4 0:00:01 run A | running A | ready (none) | timers (none)
	// #5 0:00:01 print A | running A | ready (none) | timers (none)
	// #6 0:00:01 done A | running (idle) | ready (none) | timers (none)
}
