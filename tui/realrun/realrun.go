// Package realrun is the real-run view of the TUI: a lab's real variants
// (labs.Real, run by internal/realrun) on the wall clock, each in two
// lanes — "predicted", its virtual twin's run with the same parameters, and
// "measured", the real run as it goes. The measured lane fills live (a snapshot of the run every
// frame while it runs, no timer once it is over); both lanes share one time
// axis, which grows with the wall clock, so prediction and measurement
// compare at a glance. When the runs are over, a summary row gives each
// variant's predicted and measured totals and their ratio.
//
// The lab screen opens it with OpenCmd (key R); esc cancels the runs in
// flight and goes back (screen.BackMsg), r runs them again.
package realrun

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"conclab/internal/realrun"
	"conclab/labs"
	"conclab/tui/components/pane"
	"conclab/tui/keymap"
	"conclab/tui/screen"
)

// OpenMsg asks the root to open the real-run view of Lab with Values over
// the lab screen; Shown are the variants the lab screen shows (their real
// twins run).
type OpenMsg struct {
	Lab    *labs.Lab
	Values labs.Values
	Shown  []string
}

// OpenCmd returns a command that opens the real-run view of l.
func OpenCmd(l *labs.Lab, values labs.Values, shown []string) tea.Cmd {
	return func() tea.Msg { return OpenMsg{Lab: l, Values: values, Shown: slices.Clone(shown)} }
}

// Config is what the view runs and how.
type Config struct {
	// Lab and Values are the lab and the parameter values to run with.
	Lab    *labs.Lab
	Values labs.Values
	// Shown are the lab screen's variants: the real variants named like
	// them (else those they predict) run; all of the lab's when none match.
	Shown []string
	// Hooks are the lab's own lane views (the spinner's screen line, say).
	Hooks pane.Hooks
	// Start starts a real run; nil means StartRealOn(Server).
	Start StartFunc
	// Server is the running conclab serve the real runs send their
	// requests to (as realrun.CheckServer returns it), said in the
	// measured lanes' titles; "" is a slow server of each run's own.
	Server string
}

// Model is the real-run view. The zero value is not usable; use New.
type Model struct {
	c          screen.Common
	lab        *labs.Lab
	values     labs.Values
	hooks      pane.Hooks
	start      StartFunc
	server     string
	oneAtATime bool

	pairs    []pair
	gen      int64
	err      error  // why nothing can run (no real variants)
	note     string // the first error of a run that could not start
	selected int
	lay      layout
}

// New returns the view of cfg's lab; Init starts its runs.
func New(c screen.Common, cfg Config) Model {
	m := Model{c: c, lab: cfg.Lab, values: cfg.Values, hooks: cfg.Hooks, start: cfg.Start,
		oneAtATime: cfg.Lab.Real != nil && cfg.Lab.Real.OneAtATime}
	m.server = cfg.Server
	if m.start == nil {
		m.start = StartRealOn(cfg.Server)
	}
	vs := Choose(cfg.Lab.Name, cfg.Shown)
	if len(vs) == 0 {
		_, m.err = realrun.Lookup(cfg.Lab.Name, "")
	}
	for _, v := range vs {
		p := pair{v: v}
		if twin, err := cfg.Lab.Variant(v.Predicted); err == nil {
			p.twinSource = twin.Source
		}
		p.pred = m.newPane(&p, v.Name+" · predicted", p.twinSource)
		p.pred.SetShortNames(v.Name+" · pred", v.Name)
		m.pairs = append(m.pairs, p)
	}
	m.SetSize(c.Width, c.Height)
	return m
}

// Choose returns the real variants of lab to run for the lab screen's shown
// variants: those with a shown name or predicted by a shown variant (the
// checker's pool brings its real limited and errgroup runs along), else all
// of them.
func Choose(lab string, shown []string) []*realrun.Variant {
	all := realrun.Variants(lab)
	var chosen []*realrun.Variant
	for _, v := range all {
		if slices.Contains(shown, v.Name) || slices.Contains(shown, v.Predicted) {
			chosen = append(chosen, v)
		}
	}
	if len(chosen) > 0 {
		return chosen
	}
	return all
}

// Init computes the predictions (in a command) and starts the real runs.
func (m *Model) Init() tea.Cmd {
	if m.err != nil {
		return nil
	}
	vs := make([]*realrun.Variant, len(m.pairs))
	for i, p := range m.pairs {
		vs[i] = p.v
	}
	return tea.Batch(PredictCmd(vs, m.values), m.run())
}

// Variants are the names of the real variants shown, in order.
func (m Model) Variants() []string {
	names := make([]string, len(m.pairs))
	for i, p := range m.pairs {
		names[i] = p.v.Name
	}
	return names
}

// Help is the help bar's bindings.
func (m Model) Help() keymap.Bindings {
	b := m.c.Keys.Real.Bindings()
	b.Lanes = true
	return b
}

// Typing reports whether keys go to a text field: never on this screen.
func (m Model) Typing() bool { return false }

// SetSize sets the cells the view fills.
func (m *Model) SetSize(width, height int) {
	m.c.Width, m.c.Height = width, height
	m.layout()
}

// Update handles the keys, the predictions and the snapshot ticks.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case PredictMsg:
		m.predictedAll(msg)
		m.layout()
	case TickMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.poll()
		m.layout()
		return m, m.tick()
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.scroll(-1)
		case tea.MouseWheelDown:
			m.scroll(1)
		}
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m, nil
}

// key handles a key press.
func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.c.Keys.Real
	switch {
	case key.Matches(msg, k.Back):
		m.cancel()
		m.gen = runs.Add(1) // no more ticks: the view is closing
		return m, screen.BackCmd
	case key.Matches(msg, k.Again):
		if m.err == nil {
			return m, m.run()
		}
	case key.Matches(msg, k.Next):
		m.selectPair(m.selected + 1)
	case key.Matches(msg, k.Prev):
		m.selectPair(m.selected - 1)
	case key.Matches(msg, k.Up):
		m.scroll(-1)
	case key.Matches(msg, k.Down):
		m.scroll(1)
	case key.Matches(msg, k.Source):
		if m.selected < len(m.pairs) {
			p := &m.pairs[m.selected]
			p.pred.ToggleSource()
			p.meas.ToggleSource()
		}
	}
	return m, nil
}

// Close stops every run in flight (the root calls it when the view is
// popped and when conclab quits).
func (m *Model) Close() { m.cancel() }

// selectPair selects variant i (wrapping around) and scrolls it into view.
func (m *Model) selectPair(i int) {
	if n := len(m.pairs); n > 0 {
		m.selected = (i%n + n) % n
		m.layout()
	}
}

// scroll scrolls the selected variant's lanes by n task rows, together so
// that their rows stay aligned.
func (m *Model) scroll(n int) {
	if m.selected >= len(m.pairs) {
		return
	}
	p := &m.pairs[m.selected]
	if p.meas.SourceOn() {
		p.pred.ScrollBy(n)
		p.meas.ScrollBy(n)
		return
	}
	off := p.meas.Offset() + n
	p.pred.SetOffset(off)
	p.meas.SetOffset(off)
}

// Has reports whether the lab called lab has real variants to run.
func Has(lab string) bool { return len(realrun.Variants(lab)) > 0 }
