package realrun

import (
	"errors"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/internal/realrun"
	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/internal/drive"
	"conclab/tui/screen"
)

// world is a fake wall clock shared by fake runs: each run's measured trace
// is its prediction 1% slower, revealed up to the world's time since it
// started. No goroutine, no network, no sleep.
type world struct {
	t       *testing.T
	now     time.Duration
	runs    []*fakeRun
	refuse  error // when set, every start fails with it
	started []string
}

type fakeRun struct {
	w         *world
	name      string
	start     time.Duration
	full      *trace.Trace
	facts     map[string]any
	done      chan struct{}
	closed    bool
	cancelled bool
}

// start is the world's StartFunc: the real Check, then a fake run.
func (w *world) start(v *realrun.Variant, values labs.Values) (Run, error) {
	if err := v.Check(values); err != nil {
		return nil, err
	}
	if w.refuse != nil {
		return nil, w.refuse
	}
	pred, err := realrun.Predict(v, values)
	if err != nil {
		w.t.Fatalf("Predict(%s) = %v", v.Name, err)
	}
	full := stretch(pred.Trace, 101, 100)
	if v.Lab.Name != "spinner" {
		full.Workers = 0 // a real HTTP run cannot tell which thread ran a goroutine
	}
	facts := map[string]any{}
	for k, x := range pred.Facts {
		facts[k] = x
	}
	facts[realrun.FactPredicted] = pred.Trace.Total.Seconds()
	facts[realrun.FactMeasured] = full.Total.Round(time.Millisecond).Seconds()
	facts[realrun.FactRatio] = Ratio(full.Total, pred.Trace.Total)
	r := &fakeRun{w: w, name: v.Name, start: w.now, full: full, facts: facts, done: make(chan struct{})}
	w.runs = append(w.runs, r)
	w.started = append(w.started, v.Name)
	return r, nil
}

func (r *fakeRun) elapsed() time.Duration { return r.w.now - r.start }

func (r *fakeRun) Snapshot() *trace.Trace {
	if r.elapsed() >= r.full.Total || r.cancelled {
		r.finish()
	}
	if r.closed && !r.cancelled {
		return r.full
	}
	return cut(r.full, r.elapsed())
}

func (r *fakeRun) finish() {
	if !r.closed {
		r.closed = true
		close(r.done)
	}
}

func (r *fakeRun) Done() <-chan struct{} { return r.done }

func (r *fakeRun) Wait() (labs.Result, error) {
	<-r.done
	if r.cancelled {
		return labs.Result{Trace: cut(r.full, r.elapsed())}, errors.New("stopped before the end")
	}
	return labs.Result{Trace: r.full, Facts: r.facts}, nil
}

func (r *fakeRun) Cancel() { r.cancelled = true }

// stretch returns tr with every time multiplied by num/den.
func stretch(tr *trace.Trace, num, den int64) *trace.Trace {
	f := func(d time.Duration) time.Duration { return d * time.Duration(num) / time.Duration(den) }
	out := &trace.Trace{Total: f(tr.Total), Workers: tr.Workers}
	for _, t := range tr.Tasks {
		nt := trace.Task{Name: t.Name, Parent: t.Parent}
		for _, s := range t.Spans {
			s.Start, s.End = f(s.Start), f(s.End)
			nt.Spans = append(nt.Spans, s)
		}
		out.Tasks = append(out.Tasks, nt)
	}
	for _, l := range tr.Output {
		l.At = f(l.At)
		out.Output = append(out.Output, l)
	}
	for _, e := range tr.Events.All() {
		e.At, e.Queues = f(e.At), nil
		out.Events.Add(e)
	}
	return out
}

// cut is tr as a Recorder's snapshot shows it at time at: what started
// before at, open spans ending at at.
func cut(tr *trace.Trace, at time.Duration) *trace.Trace {
	out := &trace.Trace{Total: at, Workers: tr.Workers}
	for _, t := range tr.Tasks {
		var spans []trace.Span
		for _, s := range t.Spans {
			if s.Start > at || s.Start == at && s.End > s.Start {
				break
			}
			s.End = min(s.End, at)
			spans = append(spans, s)
		}
		if len(spans) > 0 {
			out.Tasks = append(out.Tasks, trace.Task{Name: t.Name, Parent: t.Parent, Spans: spans})
		}
	}
	for _, l := range tr.Output {
		if l.At <= at {
			out.Output = append(out.Output, l)
		}
	}
	for _, e := range tr.Events.All() {
		if e.At <= at {
			out.Events.Add(e)
		}
	}
	return out
}

// open returns the view of lab with the values set, sized w x h, started
// in the fake world, its predictions back.
func (w *world) open(l *labs.Lab, set map[string]string, shown []string, width, height int) Model {
	w.t.Helper()
	values, err := l.Resolve(set)
	if err != nil {
		w.t.Fatal(err)
	}
	c := screen.NewCommon().Sized(width, height)
	c.Frame = time.Millisecond
	m := New(c, Config{Lab: l, Values: values, Shown: shown, Start: w.start})
	return settle(w.t, m, m.Init())
}

// advance moves the fake wall clock to at and delivers one snapshot tick.
func (w *world) advance(m Model, at time.Duration) Model {
	w.now = at
	m, _ = m.Update(TickMsg{gen: m.gen})
	return m
}

// skip drops ticks (the tests deliver those themselves) and the close message.
var skip = func(msg tea.Msg) bool {
	switch msg.(type) {
	case TickMsg, screen.BackMsg:
		return true
	}
	return false
}

// settle runs cmd and every command it leads to through Update, as the
// Bubble Tea runtime would, but for the messages skip drops.
func settle(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	return drive.Settle(m, cmd, skip)
}

// keys presses keys in order, settling the commands each one returns.
func keys(t testing.TB, m Model, names ...string) Model {
	t.Helper()
	return drive.Keys(m, skip, names...)
}

// view is the stripped view, checked to be exactly the screen's size.
func view(t *testing.T, m Model) string {
	t.Helper()
	return drive.View(t, m.View(), m.c.Width, m.c.Height)
}

func statuses(m Model) []status {
	out := make([]status, len(m.pairs))
	for i, p := range m.pairs {
		out[i] = p.status
	}
	return out
}
