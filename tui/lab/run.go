package lab

import (
	"fmt"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/components/pane"
	"conclab/tui/components/playback"
)

// RunMsg is the result of one lane's run: lane Lane of run Gen (results of
// an older run than the latest are dropped).
type RunMsg struct {
	Gen, Lane int
	Result    labs.Result
	Err       error
}

// Background marks RunMsg as a screen.Background message: a run's results
// reach the lab screen even when its real runs or its exercise are over it.
func (RunMsg) Background() {}

// RunCmd runs variant v with values in a command (never inside Update) and
// reports it as lane lane of run gen. A panic in the variant is reported as
// an error, not a crash.
func RunCmd(gen, lane int, v labs.Variant, values labs.Values) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if p := recover(); p != nil {
				msg = RunMsg{Gen: gen, Lane: lane, Err: fmt.Errorf("variant %s panicked: %v", v.Name, p)}
			}
		}()
		r, err := v.Run(values)
		return RunMsg{Gen: gen, Lane: lane, Result: r, Err: err}
	}
}

// run is a run in flight: the variants and values it was asked for and the
// results that came back so far.
type run struct {
	gen     int
	names   []string
	values  labs.Values
	results []RunMsg
	got     int
	// play starts playback when the run is shown (every run but the first,
	// or the first when space was pressed while it ran).
	play bool
	// end shows the run at its end (end was pressed while it ran).
	end bool
	// setView shows every lane as view (a step's setup) instead of
	// keeping what each lane showed; realNote then says R runs them for real.
	setView  bool
	view     pane.Mode
	realNote bool
}

// runs numbers the runs of every lab screen, so that the results of a run
// of a lab screen closed meanwhile never land on the next one.
var runs atomic.Int64

// start asks for a run of the named variants with values. The lanes on
// screen stay as they are until every result is back.
func (m *Model) start(names []string, values labs.Values, play bool) tea.Cmd {
	m.gen = int(runs.Add(1))
	m.pending = &run{gen: m.gen, names: names, values: values, results: make([]RunMsg, len(names)), play: play}
	cmds := make([]tea.Cmd, 0, len(names))
	for i, n := range names {
		v, err := m.lab.Variant(n)
		if err != nil {
			m.pending.results[i] = RunMsg{Gen: m.gen, Lane: i, Err: err}
			m.pending.got++
			continue
		}
		cmds = append(cmds, RunCmd(m.gen, i, *v, values))
	}
	if m.pending.got == len(names) {
		return m.finish()
	}
	return tea.Batch(cmds...)
}

// received records one lane's result; the last one swaps the new run in.
func (m *Model) received(msg RunMsg) tea.Cmd {
	if m.pending == nil || msg.Gen != m.pending.gen || msg.Lane < 0 || msg.Lane >= len(m.pending.results) {
		return nil
	}
	m.pending.results[msg.Lane] = msg
	m.pending.got++
	if m.pending.got < len(m.pending.results) {
		return nil
	}
	return m.finish()
}

// finish shows a complete run: new lanes (keeping what each variant's lane
// showed: timeline, source or output), the clock reloaded and rewound, and playback started unless this
// is the first run.
func (m *Model) finish() tea.Cmd {
	p := m.pending
	m.pending = nil
	first := len(m.panes) == 0
	modes := map[string]pane.Mode{}
	for _, old := range m.panes {
		modes[old.Name()] = old.Mode()
	}
	selected := ""
	if m.selected < len(m.panes) {
		selected = m.panes[m.selected].Name()
	}
	changed := m.changed(p.names, p.values)
	m.values, m.shown = p.values, p.names
	m.newGuess(p.names, changed)
	if changed && !first && m.guessed && m.guess.Any() {
		// The learner predicts: a new setup asks again before it plays.
		p.play = false
		m.guess.Start()
	}
	m.setStepView()
	m.panes = make([]pane.Model, len(p.names))
	m.selected = 0
	for i, n := range p.names {
		v, _ := m.lab.Variant(n)
		if v == nil {
			v = &labs.Variant{Name: n}
		}
		m.panes[i] = pane.New(m.c.Styles, *v, HooksFor(m.lab.Name))
		m.panes[i].SetResult(p.results[i].Result, p.results[i].Err)
		mode := modes[n]
		if p.setView {
			mode = p.view
		}
		switch mode {
		case pane.SourceMode:
			m.panes[i].ToggleSource()
		case pane.OutputMode:
			m.panes[i].ToggleOutput()
		}
		if n == selected {
			m.selected = i
		}
	}
	traces := make([]*trace.Trace, len(p.results))
	for i, r := range p.results {
		traces[i] = r.Result.Trace
	}
	m.applyRows() // the rows' filter, order and highlight (detail.go)
	m.clock.Load(traces)
	if first {
		m.clock.SetSpeed(playback.AutoSpeed(m.clock.End()))
	}
	m.clock.Seek(playback.Before)
	if p.end {
		m.clock.Seek(m.clock.End())
	}
	if p.realNote {
		m.note = "R runs these lanes for real, beside their prediction"
	}
	m.layout()
	m.sync()
	if p.play && !p.end {
		return m.clock.Play()
	}
	return nil
}
