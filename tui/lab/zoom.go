package lab

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"conclab/labs/trace"
	"conclab/tui/components/timeline"
)

// minSpan is the shortest window the axis zooms to.
const minSpan = 10 * time.Microsecond

// span is a window of virtual time, [from, to]; the zero span is the whole run.
type span struct{ from, to time.Duration }

// zoomState is how the lanes' time axis is zoomed and folded.
type zoomState struct {
	win   span   // the window, when zoomed (to > from)
	stack []span // the windows u goes back to, the last first
	// mark is the first end of a range being marked (marking says one is).
	mark     time.Duration
	marking  bool
	fold     bool // idle time folded
	fit      bool // each lane on its own total
	drag     drag // the mouse drag, when dragging
	dragging bool
	lastAt   time.Duration // the cursor at the last sync (the window pages when it leaves)
}

// drag is a range being selected with the mouse over lane lane.
type drag struct {
	lane   int
	x      int  // where the button went down
	start  span // the time of the column it went down on
	sel    span // the range so far
	moved  bool
	origin int // the lane's left edge
}

// zoomed reports whether the axis shows less than the whole run.
func (z zoomState) zoomed() bool { return z.win.to > z.win.from }

// window is the window of the shared axis: the zoom's, or the whole run
// (the selected lane's when each lane fits its own).
func (m Model) window() span {
	if m.zoom.zoomed() {
		return m.zoom.win
	}
	end := m.clock.End()
	if total, ok := m.selectedTotal(); m.zoom.fit && ok && total > 0 {
		end = total
	}
	return span{0, end}
}

// selectedTotal is the total of the selected lane's run.
func (m Model) selectedTotal() (time.Duration, bool) {
	if m.selected < len(m.panes) {
		return m.panes[m.selected].Total()
	}
	return 0, false
}

// laneWindow is the window lane i shows: the shared one or, fitting each
// lane, the same cut at the lane's own end (a lane that ended before the
// window keeps it).
func (m Model) laneWindow(i int) (from, to time.Duration) {
	w := m.window()
	if !m.zoom.zoomed() {
		w.to = m.clock.End()
	}
	if total, ok := m.panes[i].Total(); m.zoom.fit && ok && total > w.from {
		w.to = min(w.to, total)
	}
	return w.from, w.to
}

// zoomTo pushes the window shown and shows r (at least minSpan, within the run).
func (m *Model) zoomTo(r span) {
	end := m.clock.End()
	if r.to-r.from < minSpan {
		mid := r.from + (r.to-r.from)/2
		r = span{mid - minSpan/2, mid + minSpan/2}
	}
	r.from, r.to = max(r.from, 0), min(r.to, end)
	if r.to <= r.from || r == m.window() {
		return
	}
	if m.zoom.zoomed() {
		m.zoom.stack = append(m.zoom.stack, m.zoom.win)
	} else {
		m.zoom.stack = append(m.zoom.stack, span{})
	}
	m.zoom.win = r
	m.zoom.lastAt = m.clock.At()
}

// zoomOut goes back to the window before the last zoom (the whole run at last).
func (m *Model) zoomOut() {
	if n := len(m.zoom.stack); n > 0 {
		m.zoom.win, m.zoom.stack = m.zoom.stack[n-1], m.zoom.stack[:n-1]
		return
	}
	m.zoom.win = span{}
}

// centerZoom moves a zoomed window that the cursor has left to the
// cursor, in its middle (a jump: J), where paging would put it at an edge
// with nothing of the time before it shown.
func (m *Model) centerZoom() {
	at, w := m.clock.At(), m.zoom.win
	if !m.zoom.zoomed() || at < 0 || at >= w.from && at <= w.to {
		return
	}
	n := w.to - w.from
	from := max(0, min(at-n/2, m.clock.End()-n))
	m.zoom.win, m.zoom.lastAt = span{from, from + n}, at
}

// zoomKey does what msg asks of the axis; false when it is none of its keys.
func (m *Model) zoomKey(msg tea.KeyPressMsg) bool {
	k := m.c.Keys.Lab.Axis
	at := max(m.clock.At(), 0)
	switch {
	case key.Matches(msg, k.Mark):
		if !m.zoom.marking {
			m.zoom.mark, m.zoom.marking = at, true
			break
		}
		m.zoom.marking = false
		if at == m.zoom.mark {
			m.note = "the range is empty: press m, move the cursor, press m again"
			break
		}
		m.zoomTo(span{min(at, m.zoom.mark), max(at, m.zoom.mark)})
	case key.Matches(msg, k.Zoom):
		if total, ok := m.selectedTotal(); ok && total > 0 && at > total {
			at = total // around the selected lane's end, which the cursor passed
		}
		w := m.window()
		half := max((w.to-w.from)/2, minSpan)
		at = min(at, w.to)
		from := max(w.from, min(at-half/2, w.to-half))
		step := timeline.RoundStep(half / 100) // round times to say, less than a column off
		m.zoomTo(span{max(w.from, from/step*step), min(w.to, (from+half+step-1)/step*step)})
	case key.Matches(msg, k.ZoomOut):
		m.zoomOut()
	case key.Matches(msg, k.ZoomAll):
		m.zoom.win, m.zoom.stack = span{}, nil
	case key.Matches(msg, k.Fold):
		m.zoom.fold = !m.zoom.fold
	case key.Matches(msg, k.Fit):
		m.zoom.fit = !m.zoom.fit
	default:
		return false
	}
	return true
}

