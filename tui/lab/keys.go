package lab

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/tui/components/diff"
	"conclab/tui/components/form"
	"conclab/tui/components/guess"
	"conclab/tui/components/legend"
	"conclab/tui/components/picker"
	"conclab/tui/realrun"
	"conclab/tui/screen"
)

// key handles a key press: the overlay's first, then the screen's.
func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.c.Keys.Lab
	var cmd tea.Cmd
	switch m.overlay {
	case formOverlay:
		m.form, cmd = m.form.Update(msg)
		return m, cmd
	case pickerOverlay:
		m.picker, cmd = m.picker.Update(msg)
		return m, cmd
	case legendOverlay:
		v := m.c.Keys.Legend
		switch {
		case key.Matches(msg, v.Close):
			m.overlay = noOverlay
		case key.Matches(msg, v.Up):
			m.legend.ScrollBy(-1)
		case key.Matches(msg, v.Down):
			m.legend.ScrollBy(1)
		case key.Matches(msg, v.PageUp):
			m.legend.ScrollBy(-m.lay.bodyH / 2)
		case key.Matches(msg, v.PageDown):
			m.legend.ScrollBy(m.lay.bodyH / 2)
		}
		return m, nil
	case diffOverlay:
		v := m.c.Keys.Viewer
		switch {
		case key.Matches(msg, v.Back, k.Diff):
			m.overlay = noOverlay
		case key.Matches(msg, v.Up):
			m.diff.ScrollBy(-1)
		case key.Matches(msg, v.Down):
			m.diff.ScrollBy(1)
		case key.Matches(msg, v.PageUp):
			m.diff.ScrollBy(-m.lay.bodyH / 2)
		case key.Matches(msg, v.PageDown):
			m.diff.ScrollBy(m.lay.bodyH / 2)
		case key.Matches(msg, v.Top):
			m.diff.ScrollBy(-1 << 30)
		case key.Matches(msg, v.Bottom):
			m.diff.ScrollBy(1 << 30)
		}
		return m, nil
	}
	m.note = ""
	if m.guess.Typing() {
		var act guess.Action
		m.guess, act = m.guess.Update(msg, m.c.Keys.Guess)
		if act == guess.Done || act == guess.Pass {
			m.locked()
		}
		m.layout()
		if act != guess.Pass {
			return m, nil
		}
	}
	if len(m.panes) == 0 && m.pending != nil {
		// The first run is still running: remember play and end for when it is shown.
		switch {
		case key.Matches(msg, k.Clock.PlayPause):
			m.pending.play = !m.pending.play
			return m, nil
		case key.Matches(msg, k.Clock.End):
			m.pending.end = true
			return m, nil
		}
	}
	if ok, cmd := m.rowsKey(msg); ok { // the rows' keys: / H S i J (detail.go), and the filter as it is typed
		m.sync()
		return m, cmd
	}
	if cmd, ok := m.presentKey(msg); ok {
		m.sync()
		return m, cmd
	}
	switch {
	case key.Matches(msg, k.Back):
		return m, screen.BackCmd
	case key.Matches(msg, k.Rerun):
		if m.err == nil {
			cmd = m.start(m.shown, m.values, true)
		}
	case key.Matches(msg, k.NextStep):
		m.walk.Next()
		m.resetStepSetups()
		m.showWalk()
	case key.Matches(msg, k.PrevStep):
		m.walk.Prev()
		m.resetStepSetups()
		m.showWalk()
	case key.Matches(msg, k.Apply):
		cmd = m.applyStep()
		m.showWalk()
	case key.Matches(msg, k.Walkthrough):
		m.walkOn = !m.walkOn
		m.layout()
	case key.Matches(msg, k.PageUp):
		m.walk.ScrollBy(-max(m.lay.walkH-2, 1))
	case key.Matches(msg, k.PageDown):
		m.walk.ScrollBy(max(m.lay.walkH-2, 1))
	case key.Matches(msg, k.Up):
		m.scrollLanes(-1, m.selected)
	case key.Matches(msg, k.Down):
		m.scrollLanes(1, m.selected)
	case key.Matches(msg, k.NextLane):
		m.selectLane(m.selected + 1)
	case key.Matches(msg, k.PrevLane):
		m.selectLane(m.selected - 1)
	case key.Matches(msg, k.Lane):
		n, _ := strconv.Atoi(msg.String())
		m.selectLane(n - 1)
	case key.Matches(msg, k.Source):
		if m.selected < len(m.panes) {
			m.panes[m.selected].ToggleSource()
		}
	case key.Matches(msg, k.Output):
		if m.selected < len(m.panes) {
			m.panes[m.selected].ToggleOutput()
		}
	case key.Matches(msg, k.Diff):
		m.openDiff()
	case key.Matches(msg, k.Edit):
		m.form = form.New(m.c.Sized(m.c.Width, m.lay.bodyH), m.lab, m.values)
		m.overlay = formOverlay
	case key.Matches(msg, k.Variants):
		m.picker = picker.New(m.c.Sized(m.c.Width, m.lay.bodyH), m.lab, m.shown)
		m.overlay = pickerOverlay
	case m.zoomKey(msg): // m z u Z f F: the time axis (zoom.go)
	case key.Matches(msg, k.Real) && realrun.Has(m.lab.Name):
		m.clock.Pause() // the real-run view takes the screen (and the ticks)
		cmd = realrun.OpenCmd(m.lab, m.values, m.shown)
	case key.Matches(msg, k.Real):
		m.note = noRealRuns(m.lab.Name)
	case key.Matches(msg, k.Predict):
		if !m.guess.Any() {
			m.note = "this lab has nothing to guess here"
			break
		}
		m.clock.Pause()
		m.guess.Start()
		m.reported = false
		m.layout()
	case key.Matches(msg, k.Legend):
		m.legend = legend.New(m.c.Styles, m.lab)
		m.legend.SetSize(m.c.Width, m.lay.bodyH)
		m.overlay = legendOverlay
	case key.Matches(msg, k.Exercise):
		m.clock.Pause() // the exercise screen takes the screen (and the ticks)
		cmd = screen.OpenExerciseCmd(m.lab.Name)
	default: // play/pause, steps, speed, start/end
		cmd, _ = m.clock.Key(msg, k.Clock)
	}
	m.sync()
	return m, cmd
}

