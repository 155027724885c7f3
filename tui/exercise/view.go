package exercise

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/exercises"
	"conclab/labs/trace"
	"conclab/tui/components/frame"
)

// The screen's chrome: the header line above, the clock and summary lines
// below; lanes get at least minLanesH lines and at most lanesShare percent
// of the body when the text above needs the room.
const (
	headerLines = 1
	statusLines = 2
	minLanesH   = 9
	lanesShare  = 55
	// Below wideLanes columns the three lanes are too narrow to read: the
	// screen shows yours and one reference, tab switching the reference.
	wideLanes = 100
)

// layout is where each part of the screen goes.
type layout struct {
	bodyH  int // between the header and the status lines
	info   []string
	infoH  int // info lines shown
	hintAt int // the info line just after the hints
	lanesH int // 0 before the first check
}

// layout sizes the text and the lanes for the current size and content.
func (m *Model) layout() {
	var l layout
	l.bodyH = max(m.c.Height-headerLines-statusLines, 0)
	l.info, l.hintAt = m.infoLines()
	l.infoH = l.bodyH
	if len(m.lanes) > 0 {
		want := 3
		for _, ln := range m.lanes {
			if ln.traced {
				want = max(want, ln.pane.Wants())
			}
		}
		l.lanesH = max(min(want, l.bodyH*lanesShare/100), min(minLanesH, l.bodyH))
		l.infoH = l.bodyH - l.lanesH - 1 // a blank line between them
		if l.infoH > len(l.info) {
			l.lanesH += l.infoH - len(l.info)
			l.infoH = len(l.info)
		}
		l.infoH = max(l.infoH, 0)
	}
	m.lay = l
	m.infoOff = max(0, min(m.infoOff, len(l.info)-l.infoH))
	shown := m.shownLanes()
	for i := range m.lanes {
		if m.lanes[i].traced {
			m.lanes[i].pane.SetSize(m.laneWidth(min(i, len(shown)-1)), l.lanesH)
		}
	}
	if m.solutionOn {
		m.solution.SetSize(m.c.Width, l.bodyH)
	}
}

// narrow reports whether the screen shows two of its three lanes (yours
// and one reference), too narrow for three.
func (m Model) narrow() bool { return len(m.lanes) == 3 && m.c.Width < wideLanes }

// shownLanes are the indexes of the lanes shown, left to right: all of
// them, or when narrow yours and the reference tab chose.
func (m Model) shownLanes() []int {
	if !m.narrow() {
		all := make([]int, len(m.lanes))
		for i := range all {
			all[i] = i
		}
		return all
	}
	return []int{0, 1 + int(m.other)}
}

// laneWidth is the width of the lane in place i: the width shared out
// among the lanes shown, the first ones taking the remainder.
func (m Model) laneWidth(i int) int {
	n := max(len(m.shownLanes()), 1)
	w := m.c.Width / n
	if i < m.c.Width%n {
		w++
	}
	return w
}

// otherLane switches the reference shown beside yours on a narrow screen.
func (m *Model) otherLane() {
	if !m.narrow() {
		m.note = "All three lanes show: tab switches the lane beside yours below " + fmt.Sprint(wideLanes) + " columns."
		return
	}
	m.other = (m.other + 1) % 2
	m.layout()
}

// scrollInfo scrolls the text above the lanes by n lines.
func (m *Model) scrollInfo(n int) {
	m.infoOff = max(0, min(m.infoOff+n, len(m.lay.info)-m.lay.infoH))
}

// scrollToHints scrolls the text so that the last hint shown is in view.
func (m *Model) scrollToHints() {
	if end := m.lay.hintAt; end > m.infoOff+m.lay.infoH {
		m.scrollInfo(end - m.infoOff - m.lay.infoH)
	}
}

// wrap wraps text to the screen's width, each line styled, continuation
// lines indented by indent spaces.
func (m Model) wrap(style lipgloss.Style, text string, indent int) []string {
	w := max(m.c.Width-indent, 10)
	var out []string
	for i, l := range strings.Split(ansi.Wrap(text, w, ""), "\n") {
		pad := ""
		if i > 0 {
			pad = strings.Repeat(" ", indent)
		}
		out = append(out, pad+style.Render(l))
	}
	return out
}

