package timeline

import "time"

// zoom is what the timeline adds to its window: idle time folded, a range
// selected on the axis.
type zoom struct {
	fold bool
	idle []interval // the trace's idle stretches (see idleOf)
	// sel is the range selected on the axis (a mark when from == to), if on.
	sel   interval
	selOn bool
	// last is the last folded scale made, shared by copies of the model
	// (a View, then the lane's title asking how many cells the run takes).
	last *foldedCache
}

// foldedCache is a folded scale and what it was made of.
type foldedCache struct {
	from, to time.Duration
	cols     int
	sc       scale
}

// SetFold folds idle time (stretches where no task runs, is blocked or is
// ready, and the time after the run) into FoldCells columns each, when
// that leaves the rest of the window more room (see foldedScale); the
// axis says how long each fold is ("≈ 55s").
func (m *Model) SetFold(on bool) { m.zoom.fold = on }

// Fold reports whether idle time is folded.
func (m Model) Fold() bool { return m.zoom.fold }

// SetSelection marks the range [from, to] on the axis (one mark when from
// == to); ClearSelection removes it.
func (m *Model) SetSelection(from, to time.Duration) {
	m.zoom.sel, m.zoom.selOn = interval{min(from, to), max(from, to)}, true
}

// ClearSelection removes the range marked on the axis.
func (m *Model) ClearSelection() { m.zoom.selOn = false }

// scale maps the window onto cols columns, folded or linear.
func (m Model) scale(cols int) scale {
	if m.zoom.fold && m.tr != nil {
		if c := m.zoom.last; c != nil && c.from == m.from && c.to == m.to && c.cols == cols {
			return c.sc
		}
		sc := foldedScale(m.zoom.idle, m.from, m.to, cols)
		*m.zoom.last = foldedCache{m.from, m.to, cols, sc}
		return sc
	}
	return linear(m.from, m.to, cols)
}

// TimeAt is the time column x of the view covers (x counted from the
// timeline's left edge, labels included): [from, to). ok is false when x
// is not on a time column; Clamp is the same with x held to the columns.
func (m Model) TimeAt(x int) (from, to time.Duration, ok bool) {
	cols := m.cols()
	c := x - m.firstCol()
	if cols <= 0 || c < 0 || c >= cols || m.to <= m.from {
		return 0, 0, false
	}
	b := m.scale(cols).bounds
	return b[c], b[c+1], true
}

// ClampTimeAt is TimeAt with x held to the time columns (a drag that left
// them); ok is false only when there are none.
func (m Model) ClampTimeAt(x int) (from, to time.Duration, ok bool) {
	cols := m.cols()
	if cols <= 0 {
		return 0, 0, false
	}
	return m.TimeAt(max(m.firstCol(), min(x, m.firstCol()+cols-1)))
}

// RunCells is how many columns the run takes on the window: those from the
// start of the run (or of the window) to its end (or the window's); 0
// without a trace or columns.
func (m Model) RunCells() int {
	cols := m.cols()
	if m.tr == nil || cols <= 0 || m.to <= m.from || m.tr.Total <= m.from {
		return 0
	}
	sc := m.scale(cols)
	return sc.column(min(m.tr.Total, m.to)-1) - sc.column(m.from) + 1
}

// Folds is how many idle stretches the view folds (0 unless SetFold).
func (m Model) Folds() int {
	if !m.zoom.fold || m.cols() <= 0 {
		return 0
	}
	return len(m.scale(m.cols()).folds)
}
