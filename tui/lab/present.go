package lab

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/components/frame"
	"conclab/tui/keymap"
	"conclab/tui/realrun"
	"conclab/tui/styles"
)

// The presenter view (c, or conclab --present) is the lab screen for a
// projector: one or two lanes the full width of the screen, drawn in the
// thick, high-contrast glyphs of styles.Presenter, the lab's title and the
// clock in bold with room around them, and no chrome: no help bar but one
// discreet line (c exit presenter · w walkthrough), no header of
// parameters, the walkthrough only on demand (w). The lanes shown are the
// selected one and, when the lab shows several and the height gives each
// at least minPresentLane lines, the one selected before it (at first the
// lane the totals compare it with), stacked so that their columns mean
// the same time. tab and 1-6 still choose; the keys of the lab screen all
// work, the legend (L) included.

// minPresentLane is the fewest lines a lane of the presenter view gets:
// below it, one lane is shown instead of two.
const minPresentLane = 12

// presenter is the presenter view's state. The zero value is off.
type presenter struct {
	on   bool
	walk bool // the walkthrough is shown (w)
	// st are the presenter styles, made from base (the screen's styles).
	st   styles.Styles
	base *styles.Set
	// cur is the lane selected when the view was last laid out, prev the
	// one selected before it (-1: none): the two lanes compared.
	cur, prev int
	// lanes are the lanes shown, in order, heights their heights.
	lanes, heights []int
}

// Presenting reports whether the presenter view is on.
func (m Model) Presenting() bool { return m.pres.on }

// SetPresenting turns the presenter view on or off. A puzzle lab, which
// shows no lanes, stays as it is.
func (m *Model) SetPresenting(on bool) {
	if m.puzzles != nil {
		return
	}
	m.pres.on = on
	if on {
		m.pres.walk = false
		m.pres.cur, m.pres.prev = m.selected, -1
	}
	st := m.c.Styles
	if on {
		st = m.presentStyles()
	}
	for i := range m.panes {
		m.panes[i].SetStyles(st)
	}
	m.layout()
}

// presentStyles are the presenter styles for the screen's styles, made
// once for them.
func (m *Model) presentStyles() styles.Styles {
	if m.pres.base != m.c.Styles.Set {
		m.pres.st, m.pres.base = m.c.Styles.Presenter(), m.c.Styles.Set
	}
	return m.pres.st
}

// presentKey handles the presenter's own keys: c turns the view on and
// off, and while it is on, w shows and hides the walkthrough. Other keys
// are the lab screen's (ok false).
func (m *Model) presentKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	k := m.c.Keys.Lab
	switch {
	case key.Matches(msg, k.Present):
		m.SetPresenting(!m.pres.on)
		return nil, true
	case m.pres.on && key.Matches(msg, k.Walkthrough):
		m.pres.walk = !m.pres.walk
		m.layout()
		return nil, true
	}
	return nil, false
}

// presentHelp is the help of the presenter view, when no overlay or
// prompt has the keys: the one discreet line. Its full help (?) leaves
// out the legend of the lanes' glyphs (Lanes false): the root draws the
// normal glyphs, and the view keeps the key of its own under the lanes.
func (m Model) presentHelp() keymap.Bindings {
	return m.c.Keys.Lab.PresenterBindings(realrun.Has(m.lab.Name))
}

// presentTop is the lines above the walkthrough and the lanes: the title
// and clock lines (see presentHeader), and a blank line under them when
// the screen has the room.
func (m Model) presentTop() int {
	switch {
	case m.bigClock():
		return bigHeight + 1
	case m.c.Height >= 30:
		return 2
	}
	return 1
}

// bigClock says whether the clock is drawn in large characters (bigText):
// on a Unicode screen at least 40 lines high and 100 columns wide.
func (m Model) bigClock() bool {
	return !m.c.Styles.ASCII && m.c.Height >= 40 && m.c.Width >= 100
}