// infoLines is the text above the lanes: the exercise's title and file, the
// verdict, the hints shown and the goal. hintAt is the line after the hints.
func (m Model) infoLines() (lines []string, hintAt int) {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	if m.index < 0 {
		return m.wrap(st.Muted, m.unavailable(), 0), 0
	}
	out := m.wrap(st.Title, m.ex.Title, 0)
	status := st.Muted.Render("not solved yet")
	if m.rec.Solved {
		status = st.Success.Render(g.Done + " solved")
	}
	file := st.Muted.Render("file ") + m.ex.Path() + st.Muted.Render(g.Separator) + status
	if m.rec.Checks > 0 {
		file += st.Muted.Render(fmt.Sprintf("%schecked %d×", g.Separator, m.rec.Checks))
	}
	if m.count > 1 {
		file += st.Muted.Render(fmt.Sprintf("%sexercise %d of %d (n: next)", g.Separator, m.index+1, m.count))
	}
	out = append(out, file)
	if why := m.unavailable(); why != "" {
		out = append(out, m.wrap(st.Error, why, 2)...)
	}
	verdict := m.verdictLines()
	if m.warning != "" {
		verdict = append(verdict, m.wrap(st.Warning, m.warning, 2)...)
	}
	if len(verdict) > 0 {
		out = append(out, "")
		out = append(out, verdict...)
	}
	if hints := m.hintLines(); len(hints) > 0 {
		out = append(out, "")
		out = append(out, hints...)
	}
	hintAt = len(out)
	if m.env.Root != "" {
		out = append(out, "", st.Title.Render("Goal"))
		if m.goalErr != nil {
			out = append(out, m.wrap(st.Error, m.goalErr.Error(), 2)...)
		}
		for _, para := range strings.Split(m.goal, "\n\n") {
			if para = strings.Join(strings.Fields(para), " "); para != "" {
				out = append(out, m.wrap(st.Text, para, 0)...)
			}
		}
	}
	return out, hintAt
}

// verdictLines say what the last check came to, or that it runs, or what
// to do first.
func (m Model) verdictLines() []string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	var out []string
	if m.checking {
		out = append(out, st.Hint.Render(fmt.Sprintf("checking%s %d s", g.Ellipsis, m.seconds))+
			st.Muted.Render("  (go test -race in a child process; esc stops it)"))
	}
	switch {
	case m.checkErr != nil:
		out = append(out, m.wrap(st.Error, "The checks could not run: "+m.checkErr.Error(), 2)...)
	case m.report != nil:
		v := m.report.Verdict
		mark, style := g.Refused, st.Error
		if v.Passed() {
			mark, style = g.Done, st.Success
		}
		out = append(out, m.wrap(style, mark+" "+v.String(), 2)...)
		for _, d := range v.Details {
			lead := len(d) - len(strings.TrimLeft(d, " "))
			out = append(out, m.wrap(st.Text, "  "+d, lead+4)...)
		}
		for _, w := range v.Where {
			out = append(out, m.wrap(st.Muted, "  at "+w.String(), 4)...)
		}
		for _, n := range m.report.Notes {
			out = append(out, m.wrap(st.Muted, "  note: "+n, 4)...)
		}
		if v.Passed() {
			out = append(out, m.wrap(st.Hint, "Solved! "+m.nextText()+" s shows the solution, with comments on each answer.", 0)...)
		}
	case !m.checking && m.unavailable() == "":
		text := "Not checked yet: c runs the checks"
		if m.rec.Last != "" {
			text += fmt.Sprintf(" (last time: %s)", m.rec.Last)
		}
		out = append(out, m.wrap(st.Hint, text+".", 0)...)
		out = append(out, m.wrap(st.Muted, "Your run then plays below, beside the solution's and the naive version's, on one clock.", 0)...)
	}
	return out
}

