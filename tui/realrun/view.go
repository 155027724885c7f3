package realrun

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"conclab/internal/realrun"
	"conclab/labs/trace"
	"conclab/tui/components/frame"
)

// Sizes: below 2*minPaneWidth a variant's two lanes stack instead of
// standing side by side; each variant shown gets at least minPairHeight
// lines (its lanes side by side), and the variants that do not fit are
// reached with tab.
const (
	minPaneWidth  = 36
	minPairHeight = 9
)

// layout is where the variants go.
type layout struct {
	// side: a variant's lanes stand side by side (else predicted above measured).
	side bool
	// bodyH lines hold shown variants from first, pairH lines each (the
	// first extra of them one more).
	bodyH, shown, first, pairH, extra int
	summary                           []string
}

// chrome: the header above, the status line below (the summary's lines too).
const headerLines, statusLines = 1, 1

// layout sizes the lanes for the current size and runs.
func (m *Model) layout() {
	w, h := m.c.Width, m.c.Height
	var l layout
	l.summary = m.summaryLines(w)
	l.bodyH = max(h-headerLines-statusLines-len(l.summary), 0)
	l.side = w >= 2*minPaneWidth
	n := max(len(m.pairs), 1)
	per := minPairHeight
	if !l.side {
		per *= 2
	}
	// A variant with few tasks (the spinner's three) gets the lines that
	// show all of them, if that takes at most twice the minimum: fewer
	// variants a page, none with its key row scrolled away.
	if need := m.pairNeed(l.side); need > per && need <= 2*per {
		per = need
	}
	l.shown = max(1, min(n, l.bodyH/per))
	l.pairH = l.bodyH / l.shown
	l.extra = l.bodyH - l.pairH*l.shown
	l.first = max(0, min(m.lay.first, n-l.shown))
	if m.selected < l.first {
		l.first = m.selected
	}
	if m.selected >= l.first+l.shown {
		l.first = m.selected - l.shown + 1
	}
	m.lay = l
	for i := range m.pairs {
		p := &m.pairs[i]
		ph := l.pairH
		if r := i - l.first; r >= 0 && r < l.extra {
			ph++
		}
		if l.side {
			p.pred.SetSize(w/2, ph)
			p.meas.SetSize(w-w/2, ph)
		} else {
			p.pred.SetSize(w, ph/2)
			p.meas.SetSize(w, ph-ph/2)
		}
		p.pred.SetFocused(i == m.selected && len(m.pairs) > 1)
		p.meas.SetFocused(i == m.selected && len(m.pairs) > 1)
	}
}

// pairNeed is the most lines a variant needs to show all its tasks, by its
// prediction (known before the real run has started any).
func (m *Model) pairNeed(side bool) int {
	need := 0
	for _, p := range m.pairs {
		c := p.pred.Complete()
		if !side {
			c *= 2
		}
		need = max(need, c)
	}
	return need
}

// View draws the view, exactly Width x Height cells.
func (m Model) View() string {
	w, h := m.c.Width, m.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	st := m.c.Styles
	lines := []string{m.header()}
	if m.err != nil {
		var msg []string // wrapped, not cut: it names the labs that have real runs
		for _, l := range strings.Split(ansi.Wrap(m.err.Error(), w, ""), "\n") {
			msg = append(msg, st.Error.Render(l))
		}
		lines = append(lines, frame.Lines(frame.Block(msg, w, m.lay.bodyH, st.Glyphs.Ellipsis))...)
	} else {
		lines = append(lines, m.body()...)
	}
	lines = append(lines, m.status())
	lines = append(lines, m.lay.summary...)
	return frame.Block(lines, w, h, st.Glyphs.Ellipsis)
}

// body draws the shown variants: each its predicted and measured lanes.
func (m Model) body() []string {
	l := m.lay
	out := make([]string, 0, l.bodyH)
	for i := l.first; i < min(l.first+l.shown, len(m.pairs)); i++ {
		p := m.pairs[i]
		pred, meas := strings.Split(p.pred.View(), "\n"), strings.Split(p.meas.View(), "\n")
		if !l.side {
			out = append(append(out, pred...), meas...)
			continue
		}
		for y := range max(len(pred), len(meas)) {
			line := ""
			if y < len(pred) {
				line = pred[y]
			}
			if y < len(meas) {
				line += meas[y]
			}
			out = append(out, line)
		}
	}
	for len(out) < l.bodyH {
		out = append(out, "")
	}
	return out[:l.bodyH]
}

// header is conclab's name, the lab's title (and the conclab serve the
// runs use, when they share one) and the parameter values.
func (m Model) header() string {
	st := m.c.Styles
	left := st.App.Render("conclab") + st.Muted.Render(" › ") + st.Title.Render(m.lab.Title) +
		st.Muted.Render(" › ") + st.Title.Render("real runs")
	if m.server != "" { // the room's conclab serve: said where the lanes' titles may be too narrow
		left += st.Muted.Render(" at ") + st.Title.Render(strings.TrimPrefix(m.server, "http://"))
	}
	var vals []string
	for _, p := range m.lab.Params {
		vals = append(vals, p.Show(m.values))
	}
	return frame.Spread(left, st.Muted.Render(strings.Join(vals, " ")), m.c.Width, st.Glyphs.Ellipsis)
}

