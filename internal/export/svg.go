package export

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"conclab/labs/trace"
)

// Layout of a lanes picture, in pixels. Rows and lanes start at multiples
// of rowH, so that the patterns of blocked and sync spans line up with them.
const (
	margin   = 16
	fontSize = 12
	charW    = 7.2 // the width of a character of the 12 px monospace font
	rowH     = 16
	lineH    = 18
	maxLabel = 24 // the widest task label, in characters
	markRoom = 18 // room right of the axis for a row's end mark
	// maxWorkerRows caps the worker rows above a lane's tasks, as the TUI does.
	maxWorkerRows = 4
)

// fontFamily is the monospace font stack: the viewer's own fonts, nothing fetched.
const fontFamily = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"

// Geometry is where a picture of a given width puts its time axis: time t
// of the shared window [0, Window] is at x = X0 + t/Window*W. Tests and
// readers of the SVG can compute a span's place from it.
type Geometry struct {
	X0, W  float64
	Window time.Duration
}

// X is the x coordinate of time t.
func (g Geometry) X(t time.Duration) float64 {
	if g.Window <= 0 {
		return g.X0
	}
	return g.X0 + float64(t)/float64(g.Window)*g.W
}

// Layout returns the geometry of p drawn with o, or an error for a width
// out of range.
func Layout(p Picture, o Options) (Geometry, error) {
	width := o.width()
	if width < MinWidth || width > MaxWidth {
		return Geometry{}, fmt.Errorf("a picture is %d to %d pixels wide, not %d", MinWidth, MaxWidth, width)
	}
	label := len("worker 1")
	for _, l := range p.Lanes {
		for _, t := range l.Result.Trace.Tasks {
			label = max(label, min(len([]rune(t.Name)), maxLabel))
		}
	}
	x0 := float64(margin) + float64(label)*charW + 8
	return Geometry{X0: x0, W: float64(width) - x0 - margin - markRoom, Window: p.window()}, nil
}

// row is one line of a lane: a label and the spans to draw.
type row struct {
	name  string
	spans []trace.Span
	mark  string // an end mark (LeakedGlyph, DeadlockedGlyph) or ""
}

// rows are the rows of lane l: its worker rows (at most maxWorkerRows,
// none when there are more workers than tasks: the TUI's rule), then its
// tasks, at most maxRows of them; more says how many tasks were left out.
func rows(l Lane, maxRows int) (workers, tasks []row, more int) {
	tr := l.Result.Trace
	n := min(tr.Workers, maxWorkerRows)
	if tr.Workers > len(tr.Tasks) {
		n = 0
	}
	workers = make([]row, n)
	for w := range workers {
		workers[w].name = "worker " + strconv.Itoa(w+1)
		if tr.Workers == 1 {
			workers[w].name = "worker"
		}
	}
	for _, t := range tr.Tasks {
		for _, sp := range t.Spans {
			if sp.Worker >= 0 && sp.Worker < n && (sp.State == trace.Running || sp.State == trace.Blocked) {
				workers[sp.Worker].spans = append(workers[sp.Worker].spans, sp)
			}
		}
	}
	for _, r := range workers {
		slices.SortStableFunc(r.spans, func(a, b trace.Span) int { return cmp.Compare(a.Start, b.Start) })
	}
	mk := marks(l.Result)
	shown := min(len(tr.Tasks), maxRows)
	for _, t := range tr.Tasks[:shown] {
		tasks = append(tasks, row{name: t.Name, spans: t.Spans, mark: mk[t.Name]})
	}
	return workers, tasks, len(tr.Tasks) - shown
}

// piece is a stretch of a row drawn in one kind.
type piece struct {
	kind       Kind
	start, end time.Duration
	binned     bool // the kind that won a pixel column, not one span's
}

// pieces are the row's spans as stretches of one kind each, adjacent spans
// of the same kind joined. A row with more stretches than pixel columns is
// drawn as the TUI draws a row in cells: each column in the kind its time
// was spent in most (binned).
func pieces(spans []trace.Span, g Geometry, gaps bool) []piece {
	var out []piece
	for _, sp := range spans {
		k := KindOf(sp)
		if k == Idle || sp.End <= sp.Start {
			continue
		}
		if n := len(out); n > 0 && out[n-1].kind == k && out[n-1].end == sp.Start {
			out[n-1].end = sp.End
			continue
		}
		out = append(out, piece{kind: k, start: sp.Start, end: sp.End})
	}
	cols := int(g.W)
	if len(out) <= cols || cols <= 0 || g.Window <= 0 {
		return out
	}
	return binned(spans, g.Window, cols, gaps)
}

