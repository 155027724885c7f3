package realrun

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/internal/realrun"
	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/components/pane"
	"conclab/tui/components/playback"
)

// Run is a real run as the view watches it: a *internal/realrun.Run, or a fake in
// tests. Its methods must be safe to call from Update while the run goes on
// in other goroutines.
type Run interface {
	// Snapshot is the trace so far (the final trace once the run is over).
	Snapshot() *trace.Trace
	// Done is closed when the run is over.
	Done() <-chan struct{}
	// Wait returns the result; the view calls it only once Done is closed.
	Wait() (labs.Result, error)
	// Cancel stops the run and returns at once.
	Cancel()
}

// StartFunc starts a real run of v with values and returns at once, or
// says in one line why it cannot start (internal/realrun.Start is the default).
type StartFunc func(v *realrun.Variant, values labs.Values) (Run, error)

// StartReal starts v for real with internal/realrun.Start.
func StartReal(v *realrun.Variant, values labs.Values) (Run, error) {
	return StartRealOn("")(v, values)
}

// StartRealOn starts real runs with internal/realrun.Start whose requests
// go to the running conclab serve at server (realrun.Options.Server, as
// realrun.CheckServer returns it); "" is StartReal.
func StartRealOn(server string) StartFunc {
	return func(v *realrun.Variant, values labs.Values) (Run, error) {
		r, err := realrun.Start(context.Background(), v, values, realrun.Options{Server: server})
		if err != nil {
			return nil, err // not a typed nil in the interface
		}
		return r, nil
	}
}

// status is where a variant's real run is.
type status int

const (
	waiting status = iota // not started yet (its turn comes when the one before ends)
	running
	done
	failed
)

// minWindow is the shortest time axis drawn: a run that just started fills
// it from the left instead of stretching over the whole width.
const minWindow = 100 * time.Millisecond

// pair is one real variant: its prediction and its measured run.
type pair struct {
	v          *realrun.Variant
	twinSource string
	pred, meas pane.Model

	predicted bool // the prediction is back
	predRes   labs.Result
	predErr   error
	predTotal time.Duration
	// predAt and measAt are the lanes' cursors (see cursors).
	predAt, measAt time.Duration

	run    Run
	status status
	snap   *trace.Trace // the measured trace so far
	err    error        // why the run failed or could not start
	facts  map[string]any
}

// runs numbers the runs of every view, so that a tick of an earlier run,
// even of a view closed since, never drives a new one.
var runs atomic.Int64

// TickMsg asks the view to take a new snapshot of the runs in flight. A
// tick of an earlier run (before r or esc) is ignored.
type TickMsg struct{ gen int64 }

// PredictMsg carries the predictions of every variant, computed in a
// command: Results[i] and Errs[i] are variant i's.
type PredictMsg struct {
	Results []labs.Result
	Errs    []error
}

// PredictCmd computes the virtual twins' predictions of vs with values
// (internal/realrun.Predict), off the event loop.
func PredictCmd(vs []*realrun.Variant, values labs.Values) tea.Cmd {
	return func() tea.Msg {
		msg := PredictMsg{Results: make([]labs.Result, len(vs)), Errs: make([]error, len(vs))}
		for i, v := range vs {
			msg.Results[i], msg.Errs[i] = realrun.Predict(v, values)
		}
		return msg
	}
}

// predictedAll shows the predictions in the predicted lanes.
func (m *Model) predictedAll(msg PredictMsg) {
	for i := range m.pairs {
		if i >= len(msg.Results) {
			break
		}
		p := &m.pairs[i]
		var err error
		if i < len(msg.Errs) {
			err = msg.Errs[i]
		}
		p.predRes, p.predErr, p.predicted = msg.Results[i], err, true
		if tr := msg.Results[i].Trace; tr != nil {
			p.predTotal = tr.Total
		}
		showPrediction(p)
		realign(p)
	}
	m.refresh()
}

