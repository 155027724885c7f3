package sched

import (
	"time"

	"conclab/labs/trace"
)

// rawEvent is an event as the scheduler records it on its hot path: small, no
// formatting. Trace turns them into trace.Events once, at their exact count.
type rawEvent struct {
	at     time.Duration
	dur    time.Duration // the duration of a sleep, block or compute (formatted later)
	text   string        // any other detail
	queues *trace.Queues
	task   int32
	worker int16
	kind   eventKind
}

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

// eventLog stores events in chunks that never move, so recording never
// copies what was recorded before. Chunks start small (a short run stays
// cheap) and double up to maxChunk.
type eventLog struct {
	chunks [][]rawEvent
	n      int
}

const minChunk, maxChunk = 32, 4096

func (l *eventLog) add(e rawEvent) {
	k := len(l.chunks)
	if k == 0 || len(l.chunks[k-1]) == cap(l.chunks[k-1]) {
		size := minChunk
		if k > 0 {
			size = min(2*cap(l.chunks[k-1]), maxChunk)
		}
		l.chunks = append(l.chunks, make([]rawEvent, 0, size))
		k++
	}
	l.chunks[k-1] = append(l.chunks[k-1], e)
	l.n++
}

// build converts the log into trace events.
func (l *eventLog) build(tasks []*Task) []trace.Event {
	out := make([]trace.Event, 0, l.n)
	for _, c := range l.chunks {
		for _, e := range c {
			ev := trace.Event{At: e.at, Kind: eventKinds[e.kind], Task: tasks[e.task].name, Worker: int(e.worker), Detail: e.text, Queues: e.queues}
			switch {
			case e.kind == evYield:
				ev.Detail = "yield"
			case e.kind.hasDuration():
				ev.Detail = e.dur.String()
			}
			out = append(out, ev)
		}
	}
	return out
}
