package trace

import (
	"fmt"
	"iter"
	"time"
)

// CauseKind says what woke a waiting task: another task's operation (a
// send, a receive, a close, an unlock, its return, a signal it fired), or
// the world outside (a timer, I/O). It is one byte; it reads, prints and
// encodes to JSON as its name ("send"). The zero CauseKind is no cause.
type CauseKind uint8

// The causes of a wake-up. The first six are operations of another task
// (Cause.Task, Cause.Event); the last two have no task.
const (
	// CauseSend: a task sent on the channel the woken task waited to receive from.
	CauseSend CauseKind = iota + 1
	// CauseRecv: a task received from the channel the woken task waited to
	// send on (it took the value, or freed a slot of the buffer).
	CauseRecv
	// CauseClose: a task closed the channel the woken task waited on.
	CauseClose
	// CauseUnlock: a task unlocked the mutex the woken task waited for and handed it over.
	CauseUnlock
	// CauseDone: a task the woken task joined (Wait, gather) returned, the
	// last of those it waited for; the cause's event is that task's "done".
	CauseDone
	// CauseFire: a task fired the signal the woken task waited on (cancelled the context).
	CauseFire
	// CauseTimer: a timer fired: a sleep ended, or a deadline passed.
	CauseTimer
	// CauseIO: a blocking call (a download, a read) returned.
	CauseIO
)

var causeNames = [...]string{"", "send", "recv", "close", "unlock", "done", "fire", "timer", "io"}

// String is the kind's name: "send", "recv", "close", "unlock", "done",
// "fire", "timer", "io"; "" for the zero CauseKind.
func (k CauseKind) String() string {
	if int(k) < len(causeNames) {
		return causeNames[k]
	}
	return fmt.Sprintf("CauseKind(%d)", uint8(k))
}

// ByTask reports whether a task caused the wake-up (send, recv, close,
// unlock, done, fire), rather than a timer or I/O.
func (k CauseKind) ByTask() bool { return k >= CauseSend && k <= CauseFire }

