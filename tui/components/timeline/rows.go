package timeline

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"conclab/labs/trace"
	"conclab/tui/styles"
)

// Sort is the order of a timeline's task rows.
type Sort uint8

// The orders of the task rows; SetSort picks one.
const (
	// RunOrder is the order the tasks were created in (the trace's).
	RunOrder Sort = iota
	// ByStart orders the tasks by the start of their first span.
	ByStart
	// ByReady puts the tasks that spent the most time ready (able to run,
	// no worker free) first.
	ByReady
	numSorts
)

var sortNames = [numSorts]string{"run order", "by start", "by time ready"}

// String says the order: "run order", "by start", "by time ready".
func (s Sort) String() string { return sortNames[s%numSorts] }

// Next is the order after s, back to RunOrder after the last.
func (s Sort) Next() Sort { return (s + 1) % numSorts }

// Highlight is the state a timeline makes stand out across its rows, the
// others dimmed.
type Highlight uint8

// The states that can stand out; SetHighlight picks one.
const (
	NoHighlight Highlight = iota
	HighlightRunning
	HighlightReady
	HighlightSync    // waiting for another task: a channel, a lock, a WaitGroup
	HighlightWaiting // waiting for a timer or I/O
	HighlightBlocked // a blocking call that holds the worker
	numHighlights
)

var highlightNames = [numHighlights]string{"", "running", "ready", "waiting on a task", "waiting on I/O or a timer", "blocked"}

// highlightCell is the cell state each highlight stands for.
var highlightCell = [numHighlights]int{none, running, ready, syncWait, waiting, blocked}

// String says the state: "running", "waiting on a task" ...; "" for none.
func (h Highlight) String() string { return highlightNames[h%numHighlights] }

// Next is the highlight after h, back to NoHighlight after the last.
func (h Highlight) Next() Highlight { return (h + 1) % numHighlights }

// Link is a wake-up drawn between two rows: the task From (the waker) woke
// the task To at time At. It is drawn in At's column: a line down (or up)
// the rows between, and an arrow on To's row.
type Link struct {
	From, To string
	At       time.Duration
}

// rowView is which task rows a timeline shows and how: their order, the
// filter, the highlighted state, the wake-ups drawn.
type rowView struct {
	order     []int // the tasks shown, as indices in the trace, in row order
	filter    string
	sort      Sort
	highlight Highlight
	links     []Link
	// linksMarked is the task marked when the links were set (the
	// rows scroll again when it changes: see SetLinks).
	linksMarked string
}

// SetFilter shows only the tasks whose name holds q (ignoring case); ""
// shows every task. The rows scroll back to the top.
func (m *Model) SetFilter(q string) {
	if q == m.rows.filter {
		return
	}
	m.rows.filter = q
	m.refreshRows()
	m.SetOffset(0)
}

// Filter is the filter in force ("" for none).
func (m Model) Filter() string { return m.rows.filter }

// SetSort orders the task rows.
func (m *Model) SetSort(s Sort) {
	m.rows.sort = s
	m.refreshRows()
}

// SetHighlight makes state h stand out across all rows (worker rows too),
// the other states dimmed; NoHighlight draws every state in its colour.
func (m *Model) SetHighlight(h Highlight) {
	m.rows.highlight = h
	for k := running; k < numStates; k++ {
		style, _ := m.st.Span(cellSpan[k])
		switch {
		case h == NoHighlight:
		case highlightCell[h] == k:
			style = style.Bold(true)
		default:
			style = m.st.Muted.Faint(true)
		}
		m.paint[k] = styles.PaintOf(style)
	}
}

// SetLinks sets the wake-ups drawn between rows (nil: none). New ones
// (or the same with another task marked: call SetMarked first) scroll the task rows the least that shows both ends of every one drawn,
// when they fit; else the row of the marked task (see SetMarked; the
// first one's woken task when it is neither end), and the edge its line
// leaves by names the task at its other end (see linkCells).
func (m *Model) SetLinks(links []Link) {
	if slices.Equal(links, m.rows.links) && m.rows.linksMarked == m.marked {
		return
	}
	m.rows.links, m.rows.linksMarked = links, m.marked
	m.showLinks()
}

// showLinks scrolls the task rows to the wake-ups drawn (see SetLinks).
func (m *Model) showLinks() {
	n := m.rowsShown()
	lo, hi, from, to := -1, -1, -1, -1
	for _, l := range m.rows.links {
		if l.At < m.from || l.At > m.to || l.At > m.at {
			continue
		}
		f, t := m.RowOf(l.From), m.RowOf(l.To)
		if f < 0 || t < 0 || f == t {
			continue
		}
		if lo < 0 {
			lo, hi, from, to = min(f, t), max(f, t), f, t
		}
		lo, hi = min(lo, f, t), max(hi, f, t)
	}
	switch {
	case lo < 0 || n <= 0:
	case hi-lo < n:
		m.ShowRow(lo)
		m.ShowRow(hi)
	case m.marked == m.task(from).Name:
		m.ShowRow(from)
	default:
		m.ShowRow(to)
	}
}

// initRows sets the glyphs of the wake-up lines (see Link).
func (m *Model) initRows() {
	g := m.st.Glyphs
	for k, glyph := range map[int]string{linkCell: g.Vertical, arrowDownCell: g.Down, arrowUpCell: g.Up} {
		m.glyph[k], m.paint[k] = glyph, m.cursor
	}
}

