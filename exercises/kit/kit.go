// Package kit is what exercise code uses to say what it does, so that a run
// of it becomes a trace: which goroutine (a "task") ran, which one waited and
// for what, and what each one printed, all stamped with the time since the
// Log was made.
//
// A Log made with New reads the clock with time.Now and sleeps with
// time.Sleep. Inside a testing/synctest bubble (as in every exercise's
// checks) that clock is virtual: a 55 s time.Sleep takes no real time, the
// trace is exact to the nanosecond, and every run of the same code gives the
// same times. Outside a bubble it is the wall clock. A Log made with NewOn
// uses a kit Clock instead, a virtual clock that needs no bubble: code that
// waits only through its Log (Sleep, Work, Block, After, Ticker; Now reads
// it) runs the same on either. Exercise code waits through its Log for that
// reason.
//
// Every method is safe for concurrent use, and safe on a nil *Log: it then
// only does the sleeping part and records nothing, so exercise code can be
// called without a Log.
//
// A Log can have a time limit (SetLimit): code that never stops — a spinner
// nobody cancels — would otherwise run the virtual clock forever, which in a
// bubble takes no time at all per step and never ends.
package kit

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"time"

	"conclab/labs/trace"
)

// LeakPrefix starts every check failure that reports goroutines still
// running after the code under test returned; conclab's runner looks for it
// to give the "leak" verdict.
const LeakPrefix = "goroutine leak: "

// LimitPrefix starts the panic of a Log whose time limit is over (see SetLimit).
const LimitPrefix = "over the time limit: "

// DeadlockPrefix starts the report of a check on the kit clock (Clock) whose
// goroutines are all blocked with no timer left that could wake one: the
// kit clock's "all goroutines are asleep". conclab's runner looks for it to
// give the "deadlock" verdict.
const DeadlockPrefix = "deadlock on the kit clock: "

// Log records what tasks (goroutines, named by the exercise) do. Make one with New.
type Log struct {
	clock *Clock    // nil: the time package's clock
	start time.Time // when the Log was made, on its clock
	rec   *trace.Recorder

	mu                 sync.Mutex
	atWork, mostAtWork int
	limit              time.Duration
}

// New starts a Log now. Its trace has one worker: goroutines run on the Go
// runtime's threads, which the trace does not show, so every span has
// trace.NoWorker.
func New() *Log {
	l := &Log{start: time.Now()}
	l.rec = trace.NewRecorderClock(1, l.Elapsed)
	return l
}

// NewOn starts a Log now on the kit Clock c: it reads the time and sleeps
// on c, not on the time package's clock. Otherwise it is a Log like New's.
func NewOn(c *Clock) *Log {
	l := &Log{clock: c, start: Epoch.Add(c.Now())}
	l.rec = trace.NewRecorderClock(1, l.Elapsed)
	return l
}

// Now is the time on the Log's clock: time.Now() for a Log made with New
// (and for a nil Log), the kit Clock's time (Epoch + its Now) for one made
// with NewOn.
func (l *Log) Now() time.Time {
	if l == nil || l.clock == nil {
		return time.Now()
	}
	return Epoch.Add(l.clock.Now())
}

// Elapsed is the time since the Log was made (0 for a nil Log).
func (l *Log) Elapsed() time.Duration {
	if l == nil {
		return 0
	}
	return l.Now().Sub(l.start)
}

// After returns a channel that receives the time once d has passed on the
// Log's clock: time.After(d) for a Log made with New (and for a nil Log).
// It records nothing: say what the task waits for with Wait.
func (l *Log) After(d time.Duration) <-chan time.Time {
	if l == nil || l.clock == nil {
		return time.After(d)
	}
	return l.clock.After(d)
}

// sleep sleeps d on the Log's clock.
func (l *Log) sleep(d time.Duration) {
	if l == nil || l.clock == nil {
		time.Sleep(d)
		return
	}
	l.clock.Sleep(d)
}

// SetLimit gives the run a time limit: once more than d has passed since the
// Log was made, the next call of Sleep, Work, Block, Wait, Run, Printf or Done
// panics with a one-line message that starts with LimitPrefix and names the
// task. Zero (the default) means no limit. conclab's checks set one, so that
// code that never stops fails at once instead of running the virtual clock
// forever.
func (l *Log) SetLimit(d time.Duration) {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.limit = d
	l.mu.Unlock()
}

