package lab

import (
	"fmt"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/components/frame"
	"conclab/tui/components/guess"
	"conclab/tui/styles"
)

// Lane sizes: below minLaneWidth lanes stack instead of standing side by
// side; rows of lanes stack only when each row gets at least minLaneHeight
// lines, and as many as its lanes want up to comfyLaneHeight (else they
// scroll, tab by tab).
const (
	minLaneWidth    = 36
	minLaneHeight   = 10
	comfyLaneHeight = 16
)

// layout is where each part of the screen goes, in lines from the top.
type layout struct {
	walkTop, walkH   int
	lanesTop, lanesH int
	// bodyTop and bodyH are the walkthrough and the lanes together (overlays cover them).
	bodyTop, bodyH int
	// perRow lanes stand side by side; rows of them stack; shown rows fit,
	// starting at firstRow; each is laneH high.
	perRow, rows, shownRows, firstRow, laneH int
}

// chrome is the header line above and the status line below (the summary
// under it takes summaryLines more).
const (
	headerLines = 1
	statusLines = 1
)

// layout places the walkthrough and the lanes for the current size and
// sizes every part.
func (m *Model) layout() {
	if m.pres.on {
		m.presentLayout()
		return
	}
	w, h := m.c.Width, m.c.Height
	var l layout
	l.bodyTop = headerLines
	l.bodyH = max(h-headerLines-statusLines-m.summaryLines(), 0)
	if m.walkOn {
		// Up to 30% of the screen (5 to 14 lines), and no more than the step needs.
		m.walk.SetSize(w, 1)
		l.walkH = min(max(5, min(14, h*3/10)), m.walk.ContentHeight())
		if l.bodyH-l.walkH < minLaneHeight {
			l.walkH = l.bodyH - minLaneHeight
		}
		if l.walkH < 3 {
			l.walkH = 0
		}
	}
	l.walkTop = l.bodyTop
	l.lanesTop = l.bodyTop + l.walkH
	l.lanesH = l.bodyH - l.walkH
	if l.walkH > 0 {
		l.lanesTop++ // a blank line between the walkthrough and the lanes
		l.lanesH--
	}
	n := max(len(m.panes), 1)
	l.perRow = min(n, max(1, w/minLaneWidth))
	l.rows = (n + l.perRow - 1) / l.perRow
	rowH := minLaneHeight
	for _, p := range m.panes {
		rowH = max(rowH, min(p.Wants(), comfyLaneHeight))
	}
	l.shownRows = max(1, min(l.rows, l.lanesH/rowH))
	l.laneH = l.lanesH / l.shownRows
	// Keep the rows scrolled as they were, unless the selected lane left the view.
	selRow := m.selected / l.perRow
	l.firstRow = m.lay.firstRow
	if selRow < l.firstRow {
		l.firstRow = selRow
	}
	if selRow >= l.firstRow+l.shownRows {
		l.firstRow = selRow - l.shownRows + 1
	}
	l.firstRow = max(0, min(l.firstRow, l.rows-l.shownRows))
	m.lay = l
	m.walk.SetSize(w, l.walkH)
	for i := range m.panes {
		m.panes[i].SetSize(m.laneWidth(i%l.perRow), l.laneH)
	}
	if m.puzzles != nil {
		m.puzzles = m.puzzles.clone()
		m.puzzleLayout()
	}
	switch m.overlay {
	case formOverlay:
		m.form.SetSize(w, l.bodyH)
	case pickerOverlay:
		m.picker.SetSize(w, l.bodyH)
	case diffOverlay:
		m.diff.SetSize(w, l.bodyH)
	case legendOverlay:
		m.legend.SetSize(w, l.bodyH)
	}
}

// laneWidth is the width of column c of lanes: the width shared out, the
// first columns taking the remainder.
func (m Model) laneWidth(c int) int {
	w, n := m.c.Width, m.lay.perRow
	if n == 0 {
		return w
	}
	wid := w / n
	if c < w%n {
		wid++
	}
	return wid
}

