// Package trace holds what a run of a lab produced, as plain data: per task, a
// list of spans (running, waiting, blocked, ready, done), the output lines with
// their time, the scheduling events, and warnings.
//
// A Trace can be computed in full before it is shown, played forward and
// backward, compared, encoded to JSON and decoded again, and tested without a
// terminal. Times are durations since the start of the run: virtual time for
// simulated runs (labs/sched), wall-clock time for real runs (Recorder).
package trace

import (
	"fmt"
	"strconv"
	"time"
)

// State is what a task is doing during a Span. It is one byte; it reads,
// prints and encodes to JSON as its name ("running"). The zero State is no
// state ("").
type State uint8

// The states a task can be in. A task is created Ready and ends Done.
const (
	// Running: the task holds a worker and uses it (CPU work, or code between yields).
	Running State = iota + 1
	// Waiting: the task gave its worker back and waits (for a timer, I/O, a join or a channel).
	Waiting
	// Blocked: the task waits but keeps its worker (a blocking call inside an event loop).
	Blocked
	// Ready: the task could run but no worker is free for it.
	Ready
	// Done: the task has returned.
	Done
)

var stateNames = [...]string{0: "", Running: "running", Waiting: "waiting", Blocked: "blocked", Ready: "ready", Done: "done"}

// String is the state's name: "running", "waiting", "blocked", "ready", "done".
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// ParseState returns the state called name ("" is the zero State).
func ParseState(name string) (State, error) {
	for i, n := range stateNames {
		if n == name {
			return State(i), nil
		}
	}
	return 0, fmt.Errorf("unknown state %q (states: running, waiting, blocked, ready, done)", name)
}

// MarshalText writes the state's name.
func (s State) MarshalText() ([]byte, error) {
	if int(s) >= len(stateNames) {
		return nil, fmt.Errorf("unknown state %d", uint8(s))
	}
	return []byte(stateNames[s]), nil
}

// UnmarshalText reads a state's name.
func (s *State) UnmarshalText(b []byte) error {
	st, err := ParseState(string(b))
	if err != nil {
		return err
	}
	*s = st
	return nil
}

// NoWorker is the Worker of a span during which the task holds no worker.
const NoWorker = -1

// Span is one stretch of time [Start, End) during which a task stayed in one
// State. A long run has millions of spans: a Span takes 32 bytes.
type Span struct {
	Start, End time.Duration
	// Worker is the index of the worker the task holds (Running, Blocked), or NoWorker.
	Worker int
	// On says what a Waiting or Blocked task waits for: OnTimer, OnIO (the
	// world outside), or another task: OnJoin, a channel's name, a lock (see
	// Wait and WaitsForTask); the zero Wait otherwise.
	On    Wait
	State State
}

// Duration is End - Start.
func (s Span) Duration() time.Duration { return s.End - s.Start }

// WaitsForTask reports whether s is a wait for another task — a channel, a
// lock, a join (a WaitGroup), a signal (a context's cancel), whatever On
// names — rather than for the world outside: a timer, I/O, or nothing said.
// Only another task can end such a wait.
func (s Span) WaitsForTask() bool {
	return s.State == Waiting && s.On != 0 && s.On != OnTimer && s.On != OnIO
}

// Task is the history of one task: its spans in time order, without gaps from
// its creation to its end.
type Task struct {
	Name string
	// Parent is the name of the task that spawned it; empty for a top-level task.
	Parent string
	Spans  []Span
	// Sites are the lines of source the task parked at, in time order, when
	// the run recorded them (see SiteAt); nil otherwise. They stay out of
	// JSON: a line of the program that ran means nothing to another build.
	Sites []SiteMark
}

// Line is one line of output printed by a task at a time.
type Line struct {
	At   time.Duration
	Task string
	Text string
}

// Event kinds recorded by the scheduler, in the words the step view shows.
const (
	EventRun     = "run"     // the task got a worker and runs
	EventSleep   = "sleep"   // the task yields its worker until a timer fires
	EventBlock   = "block"   // the task makes a blocking call and keeps its worker
	EventCompute = "compute" // the task does CPU work on its worker
	EventWake    = "wake"    // a timer (or I/O) fired: the task is ready
	EventResume  = "resume"  // a blocking call or CPU work finished: the task goes on
	EventPreempt = "preempt" // the task's time slice ran out: it goes back to the ready queue
	EventWait    = "wait"    // the task waits for other tasks or a channel
	EventSpawn   = "spawn"   // the task started another task
	EventPrint   = "print"   // the task printed a line
	EventDone    = "done"    // the task returned
)

