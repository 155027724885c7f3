// Package legend is the legend and glossary of a lab screen: what each
// glyph, row and counter of the lanes means, and the lab's own terms
// (labs.Lab.Glossary). It scrolls; it never changes the lab.
package legend

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/components/frame"
	"conclab/tui/components/pane"
	"conclab/tui/components/timeline"
	"conclab/tui/styles"
)

// Model is the legend of one lab. The zero value draws nothing; use New.
type Model struct {
	st            styles.Styles
	lab           *labs.Lab
	lines         []string
	width, height int
	offset        int
}

// entry is one glyph or row and what it means.
type entry struct{ sign, meaning string }

// New returns the legend of lab l.
func New(st styles.Styles, l *labs.Lab) Model {
	return Model{st: st, lab: l, lines: build(st, l, 80)}
}

// build lays the legend out in width cells, meanings wrapped beside their signs.
func build(st styles.Styles, l *labs.Lab, width int) []string {
	g := st.Glyphs
	glyph := func(sp trace.Span) string { s, c := st.Span(sp); return s.Render(c + c) }
	glyphs := []entry{
		{glyph(trace.Span{State: trace.Running}), "running: the task has a worker and runs on it (computes)"},
		{glyph(trace.Span{State: trace.Blocked}), "blocked: a blocking call; the task waits AND keeps its worker, so nothing else runs there"},
		{glyph(trace.Span{State: trace.Waiting, On: trace.OnIO}), "waiting: for a timer or I/O, with its worker given back (a sleep, an await)"},
		{glyph(trace.Span{State: trace.Waiting, On: trace.WaitOn("chan")}), "sync: waiting for another task (a channel, a lock, a WaitGroup)"},
		{glyph(trace.Span{State: trace.Ready}), "ready: could run now, but waits its turn for a free worker"},
		{st.Cursor.Render(g.Cursor), "now: the playback cursor on the time axis"},
		{st.Success.Render(g.Done), "a lane that finished, with its total"},
	}
	rows := []entry{
		{"worker", "the row above the tasks: what the worker (event loop, thread, core, chess master) did: ran a task " + glyph(trace.Span{State: trace.Running}) + ", was held by a blocked one " + glyph(trace.Span{State: trace.Blocked}) + ", or idled (blank)"},
		{"tasks", "one row per task (goroutine, coroutine, board); ↑/↓ scroll them, 1-4/24 in the frame says which are shown"},
		{g.Mark + " 0:00:05", "the last event at the cursor: its virtual time, the task and what it did"},
		{"[6/9]", "this is the 6th of 9 events at that same instant (→ steps through them)"},
		{"block", "a task's blocking call: drawn " + glyph(trace.Span{State: trace.Blocked}) + " where it holds its worker (an event loop); under Go's runtime (and the GIL's I/O) only the goroutine parks, so it is drawn waiting " + glyph(trace.Span{State: trace.Waiting, On: trace.OnIO})},
		{"ready/wait", "ready " + glyph(trace.Span{State: trace.Ready}) + " wants a worker; waiting " + glyph(trace.Span{State: trace.Waiting, On: trace.OnIO}) + " wants time to pass or another task: no worker would help"},
		{"total", "a lane's virtual time when its last task ended; speedups compare with the first lane that did all its work"},
	}
	foldG, selG, markG := timeline.AxisGlyphs(st)
	marks := []entry{
		{g.Vertical + g.Down + " " + g.Vertical + g.Up, "a wake-up at the cursor's event, in its column: the line runs down (or up) from the row of the task that woke another (it sent, received, unlocked, called Done, closed) to the arrow on the row of the task it woke; when the other end is scrolled out of view, the row at the edge names it (\"PK " + g.Down + "\"); J jumps from a wait to its waker and back"},
		{st.Selected.Render("main"), "a task's name in this colour: the task of the last event at the cursor"},
		{foldG + " " + timeline.About(55*time.Second), fmt.Sprintf("on the axis: idle time folded (f), a stretch where no task runs, is blocked or is ready, drawn in %d columns with its length", timeline.FoldCells)},
		{selG + selG + selG + " " + markG, "on the axis: the range being selected (m, move the cursor, m; or a mouse drag), zoomed to when it ends; " + markG + " its first end; u zooms out, Z shows the whole run"},
		{"(F: fit)", fmt.Sprintf("in a lane's title: its run takes fewer than %d columns of the shared axis; F gives each lane its own", pane.FewCells)},
		{"(own axis)", "in a lane's title: the lane is drawn on its own total (F), not the shared axis"},
	}
	var out []string
	section := func(title string, es []entry) {
		out = append(out, st.Title.Render(title))
		w := 0
		for _, e := range es {
			w = max(w, frame.Width(e.sign))
		}
		for _, e := range es {
			wrapped := strings.Split(ansi.Wrap(e.meaning, max(width-w-4, 20), " "), "\n")
			for i, line := range wrapped {
				sign := e.sign
				if i > 0 {
					sign = ""
				}
				out = append(out, "  "+sign+strings.Repeat(" ", w-frame.Width(sign))+"  "+line)
			}
		}
		out = append(out, "")
	}
	section("Glyphs (the timeline cells)", glyphs)
	section("Rows and counters", rows)
	section("Wake-ups, zoom and fold", marks)
	if len(l.Glossary) > 0 {
		var terms []entry
		for _, t := range l.Glossary {
			terms = append(terms, entry{t.Word, t.Meaning})
		}
		section(l.Title+": its own words", terms)
	}
	if l.Predict == nil {
		text := fmt.Sprintf("Predict: P types your guess of each total (and a count where the lab asks); when the lanes finish, a number is right within %.0f %% of the truth.", 100*labs.Tolerance)
		for _, line := range strings.Split(ansi.Wrap(text, max(width, 20), " "), "\n") {
			out = append(out, st.Muted.Render(line))
		}
	}
	return out
}

// SetSize sets the cells the legend fills.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	if m.lab != nil {
		m.lines = build(m.st, m.lab, width)
	}
	m.ScrollBy(0)
}

// ScrollBy scrolls by n lines, within the text.
func (m *Model) ScrollBy(n int) {
	m.offset = max(0, min(m.offset+n, len(m.lines)-m.height))
}

// View draws the legend, exactly width x height cells; long lines are cut.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	end := min(len(m.lines), m.offset+m.height)
	lines := make([]string, 0, m.height)
	for _, l := range m.lines[m.offset:end] {
		lines = append(lines, frame.Fit(l, m.width, m.st.Glyphs.Ellipsis))
	}
	if end < len(m.lines) && len(lines) > 0 {
		lines[len(lines)-1] = m.st.Muted.Render(m.st.Glyphs.Down + " more (↓)")
	}
	return frame.Block(lines, m.width, m.height, m.st.Glyphs.Ellipsis)
}
