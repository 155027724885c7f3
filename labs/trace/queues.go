package trace

import "strings"

// QueueText is a Queues snapshot as text, the one way conclab writes a
// scheduler's queues: in the lanes of the TUI and in `conclab run --steps`.
type QueueText struct {
	// Running is the task on each worker, in worker order, "(idle)" for an
	// idle worker: "A", "A, (idle)".
	Running string
	// Ready is the ready queue, first to run first: "B, C".
	Ready string
	// Timers are the timers in the order they fire, each as task@time:
	// "A@0:00:01, B@0:00:02".
	Timers string
}

// The words for an empty queue and an idle worker.
const (
	emptyQueue = "(none)"
	idleWorker = "(idle)"
)

// Text returns q as text; an empty queue is "(none)". A nil q (no
// snapshot yet) is "(none)" in all three.
func (q *Queues) Text() QueueText {
	if q == nil {
		return QueueText{Running: emptyQueue, Ready: emptyQueue, Timers: emptyQueue}
	}
	running := make([]string, len(q.Running))
	for i, name := range q.Running {
		running[i] = name
		if name == "" {
			running[i] = idleWorker
		}
	}
	timers := make([]string, len(q.Timers))
	for i, t := range q.Timers {
		timers[i] = t.Task + "@" + Clock(t.At)
	}
	return QueueText{Running: list(running), Ready: list(q.Ready), Timers: list(timers)}
}

func list(items []string) string {
	if len(items) == 0 {
		return emptyQueue
	}
	return strings.Join(items, ", ")
}