// status says what runs (live, with the wall clock), or that all is over,
// which variants are shown, and the legend.
func (m Model) status() string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	var live, waits []string
	var longest time.Duration
	for _, p := range m.pairs {
		switch p.status {
		case running:
			live = append(live, p.v.Name)
			longest = max(longest, m.reached(p))
		case waiting:
			waits = append(waits, p.v.Name)
		}
	}
	var parts []string
	switch {
	case m.err != nil:
	case len(live) > 0:
		parts = append(parts, st.Warning.Render(g.Play+" live "+trace.Clock(longest))+" "+
			st.Muted.Render("wall clock: ")+strings.Join(live, ", "))
		if len(waits) > 0 {
			parts = append(parts, "next: "+strings.Join(waits, ", "))
		}
	case m.gen == 0 || len(waits) > 0:
		parts = append(parts, st.Hint.Render("starting"+g.Ellipsis))
	case m.none(done):
		parts = append(parts, st.Error.Render(g.Refused+" no real run"))
	default:
		parts = append(parts, st.Success.Render(g.Done+" real runs over")+st.Muted.Render(" (r runs them again)"))
	}
	switch l := m.lay; {
	case l.shown == 1 && len(m.pairs) > 1:
		parts = append(parts, fmt.Sprintf("variant %d of %d (tab)", l.first+1, len(m.pairs)))
	case l.shown < len(m.pairs):
		parts = append(parts, fmt.Sprintf("variants %d-%d of %d (tab)", l.first+1, l.first+l.shown, len(m.pairs)))
	}
	left := strings.Join(parts, st.Muted.Render(g.Separator))
	legend := st.Legend()
	if frame.Width(left)+frame.Width(legend)+2 > m.c.Width {
		legend = st.CompactLegend()
	}
	if m.err != nil || frame.Width(left)+frame.Width(legend)+2 > m.c.Width {
		legend = ""
	}
	return frame.Spread(left, legend, m.c.Width, g.Ellipsis)
}

// none reports whether no variant is in state s.
func (m Model) none(s status) bool {
	for _, p := range m.pairs {
		if p.status == s {
			return false
		}
	}
	return true
}

// summaryLines are the totals compared, once every run is over (wrapped at
// the separators to width), or a hint while they run, or the first error.
func (m Model) summaryLines(width int) []string {
	st := m.c.Styles
	switch {
	case m.err != nil:
		return nil
	case m.note != "":
		return []string{st.Error.Render(frame.Cut(oneLine(m.note), width, st.Glyphs.Ellipsis))}
	case m.Running() || m.gen == 0:
		return []string{st.Muted.Render(frame.Cut("Each measured lane fills as its real run goes; beside it, what the virtual clock predicted by then.", width, st.Glyphs.Ellipsis))}
	}
	items := make([]string, 0, len(m.pairs))
	for _, p := range m.pairs {
		items = append(items, m.compare(p))
	}
	return wrapItems("Predicted → measured: ", items, st.Muted.Render(st.Glyphs.Separator), width)
}

// compare is one variant's totals: "sequential 10 s → 10.027 s (1.00×)".
func (m Model) compare(p pair) string {
	st := m.c.Styles
	name := st.Title.Render(p.v.Name)
	if p.status == failed {
		return name + " " + st.Error.Render("failed")
	}
	measured := m.reached(p)
	s := fmt.Sprintf("%s %s s → %s s", name, trace.Seconds(p.predTotal), trace.Seconds(measured))
	ratio, ok := p.facts[realrun.FactRatio].(float64)
	if !ok && p.predTotal > 0 {
		ratio, ok = Ratio(measured, p.predTotal), true
	}
	if ok {
		s += " " + st.Success.Render(fmt.Sprintf("(%.2f×)", ratio))
	}
	return s
}

// Ratio is measured / predicted, as internal/realrun rounds it: to the
// millisecond measured, then two decimals. It is 0 when predicted is 0.
func Ratio(measured, predicted time.Duration) float64 {
	if predicted <= 0 {
		return 0
	}
	measured = measured.Round(time.Millisecond)
	return float64(int64(100*float64(measured)/float64(predicted)+0.5)) / 100
}

// wrapItems joins items with sep into lines of at most width cells,
// breaking only between items, the first line starting with lead when it fits.
func wrapItems(lead string, items []string, sep string, width int) []string {
	if frame.Width(lead+strings.Join(items, sep)) > width {
		lead = ""
	}
	var lines []string
	cur := lead
	for i, it := range items {
		switch {
		case i == 0:
			cur += it
		case frame.Width(cur+sep+it) <= width:
			cur += sep + it
		default:
			lines = append(lines, cur)
			cur = it
		}
	}
	return append(lines, cur)
}

// oneLine is err's text on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), " ") }