// laneAt returns the lane under cell (x, y), or the selected lane.
func (m Model) laneAt(x, y int) int {
	if m.pres.on {
		return m.presentLaneAt(y)
	}
	l := m.lay
	if l.laneH == 0 || l.perRow == 0 {
		return m.selected
	}
	row := l.firstRow + (y-l.lanesTop)/l.laneH
	col, left := 0, 0
	for col < l.perRow-1 && x >= left+m.laneWidth(col) {
		left += m.laneWidth(col)
		col++
	}
	if i := row*l.perRow + col; i < len(m.panes) {
		return i
	}
	return m.selected
}

// overlayView is the open overlay (form, picker, diff, legend) in place of
// the walkthrough and lanes; false when none is open.
func (m Model) overlayView() (string, bool) {
	switch m.overlay {
	case formOverlay:
		return m.form.View(), true
	case pickerOverlay:
		return m.picker.View(), true
	case diffOverlay:
		return m.diff.View(), true
	case legendOverlay:
		return m.legend.View(), true
	}
	return "", false
}

// View draws the screen, exactly Width x Height cells.
func (m Model) View() string {
	w, h := m.c.Width, m.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.pres.on {
		return m.presentView()
	}
	parts := []string{m.header()}
	if o, ok := m.overlayView(); ok {
		parts = append(parts, o)
	} else {
		if m.lay.walkH > 0 {
			parts = append(parts, m.walk.View(), "")
		}
		if m.puzzles != nil {
			parts = append(parts, m.puzzleView())
		} else {
			parts = append(parts, m.withDetail(m.lanes()))
		}
	}
	if m.puzzles != nil {
		parts = append(parts, m.puzzleStatus(), m.puzzleSummary())
	} else {
		parts = append(parts, m.status(), m.summary())
	}
	return frame.Block(frame.Lines(strings.Join(parts, "\n")), w, h, m.c.Styles.Glyphs.Ellipsis)
}

// header is conclab's name, the lab's title and the parameter values.
func (m Model) header() string {
	st := m.c.Styles
	left := st.App.Render("conclab") + st.Muted.Render(" › ") + st.Title.Render(m.lab.Title)
	var vals []string
	for _, p := range m.lab.Params {
		vals = append(vals, p.Show(m.values))
	}
	right := st.Muted.Render(strings.Join(vals, " "))
	if m.pending != nil {
		right = st.Hint.Render("running"+st.Glyphs.Ellipsis) + " " + right
	}
	return frame.Spread(left, right, m.c.Width, st.Glyphs.Ellipsis)
}

// lanes draws the shown rows of lanes.
func (m Model) lanes() string {
	l := m.lay
	st := m.c.Styles
	if m.err != nil {
		return frame.Block([]string{st.Error.Render(m.err.Error())}, m.c.Width, l.lanesH, st.Glyphs.Ellipsis)
	}
	if len(m.panes) == 0 {
		msg := "running " + strings.Join(m.shown, ", ") + st.Glyphs.Ellipsis
		return frame.Block([]string{st.Hint.Render(msg)}, m.c.Width, l.lanesH, st.Glyphs.Ellipsis)
	}
	lines := make([]string, 0, l.lanesH)
	for r := l.firstRow; r < l.firstRow+l.shownRows && r < l.rows; r++ {
		// Every lane's view is exactly its width and laneH high: side by
		// side, line i of the row is line i of each lane, joined.
		cells := make([][]string, l.perRow)
		for c := range l.perRow {
			if i := r*l.perRow + c; i < len(m.panes) {
				cells[c] = strings.Split(m.panes[i].View(), "\n")
			}
		}
		var b strings.Builder
		for y := range l.laneH {
			b.Reset()
			for c, cell := range cells {
				if y < len(cell) {
					b.WriteString(cell[y])
				} else {
					b.WriteString(strings.Repeat(" ", m.laneWidth(c)))
				}
			}
			lines = append(lines, b.String())
		}
	}
	return frame.Block(lines, m.c.Width, l.lanesH, st.Glyphs.Ellipsis)
}

