package trace

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// Recorder builds a Trace from a real run: goroutines report their state
// changes and output as they happen, stamped with the wall clock since the
// Recorder was made. It is safe for concurrent use; the zero value is not
// usable, make one with NewRecorder.
type Recorder struct {
	mu      sync.Mutex
	now     func() time.Duration
	tasks   []Task
	index   map[string]int
	current []Span // open span per task; End is unset
	trace   Trace
}

// NewRecorder starts recording now, for a run on the given number of workers.
func NewRecorder(workers int) *Recorder {
	start := time.Now()
	return NewRecorderClock(workers, func() time.Duration { return time.Since(start) })
}

// NewRecorderClock is NewRecorder with a clock of your own (for tests).
func NewRecorderClock(workers int, now func() time.Duration) *Recorder {
	return &Recorder{now: now, index: map[string]int{}, trace: Trace{Workers: workers}}
}

func (r *Recorder) task(name string, at time.Duration) int {
	i, ok := r.index[name]
	if !ok {
		i = len(r.tasks)
		r.index[name] = i
		r.tasks = append(r.tasks, Task{Name: name})
		r.current = append(r.current, Span{State: Ready, Worker: NoWorker, Start: at})
	}
	return i
}

// Grow makes room for tasks more tasks, events more events and lines more
// lines of output, so that a run whose size is known does not grow the
// Recorder's tables (copying them) while its goroutines wait for the lock.
func (r *Recorder) Grow(tasks, events, lines int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if tasks > 0 {
		index := make(map[string]int, len(r.index)+tasks)
		for name, i := range r.index {
			index[name] = i
		}
		r.index = index
		r.tasks = slices.Grow(r.tasks, tasks)
		r.current = slices.Grow(r.current, tasks)
	}
	r.trace.Events.Grow(events, tasks)
	if lines > 0 {
		r.trace.Output = slices.Grow(r.trace.Output, lines)
	}
}

// Set records that task name entered state (on worker, or NoWorker; on says what it waits for).
// A task is created by its first Set.
func (r *Recorder) Set(name string, state State, worker int, on string) {
	wait := WaitOn(on)
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.now()
	i := r.task(name, at)
	cur := r.current[i]
	if cur.State == state && cur.Worker == worker && cur.On == wait {
		return
	}
	if at > cur.Start {
		cur.End = at
		r.tasks[i].Spans = append(r.tasks[i].Spans, cur)
	}
	r.current[i] = Span{State: state, Worker: worker, On: wait, Start: at}
	r.trace.Events.Add(Event{At: at, Kind: state.String(), Task: name, Worker: worker, Detail: on})
}

// Printf records a line of output from task name. A line of no task (name
// "") is a note about the run itself, such as the race detector's report:
// it makes no task.
func (r *Recorder) Printf(name, format string, args ...any) {
	text := fmt.Sprintf(format, args...) // before the lock: the others need not wait for it
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.now()
	if name != "" {
		r.task(name, at)
	}
	r.trace.Output = append(r.trace.Output, Line{At: at, Task: name, Text: text})
	r.trace.Events.Add(Event{At: at, Kind: EventPrint, Task: name, Worker: NoWorker, Detail: text})
}

// Done records that task name returned.
func (r *Recorder) Done(name string) { r.Set(name, Done, NoWorker, "") }

// Trace returns a copy of what was recorded so far; open spans end now.
func (r *Recorder) Trace() *Trace {
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.now()
	tr := r.trace
	tr.Total = 0
	tr.Tasks = make([]Task, len(r.tasks))
	for i, t := range r.tasks {
		t.Spans = append([]Span(nil), t.Spans...)
		if cur := r.current[i]; cur.State != Done && at > cur.Start {
			cur.End = at
			t.Spans = append(t.Spans, cur)
		}
		if n := len(t.Spans); n > 0 && t.Spans[n-1].End > tr.Total {
			tr.Total = t.Spans[n-1].End
		}
		tr.Tasks[i] = t
	}
	tr.Output = append([]Line(nil), tr.Output...)
	tr.Events = r.trace.Events.Clone()
	return &tr
}
