package eventloop

import (
	"cmp"
	"slices"
	"time"

	"conclab/labs/trace"
)

// recorder writes what a Loop does into a trace: the spans of every task, the
// output lines, and one event per step with the loop's queues, for the step
// view. It follows labs/sched's conventions (spans merge, zero-length spans
// are dropped, a task that just slept holds no worker), so that the toy loop
// and the engine can be compared span for span. The zero value is ready.
type recorder struct {
	tasks  []trace.Task
	states map[*task]*taskState
	output []trace.Line
	events trace.Events
	end    time.Duration
}

// taskState is the span a task is in now, not yet closed.
type taskState struct {
	index  int
	state  trace.State
	worker int
	on     trace.Wait
	since  time.Duration
	done   bool
}

func (r *recorder) add(l *Loop, t *task) {
	if r.states == nil {
		r.states = map[*task]*taskState{}
	}
	r.states[t] = &taskState{index: len(r.tasks), state: trace.Ready, worker: trace.NoWorker, since: l.now}
	r.tasks = append(r.tasks, trace.Task{Name: t.name})
}

// set moves t to a new state at time at, closing (or extending) its span.
func (r *recorder) set(t *task, state trace.State, worker int, on trace.Wait, at time.Duration) {
	s := r.states[t]
	if s.state == state && s.worker == worker && s.on == on {
		return
	}
	if at > s.since {
		spans := &r.tasks[s.index].Spans
		if n := len(*spans); n > 0 && (*spans)[n-1].End == s.since && (*spans)[n-1].State == s.state &&
			(*spans)[n-1].Worker == s.worker && (*spans)[n-1].On == s.on {
			(*spans)[n-1].End = at
		} else {
			*spans = append(*spans, trace.Span{State: s.state, Worker: s.worker, On: s.on, Start: s.since, End: at})
		}
	}
	s.state, s.worker, s.on, s.since = state, worker, on, at
}

func (r *recorder) event(l *Loop, kind string, t *task, detail string) {
	r.events.Add(trace.Event{At: l.now, Kind: kind, Task: t.name, Worker: 0, Detail: detail, Queues: queues(l)})
}

// run: the loop popped e and resumes its task (late if the task was due before now).
func (r *recorder) run(l *Loop, e timer) {
	if r.states[e.task].state == trace.Waiting {
		r.set(e.task, trace.Ready, trace.NoWorker, 0, e.at) // it became due at e.at
	}
	r.set(e.task, trace.Running, 0, 0, l.now)
	detail := ""
	if late := l.now - e.at; late > 0 {
		detail = "late " + late.String()
	}
	r.event(l, trace.EventRun, e.task, detail)
}

// sleep: the task yielded; it is on the heap again, due at wake.
func (r *recorder) sleep(l *Loop, t *task, wake time.Duration) {
	if wake > l.now {
		r.set(t, trace.Waiting, trace.NoWorker, trace.OnTimer, l.now)
	} else {
		r.set(t, trace.Ready, trace.NoWorker, 0, l.now)
	}
	r.event(l, trace.EventSleep, t, max(wake-l.now, 0).String())
}

func (r *recorder) done(l *Loop, t *task) {
	r.set(t, trace.Done, trace.NoWorker, 0, l.now)
	r.states[t].done = true
	r.end = max(r.end, l.now)
	r.event(l, trace.EventDone, t, "")
}

func (r *recorder) print(l *Loop, text string) {
	name := "loop"
	if l.current != nil {
		name = l.current.name
	}
	r.output = append(r.output, trace.Line{At: l.now, Task: name, Text: text})
	if l.current != nil {
		r.event(l, trace.EventPrint, l.current, text)
	}
}

func (r *recorder) block(l *Loop, d time.Duration) {
	if l.current == nil {
		return
	}
	r.set(l.current, trace.Blocked, 0, trace.OnIO, l.now)
	r.event(l, trace.EventBlock, l.current, d.String())
}

func (r *recorder) resume(l *Loop) {
	if l.current == nil {
		return
	}
	r.set(l.current, trace.Running, 0, 0, l.now)
	r.event(l, trace.EventResume, l.current, "")
}

// queues is the loop's state right now: the running task, the tasks due now
// (the ready queue, in the order they will run) and the timers still in the
// future, in the order they will fire. Ready and Timers together are the heap.
func queues(l *Loop) *trace.Queues {
	q := &trace.Queues{Running: []string{""}, Ready: []string{}, Timers: []trace.Timer{}}
	if l.current != nil {
		q.Running[0] = l.current.name
	}
	pending := slices.Clone(l.timers)
	slices.SortFunc(pending, func(a, b timer) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.seq, b.seq))
	})
	for _, e := range pending {
		if e.at <= l.now {
			q.Ready = append(q.Ready, e.task.name)
		} else {
			q.Timers = append(q.Timers, trace.Timer{At: e.at, Task: e.task.name, Kind: "wake"})
		}
	}
	return q
}

// Trace returns what the loop did so far; a task still alive has its current
// span closed at the current time. It copies nothing the loop still uses.
func (l *Loop) Trace() *trace.Trace {
	r := &l.rec
	tr := &trace.Trace{Total: r.end, Workers: 1, Tasks: make([]trace.Task, len(r.tasks)),
		Output: slices.Clone(r.output), Events: r.events.Clone()}
	for _, s := range r.states {
		tk := r.tasks[s.index]
		tk.Spans = slices.Clone(tk.Spans)
		if !s.done {
			if l.now > s.since {
				tk.Spans = append(tk.Spans, trace.Span{State: s.state, Worker: s.worker, On: s.on, Start: s.since, End: l.now})
			}
			tr.Total = max(tr.Total, l.now)
		}
		tr.Tasks[s.index] = tk
	}
	return tr
}