// refreshRows recomputes the rows shown from the trace, the filter and the order.
func (m *Model) refreshRows() {
	m.rows.order = m.rows.order[:0:0]
	if m.tr == nil {
		return
	}
	q := strings.ToLower(m.rows.filter)
	for i := range m.tr.Tasks {
		if q == "" || strings.Contains(strings.ToLower(m.tr.Tasks[i].Name), q) {
			m.rows.order = append(m.rows.order, i)
		}
	}
	tasks := m.tr.Tasks
	switch m.rows.sort {
	case ByStart:
		start := func(i int) time.Duration {
			if len(tasks[i].Spans) == 0 {
				return m.tr.Total + 1
			}
			return tasks[i].Spans[0].Start
		}
		slices.SortStableFunc(m.rows.order, func(a, b int) int { return cmp.Compare(start(a), start(b)) })
	case ByReady:
		ready := make(map[int]time.Duration, len(m.rows.order))
		for _, i := range m.rows.order {
			for _, sp := range tasks[i].Spans {
				if sp.State == trace.Ready {
					ready[i] += sp.Duration()
				}
			}
		}
		slices.SortStableFunc(m.rows.order, func(a, b int) int { return cmp.Compare(ready[b], ready[a]) })
	}
}

// rowsWant is the lines n task rows take: n, or the one line that says
// the filter hides every task.
func (m Model) rowsWant(n int) int {
	if n == 0 && m.tr != nil && m.rows.filter != "" {
		return 1
	}
	return n
}

// task is the task of row k (0-based, in row order).
func (m Model) task(k int) *trace.Task { return &m.tr.Tasks[m.rows.order[k]] }

// RowOf is the row (0-based, in row order) of the task called name, or -1
// when the filter hides it.
func (m Model) RowOf(name string) int {
	for k, i := range m.rows.order {
		if m.tr.Tasks[i].Name == name {
			return k
		}
	}
	return -1
}

// ShowRow scrolls the least that shows row k.
func (m *Model) ShowRow(k int) {
	first, shown, _ := m.Rows()
	switch {
	case k < 0:
	case k < first:
		m.SetOffset(k)
	case shown > 0 && k >= first+shown:
		m.SetOffset(k - shown + 1)
	}
}

// linkCells returns, for each task row shown (first..first+shown), the
// wake-up cell drawn over its cursor column: linkCell on the rows between
// a waker and the task it woke, an arrow on the woken one's; -1 elsewhere.
// col is the column of the wake-ups, -1 when none is drawn.
//
// A line that leaves the rows shown is said at the edge it leaves by:
// notes holds, for the first and the last row shown, the name of the task
// at the line's other end and an arrow toward it ("" for none).
func (m Model) linkCells(first, shown, cols int) (over []int, col int, notes [2]string) {
	over = make([]int, shown)
	for k := range over {
		over[k] = -1
	}
	col = -1
	g := m.st.Glyphs
	for _, l := range m.rows.links {
		if l.At < m.from || l.At > m.to || l.At > m.at {
			continue
		}
		from, to := m.RowOf(l.From), m.RowOf(l.To)
		if from < 0 || to < 0 || from == to {
			continue
		}
		col = m.column(l.At, cols)
		arrow, lo, hi := arrowDownCell, from, to
		if to < from {
			arrow, lo, hi = arrowUpCell, to, from
		}
		for k := lo + 1; k < hi; k++ {
			if k >= first && k < first+shown && over[k-first] < 0 {
				over[k-first] = linkCell
			}
		}
		if to >= first && to < first+shown {
			over[to-first] = arrow
		}
		if shown == 0 {
			continue
		}
		for _, end := range []int{from, to} {
			switch name := m.task(end).Name; {
			case end < first && hi >= first && notes[0] == "":
				notes[0] = name + " " + g.Up
			case end >= first+shown && lo < first+shown && notes[1] == "":
				notes[1] = name + " " + g.Down
			}
		}
	}
	return over, col, notes
}

// CellAt says what cell (x, y) of the timeline shows (0-based, from its
// top left): the task of that row (its index in the trace), the span of it
// the cell draws (the span of the state the cell shows that covers most of
// the cell's time) and the first instant of that span in the cell. ok is
// false on the labels, the axis, a worker row, an empty cell or a cell
// after the cursor.
func (m Model) CellAt(x, y int) (task, span int, at time.Duration, ok bool) {
	lw, cols := m.labelWidth(), m.cols()
	c := x - lw - 1 - m.labelRoom()
	k := y - m.pinned()
	first, shown, _ := m.Rows()
	if m.tr == nil || c < 0 || c >= cols || k < 0 || k >= shown {
		return 0, 0, 0, false
	}
	task = m.rows.order[first+k]
	spans := m.tr.Tasks[task].Spans
	bounds := m.bounds(cols)
	cells := make([]uint8, cols)
	m.cells(spans, false, bounds, cells)
	state := int(cells[c])
	if state == none {
		return 0, 0, 0, false
	}
	lo, hi := bounds[c], min(bounds[c+1], m.at, m.to)
	best, most := -1, time.Duration(0)
	for s, sp := range spans {
		if sp.End <= lo || sp.Start >= hi || stateIndex(sp) != state {
			continue
		}
		if d := min(sp.End, hi) - max(sp.Start, lo); d > most {
			best, most = s, d
		}
	}
	if best < 0 {
		return 0, 0, 0, false
	}
	return task, best, max(lo, spans[best].Start), true
}