// ParseCauseKind returns the kind called name ("" is the zero CauseKind).
func ParseCauseKind(name string) (CauseKind, error) {
	for i, n := range causeNames {
		if n == name {
			return CauseKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown cause %q (causes: send, recv, close, unlock, done, fire, timer, io)", name)
}

// MarshalText writes the kind's name.
func (k CauseKind) MarshalText() ([]byte, error) {
	if int(k) >= len(causeNames) {
		return nil, fmt.Errorf("unknown cause %d", uint8(k))
	}
	return []byte(causeNames[k]), nil
}

// UnmarshalText reads a kind's name.
func (k *CauseKind) UnmarshalText(b []byte) error {
	c, err := ParseCauseKind(string(b))
	if err != nil {
		return err
	}
	*k = c
	return nil
}

// NoEvent is the Event of a Cause that no task's event caused (a timer, I/O).
const NoEvent = -1

// Cause is what woke a task: the Event.WokenBy of a "wake" event. The zero
// Cause (Kind 0) says nothing: the event is not a wake, or its cause is not
// known.
//
// When Kind.ByTask, Task is the task that did the operation and Event the
// index (in the same Events) of that task's event during whose step it did
// it: its last event before the wake, at the same instant, which is the
// "run" or "resume" that gave it its worker (or a "print" or "spawn" since),
// or, for CauseDone, its "done". The operation itself (a send, an unlock)
// costs no time and records no event of its own. Otherwise (a timer, I/O)
// Task is "" and Event is NoEvent.
type Cause struct {
	Kind  CauseKind
	Task  string
	Event int
}

// IsZero reports whether c says nothing (Kind 0).
func (c Cause) IsZero() bool { return c.Kind == 0 }

// String says what woke the task: "send by IN (event 57)", "timer".
func (c Cause) String() string {
	if !c.Kind.ByTask() {
		return c.Kind.String()
	}
	return fmt.Sprintf("%s by %s (event %d)", c.Kind, c.Task, c.Event)
}

// packCause stores a cause in an eventRec's arg: the event + 1 (0 for
// NoEvent) above the kind's byte.
func packCause(kind CauseKind, event int) int64 { return int64(event+1)<<8 | int64(kind) }

func unpackCause(arg int64) (CauseKind, int) { return CauseKind(arg & 0xFF), int(arg>>8) - 1 }

// checkCause says why an event about to be added as event number n cannot
// carry the cause (kind, event), if it cannot: the kind must be known, and
// a task's event must come before the wake it caused.
func checkCause(kind CauseKind, event, n int) error {
	switch {
	case kind == 0 || int(kind) >= len(causeNames):
		return fmt.Errorf("unknown cause %d", uint8(kind))
	case !kind.ByTask() && event != NoEvent:
		return fmt.Errorf("cause %q has no event (got %d)", kind, event)
	case kind.ByTask() && (event < 0 || event >= n):
		return fmt.Errorf("cause %q names event %d, not an earlier event (0..%d)", kind, event, n-1)
	}
	return nil
}

// Cause returns the cause of event i, if it carries one (see Event.WokenBy).
func (e *Events) Cause(i int) (Cause, bool) {
	r := e.rec(i)
	if r.form != formCause {
		return Cause{}, false
	}
	return e.cause(r.arg), true
}

func (e *Events) cause(arg int64) Cause {
	kind, ev := unpackCause(arg)
	c := Cause{Kind: kind, Event: ev}
	if ev != NoEvent {
		c.Task = e.Task(ev)
	}
	return c
}

// HasCauses reports whether any event carries a cause: a trace recorded by
// the scheduler does when some task was woken; a Recorder's never does.
func (e *Events) HasCauses() bool { return e.ncause > 0 }

// AddCause is AddRef for an event, most often a "wake", caused by cause:
// event ev of the task that caused it (a Cause's Event), or NoEvent for a
// timer or I/O. Such an event has no detail. It panics like Add, and on a
// cause Add would refuse.
func (e *Events) AddCause(at time.Duration, kind string, task Ref, worker int, cause CauseKind, ev int, q *Queues) {
	if err := checkCause(cause, ev, e.n); err != nil {
		panic("trace: " + err.Error())
	}
	e.addArg(at, kind, task, worker, packCause(cause, ev), formCause, q)
}

// Woken yields the wake events that event i caused (whose Cause.Event is
// i), in order. It looks at the events recorded at event i's instant, which
// is where the scheduler records them: a wake at the instant of its cause.
func (e *Events) Woken(i int) iter.Seq[int] {
	return func(yield func(int) bool) {
		at := e.Time(i)
		for j := i + 1; j < e.n; j++ {
			r := e.rec(j)
			if r.at != at {
				return
			}
			if r.form != formCause {
				continue
			}
			if _, ev := unpackCause(r.arg); ev == i && !yield(j) {
				return
			}
		}
	}
}

// Waker finds who woke task i out of its span s: the wake event that ended
// the span (the task's first "wake" at the span's End) and its cause. ok is
// false when the span is not Waiting, lasts to the end of the run, or no
// wake ended it, and when that wake carries no cause (a trace of a real run).
// It costs a binary search and a look at the events of one instant.
func (tr *Trace) Waker(i, s int) (wake int, c Cause, ok bool) {
	t := &tr.Tasks[i]
	sp := t.Spans[s]
	if sp.State != Waiting {
		return 0, Cause{}, false
	}
	e := &tr.Events
	for j := e.Search(sp.End); j < e.n && e.Time(j) == sp.End; j++ {
		if e.Kind(j) != EventWake || e.Task(j) != t.Name {
			continue
		}
		c, ok := e.Cause(j)
		return j, c, ok
	}
	return 0, Cause{}, false
}