// showPrediction shows p's prediction with no more worker rows than the
// measured lane has (none when the real run cannot tell which thread ran a
// goroutine), so that the task rows of the two lanes line up.
func showPrediction(p *pair) {
	if !p.predicted {
		return
	}
	res := p.predRes
	if res.Trace != nil && p.snap != nil && p.snap.Workers < res.Trace.Workers {
		tr := *res.Trace
		tr.Workers = p.snap.Workers
		res.Trace = &tr
	}
	p.pred.SetResult(res, p.predErr)
}

// run (re)starts the measured runs: runs in flight are cancelled, every
// variant starts over, all at once or one after another. It returns the
// first tick, or nil when nothing runs.
func (m *Model) run() tea.Cmd {
	m.cancel()
	m.gen = runs.Add(1)
	m.note = ""
	for i := range m.pairs {
		p := &m.pairs[i]
		p.run, p.snap, p.err, p.facts, p.status = nil, nil, nil, nil, waiting
		m.setMeasured(p)
	}
	m.startNext()
	m.refresh()
	m.layout()
	return m.tick()
}

// startNext starts the runs whose turn it is: every waiting one, or, for a
// lab whose runs must not share the cores, the first waiting one when
// nothing else runs.
func (m *Model) startNext() {
	for i := range m.pairs {
		p := &m.pairs[i]
		if m.oneAtATime && p.status == running {
			return
		}
		if p.status != waiting {
			continue
		}
		r, err := m.start(p.v, m.values)
		if err != nil {
			p.status, p.err = failed, err
			if m.note == "" {
				m.note = err.Error()
			}
			m.setMeasured(p)
			continue
		}
		p.run, p.status = r, running
		p.snap = r.Snapshot()
		m.setMeasured(p)
		showPrediction(p)
		if m.oneAtATime {
			return
		}
	}
}

// cancel stops every run in flight.
func (m *Model) cancel() {
	for i := range m.pairs {
		if p := &m.pairs[i]; p.status == running && p.run != nil {
			p.run.Cancel()
		}
	}
}

// Running reports whether a real run is in flight or waiting for its turn.
func (m Model) Running() bool {
	for _, p := range m.pairs {
		if p.status == running || p.status == waiting && m.gen > 0 {
			return true
		}
	}
	return false
}

// tick schedules the next snapshot while a run is in flight.
func (m Model) tick() tea.Cmd {
	if !m.anyRunning() {
		return nil
	}
	gen := m.gen
	return tea.Tick(m.frame(), func(time.Time) tea.Msg { return TickMsg{gen: gen} })
}

func (m Model) anyRunning() bool {
	for _, p := range m.pairs {
		if p.status == running {
			return true
		}
	}
	return false
}

func (m Model) frame() time.Duration {
	if m.c.Frame > 0 {
		return m.c.Frame
	}
	return 50 * time.Millisecond
}

// poll takes a snapshot of every run in flight and collects those that
// ended; the next runs start when it is their turn.
func (m *Model) poll() {
	for i := range m.pairs {
		p := &m.pairs[i]
		if p.status != running {
			continue
		}
		p.snap = p.run.Snapshot()
		select {
		case <-p.run.Done():
			res, err := p.run.Wait()
			p.status, p.err, p.facts = done, err, res.Facts
			if err != nil {
				p.status = failed
			}
			if res.Trace != nil {
				p.snap = res.Trace
			}
			m.setMeasuredResult(p, res)
			continue
		default:
		}
		m.setMeasured(p)
	}
	m.startNext()
	m.refresh()
}

// setMeasured shows the run so far in the measured lane (a new lane when
// its state changed, so its title says so).
func (m *Model) setMeasured(p *pair) {
	m.setMeasuredResult(p, labs.Result{Trace: p.snap})
}

func (m *Model) setMeasuredResult(p *pair, res labs.Result) {
	if title := measuredTitle(p.status, m.server); p.meas.Name() != title {
		off := p.meas.Offset()
		p.meas = m.newPane(p, title, p.v.Source)
		p.meas.SetShortNames(shortMeasuredTitle(p.status))
		p.meas.SetOffset(off)
	}
	if res.Trace == nil {
		res.Trace = p.snap
	}
	res.Trace = alignTasks(res.Trace, p.predRes.Trace)
	res.Facts = laneFacts(res.Facts)
	p.meas.SetResult(res, p.err)
}

