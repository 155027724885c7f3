package sched

import (
	"time"

	"conclab/labs/trace"
)

// Main adds the program's main task: when it returns, the run ends, as a Go
// program exits when main returns without waiting for its other goroutines
// (the Go spec, "Program execution"). The tasks still alive then are left
// as they are: Leaked lists them, and the trace draws each one's last span
// (waiting on a channel, still in a call...) up to the end of the run. A run
// whose main is blocked with no task able to wake it is still a deadlock.
//
// A Sim has at most one main task: a second call panics (a programming
// error). Tasks added with Go run beside it as before.
func (s *Sim) Main(name string, fn func(*Task)) *Task {
	if s.main != nil {
		panic("sched: Main called twice (main is " + s.main.name + ")")
	}
	s.main = s.spawn(name, "", fn)
	return s.main
}

// Leak is a task that was still alive when the main task returned: its name,
// what it was doing then (its State and, for a wait, what it waited On, as
// in trace.Span), and since when.
type Leak struct {
	Task  string
	State trace.State
	On    string
	Since time.Duration
}

// WaitsForTask reports whether the leaked task was waiting for another task
// (a channel, a signal, a join) rather than in a call, a sleep, or ready: a
// goroutine that only another goroutine could have woken.
func (l Leak) WaitsForTask() bool {
	return trace.Span{State: l.State, On: trace.WaitOn(l.On)}.WaitsForTask()
}

// String says what the task was doing: "B waits on chan results",
// "C is waiting (io)", "D is ready".
func (l Leak) String() string {
	switch {
	case l.WaitsForTask():
		return l.Task + " waits on " + l.On
	case l.On != "":
		return l.Task + " is " + l.State.String() + " (" + l.On + ")"
	}
	return l.Task + " is " + l.State.String()
}

// Leaked lists the tasks still alive when the main task returned, in the
// order they were started, with what each was doing. It is nil while main
// runs, when main returned with no task left, and for a run without Main.
func (s *Sim) Leaked() []Leak {
	if s.main == nil || !s.main.done {
		return nil
	}
	var out []Leak
	for _, t := range s.tasks {
		if !t.done {
			out = append(out, Leak{Task: t.name, State: t.state, On: t.on.String(), Since: t.since})
		}
	}
	return out
}

// exit ends the run if the main task has returned, and reports whether it
// did: the tasks left are unwound as Close unwinds them (their deferred
// calls run then, whereas a Go program's exit runs none: keep deferred work
// off the Sim in tasks that may be left behind). Their state stays what it
// was, so their spans run on to the end of the run.
func (s *Sim) exit() bool {
	if s.main == nil || !s.main.done {
		return false
	}
	s.Close()
	return true
}
