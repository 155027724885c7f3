//go:build exercises

package early

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/sync/errgroup"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/labs/trace"
)

// The checks run your TestProcess four ways, each in a process of its own
// (kittest.Subject): on process.go's Process, and on three correct
// Processors.
var subjects = map[string]func(*testing.T){
	"buggy":     subject(Process),
	"waitgroup": subject(withWaitGroup),
	"errgroup":  subject(withErrgroup),
	"channel":   subject(withChannel),
}

func TestMain(m *testing.M) {
	kittest.Subjects(subjects)
	os.Exit(m.Run())
}

// withWaitGroup waits for its goroutines with a sync.WaitGroup.
func withWaitGroup(items []string, fn func(string)) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() { fn(it) })
	}
	wg.Wait()
}

// withErrgroup waits for them with an errgroup.Group.
func withErrgroup(items []string, fn func(string)) {
	var g errgroup.Group
	for _, it := range items {
		g.Go(func() error {
			fn(it)
			return nil
		})
	}
	_ = g.Wait() // no function returns an error
}

// withChannel counts them in: each goroutine sends on a channel once its
// call has returned.
func withChannel(items []string, fn func(string)) {
	done := make(chan struct{})
	for _, it := range items {
		go func() {
			fn(it)
			done <- struct{}{}
		}()
	}
	for range items {
		<-done
	}
}

func TestProcessModel(t *testing.T) {
	tests := []struct {
		name      string
		process   Processor
		slow      time.Duration
		returned  time.Duration
		doneAtRet int32
	}{
		{"Process, quick calls", Process, 50 * time.Millisecond, 100 * time.Millisecond, 3},
		{"Process, slow calls", Process, time.Second, 100 * time.Millisecond, 0},
		{"waitgroup", withWaitGroup, time.Second, time.Second, 3},
		{"errgroup", withErrgroup, time.Second, time.Second, 3},
		{"channel", withChannel, time.Second, time.Second, 3},
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			var done atomic.Int32
			start := time.Now()
			tt.process([]string{"a", "b", "c"}, func(string) {
				time.Sleep(tt.slow)
				done.Add(1)
			})
			if got, n := time.Since(start), done.Load(); got != tt.returned || n != tt.doneAtRet {
				t.Errorf("%s returned at %v with %d calls done, want %v with %d", tt.name, got, n, tt.returned, tt.doneAtRet) // guards the check itself
			}
			time.Sleep(tt.slow) // the calls Process left running end: time stops when the bubble's function returns
		})
	}
}

// runs is how many times the checks run your test on each Processor: a
// test that catches the bug only sometimes is flaky.
const runs = 3

// buggy is process.go's Process: your test runs on it once, for every
// check that needs it.
var buggy = &kittest.SubjectOnce{Name: "buggy", Runs: runs}

func TestYourTest(t *testing.T) {
	kittest.Judge{Buggy: buggy, MustFail: mustFail, MustPass: mustPass, NotCaught: func(what string) string {
		return fmt.Sprintf("your test passes on %s, want it to fail on process.go's Process too, by itself, every run, "+
			"and it does not: a test that does not fail there cannot tell a Processor that waits from one "+
			"that sleeps 100 ms — see the first check", what)
	}}.Check(t, "fails on process.go's Process, which returns after 100 ms whatever its goroutines do", []kittest.Correct{
		{Check: "tells Process from a correct Processor with a sync.WaitGroup", Subject: "waitgroup",
			What: "a correct Processor that waits with a sync.WaitGroup"},
		{Check: "tells Process from a correct Processor with an errgroup.Group", Subject: "errgroup",
			What: "a correct Processor that waits with an errgroup.Group"},
		{Check: "tells Process from a correct Processor that counts its goroutines in on a channel", Subject: "channel",
			What: "a correct Processor whose goroutines each send on a channel once their call has returned"},
	})
}

// outsideMark is what a subject prints when your test called process
// outside a synctest bubble.
const outsideMark = "conclab: process was called outside a synctest bubble"

