package pane

import "time"

// SetFold folds the idle time of the lane's timeline (see timeline.Model.SetFold).
func (m *Model) SetFold(on bool) { m.timeline.SetFold(on) }

// SetSelection marks the range [from, to] on the lane's time axis (one
// mark when from == to); ClearSelection removes it.
func (m *Model) SetSelection(from, to time.Duration) { m.timeline.SetSelection(from, to) }

// ClearSelection removes the range marked on the lane's time axis.
func (m *Model) ClearSelection() { m.timeline.ClearSelection() }

// FewCells is the width under which a lane's run is hard to read (see SetAxisNote).
const FewCells = 10

// SetAxisNote is said after the lane's name in its title: note ("(own
// axis)"), or few while the lane's run takes fewer than FewCells columns
// of its time axis ("(F: fit)": the key that widens it); "" says nothing.
func (m *Model) SetAxisNote(note, few string) { m.axisNote, m.fewNote = note, few }

// axisTitle is what the title says of the time axis (see SetAxisNote).
func (m Model) axisTitle() string {
	if n := m.RunCells(); m.fewNote != "" && n > 0 && n < FewCells {
		return m.fewNote
	}
	return m.axisNote
}

// TimeAt is the time the cell (x, y) of the lane covers, counted from the
// lane's top left corner, frame included: ok only on a time column of its
// timeline's rows or axis.
func (m Model) TimeAt(x, y int) (from, to time.Duration, ok bool) {
	if m.mode != TimelineMode || y < 1 || y > m.timeline.Height() {
		return 0, 0, false
	}
	return m.timeline.TimeAt(x - 1)
}

// ClampTimeAt is the time under column x of the lane, x held to its
// timeline's time columns (a drag that went past them); ok is false when
// the lane shows no timeline.
func (m Model) ClampTimeAt(x int) (from, to time.Duration, ok bool) {
	if m.mode != TimelineMode || m.timeline.Height() == 0 {
		return 0, 0, false
	}
	return m.timeline.ClampTimeAt(x - 1)
}

// RunCells is how many columns the lane's run takes on its time axis (0
// when it shows no timeline).
func (m Model) RunCells() int {
	if m.mode != TimelineMode || m.timeline.Height() == 0 {
		return 0
	}
	return m.timeline.RunCells()
}

// Folds is how many idle stretches the lane's timeline folds (see SetFold).
func (m Model) Folds() int {
	if m.mode != TimelineMode || m.timeline.Height() == 0 {
		return 0
	}
	return m.timeline.Folds()
}
