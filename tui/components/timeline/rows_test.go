package timeline

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"conclab/labs/trace"
	"conclab/tui/styles"
)

// rowsTrace: "alpha" runs 0-1s then waits for beta's send until 3s;
// "beta" is ready 0-1s, runs 1-3s; "gamma" starts at 2s, ready 2-4s.
func rowsTrace() *trace.Trace {
	s := time.Second
	on := trace.WaitOn("chan c")
	return &trace.Trace{Total: 4 * s, Workers: 1, Tasks: []trace.Task{
		{Name: "alpha", Spans: []trace.Span{{State: trace.Running, Start: 0, End: s}, {State: trace.Waiting, Worker: trace.NoWorker, On: on, Start: s, End: 3 * s}, {State: trace.Running, Start: 3 * s, End: 4 * s}}},
		{Name: "beta", Spans: []trace.Span{{State: trace.Ready, Worker: trace.NoWorker, Start: 0, End: s}, {State: trace.Running, Start: s, End: 3 * s}}},
		{Name: "gamma", Spans: []trace.Span{{State: trace.Ready, Worker: trace.NoWorker, Start: 2 * s, End: 4 * s}}},
	}}
}

func rowNames(m Model) string {
	var names []string
	for k := range m.tasks() {
		names = append(names, m.task(k).Name)
	}
	return strings.Join(names, " ")
}

func TestFilterAndSort(t *testing.T) {
	for _, c := range []struct {
		filter string
		sort   Sort
		want   string
	}{
		{"", RunOrder, "alpha beta gamma"},
		{"A", RunOrder, "alpha beta gamma"},
		{"ph", RunOrder, "alpha"},
		{"zzz", RunOrder, ""},
		{"", ByStart, "alpha beta gamma"}, // alpha and beta both start at 0: run order
		{"", ByReady, "gamma beta alpha"}, // 2s, 1s, 0
		{"ma", ByReady, "gamma"},
	} {
		m := New(styles.DefaultStyles())
		m.SetTrace(rowsTrace())
		m.SetFilter(c.filter)
		m.SetSort(c.sort)
		if got := rowNames(m); got != c.want {
			t.Errorf("rows(filter %q, %s) = %q, want %q", c.filter, c.sort, got, c.want)
		}
	}
}

func TestNoMatchSaysSo(t *testing.T) {
	m := New(styles.DefaultStyles())
	m.SetTrace(rowsTrace())
	m.SetSize(40, 6)
	m.SetCursor(4 * time.Second)
	m.SetFilter("zzz")
	if got := ansi.Strip(m.View()); !strings.Contains(got, "no task matches") {
		t.Errorf("View with filter zzz = %q, want it to say no task matches", got)
	}
}

// TestLinks draws alpha's wake by gamma and by beta: a line on the rows
// between, an arrow on the woken row, in the wake's column.
func TestLinks(t *testing.T) {
	s := time.Second
	for _, c := range []struct {
		link  Link
		sort  Sort
		want  [3]string // the glyph in the wake's column, per row
		order string
	}{
		{Link{From: "gamma", To: "alpha", At: 3 * s}, RunOrder, [3]string{"↑", "│", ""}, "alpha beta gamma"},
		{Link{From: "alpha", To: "gamma", At: 3 * s}, RunOrder, [3]string{"", "│", "↓"}, "alpha beta gamma"},
		{Link{From: "beta", To: "alpha", At: 3 * s}, ByReady, [3]string{"", "", "↓"}, "gamma beta alpha"},
	} {
		m := New(styles.DefaultStyles())
		m.SetTrace(&trace.Trace{Total: 4 * s, Tasks: rowsTrace().Tasks}) // no worker rows
		m.SetSort(c.sort)
		m.SetSize(5+1+16, 3+AxisHeight) // labels of 5 cells, one space, 16 columns of 0.25s
		m.SetCursor(3 * s)
		m.SetLinks([]Link{c.link})
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		col := m.labelWidth() + 1 + m.column(3*s, m.cols())
		for r, want := range c.want {
			if want == "" {
				continue
			}
			if got := string([]rune(lines[r])[col]); got != want {
				t.Errorf("link %+v (%s), row %d (%s): column %d = %q, want %q\n%s", c.link, c.order, r, strings.Fields(c.order)[r], col, got, want, strings.Join(lines, "\n"))
			}
		}
	}
}

func TestCellAt(t *testing.T) {
	s := time.Second
	m := New(styles.DefaultStyles())
	m.SetTrace(&trace.Trace{Total: 4 * s, Tasks: rowsTrace().Tasks})
	m.SetSize(5+1+16, 3+AxisHeight) // labels of 5 cells, one space, 16 columns of 0.25s
	m.SetCursor(3 * s)
	for _, c := range []struct {
		x, y       int
		task, span int // -1: nothing
	}{
		{6, 0, 0, 0},   // alpha running 0-0.25s
		{10, 0, 0, 1},  // alpha waiting 1-1.25s
		{6, 1, 1, 0},   // beta ready
		{11, 1, 1, 1},  // beta running
		{6, 2, -1, 0},  // gamma: nothing before 2s
		{15, 2, 2, 0},  // gamma ready 2.25-2.5s
		{18, 2, -1, 0}, // the cursor's column: from 3s, nothing drawn yet
		{2, 0, -1, 0},  // the label
		{6, 3, -1, 0},  // the axis
	} {
		task, span, _, ok := m.CellAt(c.x, c.y)
		if !ok {
			task, span = -1, 0
		}
		if task != c.task || span != c.span {
			t.Errorf("CellAt(%d, %d) = %d, %d, want %d, %d", c.x, c.y, task, span, c.task, c.span)
		}
	}
	m.SetFilter("gam")
	if task, _, _, ok := m.CellAt(15, 0); !ok || task != 2 {
		t.Errorf("CellAt(15, 0) with filter gam = %d, %v, want task 2 (gamma)", task, ok)
	}
}