// status is the clock line: playing or paused, the cursor and the end, the
// speed, the event count, the zoom, which lanes are shown, and the legend
// of the timeline's glyphs: in full or compact, else compact beside the
// line without the end (the axis and the lanes' totals say it), else none
// but that of the marks at the end of rows (a leaked goroutine, a
// deadlock) when a lane has them.
// What fits is judged on the line's widest form (playing, at the end), so
// the line does not change shape while it plays.
func (m Model) status() string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	i, n := m.clock.Event()
	line := func(playing bool, at time.Duration, i int, withEnd bool) string {
		state := g.Pause + " paused"
		if playing {
			state = g.Play + " playing"
		}
		first := st.Title.Render(state + " " + trace.Clock(max(at, 0)))
		if withEnd {
			first += st.Muted.Render(" / " + trace.Clock(m.clock.End()))
		}
		parts := []string{first, m.clock.Speed().Name, fmt.Sprintf("event %d/%d", i, n)}
		parts = append(parts, m.zoomStatus()...)
		if l := m.lay; l.shownRows < l.rows {
			first := l.firstRow*l.perRow + 1
			last := min((l.firstRow+l.shownRows)*l.perRow, len(m.panes))
			parts = append(parts, fmt.Sprintf("lanes %d-%d of %d (tab)", first, last, len(m.panes)))
		}
		parts = append(parts, m.rowsParts()...)
		return strings.Join(parts, st.Muted.Render(g.Separator))
	}
	marks, shown := m.markLegend()
	for _, try := range []struct {
		withEnd bool
		legend  string
		marks   string
	}{{true, st.Legend(), marks[0]}, {true, st.CompactLegend(), marks[1]}, {false, st.CompactLegend(), marks[1]}, {true, "", marks[1]}, {false, "", marks[1]}} {
		if try.legend == "" && try.marks == "" {
			break
		}
		widest := line(true, max(m.clock.End(), m.clock.At()), n, try.withEnd)
		if frame.Width(widest)+frame.Width(try.legend+try.marks)+2 <= m.c.Width {
			legend := try.legend
			if shown {
				legend = strings.TrimSpace(legend + try.marks)
			}
			return frame.Spread(line(m.clock.Playing(), m.clock.At(), i, try.withEnd), legend, m.c.Width, g.Ellipsis)
		}
	}
	return frame.Spread(line(m.clock.Playing(), m.clock.At(), i, true), "", m.c.Width, g.Ellipsis)
}

// markLegend is the legend of the marks that end the rows of tasks a run
// left stuck (a leaked goroutine, a deadlock), in full and compact, for
// the marks the lanes have; shown says whether a lane that has one has
// reached its end (the marks show from then on, and their legend with
// them). Its room on the status line is kept from the start, so the line
// does not change shape when they come.
func (m Model) markLegend() (legend [2]string, shown bool) {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	var leaked, deadlocked bool
	for _, p := range m.panes {
		r, _, _ := p.Result()
		if len(r.Leaked) > 0 {
			leaked = true
			shown = shown || p.Done()
		}
		if r.Deadlock != nil {
			deadlocked = true
			shown = shown || p.Done()
		}
	}
	if leaked {
		mark := st.Warning.Bold(true).Render(g.Leaked)
		legend[0] += "  " + mark + " leaked"
		legend[1] += " " + mark + "leak"
	}
	if deadlocked {
		mark := st.Error.Render(g.Deadlocked)
		legend[0] += "  " + mark + " deadlock"
		legend[1] += " " + mark + "dead"
	}
	return legend, shown
}

// summary compares the lanes' totals once every lane has finished, with each
// lane's speedup over the first; before that it says what to do.
func (m Model) summary() string {
	st := m.c.Styles
	if m.note != "" {
		return st.Error.Render(m.note)
	}
	if s, ok := m.rowsSummary(); ok {
		return s
	}
	if len(m.panes) == 0 {
		return ""
	}
	if m.guess.Typing() || m.guess.Any() && !m.clock.Started() {
		return strings.Join(m.guess.Lines(m.c.Width), "\n")
	}
	for _, p := range m.panes {
		if !p.Done() {
			if !m.clock.Started() {
				return st.Hint.Render("Guess the totals, then press space to play (→ steps one event, end jumps to the end).")
			}
			lines := []string{st.Muted.Render("Totals and speedups appear when every lane has finished.")}
			if gs := m.guess.Guesses(); len(gs) > 0 {
				lines = append(lines, m.guess.Lines(m.c.Width)...)
			}
			return strings.Join(lines, "\n")
		}
	}
	return strings.Join(append(m.totals(), guess.Results(st, m.judged(), m.c.Width)...), "\n")
}