// binned draws spans in cols columns over [0, window): each column in the
// kind its time was spent in most (ties: running, blocked, ready, sync,
// waiting, as the TUI breaks them); with gaps, time in no span is idle and
// wins when it is the most. Runs of one kind are joined.
func binned(spans []trace.Span, window time.Duration, cols int, gaps bool) []piece {
	order := [...]Kind{Running, Blocked, Ready, Sync, Waiting}
	bound := func(c int) time.Duration { return time.Duration(float64(window) * float64(c) / float64(cols)) }
	var out []piece
	s := 0
	for c := range cols {
		lo, hi := bound(c), bound(c+1)
		var acc [numKinds]time.Duration
		for s < len(spans) && spans[s].End <= lo {
			s++
		}
		for j := s; j < len(spans) && spans[j].Start < hi; j++ {
			sp := spans[j]
			if sp.End > lo {
				acc[KindOf(sp)] += min(sp.End, hi) - max(sp.Start, lo)
			}
		}
		best := Idle
		if gaps {
			acc[Idle] = hi - lo - acc[Running] - acc[Blocked] - acc[Ready] - acc[Sync] - acc[Waiting]
		}
		for _, k := range order {
			if acc[k] > acc[best] || (best == Idle && acc[k] > 0 && !gaps) {
				best = k
			}
		}
		if best == Idle {
			continue
		}
		if n := len(out); n > 0 && out[n-1].kind == best && out[n-1].end == lo {
			out[n-1].end = hi
			continue
		}
		out = append(out, piece{kind: best, start: lo, end: hi, binned: true})
	}
	return out
}

// svgWriter writes one SVG document; the first write error sticks.
type svgWriter struct {
	w   *bufio.Writer
	err error
}

func (s *svgWriter) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}

// num formats a coordinate: at most two decimals, no trailing zeros.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF {
				b.WriteRune('\uFFFD') // not allowed in XML 1.0
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cut shortens a label to n characters, with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// WriteSVG draws p's lanes as an SVG document: a title, the legend, one
// lane per run (its rows, its total, a time axis at round ticks shared by
// every lane), and a table of the totals.
func WriteSVG(w io.Writer, p Picture, o Options) error {
	return writeSVG(w, p, o, true)
}