// syncZoom gives every lane its window, fold, title note and the range
// being selected; a zoomed window pages to follow the cursor when it
// leaves it (playing or stepping), and is cut at the end of a rerun that
// ended sooner (the whole run when it starts after it).
func (m *Model) syncZoom() {
	at, end := m.clock.At(), m.clock.End()
	if w := m.zoom.win; m.zoom.zoomed() && w.to > end { // a rerun ended sooner
		m.zoom.win = span{}
		if w.from < end {
			m.zoom.win = span{w.from, end}
		}
	}
	if w := m.zoom.win; m.zoom.zoomed() && at != m.zoom.lastAt && at >= 0 && m.zoom.lastAt >= w.from && m.zoom.lastAt <= w.to {
		n := w.to - w.from
		switch {
		case at > w.to:
			m.zoom.win.from = min(at, end-n)
		case at < w.from:
			m.zoom.win.from = max(0, at-n)
		}
		m.zoom.win.to = m.zoom.win.from + n
	}
	m.zoom.lastAt = at
	note, few := "", "(F: fit)"
	if m.zoom.fit {
		note, few = "(own axis)", ""
	}
	for i := range m.panes {
		p := &m.panes[i]
		p.SetWindow(m.laneWindow(i))
		p.SetFold(m.zoom.fold)
		p.SetAxisNote(note, few)
		switch {
		case m.zoom.dragging && m.zoom.drag.moved:
			p.SetSelection(m.zoom.drag.sel.from, m.zoom.drag.sel.to)
		case m.zoom.marking:
			p.SetSelection(m.zoom.mark, max(at, 0))
		default:
			p.ClearSelection()
		}
	}
}

// zoomStatus is what the status line says of the axis: the window when
// zoomed, the mark, the fold (or that no lane has idle time worth folding:
// a stretch folds only when it gives the rest of the window more room).
func (m Model) zoomStatus() []string {
	var parts []string
	if m.zoom.zoomed() {
		parts = append(parts, "zoom "+trace.Clock(m.zoom.win.from)+"–"+trace.Clock(m.zoom.win.to))
	}
	if m.zoom.marking {
		parts = append(parts, "mark "+trace.Clock(m.zoom.mark)+" (m: zoom)")
	}
	if m.zoom.fold {
		folds := 0
		for _, p := range m.panes {
			folds += p.Folds()
		}
		if folds > 0 {
			parts = append(parts, "idle folded")
		} else {
			parts = append(parts, "no idle stretch to fold")
		}
	}
	return parts
}

// laneOrigin is the top left cell of lane i on the screen; ok is false
// when its row of lanes is scrolled out of view.
func (m Model) laneOrigin(i int) (x, y int, ok bool) {
	l := m.lay
	if m.pres.on { // the presenter's lanes, full width, one under the other
		top := l.lanesTop
		for k, h := range m.pres.heights {
			if m.pres.lanes[k] == i {
				return 0, top, true
			}
			top += h
		}
		return 0, 0, false
	}
	if l.perRow == 0 {
		return 0, 0, false
	}
	row, col := i/l.perRow, i%l.perRow
	if row < l.firstRow || row >= l.firstRow+l.shownRows {
		return 0, 0, false
	}
	for c := range col {
		x += m.laneWidth(c)
	}
	return x, l.lanesTop + (row-l.firstRow)*l.laneH, true
}

// laneHeight is the rows lane i takes on the screen (the presenter's
// lanes each have their own).
func (m Model) laneHeight(i int) int {
	if m.pres.on {
		for k, h := range m.pres.heights {
			if m.pres.lanes[k] == i {
				return h
			}
		}
		return 0
	}
	return m.lay.laneH
}

// mouseZoom selects a range with a drag over a lane's timeline (the left
// button pressed on a time column, moved, released) and zooms to it. The
// press is never handled here (a click without a drag is another's: a
// press and a release on one column); the motion and the release of a
// drag are.
func (m *Model) mouseZoom(msg tea.Msg) (handled bool, cmd tea.Cmd) {
	if m.overlay != noOverlay || m.puzzles != nil || len(m.panes) == 0 {
		m.zoom.dragging = false
		return false, nil
	}
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		m.zoom.dragging = false
		if msg.Button != tea.MouseLeft || msg.Y < m.lay.lanesTop || msg.Y >= m.lay.lanesTop+m.lay.lanesH {
			return false, nil
		}
		i := m.laneAt(msg.X, msg.Y)
		x, y, ok := m.laneOrigin(i)
		if !ok {
			return false, nil
		}
		if from, to, ok := m.panes[i].TimeAt(msg.X-x, msg.Y-y); ok {
			m.zoom.drag = drag{lane: i, x: msg.X, start: span{from, to}, sel: span{from, to}, origin: x}
			m.zoom.dragging = true
		}
		return false, nil
	case tea.MouseMotionMsg:
		if !m.zoom.dragging || msg.Button != tea.MouseLeft {
			return false, nil
		}
		m.dragTo(msg.X)
		m.syncZoom()
		return true, nil
	case tea.MouseReleaseMsg:
		if !m.zoom.dragging {
			return false, nil
		}
		m.dragTo(msg.X)
		d := m.zoom.drag
		m.zoom.dragging = false
		if !d.moved {
			m.syncZoom()
			return false, nil // a click: not a range
		}
		step := timeline.RoundStep(d.start.to - d.start.from) // less than a column: round times to say
		m.zoomTo(span{d.sel.from / step * step, (d.sel.to + step - 1) / step * step})
		m.syncZoom()
		return true, nil
	}
	return false, nil
}

// dragTo extends the drag to column x of the screen.
func (m *Model) dragTo(x int) {
	d := &m.zoom.drag
	if x != d.x {
		d.moved = true
	}
	from, to, ok := m.panes[d.lane].ClampTimeAt(x - d.origin)
	if !ok {
		return
	}
	d.sel = span{min(from, d.start.from), max(to, d.start.to)}
}
