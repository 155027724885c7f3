package lab

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"conclab/tui/components/frame"
	"conclab/tui/components/predict"
	"conclab/tui/components/source"
	"conclab/tui/screen"
)

// A lab with Predict (the coroutine puzzles) is played differently: one
// puzzle at a time, its source beside the learner's prediction; checking
// runs the program and shows the diff. Its variants are the puzzles, and
// their output is the answer, so no lanes are run and none is shown.

// puzzles is the state of a predict-then-run lab.
type puzzles struct {
	check  predict.Checker
	i      int // the puzzle shown: an index in lab.Variants
	panels []predict.Model
	src    source.Model
}

// newPuzzles returns the puzzles of l, or nil when l is not a puzzle lab.
func newPuzzles(m *Model) *puzzles {
	l := m.lab
	if l.Predict == nil || len(l.Variants) == 0 {
		return nil
	}
	p := &puzzles{check: checker(l), panels: make([]predict.Model, len(l.Variants))}
	for i := range p.panels {
		p.panels[i] = predict.New(m.c.Styles)
	}
	p.src = source.New(m.c.Styles, l.Variants[0].Source)
	return p
}

// clone copies the slice of panels, so that an update of this model never
// changes a copy kept elsewhere (models are values).
func (p *puzzles) clone() *puzzles {
	q := *p
	q.panels = append([]predict.Model(nil), p.panels...)
	return &q
}

func (p *puzzles) panel() *predict.Model { return &p.panels[p.i] }

func (p *puzzles) solved() int {
	n := 0
	for _, pm := range p.panels {
		if pm.Solved() {
			n++
		}
	}
	return n
}

// showPuzzle shows puzzle i (wrapping around).
func (m *Model) showPuzzle(i int) {
	p := m.puzzles
	n := len(m.lab.Variants)
	p.i = (i%n + n) % n
	p.src = source.New(m.c.Styles, m.lab.Variants[p.i].Source)
	m.layout()
}

// puzzleKey handles a key press in a puzzle lab.
func (m Model) puzzleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	m.puzzles = m.puzzles.clone()
	p := m.puzzles
	panel := p.panel()
	if panel.Editing() {
		k := m.c.Keys.PuzzleEdit
		switch {
		case key.Matches(msg, k.Check):
			return m, m.checkPuzzle()
		case key.Matches(msg, k.Stop):
			panel.SetEditing(false)
		default: // typing
			*panel, _ = panel.Update(msg)
		}
		m.layout() // the prediction's height may have changed
		return m, nil
	}
	k := m.c.Keys.Puzzle
	switch {
	case key.Matches(msg, k.Back):
		return m, screen.BackCmd
	case key.Matches(msg, k.Exercise):
		return m, screen.OpenExerciseCmd(m.lab.Name)
	case key.Matches(msg, k.Check):
		return m, m.checkPuzzle()
	case key.Matches(msg, k.Write):
		panel.SetEditing(true)
	case key.Matches(msg, k.Reveal):
		panel.Reveal()
		if panel.Verdict() == nil {
			return m, m.checkPuzzle() // run it, to show what it prints
		}
		m.layout()
	case key.Matches(msg, k.NextPuzzle):
		m.showPuzzle(p.i + 1)
	case key.Matches(msg, k.PrevPuzzle):
		m.showPuzzle(p.i - 1)
	case key.Matches(msg, k.Up):
		p.src.ScrollBy(-1)
	case key.Matches(msg, k.Down):
		p.src.ScrollBy(1)
	case key.Matches(msg, k.PageUp):
		panel.ScrollBy(-max(m.lay.lanesH/2, 1))
	case key.Matches(msg, k.PageDown):
		panel.ScrollBy(max(m.lay.lanesH/2, 1))
	case key.Matches(msg, k.NextStep):
		m.walk.Next()
		m.resetStepSetups()
		m.showWalk()
	case key.Matches(msg, k.PrevStep):
		m.walk.Prev()
		m.resetStepSetups()
		m.showWalk()
	case key.Matches(msg, k.Apply):
		m.applyStep()
		m.showWalk()
	case key.Matches(msg, k.Walkthrough):
		m.walkOn = !m.walkOn
		m.layout()
	}
	return m, nil
}

