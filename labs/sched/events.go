package sched

import (
	"time"

	"conclab/labs/trace"
)

// eventKind is an event as the scheduler names it on its hot path.
type eventKind uint8

const (
	evRun eventKind = iota
	evSleep
	evYield
	evBlock
	evCompute
	evWake
	evResume
	evPreempt
	evWait
	evSpawn
	evPrint
	evDone
)

var eventKinds = [...]string{
	evRun: trace.EventRun, evSleep: trace.EventSleep, evYield: trace.EventSleep, evBlock: trace.EventBlock,
	evCompute: trace.EventCompute, evWake: trace.EventWake, evResume: trace.EventResume, evPreempt: trace.EventPreempt,
	evWait: trace.EventWait, evSpawn: trace.EventSpawn, evPrint: trace.EventPrint, evDone: trace.EventDone,
}

// hasDuration says whether the event's detail is its duration.
func (k eventKind) hasDuration() bool { return k == evSleep || k == evBlock || k == evCompute }

// add records one event in the trace's compact store (trace.Events): the
// task's name was interned when it was spawned, a duration is kept as a
// number, and any other detail is interned. The task's last event is now
// this one (see Task.last).
func (s *Sim) add(kind eventKind, t *Task, w int, d time.Duration, text string, q *trace.Queues) {
	t.last = s.events.Len()
	switch {
	case kind == evYield:
		s.events.AddRef(s.now, eventKinds[kind], t.ref, w, s.events.Ref("yield"), q)
	case kind.hasDuration():
		s.events.AddDuration(s.now, eventKinds[kind], t.ref, w, d, q)
	default:
		s.events.AddRef(s.now, eventKinds[kind], t.ref, w, s.events.Ref(text), q)
	}
}