// hintLines are the hints shown so far, and how to see the next one.
func (m Model) hintLines() []string {
	st := m.c.Styles
	n := len(m.ex.Hints)
	if n == 0 {
		return nil
	}
	var out []string
	for i := range min(m.rec.Hints, n) {
		out = append(out, m.wrap(st.Text, fmt.Sprintf("hint %d/%d: %s", i+1, n, m.ex.Hints[i]), 2)...)
	}
	switch {
	case m.rec.Hints == 0 && m.rec.Solved:
	case m.rec.Hints == 0:
		out = append(out, st.Muted.Render(fmt.Sprintf("Stuck? h shows a hint (%d, each more detailed).", n)))
	case m.rec.Hints < n:
		out = append(out, st.Muted.Render("h shows the next hint."))
	}
	return out
}

// View draws the screen, exactly Width x Height cells.
func (m Model) View() string {
	w, h := m.c.Width, m.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := []string{m.header()}
	if m.solutionOn {
		lines = append(lines, frame.Lines(m.solution.View())...)
	} else {
		lines = append(lines, m.infoView()...)
		if m.lay.lanesH > 0 {
			lines = append(lines, frame.Spread("", m.lanesHint(), m.c.Width, m.c.Styles.Glyphs.Ellipsis))
			lines = append(lines, m.lanesView()...)
		}
	}
	lines = frame.Lines(frame.Block(lines, w, h-statusLines, m.c.Styles.Glyphs.Ellipsis))
	lines = append(lines, m.status(), m.summary())
	return frame.Block(lines, w, h, m.c.Styles.Glyphs.Ellipsis)
}

// header is conclab's name, the lab and the exercise, with the watch and
// check badges on the right.
func (m Model) header() string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	sep := st.Muted.Render(" › ")
	left := st.App.Render("conclab") + sep + st.Title.Render(m.lab.Title) + sep + st.Title.Render("exercise")
	if m.index >= 0 {
		left += st.Muted.Render(" " + m.ex.Name)
	}
	var badges []string
	if m.solutionOn {
		badges = append(badges, st.Hint.Render("solution (esc closes)"))
	}
	if m.checking {
		badges = append(badges, st.Hint.Render(fmt.Sprintf("checking%s %d s", g.Ellipsis, m.seconds)))
	}
	if m.watching {
		badges = append(badges, st.Success.Reverse(true).Render(" watching "))
	}
	return frame.Spread(left, strings.Join(badges, "  "), m.c.Width, g.Ellipsis)
}

// infoView is the shown part of the text, with marks where more is above
// or below.
func (m Model) infoView() []string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	l := m.lay
	end := min(m.infoOff+l.infoH, len(l.info))
	out := append([]string(nil), l.info[m.infoOff:end]...)
	if len(out) == 0 {
		return out
	}
	if m.infoOff > 0 {
		out[0] = st.Muted.Render(fmt.Sprintf("%s %d more above (pgup)", g.Up, m.infoOff))
	}
	if below := len(l.info) - end; below > 0 {
		out[len(out)-1] = st.Muted.Render(fmt.Sprintf("%s %d more below (pgdn)", g.Down, below+1))
	}
	for len(out) < l.infoH {
		out = append(out, "")
	}
	return out
}

// lanesView draws the lanes shown side by side, each exactly its width
// and lanesH high.
func (m Model) lanesView() []string {
	st := m.c.Styles
	h := m.lay.lanesH
	shown := m.shownLanes()
	cells := make([][]string, len(shown))
	for i, li := range shown {
		ln := m.lanes[li]
		w := m.laneWidth(i)
		if ln.traced {
			cells[i] = strings.Split(ln.pane.View(), "\n")
			continue
		}
		msg := strings.Split(ansi.Wrap(ln.message, max(w-4, 8), ""), "\n")
		for j := range msg {
			msg[j] = st.Muted.Render(msg[j])
		}
		cells[i] = strings.Split(frame.Box(st, ln.name, "", msg, w, h, false), "\n")
	}
	out := make([]string, h)
	var b strings.Builder
	for y := range h {
		b.Reset()
		for i, cell := range cells {
			if y < len(cell) {
				b.WriteString(frame.Fit(cell[y], m.laneWidth(i), st.Glyphs.Ellipsis))
			} else {
				b.WriteString(strings.Repeat(" ", m.laneWidth(i)))
			}
		}
		out[y] = b.String()
	}
	return out
}