// mustFail says what is wrong with how your test went on Process, where it
// must fail, every time, by itself: "" when nothing is.
func mustFail(o kittest.Outcome) string {
	const on = "on process.go's Process"
	switch {
	case o.TimedOut:
		return fmt.Sprintf("your test ran for %s of real time %s and was stopped, want it to fail at once: does it "+
			"wait for something that never happens? Inside synctest.Test, time.Sleep takes no real time", kittest.SubjectLimit, on)
	case strings.Contains(o.Output, outsideMark):
		return outside
	case o.Race:
		return "your test made the race detector report a data race " + on + ", want it to fail by itself (t.Errorf): " +
			"it read what fn's goroutines write while they still ran — count the calls with an atomic.Int32, or " +
			"guard what they write with a mutex"
	case o.Deadlock && len(o.Messages) > 0:
		return fmt.Sprintf("your test caught it %s (%s), but then it stopped: %s; want it to fail by itself, "+
			"and cleanly — Process left calls of fn sleeping, and time stops once the function given to synctest.Test "+
			"returns: end that function with a time.Sleep past the slowest call, so that they finish", on, o.Said(), o.Crash)
	case o.Crash != "":
		return fmt.Sprintf("your test stopped %s: %s; want it to fail with a message of its own (t.Errorf)%s", on, o.Crash, stragglers(o))
	case o.Passed > 0 && o.Failed > 0:
		return fmt.Sprintf("your test passed %d of its %d runs %s, want it to fail every time: a test that fails "+
			"only sometimes is flaky — inside synctest.Test, a fn that sleeps 1 s is still running when Process "+
			"returns at 100 ms, every run", o.Passed, o.Runs, on)
	case o.Failed == 0:
		return "your test passed " + on + ", want it to fail: Process returns after 100 ms, done or not — give fn a " +
			"time.Sleep longer than that (1 s costs nothing in a bubble), and check the moment process returns that " +
			"every call has returned"
	}
	return ""
}

// mustPass says what is wrong with how your test went on a correct
// Processor, what, where it must pass: "" when nothing is.
func mustPass(o kittest.Outcome, what string) string {
	on := "on " + what
	switch {
	case o.TimedOut:
		return fmt.Sprintf("your test ran for %s of real time %s and was stopped, want it to pass at once: does it "+
			"wait for something that never happens? Inside synctest.Test, time.Sleep takes no real time", kittest.SubjectLimit, on)
	case strings.Contains(o.Output, outsideMark):
		return outside
	case o.Race:
		return "the race detector reported a data race while your test ran " + on + ", want none: two goroutines " +
			"wrote one variable at once — count the calls with an atomic.Int32, or guard what fn writes with a mutex"
	case o.Crash != "":
		return fmt.Sprintf("your test stopped %s: %s; want it to pass", on, o.Crash)
	case o.Failed > 0:
		return fmt.Sprintf("your test failed %s (%s), want it to pass there: a correct Processor must pass your test "+
			"— does it expect what no Processor does? It returns when the slowest call does, every call done, "+
			"the calls run all at once", on, o.Said())
	case o.Passed == 0:
		return fmt.Sprintf("your test never passed %s (it ran %d times), want it to pass: does it skip itself?", on, o.Runs)
	}
	return ""
}

const outside = "your test called process outside a testing/synctest bubble, want it inside " +
	"synctest.Test(t, func(t *testing.T) {...}): there time.Sleep takes no real time and the clock is exact, so a " +
	"test can give fn a whole second and know to the nanosecond when process returned"

// stragglers is what to do about a bubble that ended blocked, if it did.
func stragglers(o kittest.Outcome) string {
	if !o.Deadlock {
		return ""
	}
	return ": check, the moment process returns, that every call has returned; then, as time stops once the " +
		"function given to synctest.Test returns, end it with a time.Sleep past the slowest call, so that the calls " +
		"Process left running finish"
}

// subject is your TestProcess on process, recorded in a trace: a lane for
// process, waiting for its goroutines, and one per call of fn. The trace
// is the check's (kittest.SaveTrace).
func subject(process Processor) func(t *testing.T) {
	return func(t *testing.T) {
		r := &recorder{}
		defer func() {
			if r.wasOutside() {
				fmt.Println(outsideMark)
			}
			if err := kittest.SaveTrace(r.trace()); err != nil {
				fmt.Println("conclab: trace not written:", err)
			}
		}()
		TestProcess(t, func(items []string, fn func(string)) {
			r.start()
			task := r.task("process")
			r.log.Wait(task, "join")
			defer r.done(task)
			process(items, func(item string) {
				task := r.task("fn " + item)
				r.log.Run(task)
				defer r.done(task)
				fn(item)
			})
		})
	}
}

// recorder keeps the trace of the calls a test made.
type recorder struct {
	mu      sync.Mutex
	log     *kit.Log
	last    *trace.Trace
	count   map[string]int
	outside bool
}

// start begins the log, on the clock of the bubble process is called in.
func (r *recorder) start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.log == nil {
		r.log, r.count = kit.New(), map[string]int{}
	}
	r.outside = r.outside || !kittest.InBubble()
}

func (r *recorder) wasOutside() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.outside
}

// task names a lane: "fn a", then "fn a 2" for the second call with a.
func (r *recorder) task(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count[name]++
	if n := r.count[name]; n > 1 {
		return fmt.Sprintf("%s %d", name, n)
	}
	return name
}

// done records that task returned, and keeps the trace so far.
func (r *recorder) done(task string) {
	r.log.Done(task)
	tr := r.log.Trace()
	r.mu.Lock()
	r.last = tr
	r.mu.Unlock()
}

func (r *recorder) trace() *trace.Trace {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}
