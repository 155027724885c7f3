package countdown

import (
	"strings"
	"time"

	"conclab/labs/sched"
)

// Counter is one countdown: its name, its place in the list (which sets how
// far its lines are indented) and the delay before each line.
type Counter struct {
	Name  string
	Index int
	Delay time.Duration
}

// Yielding counts down from `from`, waiting Delay before each line with a
// sleep that gives the worker back (await asyncio.sleep(delay)): while this
// countdown waits, the others run.
func Yielding(t *sched.Task, c Counter, from int) {
	indent := strings.Repeat("    ", c.Index)
	for n := from; n > 0; n-- {
		t.Sleep(c.Delay)
		t.Printf("%s%s = %d", indent, c.Name, n)
	}
}

// Blocking is the same countdown with a blocking wait (time.sleep(delay)
// in Python, time.Sleep in Go). Inside an event loop it keeps the loop's only
// thread; in a goroutine the Go runtime parks just this goroutine.
func Blocking(t *sched.Task, c Counter, from int) {
	indent := strings.Repeat("    ", c.Index)
	for n := from; n > 0; n-- {
		t.Block(c.Delay)
		t.Printf("%s%s = %d", indent, c.Name, n)
	}
}

// Main starts one countdown per counter and waits for all of them
// (asyncio.gather, or a go statement per counter and a WaitGroup).
func Main(t *sched.Task, counters []Counter, from int, countdown func(*sched.Task, Counter, int)) {
	tasks := make([]*sched.Task, len(counters))
	for i, c := range counters {
		tasks[i] = t.Go(c.Name, func(t *sched.Task) { countdown(t, c, from) })
	}
	t.Wait(tasks...)
}
