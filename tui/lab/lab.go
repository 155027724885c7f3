// Package lab is the lab screen: a lab's walkthrough one step at a time
// above two to four lanes, one per variant, that play on one shared virtual
// clock. Keys play and pause, step from event to event or output line to
// output line, change the speed, toggle a lane between its timeline and its
// source, diff two variants' sources, edit the parameters and rerun, and
// choose the variants shown.
//
// Variants run in commands, never inside Update; the lanes on screen stay
// until every lane of a new run is back.
package lab

import (
	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/tui/components/diff"
	"conclab/tui/components/form"
	"conclab/tui/components/guess"
	"conclab/tui/components/legend"
	"conclab/tui/components/pane"
	"conclab/tui/components/picker"
	"conclab/tui/components/playback"
	"conclab/tui/components/predict"
	"conclab/tui/components/walkthrough"
	"conclab/tui/keymap"
	"conclab/tui/realrun"
	"conclab/tui/screen"
)

// overlay is what covers the walkthrough and the lanes, if anything.
type overlay int

const (
	noOverlay overlay = iota
	formOverlay
	pickerOverlay
	diffOverlay
	legendOverlay
)

// Model is the lab screen. The zero value is not usable; use New.
type Model struct {
	c      screen.Common
	lab    *labs.Lab
	values labs.Values
	shown  []string
	panes  []pane.Model

	gen     int
	pending *run
	err     error // why the lab could not start

	clock    playback.Model
	walk     walkthrough.Model
	walkOn   bool
	selected int
	zoom     zoomState // the time axis: zoom, fold, fit (zoom.go)
	note     string

	overlay overlay
	form    form.Model
	picker  picker.Model
	diff    diff.Model
	legend  legend.Model

	// guess is the prediction prompt of the lanes on screen; guessed says
	// the learner typed guesses in this lab (a run after a change then
	// waits for new ones); reported that the lanes on screen finished and
	// their guesses were judged (JudgedMsg sent).
	guess    guess.Model
	guessed  bool
	reported bool

	lay layout

	puzzles *puzzles // non-nil for a predict-then-run lab

	setups    [][]stepSetup // each step's setups (enter applies them)
	nextSetup int           // the index of the step's setup enter applies next

	pres presenter // the presenter view (present.go)
	rows rowsState // the task rows: filter, highlight, sort, details, jump (detail.go)
}

// New returns the screen of lab l with its default parameters and
// variants; Init starts their first run.
func New(c screen.Common, l *labs.Lab) Model {
	setups := stepSetups(l)
	m := Model{c: c, lab: l, clock: playback.New(c.Frame), walk: walkthrough.New(c.Styles, annotatedSteps(l, setups)), walkOn: true, setups: setups, rows: newRows(c.Styles)}
	m.values, m.err = l.Resolve(nil)
	m.shown = l.DefaultVariants()
	if len(m.shown) > picker.MaxChosen {
		m.shown = m.shown[:picker.MaxChosen]
	}
	m.puzzles = newPuzzles(&m)
	m.setStepView()
	if m.puzzles != nil && c.Height < 36 {
		m.walkOn = false // the source and the prediction need the room; w shows it
	}
	m.SetSize(c.Width, c.Height)
	if c.Present {
		m.SetPresenting(true)
	}
	return m
}

// setStepView gives the walkthrough the lab's own step views, drawn for the
// current values.
func (m *Model) setStepView() {
	if sv := stepView(m.c.Styles, m.lab, m.values); sv != nil && m.err == nil {
		m.walk.SetStepView(sv)
	}
}

// Init starts the first run of the default variants, in commands; the
// screen shows them paused at 0 when they are back.
func (m *Model) Init() tea.Cmd {
	if m.err != nil || m.puzzles != nil {
		return m.stateCmd()
	}
	return tea.Batch(m.start(m.shown, m.values, false), m.stateCmd())
}

// Lab is the lab shown.
func (m Model) Lab() *labs.Lab { return m.lab }

// Running reports whether a run is in flight.
func (m Model) Running() bool { return m.pending != nil }

// Clock is the shared playback clock.
func (m Model) Clock() playback.Model { return m.clock }

// Panes are the lanes on screen.
func (m Model) Panes() []pane.Model { return m.panes }

// Values are the parameter values of the lanes on screen.
func (m Model) Values() labs.Values { return m.values }

// Typing reports whether keys go to a text field (global keys must not steal them).
func (m Model) Typing() bool {
	return m.overlay == formOverlay || m.guess.Typing() || m.rowsTyping() || m.puzzles != nil && m.puzzles.panel().Editing()
}