// realign orders p's measured task rows like its prediction's, which has
// just arrived.
func realign(p *pair) {
	if res, err, ok := p.meas.Result(); ok && res.Trace != nil {
		res.Trace = alignTasks(res.Trace, p.predRes.Trace)
		p.meas.SetResult(res, err)
	}
}

// alignTasks is measured with its tasks in the order of the tasks of the
// same name in predicted, those predicted lacks last in their own order, so
// that the rows of the two lanes line up (a real run's goroutines start in
// any order). measured itself is left as it is.
func alignTasks(measured, predicted *trace.Trace) *trace.Trace {
	if measured == nil || predicted == nil || len(measured.Tasks) < 2 {
		return measured
	}
	rank := make(map[string]int, len(predicted.Tasks))
	for i, t := range predicted.Tasks {
		if _, ok := rank[t.Name]; !ok {
			rank[t.Name] = i
		}
	}
	at := func(t trace.Task) int {
		if r, ok := rank[t.Name]; ok {
			return r
		}
		return len(rank)
	}
	tasks := slices.Clone(measured.Tasks)
	slices.SortStableFunc(tasks, func(a, b trace.Task) int { return cmp.Compare(at(a), at(b)) })
	tr := *measured
	tr.Tasks = tasks
	return &tr
}

// laneFacts are the facts a measured lane shows: the run's own, without
// the totals and ratio that the summary row compares.
func laneFacts(facts map[string]any) map[string]any {
	if len(facts) == 0 {
		return facts
	}
	out := make(map[string]any, len(facts))
	for k, v := range facts {
		switch k {
		case realrun.FactPredicted, realrun.FactMeasured, realrun.FactRatio:
		default:
			out[k] = v
		}
	}
	return out
}

// refresh puts every lane on the shared time axis: it spans the longest
// run so far (or prediction, once its run is over), and each predicted lane
// shows its forecast up to the time its measured twin has reached.
func (m *Model) refresh() {
	window := minWindow
	for _, p := range m.pairs {
		window = max(window, m.reached(p))
		if p.status == done || p.status == failed {
			window = max(window, p.predTotal)
		}
	}
	for i := range m.pairs {
		p := &m.pairs[i]
		p.pred.SetWindow(0, window)
		p.meas.SetWindow(0, window)
		p.predAt, p.measAt = cursors(*p, m.reached(*p))
		p.pred.SetCursor(p.predAt)
		p.meas.SetCursor(p.measAt)
	}
}

// cursors are the times the predicted and measured lanes of p are shown
// at, the measured run having reached at: nothing before it starts; while
// it runs, the prediction up to the same time and the measurement just
// short of its end (the lane is not done while the run goes on); all of
// both once it is over.
func cursors(p pair, at time.Duration) (pred, meas time.Duration) {
	switch p.status {
	case waiting:
		return playback.Before, playback.Before
	case running:
		return min(at, p.predTotal), at - time.Nanosecond
	}
	return p.predTotal, at
}

// reached is how far the measured run has got: its trace's total.
func (m Model) reached(p pair) time.Duration {
	if p.snap == nil {
		return 0
	}
	return p.snap.Total
}

// measuredTitle is the measured lane's title, which says its state (the
// variant's name is in the predicted lane's title, beside or above it),
// and the running conclab serve it measured when it was not a server of
// the run's own: "measured at 192.168.1.10:8001, live".
func measuredTitle(s status, server string) string {
	title := "measured"
	if server != "" {
		title += " at " + strings.TrimPrefix(server, "http://")
	}
	switch s {
	case waiting:
		return title + " (waits its turn)"
	case running:
		return title + ", live"
	}
	return title
}

// shortMeasuredTitle is measuredTitle in one word, for narrow lanes.
func shortMeasuredTitle(s status) string {
	switch s {
	case waiting:
		return "waits"
	case running:
		return "live"
	}
	return "meas."
}

// newPane is a lane of p titled title showing src as its source.
func (m *Model) newPane(p *pair, title, src string) pane.Model {
	return pane.New(m.c.Styles, labs.Variant{Name: title, Summary: p.v.Summary, Source: src}, m.hooks)
}
