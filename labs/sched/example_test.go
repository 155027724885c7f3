package sched_test

import (
	"fmt"
	"time"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

// Two countdowns on a single-threaded event loop: sleeping gives the loop
// back, so they interleave, and the run takes as long as the longest one.
func Example() {
	sim := sched.New(sched.Config{Model: sched.Cooperative, Workers: 1})
	for _, c := range []struct {
		name  string
		delay time.Duration
	}{{"A", 700 * time.Millisecond}, {"B", time.Second}} {
		sim.Go(c.name, func(t *sched.Task) {
			for n := 2; n > 0; n-- {
				t.Sleep(c.delay)
				t.Printf("%s = %d", c.name, n)
			}
		})
	}
	tr, err := sim.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range tr.Output {
		fmt.Println(trace.Seconds(l.At), l.Text)
	}
	fmt.Println("total", trace.Clock(tr.Total))
	// Output:
	// 0.7 A = 2
	// 1 B = 2
	// 1.4 A = 1
	// 2 B = 1
	// total 0:00:02
}

// A blocking call keeps the loop: the second task cannot start until the
// first one's call returns.
func ExampleTask_Block() {
	sim := sched.New(sched.Config{})
	sim.Go("A", func(t *sched.Task) { t.Block(time.Second); t.Printf("A done") })
	sim.Go("B", func(t *sched.Task) { t.Block(time.Second); t.Printf("B done") })
	tr, _ := sim.Run()
	for _, l := range tr.Output {
		fmt.Println(trace.Seconds(l.At), l.Text)
	}
	// Output:
	// 1 A done
	// 2 B done
}

// Stepping one scheduling event at a time, with the ready queue and the timer
// heap in view: what the event-loop lab shows. As in asyncio, a timer that
// comes due (t=1, still among the timers) only queues its task when its
// callback runs in the loop's next iteration; the task runs in the one after.
func ExampleSim_Step() {
	sim := sched.New(sched.Config{})
	sim.Go("A", func(t *sched.Task) { t.Sleep(2 * time.Second) })
	sim.Go("B", func(t *sched.Task) { t.Sleep(time.Second) })
	for sim.Step() {
		q := sim.Snapshot()
		fmt.Printf("t=%s ready=%v timers=%d\n", trace.Seconds(sim.Now()), q.Ready, len(q.Timers))
	}
	fmt.Println("err:", sim.Err())
	// Output:
	// t=0 ready=[B] timers=1
	// t=0 ready=[] timers=2
	// t=1 ready=[] timers=2
	// t=1 ready=[B] timers=1
	// t=1 ready=[] timers=1
	// t=2 ready=[] timers=1
	// t=2 ready=[A] timers=0
	// err: <nil>
}

// A worker pool: three workers pull jobs from a channel; the run takes as
// long as the busiest worker.
func ExampleChan() {
	sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: 1})
	jobs := sched.NewChan[time.Duration]("jobs", 0)
	sim.Go("feeder", func(t *sched.Task) {
		for _, d := range []time.Duration{3, 1, 1, 2, 1} {
			jobs.Send(t, d*time.Second)
		}
		jobs.Close(t)
	})
	for w := 1; w <= 3; w++ {
		sim.Go(fmt.Sprintf("worker %d", w), func(t *sched.Task) {
			for d, ok := jobs.Recv(t); ok; d, ok = jobs.Recv(t) {
				t.Block(d) // a fetch: parks only this goroutine
			}
		})
	}
	tr, _ := sim.Run()
	fmt.Println("total", trace.Clock(tr.Total))
	// Output:
	// total 0:00:03
}