// Help is the help bar's bindings for what has the keys now: the lab's, an
// overlay's, or a puzzle's; the full help ends with the key of the lanes'
// glyphs but on a puzzle lab (it shows source and predictions, no lanes).
func (m Model) Help() keymap.Bindings {
	k := m.c.Keys
	if m.puzzles != nil {
		if m.puzzles.panel().Editing() {
			return k.PuzzleEdit.Bindings()
		}
		return k.Puzzle.Bindings()
	}
	var b keymap.Bindings
	if m.guess.Typing() {
		return k.Guess.Bindings()
	}
	if m.rowsTyping() {
		return k.RowFilter.Bindings()
	}
	if m.pres.on && m.overlay == noOverlay {
		return m.presentHelp()
	}
	switch m.overlay {
	case legendOverlay:
		return k.Legend.Bindings()
	case formOverlay:
		b = k.Form.Bindings()
	case pickerOverlay:
		b = k.Picker.Bindings()
	case diffOverlay:
		b = k.Viewer.Bindings()
	default:
		b = k.Lab.Bindings(realrun.Has(m.lab.Name))
	}
	b.Lanes = true
	return b
}

// Close does nothing: the lab's runs are commands, which end on their own.
func (m *Model) Close() {}

// SetSize sets the cells the screen fills.
func (m *Model) SetSize(width, height int) {
	m.c.Width, m.c.Height = width, height
	m.layout()
}

// sync moves every lane to the clock's cursor and the zoom's window.
func (m *Model) sync() {
	at := m.clock.At()
	m.syncZoom()
	for i := range m.panes {
		m.panes[i].SetCursorStep(at, m.clock.Sub())
		m.panes[i].SetFocused(i == m.selected && len(m.panes) > 1)
	}
}

// Update handles the screen's keys, mouse wheel, run results and clock
// ticks. When where the screen is changes (its lanes, parameters, step or
// puzzle), it tells the root (screen.LabStateMsg); when the lanes have all
// finished and the learner had guessed, it sends one guess.JudgedMsg (for
// the learner's progress to keep).
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	var before labs.Setup
	tracked := false
	switch msg.(type) {
	case tea.KeyPressMsg, RunMsg:
		before, tracked = m.State(), true
	}
	m, cmd := m.update(msg)
	if tracked && m.moved(before) {
		cmd = tea.Batch(cmd, m.stateCmd())
	}
	if judged := m.judged(); judged != nil && !m.reported {
		m.reported = true
		var vals []string
		for _, p := range m.lab.Params {
			vals = append(vals, p.Name+"="+m.values.String(p.Name))
		}
		cmd = tea.Batch(cmd, guess.JudgedCmd(guess.JudgedMsg{Lab: m.lab.Name, Values: vals, Judged: judged}))
	}
	return m, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RunMsg:
		return m, m.received(msg)
	case predict.CheckMsg:
		if m.puzzles != nil {
			return m, m.checked(msg)
		}
		return m, nil
	case playback.TickMsg:
		var cmd tea.Cmd
		m.clock, cmd = m.clock.Update(msg)
		m.sync()
		return m, cmd
	case form.SubmitMsg:
		m.overlay = noOverlay
		m.layout()
		return m, m.start(m.shown, msg.Values, true)
	case form.CancelMsg, picker.CancelMsg:
		m.overlay = noOverlay
		m.layout()
		return m, nil
	case picker.ChosenMsg:
		m.overlay = noOverlay
		m.layout()
		return m, m.start(msg.Names, m.values, true)
	case tea.MouseWheelMsg:
		m.wheel(msg)
		return m, nil
	case tea.MouseClickMsg, tea.MouseMotionMsg, tea.MouseReleaseMsg:
		// A drag over the lanes zooms (zoom.go); a click opens a span's details (detail.go).
		if ok, cmd := m.mouseZoom(msg); ok {
			return m, cmd
		}
		_, cmd := m.mouseDetail(msg)
		return m, cmd
	case tea.KeyPressMsg:
		if m.puzzles != nil {
			return m.puzzleKey(msg)
		}
		return m.key(msg)
	case tea.PasteMsg:
		if m.rowsTyping() {
			m.rows.filter.SetValue(m.rows.filter.Value() + msg.Content)
			m.applyRows()
			return m, nil
		}
		if m.guess.Typing() {
			m.guess.Paste(msg.Content)
			return m, nil
		}
		if m.Typing() && m.puzzles != nil {
			m.puzzles = m.puzzles.clone()
			*m.puzzles.panel(), _ = m.puzzles.panel().Update(msg)
			return m, nil
		}
		if m.overlay == formOverlay {
			var cmd tea.Cmd
			m.form, cmd = m.form.Update(msg)
			return m, cmd
		}
	}
	return m, nil
}