// checkPuzzle checks the prediction of the puzzle shown, in a command.
func (m *Model) checkPuzzle() tea.Cmd {
	p := m.puzzles
	panel := p.panel()
	if panel.Checking() {
		return nil
	}
	panel.StartCheck()
	name := m.lab.Variants[p.i].Name
	return predict.CheckCmd(p.check, name, panel.Prediction())
}

// checked shows a verdict on the puzzle it was asked for, and tells the
// root, which keeps it (screen.PuzzleCheckedMsg).
func (m *Model) checked(msg predict.CheckMsg) tea.Cmd {
	m.puzzles = m.puzzles.clone()
	for i, v := range m.lab.Variants {
		if v.Name == msg.Puzzle {
			m.puzzles.panels[i].SetVerdict(msg.Verdict, msg.Err)
		}
	}
	m.layout()
	if msg.Err != nil {
		return nil
	}
	done := screen.PuzzleCheckedMsg{Lab: m.lab.Name, Puzzle: msg.Puzzle, Right: msg.Verdict.Correct}
	return func() tea.Msg { return done }
}

// puzzleLayout sizes the source and the panel: side by side when the
// screen is wide, the source above the panel when it is not.
func (m *Model) puzzleLayout() {
	l := m.lay
	p := m.puzzles
	sw, sh, pw, ph := m.puzzleSizes(l.lanesH)
	p.src.SetSize(max(sw-2, 0), max(sh-2, 0))
	for i := range p.panels {
		p.panels[i].SetSize(max(pw-2, 0), max(ph-2, 0))
	}
}

// puzzleSizes are the sizes of the source's box and the panel's box in h
// lines. Stacked, the panel takes what the prediction needs (half the room
// once a verdict is in) and the source the rest.
func (m Model) puzzleSizes(h int) (sw, sh, pw, ph int) {
	w := m.c.Width
	if w >= 100 {
		sw = w / 2
		return sw, h, w - sw, h
	}
	panel := m.puzzles.panel()
	ph = len(panel.Prediction()) + 4 // title, lines, a blank line, the frame
	most := h / 2
	if panel.Verdict() != nil || panel.Checking() {
		most = h * 3 / 5
		ph = most
	}
	ph = max(6, min(ph, most))
	return w, h - ph, w, ph
}

// puzzleView draws the source box and the prediction box.
func (m Model) puzzleView() string {
	st := m.c.Styles
	p := m.puzzles
	h := m.lay.lanesH
	sw, sh, pw, ph := m.puzzleSizes(h)
	v := m.lab.Variants[p.i]
	src := frame.Box(st, fmt.Sprintf("puzzle %d of %d: %s", p.i+1, len(m.lab.Variants), v.Name), "", frame.Lines(p.src.View()), sw, sh, false)
	note := ""
	if p.panel().Solved() {
		note = st.Success.Render(st.Glyphs.Done + " solved")
	}
	panel := frame.Box(st, "what does it print?", note, frame.Lines(p.panel().View()), pw, ph, p.panel().Editing())
	if sw == m.c.Width { // stacked
		return src + "\n" + panel
	}
	a, b := strings.Split(src, "\n"), strings.Split(panel, "\n")
	lines := make([]string, h)
	for i := range lines {
		lines[i] = a[i] + b[i]
	}
	return strings.Join(lines, "\n")
}

// puzzleStatus is the status line of a puzzle lab.
func (m Model) puzzleStatus() string {
	st := m.c.Styles
	p := m.puzzles
	sep := st.Muted.Render(st.Glyphs.Separator)
	parts := []string{
		st.Title.Render(fmt.Sprintf("puzzle %d/%d", p.i+1, len(m.lab.Variants))),
		m.lab.Variants[p.i].Name + " " + st.Muted.Render(p.panel().Summary()),
		fmt.Sprintf("%d of %d solved", p.solved(), len(m.lab.Variants)),
	}
	return strings.Join(parts, sep)
}

// puzzleSummary is the line under the status: what the puzzle is about.
func (m Model) puzzleSummary() string {
	st := m.c.Styles
	line := st.Hint.Render(m.lab.Variants[m.puzzles.i].Summary)
	if !m.walkOn {
		line += st.Muted.Render(st.Glyphs.Separator + "w: how to play")
	}
	return line
}
