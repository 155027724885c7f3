// Package timeline draws one trace as rows of cells, one row per task, over a
// time window with a shared axis: each cell shows the state the task spent
// most of that column's time in (running, blocked, waiting, ready), each in
// its own glyph and colour; waiting for another task (a channel, a lock, a
// WaitGroup: sync) is drawn apart from waiting for a timer or I/O. Only the
// time up to the playback cursor is drawn, so playing reveals the run as it
// happened; the cursor's column is marked on every row and on the axis.
//
// A task the run left waiting for ever gets a mark at the end of its row,
// once the cursor has reached the end of the run: Leaked for one still
// alive when the program's main returned, Deadlocked for one asleep in a
// deadlock (SetMarks).
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

	"conclab/labs/trace"
	"conclab/tui/components/frame"
	"conclab/tui/styles"
)

// AxisHeight is the number of lines the time axis takes under the rows.
const AxisHeight = 2

// maxLabel is the widest task label column.
const maxLabel = 18

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
	paint    [numCells]styles.Paint
	glyph    [numCells]string
	strip    [numCells]string // the glyph repeated, sliced for runs of cells
	cursor   styles.Paint
	axis     styles.Paint
	mark     styles.Paint
	title    styles.Paint    // a presenter view's labels (see writeLabel)
	marked   string          // the task whose label is marked (the last event's)
	marks    map[string]Mark // how the rows of tasks left stuck end (see SetMarks)
	rows     rowView         // which task rows, in what order, highlighted how (rows.go)
	zoom     zoom            // fold idle, the range selected (see zoom.go)
}

// Mark says how the row of a task the run left behind ends.
type Mark uint8

// The marks of a row's end.
const (
	// NoMark: the task returned, or the run says nothing of it.
	NoMark Mark = iota
	// Leaked: the task was still alive when the program's main returned.
	Leaked
	// Deadlocked: the task was asleep when the run deadlocked.
	Deadlocked
)

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

// cell states, in the order ties are broken (the first wins). syncWait is
// waiting for another task (a channel, a lock, a WaitGroup), waiting is
// waiting for a timer or I/O.
const (
	none = iota
	running
	blocked
	ready
	syncWait
	waiting
	numStates
)

// The marks at the end of a row (see Mark) are cells too, after the states.
const (
	leakedCell = numStates + iota
	deadlockedCell
	// The wake-up drawn between two rows (see Link): a line, an arrow.
	linkCell
	arrowDownCell
	arrowUpCell
	numCells
)

// cellSpan is a span of each cell state, for its style and glyph.
var cellSpan = [numStates]trace.Span{none: {State: trace.Done}, running: {State: trace.Running}, blocked: {State: trace.Blocked},
	ready: {State: trace.Ready}, syncWait: {State: trace.Waiting, On: trace.OnJoin}, waiting: {State: trace.Waiting, On: trace.OnIO}}

func stateIndex(s trace.Span) int {
	switch s.State {
	case trace.Running:
		return running
	case trace.Blocked:
		return blocked
	case trace.Ready:
		return ready
	case trace.Waiting:
		if s.WaitsForTask() {
			return syncWait
		}
		return waiting
	}
	return none
}

// New returns an empty timeline drawn with st.
func New(st styles.Styles) Model {
	m := Model{}
	m.setStyles(st)
	return m
}

// setStyles draws the timeline with st from now on.
func (m *Model) setStyles(st styles.Styles) {
	m.st = st
	for i := range numStates {
		style, glyph := st.Span(cellSpan[i])
		m.paint[i], m.glyph[i] = styles.PaintOf(style), glyph
	}
	m.paint[leakedCell], m.glyph[leakedCell] = styles.PaintOf(st.Warning.Bold(true)), st.Glyphs.Leaked
	m.paint[deadlockedCell], m.glyph[deadlockedCell] = styles.PaintOf(st.Error), st.Glyphs.Deadlocked
	m.cursor = styles.PaintOf(st.Cursor)
	m.axis = styles.PaintOf(st.Axis)
	m.mark = styles.PaintOf(st.Selected)
	m.title = styles.PaintOf(st.Title)
	m.initRows()
	if m.rows.highlight != NoHighlight {
		m.SetHighlight(m.rows.highlight) // the presenter view keeps the highlight
	}
}

// SetTrace shows tr (nil shows nothing) over [0, tr.Total] until SetWindow says otherwise.
func (m *Model) SetTrace(tr *trace.Trace) {
	m.tr, m.workers, m.zoom.idle, m.zoom.last = tr, nil, nil, &foldedCache{cols: -1}
	if tr != nil {
		m.workers = workerRows(tr)
		m.zoom.idle = idleOf(tr)
		if m.to <= m.from {
			m.from, m.to = 0, tr.Total
		}
	}
	m.refreshRows()
	m.SetOffset(m.offset)
}