// totals is the comparison of the lanes' totals, with each lane's speedup
// over the first lane that did the same work in full (labs.Baselines: none
// for a lane that gave up, lost work or deadlocked, which says what
// happened instead, see labs.Result.Incomplete; none between variants that
// do different work, see labs.Variant.Work): "Totals: sequential 0:00:10 ·
// goroutines 0:00:00.5 (20.0× faster) · …" on one line when it fits, else
// the short form ("(20.0×)": faster is the default reading) on as many
// lines as it needs, never cutting a lane's total. A deadlock says only
// "(✗ deadlock)": its lane shows the cycle. It depends on the runs, not on
// the cursor, so the layout keeps room for it from the moment the runs are
// back.
func (m Model) totals() []string {
	st := m.c.Styles
	if len(m.panes) == 0 {
		return nil
	}
	results := make([]labs.Result, len(m.panes))
	names := make([]string, len(m.panes))
	for i, p := range m.panes {
		results[i], _, _ = p.Result()
		names[i] = p.Name()
	}
	bases := labs.Baselines(m.lab.Works(names), results)
	var long, short []string
	for i, p := range m.panes {
		total, _ := p.Total()
		s := p.Name() + " " + st.Title.Render(trace.Clock(total))
		long, short = append(long, s), append(short, s)
		switch b := bases[i]; {
		case results[i].Deadlock != nil:
			why := st.Error.Render("(" + st.Glyphs.Deadlocked + " deadlock)")
			long[i] += " " + why
			short[i] += " " + why
		case !results[i].Complete(): // it did not do the same work: no speedup, but what happened
			why := st.Warning.Render("(" + results[i].Incomplete + ")")
			long[i] += " " + why
			short[i] += " " + why
		case b >= 0 && i != b:
			base, _ := m.panes[b].Total()
			sp := Speedup(base, total)
			long[i] += " " + sp
			short[i] += " " + strings.NewReplacer(" faster", "", " slower", " slower").Replace(sp)
		}
	}
	for i := range long { // a lane without a speedup (a zero total) leaves no double space
		long[i], short[i] = strings.TrimSuffix(long[i], " "), strings.TrimSuffix(short[i], " ")
	}
	sep := st.Muted.Render(st.Glyphs.Separator)
	if out := "Totals: " + strings.Join(long, sep); frame.Width(out) <= m.c.Width {
		return []string{out}
	}
	lines := wrapTotals("Totals:", long, sep, m.c.Width, st)
	if shorter := wrapTotals("Totals (×: faster):", short, sep, m.c.Width, st); len(shorter) < len(lines) {
		return shorter
	}
	return lines
}

// wrapTotals puts head and the lanes' totals on as many lines of width
// cells as they need, never cutting one; a line that goes on ends with the
// separator.
func wrapTotals(head string, parts []string, sep string, width int, st styles.Styles) []string {
	var lines []string
	line := head
	for _, s := range parts {
		join := sep
		if line == head {
			join = " "
		}
		switch {
		case line == "":
			line = s
		case frame.Width(line+join+s) <= width:
			line += join + s
		default:
			lines = append(lines, line+st.Muted.Render(strings.TrimRight(st.Glyphs.Separator, " ")))
			if line == head {
				lines[len(lines)-1] = line
			}
			line = s
		}
	}
	return append(lines, line)
}

// summaryLines is how many lines the summary under the status line takes:
// one, or as many as the totals need.
func (m Model) summaryLines() int {
	if m.puzzles != nil {
		return 1
	}
	results := guess.Results(m.c.Styles, m.judge(false), m.c.Width)
	return max(1, len(m.totals())+len(results), len(m.guess.Lines(m.c.Width)))
}

// Speedup says how total compares with base: "(11.8× faster)", "(2.0× slower)", "(same)".
func Speedup(base, total time.Duration) string {
	switch {
	case total <= 0 || base <= 0:
		return ""
	case total == base:
		return "(same)"
	case total < base:
		return fmt.Sprintf("(%.1f× faster)", float64(base)/float64(total))
	}
	return fmt.Sprintf("(%.1f× slower)", float64(total)/float64(base))
}