// writeSVG writes the document; standalone adds the XML declaration and
// the SVG namespace (an SVG inside HTML needs neither).
func writeSVG(w io.Writer, p Picture, o Options, standalone bool) error {
	g, err := Layout(p, o)
	if err != nil {
		return err
	}
	for _, l := range p.Lanes {
		if l.Result.Trace == nil {
			return fmt.Errorf("lane %s has no trace", l.Variant)
		}
	}
	s := &svgWriter{w: bufio.NewWriter(w)}
	width := o.width()
	height := pictureHeight(p, o)
	if standalone {
		s.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
		s.printf(`<svg xmlns="http://www.w3.org/2000/svg" `)
	} else {
		s.printf(`<svg `)
	}
	s.printf(`width="%d" height="%d" viewBox="0 0 %d %d" font-family="%s" font-size="%d">`+"\n", width, height, width, height, fontFamily, fontSize)
	s.printf("<title>%s</title>\n", esc(p.Title))
	writeDefs(s)
	s.printf(`<rect class="background" x="0" y="0" width="%d" height="%d" fill="%s"/>`+"\n", width, height, background)
	y := margin
	s.printf(`<text class="title" x="%d" y="%d" fill="%s" font-weight="bold" font-size="14">%s</text>`+"\n", margin, y+12, Palette[15], esc(p.Title))
	y += lineH + 2
	if p.Params != "" {
		s.printf(`<text class="params" x="%d" y="%d" fill="%s">%s</text>`+"\n", margin, y+12, Palette[MutedANSI], esc(p.Params))
		y += lineH
	}
	y = writeLegend(s, y, width)
	for i, l := range p.Lanes {
		y = writeLane(s, i, l, g, o, y)
	}
	writeTotals(s, p, y)
	s.printf("</svg>\n")
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

// writeDefs writes the patterns of blocked (hatched, ▒) and sync (dotted, ·) spans.
func writeDefs(s *svgWriter) {
	red, cyan := Palette[Blocked.ANSI()], Palette[Sync.ANSI()]
	s.printf("<defs>\n")
	s.printf(`<pattern id="blocked" patternUnits="userSpaceOnUse" width="4" height="4"><rect width="4" height="4" fill="%s" fill-opacity="0.45"/><path d="M-1,1 l2,-2 M0,4 l4,-4 M3,5 l2,-2" stroke="%s" stroke-width="1.2"/></pattern>`+"\n", red, red)
	s.printf(`<pattern id="sync" patternUnits="userSpaceOnUse" width="5" height="%d"><rect x="1" y="%d" width="3" height="3" fill="%s"/></pattern>`+"\n", rowH, rowH/2-1, cyan)
	s.printf("</defs>\n")
}

// kindRect is the vertical place (within a row) and the paint (a fill
// attribute and more) of kind k: full bars for running, blocked and ready,
// thin lines for waiting and sync.
func kindRect(k Kind) (y, h int, paint string) {
	switch k {
	case Running:
		return 2, rowH - 4, `fill="` + Palette[k.ANSI()] + `"`
	case Blocked:
		return 2, rowH - 4, `fill="url(#blocked)"`
	case Ready:
		return 2, rowH - 4, `fill="` + Palette[k.ANSI()] + `" fill-opacity="0.4"`
	case Sync:
		return rowH/2 - 1, 3, `fill="url(#sync)"`
	}
	return rowH/2 - 1, 3, `fill="` + Palette[k.ANSI()] + `"`
}

// writeLegend draws the legend line and returns the y under it.
func writeLegend(s *svgWriter, y, width int) int {
	x := float64(margin)
	s.printf(`<g class="legend">`)
	for _, e := range legend {
		ry, rh, fill := kindRect(e.kind)
		if x+30+float64(len([]rune(e.long)))*charW > float64(width-margin) {
			x, y = float64(margin), y+rowH
		}
		s.printf(`<g transform="translate(0,%d)"><rect class="swatch %s" x="%s" y="%d" width="22" height="%d" %s/></g>`, y, e.kind, num(x), ry, rh, fill)
		s.printf(`<text x="%s" y="%d" fill="%s">%s</text>`, num(x+27), y+12, foreground, esc(e.long))
		x += 27 + float64(len([]rune(e.long)))*charW + 16
	}
	for _, m := range []struct{ glyph, text string }{{LeakedGlyph, "leaked"}, {DeadlockedGlyph, "deadlock"}} {
		color := Palette[LeakedANSI]
		if m.glyph == DeadlockedGlyph {
			color = Palette[DeadlockedANSI]
		}
		s.printf(`<text x="%s" y="%d" fill="%s" font-weight="bold">%s</text>`, num(x), y+12, color, m.glyph)
		s.printf(`<text x="%s" y="%d" fill="%s">%s</text>`, num(x+12), y+12, foreground, m.text)
		x += 12 + float64(len(m.text))*charW + 16
	}
	s.printf("</g>\n")
	return roundUp(y+rowH+8, rowH)
}

func roundUp(y, to int) int { return (y + to - 1) / to * to }

// laneHeight is the height writeLane takes for lane l.
func laneHeight(l Lane, o Options) int {
	workers, tasks, more := rows(l, o.maxRows())
	h := rowH + 4 // the header
	if l.Result.Incomplete != "" {
		h += rowH
	}
	h += (len(workers) + len(tasks)) * rowH
	if more > 0 {
		h += rowH
	}
	h += 2 * rowH // the axis and its labels
	return roundUp(h+rowH, rowH)
}

func pictureHeight(p Picture, o Options) int {
	y := margin + lineH + 2
	if p.Params != "" {
		y += lineH
	}
	y = roundUp(y+rowH*3+8, rowH) // the legend, on up to three lines
	for _, l := range p.Lanes {
		y += laneHeight(l, o)
	}
	return y + lineH*(len(p.Lanes)+1) + margin
}

// writeLane draws lane l at y and returns the y under it.
func writeLane(s *svgWriter, i int, l Lane, g Geometry, o Options, y int) int {
	tr := l.Result.Trace
	right := g.X0 + g.W + markRoom
	s.printf(`<g class="lane" id="lane-%d" data-variant="%s" data-total-ns="%d">`+"\n", i+1, esc(l.Variant), int64(tr.Total))
	head := l.Variant
	if l.Summary != "" {
		head += " — " + l.Summary
	}
	state, color := DoneGlyph+" "+trace.Clock(tr.Total), Palette[2]
	if l.Result.Deadlock != nil {
		state, color = DeadlockedGlyph+" deadlock at "+trace.Clock(tr.Total), Palette[DeadlockedANSI]
	}
	if l.Speedup != "" && l.Speedup != "-" {
		state += "  " + l.Speedup
	}
	room := int((right-float64(margin))/charW) - len([]rune(state)) - 3
	s.printf(`<text class="lane-title" x="%d" y="%d" fill="%s" font-weight="bold">%s</text>`, margin, y+12, Palette[15], esc(cut(head, max(room, 8))))
	s.printf(`<text class="lane-total" x="%s" y="%d" fill="%s" text-anchor="end" font-weight="bold">%s</text>`+"\n", num(right), y+12, color, esc(state))
	y += rowH + 4
	if l.Result.Incomplete != "" {
		s.printf(`<text class="incomplete" x="%d" y="%d" fill="%s">%s</text>`+"\n", margin, y+12, Palette[3], esc(cut("did not do all its work: "+l.Result.Incomplete, int((right-margin)/charW))))
		y += rowH
	}
	y = roundUp(y, rowH)
	workers, tasks, more := rows(l, o.maxRows())
	top := y
	for _, r := range workers {
		writeRow(s, r, g, y, true)
		y += rowH
	}
	for _, r := range tasks {
		writeRow(s, r, g, y, false)
		y += rowH
	}
	if more > 0 {
		s.printf(`<text class="more" x="%d" y="%d" fill="%s">… %d more task(s) not drawn</text>`+"\n", margin, y+12, Palette[MutedANSI], more)
		y += rowH
	}
	writeAxis(s, g, top, y)
	y += 2 * rowH
	s.printf("</g>\n")
	return roundUp(y+rowH, rowH)
}

// writeRow draws one row at y: its label, its spans, its end mark.
func writeRow(s *svgWriter, r row, g Geometry, y int, worker bool) {
	class := "task"
	if worker {
		class = "worker"
	}
	s.printf(`<g class="row %s" data-name="%s" transform="translate(0,%d)">`, class, esc(r.name), y)
	color := foreground
	if worker {
		color = Palette[MutedANSI]
	}
	s.printf(`<text class="label" x="%d" y="12" fill="%s">%s</text>`, margin, color, esc(cut(r.name, maxLabel)))
	var end time.Duration
	for _, pc := range pieces(r.spans, g, worker) {
		ry, rh, fill := kindRect(pc.kind)
		x0, x1 := g.X(pc.start), g.X(pc.end)
		s.printf(`<rect class="span %s" x="%s" y="%d" width="%s" height="%d" %s`, pc.kind, num(x0), ry, num(max(x1-x0, 0.01)), rh, fill)
		if !pc.binned {
			s.printf(` data-start-ns="%d" data-end-ns="%d"`, int64(pc.start), int64(pc.end))
		}
		s.printf("/>")
		end = max(end, pc.end)
	}
	for _, sp := range r.spans {
		end = max(end, sp.End)
	}
	if r.mark != "" {
		color := Palette[LeakedANSI]
		if r.mark == DeadlockedGlyph {
			color = Palette[DeadlockedANSI]
		}
		s.printf(`<text class="mark" x="%s" y="12" fill="%s" font-weight="bold">%s</text>`, num(g.X(end)+3), color, r.mark)
	}
	s.printf("</g>\n")
}

// writeAxis draws the time axis under the rows (top..y): a line, ticks at
// round times (and faint lines up through the rows), their labels.
func writeAxis(s *svgWriter, g Geometry, top, y int) {
	mid := y + rowH/2
	s.printf(`<g class="axis">`)
	s.printf(`<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="%s"/>`, num(g.X0), mid, num(g.X0+g.W), mid, Palette[MutedANSI])
	step := TickStep(g.Window, g.W, 64)
	if step > 0 {
		for t := time.Duration(0); t <= g.Window; t += step {
			x := num(g.X(t))
			s.printf(`<line class="grid" x1="%s" y1="%d" x2="%s" y2="%d" stroke="%s" stroke-opacity="0.25"/>`, x, top, x, mid, Palette[MutedANSI])
			s.printf(`<line class="tick" x1="%s" y1="%d" x2="%s" y2="%d" stroke="%s"/>`, x, mid, x, mid+5, Palette[MutedANSI])
			anchor := "middle"
			if t == 0 {
				anchor = "start"
			}
			s.printf(`<text class="tick-label" x="%s" y="%d" fill="%s" text-anchor="%s" data-ns="%d">%s</text>`, x, mid+rowH+2, Palette[MutedANSI], anchor, int64(t), Short(t))
		}
	}
	s.printf("</g>\n")
}

// writeTotals draws the table of totals at y, as `run` prints it.
func writeTotals(s *svgWriter, p Picture, y int) {
	w := len("variant")
	for _, l := range p.Lanes {
		w = max(w, len([]rune(l.Variant)))
	}
	line := func(y int, cls, color string, cells ...string) {
		s.printf(`<text class="%s" x="%d" y="%d" fill="%s" xml:space="preserve">%s</text>`+"\n", cls, margin, y+12, color, esc(fmt.Sprintf("%-*s  %-10s  %-8s  %s", w, cells[0], cells[1], cells[2], cells[3])))
	}
	s.printf(`<g class="totals">` + "\n")
	line(y, "totals-head", Palette[MutedANSI], "variant", "total", "speedup", "facts")
	for _, l := range p.Lanes {
		y += lineH
		facts := l.Facts
		if !l.Result.Complete() {
			facts = strings.TrimSpace(l.Result.Incomplete + "; " + facts)
		}
		sp := l.Speedup
		if sp == "" {
			sp = "-"
		}
		line(y, "totals-row", foreground, l.Variant, trace.Clock(l.Result.Trace.Total), sp, facts)
	}
	s.printf("</g>\n")
}