// SetWindow sets the span of time the width covers; lanes compared side by
// side share one window so that their columns mean the same time.
func (m *Model) SetWindow(from, to time.Duration) { m.from, m.to = from, to }

// Window returns the span of time the width covers.
func (m Model) Window() (from, to time.Duration) { return m.from, m.to }

// SetCursor moves the playback cursor: time after it is not drawn yet.
func (m *Model) SetCursor(at time.Duration) { m.at = at }

// SetMarks says which tasks' rows end in a mark, by task name (nil: none).
// A mark is drawn once the cursor has reached the end of the run, in the
// first column after the task's last span (the last column when the run
// fills the window). The map is kept, not copied: do not change it after.
func (m *Model) SetMarks(marks map[string]Mark) { m.marks = marks }

// SetMarked marks the label of the task called name (the task of the event
// at the cursor); "" marks none.
func (m *Model) SetMarked(name string) { m.marked = name }

// SetSize sets the cells the timeline fills, axis included.
func (m *Model) SetSize(width, height int) {
	if width != m.width {
		for k := range m.strip { // new strings: copies of the model keep theirs
			m.strip[k] = strings.Repeat(m.glyph[k], max(width, 0))
		}
	}
	m.width, m.height = width, height
	m.SetOffset(m.offset)
}

// SetOffset scrolls the rows so that task n is the first shown (clamped).
func (m *Model) SetOffset(n int) {
	m.offset = max(0, min(n, m.tasks()-m.rowsShown()))
}

// Needs is the height that shows every row: the workers (when there are
// no more of them than tasks: see pinned), the tasks and the axis.
func (m Model) Needs() int {
	return m.workersWith(m.tasks()) + m.rowsWant(m.tasks()) + AxisHeight
}

// MinHeight is the height below which the timeline stops being useful: the
// worker rows, three task rows (or fewer when there are fewer) and the axis.
func (m Model) MinHeight() int {
	return m.workersWith(min(m.tasks(), 3)) + m.rowsWant(min(m.tasks(), 3)) + AxisHeight
}

// workersWith is the number of worker rows pinned beside n task rows: all
// of them or, when there are more workers than n, none (see pinned).
func (m Model) workersWith(n int) int {
	if len(m.workers) > n {
		return 0
	}
	return len(m.workers)
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
	return len(m.rows.order)
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
		for k := first; k < first+shown; k++ {
			w = max(w, frame.Width(m.task(k).Name))
		}
		for _, r := range m.workers[:m.pinned()] {
			w = max(w, frame.Width(r.name))
		}
	}
	return min(w, maxLabel, max(m.width/4, 1))
}

// cols is the number of time columns.
func (m Model) cols() int { return max(m.width-m.labelWidth()-1-m.labelRoom(), 0) }

// bounds returns the start of every column and the window's end: out[c]
// starts column c, out[cols] is the end.
func (m Model) bounds(cols int) []time.Duration { return m.scale(cols).bounds }

// column is the column holding time at on cols columns, clamped to the
// window (folded or linear, as drawn).
func (m Model) column(at time.Duration, cols int) int { return m.scale(cols).column(at) }

// firstCol is the first time column of the view: after the label, a space
// and, in the presenter view, the room around the label (labelRoom).
func (m Model) firstCol() int { return m.labelWidth() + 1 + m.labelRoom() }