// Event is one scheduling event, in the order they happened, as Events.At
// returns it (a Trace stores its events compactly: see Events).
type Event struct {
	At     time.Duration
	Kind   string
	Task   string
	Worker int
	// Detail says more: the duration of a sleep, the printed text, the spawned task.
	Detail string
	// WokenBy is what woke the task, for a "wake" event the scheduler
	// recorded: another task's operation, a timer or I/O (see Cause). An
	// event carries a Detail or a cause, not both. The zero Cause otherwise.
	WokenBy Cause
	// Queues is the scheduler's state right after the event, recorded only when asked for.
	Queues *Queues `json:",omitempty"`
}

// Queues is a snapshot of the scheduler: who runs, who is ready, who waits on a timer.
type Queues struct {
	// Running lists, per worker, the task it holds ("" for an idle worker).
	Running []string
	// Ready lists the ready queue, first to run first.
	Ready []string
	// Timers lists the timer heap in the order the timers will fire.
	Timers []Timer
}

// Timer is one entry of the timer heap: task Task wakes (or resumes) at At.
// Kind is "wake" (a sleep ends), "return" (a blocking call or CPU work
// ends), "slice" (a time slice ends) or "due" (a cooperative loop's timer
// that came due and waits for the loop's next iteration).
type Timer struct {
	At   time.Duration
	Task string
	Kind string
}

// Warning is what the scheduler's debug mode reports, like asyncio's debug mode:
// a task held a worker (the loop) for the threshold or longer.
type Warning struct {
	At   time.Duration
	Task string
	Held time.Duration
	Text string
}

// Trace is the complete record of one run.
type Trace struct {
	// Total is the time from the start of the run to the end of its last task.
	Total time.Duration
	// Workers is the number of workers (1 = a single-threaded event loop).
	Workers  int
	Tasks    []Task
	Output   []Line
	Events   Events
	Warnings []Warning
}

// Task returns the task named name, or nil.
func (tr *Trace) Task(name string) *Task {
	for i := range tr.Tasks {
		if tr.Tasks[i].Name == name {
			return &tr.Tasks[i]
		}
	}
	return nil
}

// StateAt returns the span task i is in at time at (the last one if at >= Total).
func (tr *Trace) StateAt(i int, at time.Duration) (Span, bool) {
	spans := tr.Tasks[i].Spans
	for _, s := range spans {
		if at >= s.Start && at < s.End {
			return s, true
		}
	}
	if n := len(spans); n > 0 && at >= spans[n-1].End {
		return Span{State: Done, Worker: NoWorker, Start: spans[n-1].End, End: tr.Total}, true
	}
	return Span{}, false
}

// OutputUntil returns the output lines printed at or before at.
func (tr *Trace) OutputUntil(at time.Duration) []Line {
	n := 0
	for n < len(tr.Output) && tr.Output[n].At <= at {
		n++
	}
	return tr.Output[:n]
}

// Clock formats d as h:mm:ss, with tenths when d is not a whole second
// (12:00:00, 1:00:55, 0:00:02.1).
func Clock(d time.Duration) string {
	var b [32]byte
	return string(AppendClock(b[:0], d))
}

// AppendClock appends Clock(d) to dst.
func AppendClock(dst []byte, d time.Duration) []byte {
	u := uint64(d)
	if d < 0 {
		dst = append(dst, '-')
		u = -u
	}
	ns := uint64(time.Second)
	h, m, s, frac := u/(3600*ns), u/(60*ns)%60, u/ns%60, u%ns
	dst = strconv.AppendUint(dst, h, 10)
	dst = append(dst, ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	digits := 0
	switch {
	case frac == 0:
		return dst
	case frac%uint64(100*time.Millisecond) == 0:
		frac, digits = frac/uint64(100*time.Millisecond), 1
	case frac%uint64(time.Millisecond) == 0:
		frac, digits = frac/uint64(time.Millisecond), 3
	default:
		digits = 9
	}
	dst = append(dst, '.')
	n := len(dst)
	for range digits {
		dst = append(dst, '0')
	}
	for i := n + digits - 1; i >= n; i-- {
		dst[i] = byte('0' + frac%10)
		frac /= 10
	}
	return dst
}

// Seconds formats d as seconds with the fewest digits that say it exactly ("0.7", "3655").
func Seconds(d time.Duration) string {
	return formatSeconds(d)
}
