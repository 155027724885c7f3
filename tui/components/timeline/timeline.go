// Package timeline draws one trace as rows of cells, one row per task, over a
// time window with a shared axis: each cell shows the state the task spent
// most of that column's time in (running, blocked, waiting, ready), each in
// its own glyph and colour. Only the time up to the playback cursor is drawn,
// so playing reveals the run as it happened; the cursor's column is marked on
// every row and on the axis.
//
// Above the tasks, one row per worker (the event loop, a thread, a core, the
// chess master) shows what that worker did: running a task, blocked holding
// one, or idle (blank). Those rows stay put while the task rows scroll.
package timeline

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"conclab/labs/trace"
	"conclab/tui/components/frame"
	"conclab/tui/styles"
)

// AxisHeight is the number of lines the time axis takes under the rows.
const AxisHeight = 2

// maxLabel is the widest task label column.
const maxLabel = 12

// Model is a timeline. The zero value draws nothing; use New.
type Model struct {
	st       styles.Styles
	tr       *trace.Trace
	workers  []row // one per worker, pinned above the tasks
	from, to time.Duration
	at       time.Duration
	width    int
	height   int
	offset   int
	paint    [numStates]paint
	cursor   paint
	axis     paint
}

// row is one line of the timeline: a name and the spans to draw.
type row struct {
	name  string
	spans []trace.Span
	// gaps counts time outside every span as idle, which wins a cell when it is the most.
	gaps bool
}

// maxWorkerRows caps the pinned worker rows.
const maxWorkerRows = 4

// workerRows builds the worker rows of tr: per worker, the spans of the
// tasks it held (running or blocked), in time order.
func workerRows(tr *trace.Trace) []row {
	n := min(tr.Workers, maxWorkerRows)
	rows := make([]row, n)
	for w := range n {
		rows[w] = row{name: "worker " + strconv.Itoa(w+1), gaps: true}
		if tr.Workers == 1 {
			rows[w].name = "worker"
		}
	}
	for _, t := range tr.Tasks {
		for _, sp := range t.Spans {
			if sp.Worker >= 0 && sp.Worker < n && (sp.State == trace.Running || sp.State == trace.Blocked) {
				rows[sp.Worker].spans = append(rows[sp.Worker].spans, sp)
			}
		}
	}
	for _, r := range rows {
		slices.SortStableFunc(r.spans, func(a, b trace.Span) int { return cmp.Compare(a.Start, b.Start) })
	}
	return rows
}

// paint is a style split around its text, so runs of cells are styled by
// string concatenation instead of a lipgloss render per cell.
type paint struct{ open, close string }

func newPaint(render func(...string) string) paint {
	out := render("X")
	i := strings.Index(out, "X")
	if i < 0 {
		return paint{}
	}
	return paint{open: out[:i], close: out[i+1:]}
}

func (p paint) wrap(b *strings.Builder, s string) {
	b.WriteString(p.open)
	b.WriteString(s)
	b.WriteString(p.close)
}

// cell states, in the order ties are broken (the first wins).
const (
	none = iota
	running
	blocked
	ready
	waiting
	numStates
)

var cellState = [numStates]trace.State{none: trace.Done, running: trace.Running, blocked: trace.Blocked, ready: trace.Ready, waiting: trace.Waiting}

func stateIndex(s trace.State) int {
	switch s {
	case trace.Running:
		return running
	case trace.Blocked:
		return blocked
	case trace.Ready:
		return ready
	case trace.Waiting:
		return waiting
	}
	return none
}

// New returns an empty timeline drawn with st.
func New(st styles.Styles) Model {
	m := Model{st: st}
	for i := range numStates {
		style, _ := st.State(cellState[i])
		m.paint[i] = newPaint(style.Render)
	}
	m.cursor = newPaint(st.Cursor.Render)
	m.axis = newPaint(st.Axis.Render)
	return m
}

// SetTrace shows tr (nil shows nothing) over [0, tr.Total] until SetWindow says otherwise.
func (m *Model) SetTrace(tr *trace.Trace) {
	m.tr, m.workers = tr, nil
	if tr != nil {
		m.workers = workerRows(tr)
		if m.to <= m.from {
			m.from, m.to = 0, tr.Total
		}
	}
	m.SetOffset(m.offset)
}

// SetWindow sets the span of time the width covers; lanes compared side by
// side share one window so that their columns mean the same time.
func (m *Model) SetWindow(from, to time.Duration) { m.from, m.to = from, to }

// Window returns the span of time the width covers.
func (m Model) Window() (from, to time.Duration) { return m.from, m.to }

// SetCursor moves the playback cursor: time after it is not drawn yet.
func (m *Model) SetCursor(at time.Duration) { m.at = at }

// SetSize sets the cells the timeline fills, axis included.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.SetOffset(m.offset)
}

// SetOffset scrolls the rows so that task n is the first shown (clamped).
func (m *Model) SetOffset(n int) {
	m.offset = max(0, min(n, m.tasks()-m.rowsShown()))
}

// Needs is the height that shows every row: the workers, the tasks and the axis.
func (m Model) Needs() int {
	return len(m.workers) + m.tasks() + AxisHeight
}

// Height is the timeline's height.
func (m Model) Height() int { return m.height }

