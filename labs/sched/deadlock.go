package sched

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"conclab/labs/trace"
)

// DeadlockError is the error of a run that deadlocked: tasks remain, none is
// ready and no timer is left, so none can ever run again (Go's "fatal error:
// all goroutines are asleep - deadlock!"). It wraps ErrDeadlock. When tasks
// wait for each other's mutexes in a ring, Cycle names it, as Go's message
// does not: "t1 holds A, waits for B; t2 holds B, waits for A".
type DeadlockError struct {
	// At is when the last task fell asleep.
	At time.Duration
	// Cycle is the first ring of tasks that wait for each other's mutexes,
	// starting with the earliest spawned: Cycle[i] waits for the mutex that
	// Cycle[i+1] holds, and the last waits for the first's. Empty when the
	// tasks wait for something else (a channel, a join) or in a chain that
	// ends there.
	Cycle []LockWait
	// Asleep is every task still alive, in spawn order, and what it waits on
	// ("join", "chan results", "lock B").
	Asleep []Sleeper
}

// LockWait is one task of a deadlock's cycle: it holds the mutex Holds and
// waits for the mutex WaitsFor.
type LockWait struct {
	Task, Holds, WaitsFor string
}

// String is "t1 holds A, waits for B".
func (w LockWait) String() string {
	return w.Task + " holds " + w.Holds + ", waits for " + w.WaitsFor
}

// Sleeper is a task that a deadlock left waiting, and what it waits on.
type Sleeper struct {
	Task string
	On   string
	// Lock is the name of the mutex the task waits for ("" if it waits on
	// something else) and Holder the task that holds it.
	Lock, Holder string
}

// CycleText is the cycle as one line: "t1 holds A, waits for B; t2 holds B,
// waits for A"; "" when there is none.
func (e *DeadlockError) CycleText() string {
	parts := make([]string, len(e.Cycle))
	for i, w := range e.Cycle {
		parts[i] = w.String()
	}
	return strings.Join(parts, "; ")
}

// Error says when the run deadlocked and who waits for what: the cycle
// first, if any, then the other tasks (at most five of them): "deadlock: all
// tasks are asleep at 0:00:00.001 (t1 holds A, waits for B; t2 holds B,
// waits for A; main waits on join)".
func (e *DeadlockError) Error() string {
	var parts []string
	if c := e.CycleText(); c != "" {
		parts = append(parts, c)
	}
	var rest []string
	for _, s := range e.Asleep {
		if slices.ContainsFunc(e.Cycle, func(w LockWait) bool { return w.Task == s.Task }) {
			continue
		}
		if len(rest) == 5 {
			rest = append(rest, "...")
			break
		}
		if s.Lock != "" {
			rest = append(rest, fmt.Sprintf("%s waits for %s, held by %s", s.Task, s.Lock, s.Holder))
		} else {
			rest = append(rest, fmt.Sprintf("%s waits on %s", s.Task, s.On))
		}
	}
	if len(rest) > 0 {
		parts = append(parts, strings.Join(rest, ", "))
	}
	return fmt.Sprintf("%s at %s (%s)", ErrDeadlock, trace.Clock(e.At), strings.Join(parts, "; "))
}

// Unwrap returns ErrDeadlock.
func (e *DeadlockError) Unwrap() error { return ErrDeadlock }

// newDeadlock describes the deadlock of s: what each live task waits on,
// and the first cycle of mutexes among them.
func newDeadlock(s *Sim) *DeadlockError {
	e := &DeadlockError{At: s.now}
	for _, t := range s.tasks {
		if t.done {
			continue
		}
		sl := Sleeper{Task: t.name, On: fmt.Sprint(t.on)}
		if m, ok := s.locks[t]; ok && m.holder != nil {
			sl.Lock, sl.Holder = m.Name(), m.holder.name
		}
		e.Asleep = append(e.Asleep, sl)
	}
	e.Cycle = lockCycle(s)
	return e
}

// lockCycle finds the first ring of tasks waiting for each other's
// mutexes, following each live task (in spawn order) to the holder of the
// mutex it waits for, and that task to the holder of the one it waits for,
// until a task comes round again or the chain ends. The ring starts at its
// earliest spawned task.
func lockCycle(s *Sim) []LockWait {
	for _, start := range s.tasks {
		if start.done {
			continue
		}
		var path []*Task
		for t := start; ; {
			m, ok := s.locks[t]
			if !ok || m.holder == nil {
				break
			}
			if i := slices.Index(path, t); i >= 0 {
				return ring(s, path[i:])
			}
			path = append(path, t)
			t = m.holder
		}
	}
	return nil
}

// ring names a cycle of tasks: each holds what the one before it waits for.
func ring(s *Sim, tasks []*Task) []LockWait {
	first := 0
	for i, t := range tasks {
		if t.id < tasks[first].id {
			first = i
		}
	}
	tasks = slices.Concat(tasks[first:], tasks[:first])
	out := make([]LockWait, len(tasks))
	for i, t := range tasks {
		prev := tasks[(i+len(tasks)-1)%len(tasks)]
		out[i] = LockWait{Task: t.name, Holds: s.locks[prev].Name(), WaitsFor: s.locks[t].Name()}
	}
	return out
}