// presentLayout lays the presenter view out: the title and clock line,
// the walkthrough when shown, the lanes compared, the summary and the
// legend.
func (m *Model) presentLayout() {
	w, h := m.c.Width, m.c.Height
	st := m.presentStyles()
	for i := range m.panes {
		m.panes[i].SetStyles(st) // lanes of a new run come in the screen's styles
	}
	var l layout
	l.bodyTop = m.presentTop()
	l.bodyH = max(h-l.bodyTop-m.summaryLines()-1, 0)
	if m.pres.walk {
		m.walk.SetSize(w, 1)
		l.walkH = min(max(5, min(14, h*3/10)), m.walk.ContentHeight())
		l.walkH = min(l.walkH, l.bodyH-minLaneHeight)
		if l.walkH < 3 {
			l.walkH = 0
		}
	}
	l.walkTop = l.bodyTop
	l.lanesTop, l.lanesH = l.bodyTop+l.walkH, l.bodyH-l.walkH
	if l.walkH > 0 {
		l.lanesTop++
		l.lanesH--
	}
	m.walk.SetSize(w, l.walkH)
	m.pres.lanes = m.presentedLanes(l.lanesH)
	m.pres.heights = m.presentHeights(l.lanesH)
	n := max(len(m.pres.lanes), 1)
	l.perRow, l.rows, l.shownRows, l.laneH = 1, n, n, l.lanesH/n
	m.lay = l
	for k, i := range m.pres.lanes {
		m.panes[i].SetSize(w, m.pres.heights[k])
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

// presentedLanes are the lanes the presenter view shows in height lines,
// in lane order: the selected lane, and the one selected before it (at
// first, or when it is gone, the lane the totals compare the selected
// one with: see partner) when there are two lanes and they both get
// minPresentLane lines.
func (m *Model) presentedLanes(height int) []int {
	n := len(m.panes)
	if n == 0 {
		return nil
	}
	sel := min(m.selected, n-1)
	if sel != m.pres.cur {
		m.pres.prev, m.pres.cur = m.pres.cur, sel
	}
	if n == 1 || height/2 < minPresentLane {
		return []int{sel}
	}
	other := m.pres.prev
	if other < 0 || other >= n || other == sel {
		other = m.partner(sel)
		m.pres.prev = other
	}
	lanes := []int{sel, other}
	slices.Sort(lanes)
	return lanes
}

// presentHeights shares height out between the lanes shown: all of it
// to one lane; between two, halves, but a lane that wants less than half
// (every row and its output: pane.Wants) gets what it wants (at least
// minPresentLane) and the other lane the rest.
func (m Model) presentHeights(height int) []int {
	switch len(m.pres.lanes) {
	case 0:
		return nil
	case 1:
		return []int{height}
	}
	a, b := m.panes[m.pres.lanes[0]], m.panes[m.pres.lanes[1]]
	first := height / 2
	if wa := a.Wants(); wa < first {
		first = max(wa, minPresentLane)
	} else if wb := b.Wants(); wb < height-first {
		first = height - max(wb, minPresentLane)
	}
	return []int{first, height - first}
}

// partner is the lane lane i is compared with: the lane its speedup is
// over (labs.Baselines), else the first lane, or the second for the first.
func (m Model) partner(i int) int {
	names := make([]string, len(m.panes))
	results := make([]labs.Result, len(m.panes))
	for j, p := range m.panes {
		names[j] = p.Name()
		results[j], _, _ = p.Result()
	}
	if b := labs.Baselines(m.lab.Works(names), results)[i]; b >= 0 && b != i {
		return b
	}
	if i != 0 {
		return 0
	}
	return 1
}

// presentLaneAt is the lane shown at line y of the presenter view, or the
// selected lane.
func (m Model) presentLaneAt(y int) int {
	top := m.lay.lanesTop
	for k, h := range m.pres.heights {
		if y >= top && y < top+h {
			return m.pres.lanes[k]
		}
		top += h
	}
	return m.selected
}

// presentView draws the presenter view, exactly Width x Height cells.
func (m Model) presentView() string {
	w, h := m.c.Width, m.c.Height
	st := m.pres.st
	parts := []string{m.presentHeader()}
	if m.presentTop() > 1 {
		parts = append(parts, "")
	}
	if o, ok := m.overlayView(); ok {
		parts = append(parts, o)
	} else {
		if m.lay.walkH > 0 {
			parts = append(parts, m.walk.View(), "")
		}
		parts = append(parts, m.withDetail(m.presentLanes()))
	}
	// The summary keeps the lines the layout gave it (the totals' when
	// they come), so that the legend stays on the last line.
	summary := frame.Block(frame.Lines(m.summary()), w, m.summaryLines(), st.Glyphs.Ellipsis)
	parts = append(parts, summary, m.presentLegend())
	return frame.Block(frame.Lines(strings.Join(parts, "\n")), w, h, st.Glyphs.Ellipsis)
}

// presentHeader is the lab's title on the left and the clock on the
// right, both in bold with a blank cell around them: "▶ 0:00:02.5 /
// 0:00:10", the end left out when the width is short; on a large screen
// (bigClock), the time at the cursor in characters three lines high, the
// state and the end under the title.
func (m Model) presentHeader() string {
	st, g := m.pres.st, m.pres.st.Glyphs
	left := " " + st.Title.Render(m.lab.Title)
	if m.pending != nil {
		left += "  " + st.Hint.Render("running"+g.Ellipsis)
	}
	if parts := append(m.zoomStatus(), m.rowsParts()...); len(parts) > 0 { // the status line is hidden: the zoom, the mark, the fold and the rows' filter, highlight and order said here
		left += "  " + st.Hint.Render(strings.Join(parts, g.Separator))
	}
	state := g.Pause
	if m.clock.Playing() {
		state = g.Play
	}
	at := trace.Clock(max(m.clock.At(), 0))
	if big, ok := bigText(at); ok && m.bigClock() {
		words := state + " paused"
		if m.clock.Playing() {
			words = state + " playing"
		}
		// The clock keeps the width of its widest form (the end with
		// milliseconds), so that its digits stay put while it plays.
		widest, _ := bigText(strings.SplitN(trace.Clock(m.clock.End()), ".", 2)[0] + ".000")
		fill := strings.Repeat(" ", max(frame.Width(widest[0])-frame.Width(big[0]), 0))
		lefts := [bigHeight]string{left, " " + st.Title.Render(words) + st.Muted.Render(g.Separator+"end "+trace.Clock(m.clock.End())), ""}
		lines := make([]string, bigHeight)
		for l := range bigHeight {
			lines[l] = frame.Spread(lefts[l], st.Title.Render(big[l]+fill)+" ", m.c.Width, g.Ellipsis)
		}
		return strings.Join(lines, "\n")
	}
	now := state + " " + at
	right := st.Title.Render(now+" / "+trace.Clock(m.clock.End())) + " "
	if frame.Width(left)+frame.Width(right)+2 > m.c.Width {
		right = st.Title.Render(now) + " "
	}
	return frame.Spread(left, right, m.c.Width, g.Ellipsis)
}

// presentLanes draws the lanes shown, stacked, each the full width.
func (m Model) presentLanes() string {
	st := m.pres.st
	l := m.lay
	if m.err != nil {
		return frame.Block([]string{st.Error.Render(m.err.Error())}, m.c.Width, l.lanesH, st.Glyphs.Ellipsis)
	}
	if len(m.pres.lanes) == 0 {
		msg := "running " + strings.Join(m.shown, ", ") + st.Glyphs.Ellipsis
		return frame.Block([]string{st.Hint.Render(msg)}, m.c.Width, l.lanesH, st.Glyphs.Ellipsis)
	}
	lines := make([]string, 0, l.lanesH)
	for _, i := range m.pres.lanes {
		lines = append(lines, frame.Lines(m.panes[i].View())...)
	}
	return frame.Block(lines, m.c.Width, l.lanesH, st.Glyphs.Ellipsis)
}

// presentLegend is the key of the presenter glyphs (and of the marks at
// the end of rows, once shown), in full when it fits, else compact.
func (m Model) presentLegend() string {
	st := m.pres.st
	marks, shown := m.markLegend()
	if !shown {
		marks = [2]string{}
	}
	if full := " " + st.Legend() + marks[0]; frame.Width(full) <= m.c.Width {
		return full
	}
	return " " + st.CompactLegend() + marks[1]
}