// Offset is the index of the first task shown.
func (m Model) Offset() int { return m.offset }

// Rows says which tasks are shown: the first (0-based), how many, and how many there are.
func (m Model) Rows() (first, shown, total int) {
	total = m.tasks()
	return m.offset, min(m.rowsShown(), total-m.offset), total
}

func (m Model) tasks() int {
	if m.tr == nil {
		return 0
	}
	return len(m.tr.Tasks)
}

func (m Model) rowsShown() int { return max(m.height-AxisHeight-m.pinned(), 0) }

// pinned is the number of worker rows shown above the tasks: all of them
// when they leave room for at least as many task rows.
func (m Model) pinned() int {
	if len(m.workers) > (m.height-AxisHeight)/2 {
		return 0
	}
	return len(m.workers)
}

// labelWidth is the width of the task name column.
func (m Model) labelWidth() int {
	w := 1
	if m.tr != nil {
		first, shown, _ := m.Rows()
		for _, t := range m.tr.Tasks[first : first+shown] {
			w = max(w, ansi.StringWidth(t.Name))
		}
		for _, r := range m.workers[:m.pinned()] {
			w = max(w, ansi.StringWidth(r.name))
		}
	}
	return min(w, maxLabel, max(m.width/4, 1))
}

// cols is the number of time columns.
func (m Model) cols() int { return max(m.width-m.labelWidth()-1, 0) }

// bound is the start of column c (c == cols is the window's end).
func (m Model) bound(c, cols int) time.Duration {
	return m.from + time.Duration(float64(m.to-m.from)*float64(c)/float64(cols))
}

// column is the column holding time at, clamped to the window.
func (m Model) column(at time.Duration, cols int) int {
	if m.to <= m.from || cols == 0 {
		return 0
	}
	c := int(float64(at-m.from) * float64(cols) / float64(m.to-m.from))
	return max(0, min(c, cols-1))
}

// cells fills out[c] with the state the spans spent most of column c in, up
// to the cursor; columns after the cursor stay none. With gaps, time outside
// every span counts as none (idle) and wins when it is the most.
func (m Model) cells(spans []trace.Span, gaps bool, cols int, out []uint8) {
	var acc [numStates]time.Duration
	for i := range out {
		out[i] = none
	}
	end := min(m.at, m.to)
	s := 0
	for c := range cols {
		lo, hi := m.bound(c, cols), m.bound(c+1, cols)
		if lo >= end {
			break
		}
		hi = min(hi, end)
		acc = [numStates]time.Duration{}
		for s < len(spans) && spans[s].End <= lo {
			s++
		}
		for j := s; j < len(spans) && spans[j].Start < hi; j++ {
			sp := spans[j]
			acc[stateIndex(sp.State)] += min(sp.End, hi) - max(sp.Start, lo)
		}
		if gaps {
			acc[none] = hi - lo - acc[running] - acc[blocked] - acc[ready] - acc[waiting]
		}
		best := none
		for k := running; k < numStates; k++ {
			if acc[k] > acc[best] || (best == none && acc[k] > 0) {
				best = k
			}
		}
		out[c] = uint8(best)
	}
}

// View draws the rows shown and the axis, exactly width x height cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	lines := make([]string, 0, m.height)
	lw, cols := m.labelWidth(), m.cols()
	if m.tr != nil && cols > 0 {
		cur := -1
		if m.at >= m.from && m.at <= m.to && m.to > m.from {
			cur = m.column(m.at, cols)
		}
		buf := make([]uint8, cols)
		first, shown, _ := m.Rows()
		var b strings.Builder
		draw := func(name string, spans []trace.Span, gaps bool) {
			m.cells(spans, gaps, cols, buf)
			b.Reset()
			b.WriteString(frame.Fit(name, lw, m.st.Glyphs.Ellipsis))
			b.WriteByte(' ')
			m.row(&b, buf, cur)
			lines = append(lines, b.String())
		}
		for _, r := range m.workers[:m.pinned()] {
			draw(r.name, r.spans, true)
		}
		for i := first; i < first+shown; i++ {
			draw(m.tr.Tasks[i].Name, m.tr.Tasks[i].Spans, false)
		}
	}
	for len(lines) < m.height-AxisHeight {
		lines = append(lines, "")
	}
	if m.height >= AxisHeight && cols > 0 {
		axis, labels := m.axisLines(cols)
		pad := strings.Repeat(" ", lw+1)
		lines = append(lines, pad+axis, pad+labels)
	}
	return frame.Block(lines, m.width, m.height, m.st.Glyphs.Ellipsis)
}

// row writes the cells as runs of one state, the cursor column apart.
func (m Model) row(b *strings.Builder, cells []uint8, cur int) {
	glyph := func(k uint8) string {
		_, g := m.st.State(cellState[k])
		return g
	}
	for c := 0; c < len(cells); {
		k := cells[c]
		if c == cur {
			m.cursor.wrap(b, glyph(k))
			c++
			continue
		}
		n := 1
		for c+n < len(cells) && cells[c+n] == k && c+n != cur {
			n++
		}
		if k == none {
			b.WriteString(strings.Repeat(" ", n))
		} else {
			m.paint[k].wrap(b, strings.Repeat(glyph(k), n))
		}
		c += n
	}
}