// guard panics when the time limit is over (see SetLimit).
func (l *Log) guard(task string) {
	l.mu.Lock()
	limit := l.limit
	l.mu.Unlock()
	if now := l.Elapsed(); limit > 0 && now > limit {
		panic(fmt.Sprintf("%s%q was still running at %s of virtual time, past the check's limit of %s: "+
			"is a goroutine never told to stop, or waited for but never ending?", LimitPrefix, task, Seconds(now), Seconds(limit)))
	}
}

// Sleep records that task waits for a timer, sleeps for d (time.Sleep, on
// the Log's clock), and records that it runs again.
func (l *Log) Sleep(task string, d time.Duration) {
	l.Wait(task, "timer")
	l.sleep(d)
	l.Run(task)
}

// Block records that task makes a blocking call that waits d for on ("io",
// "timer"), sleeping d, and keeps what it runs on busy meanwhile: inside an
// event loop, the loop's only goroutine. The trace shows it blocked, not
// waiting; then it runs again.
func (l *Log) Block(task, on string, d time.Duration) {
	if l != nil {
		l.guard(task)
		l.rec.Set(task, trace.Blocked, trace.NoWorker, on)
	}
	l.sleep(d)
	l.Run(task)
}

// Work records that task is busy for d — CPU work, or a person thinking —
// which it stands for by sleeping d on the Log's clock: the task holds on to
// whatever it holds (a lock, the chess master) for all that time.
func (l *Log) Work(task string, d time.Duration) {
	if l == nil {
		time.Sleep(d)
		return
	}
	l.Run(task)
	l.mu.Lock()
	l.atWork++
	l.mostAtWork = max(l.mostAtWork, l.atWork)
	l.mu.Unlock()
	l.sleep(d)
	l.mu.Lock()
	l.atWork--
	l.mu.Unlock()
	l.guard(task)
}

// MostAtWork returns the most tasks that were inside Work at the same time
// so far (0 for a nil Log): 1 when the work never overlapped.
func (l *Log) MostAtWork() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.mostAtWork
}

// MostWaiting returns the most tasks that waited on `on` ("io") at the same
// instant so far (0 for a nil Log). A wait that ends at the instant another
// begins does not overlap it: a download that takes the slot another just
// gave back keeps the count where it was.
func (l *Log) MostWaiting(on string) int {
	tr := l.Trace()
	if tr == nil {
		return 0
	}
	type edge struct {
		at    time.Duration
		delta int
	}
	var edges []edge
	for _, t := range tr.Tasks {
		for _, s := range t.Spans {
			if s.State == trace.Waiting && s.On.String() == on && s.End > s.Start {
				edges = append(edges, edge{s.Start, +1}, edge{s.End, -1})
			}
		}
	}
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.delta, b.delta)) })
	n, most := 0, 0
	for _, e := range edges {
		n += e.delta
		most = max(most, n)
	}
	return most
}

// Wait records that task waits for on: "timer", "chan", "lock", "io",
// "join", or anything that names what it waits for. The wait lasts until the
// task's next Run, Work, Sleep, Wait or Done.
func (l *Log) Wait(task, on string) {
	if l != nil {
		l.guard(task)
		l.rec.Set(task, trace.Waiting, trace.NoWorker, on)
	}
}

// Run records that task runs (its first Run, Work or Sleep also creates it).
func (l *Log) Run(task string) {
	if l != nil {
		l.guard(task)
		l.rec.Set(task, trace.Running, trace.NoWorker, "")
	}
}

// Printf records a line of output from task, formatted as fmt.Sprintf does.
func (l *Log) Printf(task, format string, args ...any) {
	if l != nil {
		l.guard(task)
		l.rec.Printf(task, format, args...)
	}
}

// Done records that task returned.
func (l *Log) Done(task string) {
	if l != nil {
		l.guard(task)
		l.rec.Done(task)
	}
}

// Trace returns what was recorded so far (nil for a nil Log); spans still
// open end now.
func (l *Log) Trace() *trace.Trace {
	if l == nil {
		return nil
	}
	return l.rec.Trace()
}

// Lines returns the output lines task printed, in order; every task's
// lines when task is empty.
func (l *Log) Lines(task string) []trace.Line {
	tr := l.Trace()
	if tr == nil {
		return nil
	}
	var out []trace.Line
	for _, line := range tr.Output {
		if task == "" || line.Task == task {
			out = append(out, line)
		}
	}
	return out
}

// Seconds formats d in seconds with the fewest digits that say it exactly
// ("0.7 s", "3655 s"): the unit failure messages use.
func Seconds(d time.Duration) string { return trace.Seconds(d) + " s" }
