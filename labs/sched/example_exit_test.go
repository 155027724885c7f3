package sched_test

import (
	"fmt"
	"time"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

// Rob Pike's First: ask three replicas, take the first answer. The channel
// is unbuffered, so the two slower replicas block on their send for ever:
// when main returns, the run ends, and Leaked lists them.
func ExampleSim_Main() {
	sim := sched.New(sched.Config{Model: sched.GoRuntime})
	results := sched.NewChan[string]("results", 0) // make(chan string)
	sim.Main("main", func(t *sched.Task) {
		for _, r := range []struct {
			name string
			d    time.Duration
		}{{"A", 30 * time.Millisecond}, {"B", 90 * time.Millisecond}, {"C", 50 * time.Millisecond}} {
			t.Go(r.name, func(t *sched.Task) { t.Sleep(r.d); results.Send(t, r.name) })
		}
		first, _ := results.Recv(t)
		t.Printf("answer: %s", first)
		t.Sleep(100 * time.Millisecond) // the program goes on, then exits
	})
	tr, err := sim.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range tr.Output {
		fmt.Println(trace.Seconds(l.At), l.Text)
	}
	fmt.Println("main returned at", trace.Seconds(tr.Total))
	for _, l := range sim.Leaked() {
		fmt.Printf("leaked: %s since %s\n", l, trace.Seconds(l.Since))
	}
	// Output:
	// 0.03 answer: A
	// main returned at 0.13
	// leaked: B waits on chan results since 0.09
	// leaked: C waits on chan results since 0.05
}

// A select with a timer (Pike's Google Search 2.1): take what arrives
// within 80 ms, then stop waiting.
func ExampleChan_RecvBefore() {
	sim := sched.New(sched.Config{Model: sched.GoRuntime})
	results := sched.NewChan[string]("results", 3) // buffered: the late one does not block
	sim.Main("main", func(t *sched.Task) {
		for _, r := range []struct {
			name string
			d    time.Duration
		}{{"A", 30 * time.Millisecond}, {"B", 90 * time.Millisecond}, {"C", 50 * time.Millisecond}} {
			t.Go(r.name, func(t *sched.Task) { t.Sleep(r.d); results.Send(t, r.name) })
		}
		deadline := t.Now() + 80*time.Millisecond // timeout := time.After(80 * time.Millisecond)
		for range 3 {
			r, _, late := results.RecvBefore(t, deadline)
			if late {
				t.Printf("timed out")
				return
			}
			t.Printf("got %s", r)
		}
	})
	tr, _ := sim.Run()
	for _, l := range tr.Output {
		fmt.Println(trace.Seconds(l.At), l.Text)
	}
	fmt.Println("left:", sim.Leaked())
	// Output:
	// 0.03 got A
	// 0.05 got C
	// 0.08 timed out
	// left: [B is waiting (timer)]
}