// cells fills out[c] with the state the spans spent most of column c in, up
// to the cursor; columns after the cursor stay none. With gaps, time outside
// every span counts as none (idle) and wins when it is the most. bounds are
// the columns' starts and the window's end (see bounds).
func (m Model) cells(spans []trace.Span, gaps bool, bounds []time.Duration, out []uint8) {
	var acc [numStates]time.Duration
	for i := range out {
		out[i] = none
	}
	end := min(m.at, m.to)
	s := 0
	for c := range out {
		lo, hi := bounds[c], bounds[c+1]
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
			if sp.End <= lo {
				continue // ended before this column, behind a longer span that did not (a worker row of a real run)
			}
			acc[stateIndex(sp)] += min(sp.End, hi) - max(sp.Start, lo)
		}
		if gaps {
			acc[none] = hi - lo - acc[running] - acc[blocked] - acc[ready] - acc[syncWait] - acc[waiting]
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
	sc := m.scale(cols)
	if m.tr != nil && cols > 0 {
		cur := -1
		if m.at >= m.from && m.at <= m.to && m.to > m.from {
			cur = sc.column(m.at)
		}
		buf := make([]uint8, cols)
		bounds := sc.bounds
		first, shown, _ := m.Rows()
		var b strings.Builder
		markAt := m.markColumn(bounds)
		over, overAt, notes := m.linkCells(first, shown, cols)
		draw := func(name string, spans []trace.Span, gaps bool, link int, note string) {
			m.cells(spans, gaps, bounds, buf)
			if link >= 0 && overAt >= 0 {
				buf[overAt] = uint8(link)
			}
			if markAt >= 0 && !gaps {
				switch m.marks[name] {
				case Leaked:
					buf[markAt] = leakedCell
				case Deadlocked:
					buf[markAt] = deadlockedCell
				}
			}
			b.Reset()
			b.Grow(lw + 1 + cols*4)
			m.writeLabel(&b, fitLabel(name, lw, m.st.Glyphs.Ellipsis), name == m.marked && !gaps)
			m.rowWithNote(&b, buf, cur, overAt, note)
			lines = append(lines, b.String())
		}
		for _, r := range m.workers[:m.pinned()] {
			draw(r.name, r.spans, true, -1, "")
		}
		for i := first; i < first+shown; i++ {
			note := ""
			switch i {
			case first + shown - 1:
				note = notes[1]
			case first:
				note = notes[0]
			}
			if shown == 1 && notes[1] == "" {
				note = notes[0]
			}
			draw(m.task(i).Name, m.task(i).Spans, false, over[i-first], note)
		}
		if shown == 0 && m.rows.filter != "" {
			lines = append(lines, m.st.Muted.Render("(no task matches the filter)"))
		}
	}
	for len(lines) < m.height-AxisHeight {
		lines = append(lines, "")
	}
	if m.height >= AxisHeight && cols > 0 {
		axis, labels := m.axisLines(sc)
		pad := strings.Repeat(" ", lw+1+m.labelRoom())
		lines = append(lines, pad+axis, pad+labels)
	}
	return frame.Block(lines, m.width, m.height, m.st.Glyphs.Ellipsis)
}

// fitLabel fits a row's name to width cells. A name too long is cut in
// the middle when its last word is short, so that rows whose names differ
// only at the end ("goroutine 1", "goroutine 2") still tell apart:
// "gorout… 1"; else at its end.
func fitLabel(name string, width int, ellipsis string) string {
	if frame.Width(name) <= width {
		return frame.Fit(name, width, ellipsis)
	}
	if i := strings.LastIndexByte(name, ' '); i > 0 {
		tail := name[i:]
		if head := width - frame.Width(tail) - frame.Width(ellipsis); frame.Width(tail) <= width/2 && head >= 2 {
			return frame.Fit(frame.Cut(name[:i], head, "")+ellipsis+tail, width, ellipsis)
		}
	}
	return frame.Fit(name, width, ellipsis)
}

// markColumn is the column of the rows' end marks: the first that starts
// at or after the end of the run, or the last when the run ends in it; -1
// while the cursor has not reached the end, when the window ends before
// it, or when no row has a mark.
func (m Model) markColumn(bounds []time.Duration) int {
	end := m.tr.Total
	if len(m.marks) == 0 || m.at < end || end > m.to {
		return -1
	}
	cols := len(bounds) - 1
	for c := range cols {
		if bounds[c] >= end {
			return c
		}
	}
	return cols - 1
}

// row writes the cells as runs of one state, the cursor column apart.
func (m Model) row(b *strings.Builder, cells []uint8, cur int) {
	for c := 0; c < len(cells); {
		k := cells[c]
		if c == cur {
			m.cursor.WriteTo(b, m.glyph[k])
			c++
			continue
		}
		n := 1
		for c+n < len(cells) && cells[c+n] == k && c+n != cur {
			n++
		}
		run := m.run(k, n)
		if k == none {
			b.WriteString(run)
		} else {
			m.paint[k].WriteTo(b, run)
		}
		c += n
	}
}

// rowWithNote writes a row of cells like row, with note (the task at the
// other end of a wake-up line that leaves the rows shown, see linkCells)
// in the cursor's paint one cell after the line's column at, when the
// cells it covers are blank (the time after the cursor, not drawn yet).
func (m Model) rowWithNote(b *strings.Builder, cells []uint8, cur, at int, note string) {
	w := frame.Width(note)
	if note == "" || at < 0 || at+2+w > len(cells) || cur > at && cur < at+2+w || slices.ContainsFunc(cells[at+1:at+2+w], func(k uint8) bool { return k != none }) {
		m.row(b, cells, cur)
		return
	}
	m.row(b, cells[:at+2], cur)
	m.cursor.WriteTo(b, note)
	rest := at + 2 + w
	m.row(b, cells[rest:], cur-rest)
}

// run is n cells of state k's glyph.
func (m Model) run(k uint8, n int) string {
	g := len(m.glyph[k])
	if n*g <= len(m.strip[k]) {
		return m.strip[k][:n*g]
	}
	return strings.Repeat(m.glyph[k], n)
}