// TestHighlight: the highlighted state keeps its colour, in bold; every
// other state is drawn faint.
func TestHighlight(t *testing.T) {
	m := New(styles.DefaultStyles())
	m.SetTrace(rowsTrace())
	m.SetSize(30, 6)
	m.SetCursor(4 * time.Second)
	plain := m.View()
	m.SetHighlight(HighlightReady)
	hl := m.View()
	if ansi.Strip(plain) != ansi.Strip(hl) {
		t.Errorf("a highlight changed the glyphs:\n%s\n%s", ansi.Strip(plain), ansi.Strip(hl))
	}
	if !strings.Contains(hl, "\x1b[2") && !strings.Contains(hl, ";2m") && !strings.Contains(hl, ";2;") {
		t.Errorf("highlight ready drew nothing faint: %q", hl)
	}
	m.SetHighlight(NoHighlight)
	if got := m.View(); got != plain {
		t.Errorf("NoHighlight does not draw as before")
	}
	for h, want := range map[Highlight]string{NoHighlight: "", HighlightSync: "waiting on a task", HighlightBlocked.Next(): ""} {
		if h.String() != want {
			t.Errorf("Highlight(%d).String() = %q, want %q", h, h.String(), want)
		}
	}
}

// TestFilterHidesAll: a filter that no task matches says so in one line,
// and the timeline still has room for it and the whole axis.
func TestFilterHidesAll(t *testing.T) {
	m := New(styles.DefaultStyles())
	m.SetTrace(rowsTrace())
	m.SetFilter("zzz")
	m.SetSize(40, m.Needs())
	m.SetCursor(time.Second)
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if len(lines) != 1+AxisHeight || !strings.Contains(lines[0], "(no task matches the filter)") || !strings.Contains(lines[len(lines)-1], "4s") {
		t.Errorf("filter zzz, height %d: view\n%s\nwant the message and the axis with its labels", m.Needs(), strings.Join(lines, "\n"))
	}
	if got, want := m.MinHeight(), 1+AxisHeight; got != want {
		t.Errorf("MinHeight() with filter zzz = %d, want %d", got, want)
	}
}

var noteRe = regexp.MustCompile(` t\d [↑↓]$`)

// TestLinksShown: a new wake-up scrolls the rows the least that shows both
// its ends when they fit; when they do not, the marked task's row (else
// the woken one's) stays shown, and the edge the line leaves by names the
// task at its other end. The same links again leave the user's scroll be.
func TestLinksShown(t *testing.T) {
	s := time.Second
	var tasks []trace.Task
	for i := range 8 {
		tasks = append(tasks, trace.Task{Name: fmt.Sprintf("t%d", i), Spans: []trace.Span{
			{State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn("chan c"), Start: 0, End: 2 * s}}})
	}
	for _, c := range []struct {
		link   Link
		marked string
		first  int
		note   map[int]string // row shown -> the note it ends with
	}{
		{Link{From: "t1", To: "t3", At: s}, "t1", 1, nil},
		{Link{From: "t3", To: "t1", At: s}, "t1", 1, nil},
		{Link{From: "t0", To: "t6", At: s}, "t0", 0, map[int]string{2: "t6 ↓"}},
		{Link{From: "t0", To: "t6", At: s}, "", 4, map[int]string{0: "t0 ↑"}},
		{Link{From: "t6", To: "t0", At: s}, "t6", 4, map[int]string{0: "t0 ↑"}},
		{Link{From: "t7", To: "t2", At: s}, "t7", 5, map[int]string{0: "t2 ↑"}},
		{Link{From: "t1", To: "t3", At: 3 * s}, "t1", 0, nil}, // after the cursor: not drawn
	} {
		m := New(styles.DefaultStyles())
		m.SetTrace(&trace.Trace{Total: 4 * s, Tasks: tasks})
		m.SetSize(3+1+24, 3+AxisHeight)
		m.SetCursor(s)
		m.SetMarked(c.marked)
		m.SetLinks([]Link{c.link})
		if got := m.Offset(); got != c.first {
			t.Errorf("link %+v (marked %q): first row %d, want %d\n%s", c.link, c.marked, got, c.first, ansi.Strip(m.View()))
		}
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		for r := range 3 {
			line := strings.TrimRight(lines[r], " ")
			want, ok := c.note[r]
			if ok && !strings.HasSuffix(line, want) || !ok && noteRe.MatchString(line) {
				t.Errorf("link %+v (marked %q): row %d = %q, want the note %q\n%s", c.link, c.marked, r, line, want, strings.Join(lines, "\n"))
			}
		}
		m.SetOffset(2)
		m.SetLinks([]Link{c.link})
		if got := m.Offset(); got != 2 {
			t.Errorf("link %+v set again: first row %d, want 2 (the user's scroll)", c.link, got)
		}
	}
	// The next event of the same wake-up is the woken task's: its row shows.
	m := New(styles.DefaultStyles())
	m.SetTrace(&trace.Trace{Total: 4 * s, Tasks: tasks})
	m.SetSize(3+1+24, 3+AxisHeight)
	m.SetCursor(s)
	link := []Link{{From: "t0", To: "t6", At: s}}
	m.SetMarked("t0")
	m.SetLinks(link)
	m.SetMarked("t6")
	m.SetLinks(link)
	if got := m.Offset(); got != 4 {
		t.Errorf("the same link, t6 marked: first row %d, want 4 (t6 shown)", got)
	}
}