// lanesHint is the line above the lanes: blank, or on a narrow screen which
// lane tab brings in instead of the reference shown.
func (m Model) lanesHint() string {
	if !m.narrow() {
		return ""
	}
	hidden := m.lanes[1+(1-int(m.other))].name
	st := m.c.Styles
	return st.Muted.Render("tab shows the ") + st.Title.Render(hidden) + st.Muted.Render(" lane here instead")
}

// status is the clock line: playing or paused, the cursor and the end, the
// speed, the event and the test the lanes show.
func (m Model) status() string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	if len(m.lanes) == 0 || m.clock.End() == 0 {
		return ""
	}
	state := g.Pause + " paused"
	if m.clock.Playing() {
		state = g.Play + " playing"
	}
	i, n := m.clock.Event()
	clock := st.Title.Render(state+" "+trace.Clock(max(m.clock.At(), 0))) + st.Muted.Render(" / "+trace.Clock(m.clock.End()))
	speed, event := m.clock.Speed().Name, fmt.Sprintf("event %d/%d", i, n)
	test := ""
	if names := m.tests(); len(names) > 0 {
		test = fmt.Sprintf("test %d/%d", m.test+1, len(names))
		if len(names) > 1 {
			test += " (t)"
		}
		test += ": " + testLabel(names[m.test])
	}
	// Which test the lanes show matters more than the event counter and
	// the speed: on a narrow screen those go first.
	sep := st.Muted.Render(g.Separator)
	var line string
	for _, parts := range [][]string{{clock, speed, event, test}, {clock, speed, test}, {clock, test}} {
		if test == "" {
			parts = parts[:len(parts)-1]
		}
		if line = strings.Join(parts, sep); lipgloss.Width(line) <= m.c.Width {
			break
		}
	}
	return line
}

// summary is the note of the last key, if any; else the lanes' totals once
// the cursor has reached every lane's end; else what to do.
func (m Model) summary() string {
	st := m.c.Styles
	if m.note != "" {
		return st.Warning.Render(m.note)
	}
	if len(m.lanes) == 0 {
		return ""
	}
	var totals []string
	for _, ln := range m.lanes {
		if !ln.traced {
			continue
		}
		if !ln.pane.Done() {
			return st.Muted.Render("space plays the lanes on one clock; end shows the totals.")
		}
		total, _ := ln.pane.Total()
		totals = append(totals, ln.name+" "+st.Title.Render(trace.Clock(total)))
	}
	if len(totals) == 0 {
		return ""
	}
	return "Totals: " + strings.Join(totals, st.Muted.Render(st.Glyphs.Separator))
}

// nextText names the exercise to do next, as conclab check does, and how
// to open it from here.
func (m Model) nextText() string {
	switch {
	case !m.hasNext:
		return "That was the last one: every exercise is solved."
	case m.next.Lab == m.ex.Lab && m.nextInLab() == m.next.Name:
		return fmt.Sprintf("Next: %s — %s (n opens it).", m.next.Name, m.next.Title)
	case m.next.Lab == m.ex.Lab:
		return fmt.Sprintf("Next: %s — %s (n goes through this lab's exercises).", m.next.Name, m.next.Title)
	}
	return fmt.Sprintf("Next: %s — %s (esc, then x on the %s lab).", m.next.Name, m.next.Title, m.next.Lab)
}

// nextInLab is the name of the exercise n opens: the lab's next one.
func (m Model) nextInLab() string {
	var mine []string
	for _, ex := range exercises.All() {
		if ex.Lab == m.ex.Lab {
			mine = append(mine, ex.Name)
		}
	}
	if len(mine) < 2 {
		return ""
	}
	return mine[(m.index+1)%len(mine)]
}
