package cli

import (
	"strings"

	"conclab/labs/trace"
)

// wakeCause says in plain words what woke a task, for the wake event i of
// --steps: "woken by CN: receive from semaphore", "woken: a timer fired,
// its sleep of 55s over". park is the woken task's last event before the
// wake (its "wait", "sleep" or "block"), -1 when there is none: what it
// waited on (a channel's or a lock's name, a join, a signal, a sleep's or a
// call's length) comes from there, as the scheduler recorded it. It is ""
// when the wake carries no cause (a trace of a real run).
func wakeCause(ev *trace.Events, i, park int) string {
	c, ok := ev.Cause(i)
	if !ok || c.IsZero() {
		return ""
	}
	var kind, on string
	if park >= 0 {
		kind = ev.Kind(park)
		on = ev.At(park).Detail
	}
	chanName, isChan := strings.CutPrefix(on, "chan ")
	var what string
	switch c.Kind {
	case trace.CauseSend:
		what = "send on " + chanName
	case trace.CauseRecv:
		what = "receive from " + chanName
	case trace.CauseClose:
		what = "close of " + chanName
	case trace.CauseUnlock:
		if lock, ok := strings.CutPrefix(on, "lock "); ok {
			what = "unlock of " + lock
		} else {
			what = "unlock"
		}
	case trace.CauseDone:
		what = "return, the last of the tasks it joined"
	case trace.CauseFire:
		switch kind {
		case trace.EventSleep:
			what = "signal fired (cancel, or close of a done channel), ending its sleep of " + on + " early"
		case trace.EventBlock:
			what = "signal fired (cancel, or close of a done channel), cancelling its call of " + on
		default:
			what = "signal fired (cancel, or close of a done channel)"
		}
	case trace.CauseTimer:
		switch {
		case kind == trace.EventSleep:
			what = "a timer fired, its sleep of " + on + " over"
		case isChan:
			what = "a timer fired, its deadline passed waiting on " + chanName
		default:
			what = "a timer fired"
		}
	case trace.CauseIO:
		if kind == trace.EventBlock {
			what = "I/O finished, its call of " + on + " returned"
		} else {
			what = "I/O finished"
		}
	default:
		what = c.Kind.String()
	}
	if (c.Kind == trace.CauseSend || c.Kind == trace.CauseRecv || c.Kind == trace.CauseClose) && !isChan {
		what = c.Kind.String() // parked on no channel the trace names: say only the kind
	}
	if c.Kind.ByTask() {
		return "woken by " + c.Task + ": " + what
	}
	return "woken: " + what
}