// noRealRuns is the note R leaves on a lab without real runs: which labs
// have them, short enough for 80 columns ("chess has no real runs
// (cancel, checker, flags, gil, locks, spinner do)").
func noRealRuns(lab string) string {
	var with []string
	for _, l := range labs.All() {
		if realrun.Has(l.Name) {
			with = append(with, l.Name)
		}
	}
	slices.Sort(with)
	return lab + " has no real runs (" + strings.Join(with, ", ") + " do)"
}

// showWalk shows the walkthrough (after a step change, which may change its height).
func (m *Model) showWalk() {
	m.walkOn = true
	m.pres.walk = m.pres.walk || m.pres.on // the step asked for is shown in the presenter view too
	m.layout()
}

// selectLane selects lane i (wrapping around) and scrolls it into view.
func (m *Model) selectLane(i int) {
	if n := len(m.panes); n > 0 {
		m.selected = (i%n + n) % n
		m.layout()
	}
}

// scrollLanes scrolls the lanes by n lines: lane i's source when it shows
// its source, else every lane's task rows together, so they stay aligned.
func (m *Model) scrollLanes(n, i int) {
	if i < len(m.panes) && m.panes[i].SourceOn() {
		m.panes[i].ScrollBy(n)
		return
	}
	off := 0
	if i < len(m.panes) {
		off = m.panes[i].Offset()
	}
	for j := range m.panes {
		m.panes[j].SetOffset(off + n)
	}
}

// wheel scrolls what is under the mouse: the walkthrough or a lane.
func (m *Model) wheel(msg tea.MouseWheelMsg) {
	n := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		n = -1
	case tea.MouseWheelDown:
		n = 1
	default:
		return
	}
	y := msg.Y
	switch {
	case m.puzzles != nil:
		m.puzzles = m.puzzles.clone()
		if sw, sh, _, _ := m.puzzleSizes(m.lay.lanesH); msg.X < sw && y < m.lay.lanesTop+sh {
			m.puzzles.src.ScrollBy(n)
		} else {
			m.puzzles.panel().ScrollBy(n)
		}
	case m.overlay == diffOverlay:
		m.diff.ScrollBy(3 * n)
	case m.overlay != noOverlay:
	case y >= m.lay.walkTop && y < m.lay.walkTop+m.lay.walkH:
		m.walk.ScrollBy(n)
	case y >= m.lay.lanesTop && y < m.lay.lanesTop+m.lay.lanesH:
		m.scrollLanes(n, m.laneAt(msg.X, y))
	}
}

// openDiff shows the diff of the selected lane's source against the first
// lane's (or the second's when the first is selected).
func (m *Model) openDiff() {
	var a, b labs.Variant
	switch {
	case len(m.panes) >= 2:
		other := 0
		if m.selected == 0 {
			other = 1
		}
		a, b = m.panes[other].Variant(), m.panes[m.selected].Variant()
		if other > m.selected {
			a, b = b, a
		}
	case len(m.lab.Variants) >= 2:
		a, b = m.lab.Variants[0], m.lab.Variants[1]
	default:
		m.note = "this lab has a single variant: nothing to diff"
		return
	}
	m.diff = diff.New(m.c.Styles, a.Name, a.Source, b.Name, b.Source)
	m.diff.SetSize(m.c.Width, m.lay.bodyH)
	m.overlay = diffOverlay
}
