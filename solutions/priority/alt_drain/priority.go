// Package priority is an exercise of the coroutines lab: a select whose
// cases are ready picks one of them at random — "a single one that can
// proceed is chosen via a uniform pseudo-random selection", says the Go
// spec — whatever their order in the source. The case written first has no
// priority.
//
// Monitor handles alerts and events as they come, 0.1 s each, until both
// channels are closed and empty. Alerts come first: while an alert is
// waiting, no event may be handled. With 40 alerts and 40 events waiting
// at 0 s, the alerts are handled at 0.1 s, 0.2 s... 4 s, then the events;
// an alert that comes while an event is being handled is handled next.
//
// As shipped, Monitor waits on both channels in one select, the alerts'
// case first. Whenever an alert and an event are both waiting, that is a
// coin toss: the 40 alerts come first only if the coin falls on alerts 40
// times in a row, about once in a million million runs.
//
// Goal: never handle an event while an alert is waiting, and handle
// whatever comes the moment it comes when Monitor is idle.
//
// Change Monitor only. Check your work with `conclab check priority`;
// stuck? `conclab hint priority`.
package priority

import (
	"time"

	"conclab/exercises/kit"
)

// HandleTime is how long handling a message takes.
const HandleTime = 100 * time.Millisecond

// Message is an alert or an event: its kind ("alert", "event") and number.
type Message struct {
	Kind string
	N    int
}

// Handle handles m (HandleTime of work), then prints "alert 3" or "event 3".
func Handle(log *kit.Log, m Message) {
	log.Work("monitor", HandleTime)
	log.Printf("monitor", "%s %d", m.Kind, m.N)
	log.Wait("monitor", "chan")
}

// Monitor handles the messages of both channels as they come, every alert
// before any event, and returns once both channels are closed and empty.
func Monitor(log *kit.Log, alerts, events <-chan Message) {
	log.Wait("monitor", "chan")
	for alerts != nil || events != nil {
		// Answer: drain the alerts first. The loop handles alerts for as
		// long as one is waiting (the default case ends it when none is),
		// so the select on both channels below runs only when no alert is
		// waiting; it handles one message, then the alerts are drained
		// again. The solution does the same with a nested select
		// (solutions/priority/priority.go).
		for draining := alerts != nil; draining; {
			select {
			case m, ok := <-alerts:
				if !ok {
					alerts, draining = nil, false // closed and empty: a nil channel is never ready
					break
				}
				Handle(log, m)
			default:
				draining = false
			}
		}
		if alerts == nil && events == nil {
			break // both closed and empty: a select on two nil channels would wait for ever
		}
		select {
		case m, ok := <-alerts:
			if !ok {
				alerts = nil
				continue
			}
			Handle(log, m)
		case m, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			Handle(log, m)
		}
	}
	log.Done("monitor")
}
