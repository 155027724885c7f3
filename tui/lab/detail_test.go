package lab

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs/flags"
	"conclab/labs/locks"
	"conclab/labs/trace"
	"conclab/tui/screen"
)

// openLimited is the flags lab with the limited variant alone, at w x h,
// its run back.
func openLimited(t testing.TB, w, h int) Model {
	t.Helper()
	c := screen.NewCommon().Sized(w, h)
	c.Frame = time.Millisecond
	m := New(c, flags.Lab())
	m.shown = []string{"limited"}
	return settle(t, m, m.Init())
}

// findEvent is the index of task's first event of kind in tr, found by
// reading every event.
func findEvent(t testing.TB, tr *trace.Trace, task, kind string) int {
	t.Helper()
	for i, ev := range tr.Events.All() {
		if ev.Task == task && ev.Kind == kind {
			return i
		}
	}
	t.Fatalf("no %s event of %s", kind, task)
	return -1
}

// atPKWait puts the cursor on PK's "wait" event: PK, the sixth download,
// waits for a slot of the semaphore.
func atPKWait(t testing.TB, m Model) Model {
	t.Helper()
	tr := m.panes[0].Trace()
	m.seekEvent(tr, findEvent(t, tr, "PK", trace.EventWait))
	m.sync()
	return m
}

// cursorEvent is the event the lane shows last.
func cursorEvent(t testing.TB, m Model) trace.Event {
	t.Helper()
	i, ok := m.panes[m.selected].EventIndex()
	if !ok {
		t.Fatal("no event at the cursor")
	}
	return m.panes[m.selected].Trace().Events.At(i)
}

// TestJumpToWakerAndBack: on PK's wait, J goes to the event of the
// download that freed its slot (the cause of PK's wake at 0.5 s, read from
// the events: the download that received from the semaphore), draws the
// wake between the two rows, and J again comes back.
func TestJumpToWakerAndBack(t *testing.T) {
	m := atPKWait(t, openLimited(t, 100, 40))
	tr := m.panes[0].Trace()
	if ev := cursorEvent(t, m); ev.Task != "PK" || ev.Kind != trace.EventWait {
		t.Fatalf("cursor on %s %s, want PK wait", ev.Task, ev.Kind)
	}
	at, sub := m.clock.At(), m.clock.Sub()
	wake := findEvent(t, tr, "PK", trace.EventWake)
	cause := tr.Events.At(wake).WokenBy
	if cause.Kind != trace.CauseRecv || tr.Events.Time(wake) != 500*time.Millisecond {
		t.Fatalf("PK's wake = %v at %v, want a receive at 0.5s", cause, tr.Events.Time(wake))
	}

	m = keys(t, m, "J")
	i, _ := m.panes[0].EventIndex()
	if i != cause.Event {
		t.Errorf("J: cursor on event %d (%s %s), want %d (%s's, which woke PK)", i, tr.Events.Task(i), tr.Events.Kind(i), cause.Event, cause.Task)
	}
	if !strings.Contains(view(t, m), cause.Task+" woke PK here") {
		t.Errorf("J does not say who woke PK:\n%s", view(t, m))
	}
	// The wake drawn in the cursor's column: │ on the rows between, ↓ on PK's.
	lines := strings.Split(view(t, m), "\n")
	col := -1
	for _, l := range lines {
		if strings.Contains(l, "│PK") {
			col = slices.Index([]rune(l), '↓')
			if col < 0 {
				t.Errorf("PK's row has no arrow: %q", l)
			}
		}
	}
	between := 0
	for _, l := range lines {
		r := []rune(l)
		if col > 0 && col < len(r) && r[col] == '│' && !strings.HasPrefix(strings.TrimLeft(l, "│ "), "PK") {
			between++
		}
	}
	if between == 0 {
		t.Errorf("no line drawn between %s's row and PK's in column %d", cause.Task, col)
	}

	m = keys(t, m, "J")
	if m.clock.At() != at || m.clock.Sub() != sub {
		t.Errorf("J back: cursor at %v sub %d, want %v sub %d", m.clock.At(), m.clock.Sub(), at, sub)
	}
	if ev := cursorEvent(t, m); ev.Task != "PK" || ev.Kind != trace.EventWait {
		t.Errorf("J back: cursor on %s %s, want PK wait", ev.Task, ev.Kind)
	}

	// From PK's wake itself: the same waker, and what it did to the
	// channel PK waited on (not the event it did it in: a print).
	m.seekEvent(tr, wake)
	m.sync()
	m = keys(t, m, "J")
	if got, want := view(t, m), cause.Task+" woke PK here: it received from chan semaphore"; !strings.Contains(got, want) {
		t.Errorf("J from PK's wake does not say %q:\n%s", want, got)
	}
}

// TestJumpRefused: J on a span that does not wait for another task says
// why in one line and leaves the cursor where it was.
func TestJumpRefused(t *testing.T) {
	m := openLimited(t, 100, 40)
	tr := m.panes[0].Trace()
	m.seekEvent(tr, findEvent(t, tr, "CN", trace.EventBlock))
	m.sync()
	at, sub := m.clock.At(), m.clock.Sub()
	m = keys(t, m, "J")
	if m.clock.At() != at || m.clock.Sub() != sub {
		t.Errorf("J on CN's download moved the cursor to %v sub %d", m.clock.At(), m.clock.Sub())
	}
	if got := view(t, m); !strings.Contains(got, "J jumps from a wait for another task; CN is waiting for I/O") {
		t.Errorf("J on CN's download does not say why it cannot jump:\n%s", got)
	}
}

// TestClickOpensDetails clicks (a press and a release on one cell) on PK's
// row at 0.25 s: the panel shows PK's wait; a drag does not open it.
func TestClickOpensDetails(t *testing.T) {
	m := openLimited(t, 100, 40)
	m = keys(t, m, "end")
	x, y := cellOf(t, m, 0, "PK", 250*time.Millisecond)

	dragged, _ := m.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	dragged, _ = dragged.Update(tea.MouseReleaseMsg{X: x + 3, Y: y, Button: tea.MouseLeft})
	if dragged.rows.detail != nil {
		t.Errorf("a drag opened the details")
	}

	m, _ = m.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	m, _ = m.Update(tea.MouseReleaseMsg{X: x, Y: y, Button: tea.MouseLeft})
	got := view(t, m)
	for _, want := range []string{"╭─ PK ", "waiting on chan semaphore, for another task", "0:00:00 → 0:00:00.5 (0.5s)", "received from chan semaphore", "policies.go:"} {
		if !strings.Contains(got, want) {
			t.Errorf("click on PK at 0.25s: the panel lacks %q:\n%s", want, got)
		}
	}
	// J from the clicked wait to the download that freed the slot, and back
	// to the click's panel.
	m = keys(t, m, "J")
	if ev := cursorEvent(t, m); ev.At != 500*time.Millisecond || strings.Contains(view(t, m), "╭─ PK ") {
		t.Errorf("J from the clicked wait: cursor on %s %s at %v, panel:\n%s", ev.Task, ev.Kind, ev.At, view(t, m))
	}
	m = keys(t, m, "J")
	if !strings.Contains(view(t, m), "╭─ PK ") || m.clock.At() != m.clock.End() {
		t.Errorf("J back: the cursor at %v and the panel of PK's wait, want the end and PK:\n%s", m.clock.At(), view(t, m))
	}
	m = keys(t, m, "esc")
	if m.rows.detail != nil {
		t.Errorf("esc left the details open")
	}
}

// cellOf is the screen cell of task's row at time at in lane lane,
// found in the view: the row's label, and the column of at on the axis
// (the timeline's columns share out the lane's width after the label).
func cellOf(t testing.TB, m Model, lane int, task string, at time.Duration) (x, y int) {
	t.Helper()
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	x0, y0, _ := m.laneOrigin(lane)
	p := m.panes[lane]
	for yy := y0; yy < y0+m.laneHeight(lane); yy++ {
		for xx := x0; xx < x0+m.laneWidth(lane%max(m.lay.perRow, 1)); xx++ {
			task2, _, at2, ok := p.SpanAt(xx-x0, yy-y0)
			if ok && p.Trace().Tasks[task2].Name == task && at2 <= at && strings.Contains(lines[yy], task) {
				x, y = xx, yy
			}
		}
		if x > 0 {
			return x, y
		}
	}
	t.Fatalf("no cell of %s at %v in lane %d", task, at, lane+1)
	return 0, 0
}

// TestPresentDetails: in the presenter view, i opens the details panel
// over the lanes, and a click on the second lane shown (which starts
// where the first one's height ends, not at half the lanes) opens the
// span under it.
func TestPresentDetails(t *testing.T) {
	m := open(t, locks.Lab(), 200, 60)
	m = keys(t, m, "c", "end")
	if len(m.pres.lanes) != 2 || m.pres.heights[0] == m.pres.heights[1] {
		t.Fatalf("presenter lanes %v, heights %v: want two lanes of different heights", m.pres.lanes, m.pres.heights)
	}
	m = keys(t, m, "i")
	if got := view(t, m); !strings.Contains(got, "i/esc close") {
		t.Errorf("i in the presenter view shows no details panel:\n%s", got)
	}
	m = keys(t, m, "i")

	second := m.pres.lanes[1]
	x, y := cellOf(t, m, second, "g2", 10*time.Millisecond)
	m, _ = m.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	m, _ = m.Update(tea.MouseReleaseMsg{X: x, Y: y, Button: tea.MouseLeft})
	d := m.rows.detail
	if d == nil || d.lane != second || m.panes[second].Trace().Tasks[d.task].Name != "g2" {
		t.Fatalf("click on g2 in lane %d (%d, %d): details %+v, want g2 of that lane", second+1, x, y, d)
	}
	if got := view(t, m); !strings.Contains(got, "╭─ g2 · "+m.panes[second].Name()) {
		t.Errorf("the click's panel is not drawn:\n%s", got)
	}
}

// TestJumpFiltered: J from PK's wait while a filter hides every row
// still jumps, and says that the filter hides both tasks.
func TestJumpFiltered(t *testing.T) {
	m := atPKWait(t, openLimited(t, 100, 40))
	m = keys(t, m, "/", "z", "z", "enter", "J")
	if got, want := view(t, m), `woke PK here, the filter "zz" hides PK and `; !strings.Contains(got, want) {
		t.Errorf("J under a filter that hides every row does not say %q:\n%s", want, got)
	}
}

// TestFilterSortHighlightKeys: / types a filter (its placeholder shown
// whole), enter keeps it, esc clears it; H and S say what they chose.
func TestFilterSortHighlightKeys(t *testing.T) {
	m := openLimited(t, 100, 40)
	m = keys(t, m, "/")
	if got := view(t, m); !strings.Contains(got, "/ task name  enter keeps it") {
		t.Errorf("/ does not show the filter's placeholder whole:\n%s", got)
	}
	m = keys(t, m, "p", "k")
	if !m.Typing() {
		t.Fatalf("/ does not type the filter")
	}
	m = keys(t, m, "enter", "end")
	_, shown, total := m.panes[0].Rows()
	if total != 1 || shown != 1 {
		t.Errorf("filter pk: %d rows of %d shown, want PK alone", shown, total)
	}
	if got := view(t, m); !strings.Contains(got, `filter "pk"`) {
		t.Errorf("the status line does not say the filter:\n%s", got)
	}
	m = keys(t, m, "esc")
	if _, _, total := m.panes[0].Rows(); total != 21 {
		t.Errorf("esc left %d rows, want all 21", total)
	}
	m = keys(t, m, "H", "H", "S", "S")
	if got := view(t, m); !strings.Contains(got, "highlight ready") || !strings.Contains(got, "by ready") {
		t.Errorf("H H S S: the status line does not say the highlight and the order:\n%s", got)
	}
}

// TestRowsGolden: the rows' filter, highlight, order, details panel and
// jump marker at 80x24 and 160x48 (and the panel at 60x18, where it must
// fit or fold into one line).
func TestRowsGolden(t *testing.T) {
	type size struct{ w, h int }
	for _, tt := range []struct {
		name  string
		sizes []size
		prep  func(testing.TB, Model) Model
	}{
		{"filter", nil, func(t testing.TB, m Model) Model { return keys(t, m, "/", "n", "enter", "end") }},
		{"highlight_sort", nil, func(t testing.TB, m Model) Model { return keys(t, m, "H", "H", "H", "S", "S", "end") }},
		{"detail", []size{{60, 18}}, func(t testing.TB, m Model) Model { return keys(t, atPKWait(t, m), "i") }},
		{"jump", nil, func(t testing.TB, m Model) Model { return keys(t, atPKWait(t, m), "J") }},
		{"jump_detail", nil, func(t testing.TB, m Model) Model { return keys(t, atPKWait(t, m), "i", "J") }},
	} {
		for _, s := range append([]size{{80, 24}, {160, 48}}, tt.sizes...) {
			t.Run(fmt.Sprintf("%dx%d_%s", s.w, s.h, tt.name), func(t *testing.T) {
				m := tt.prep(t, openLimited(t, s.w, s.h))
				golden.RequireEqual(t, view(t, m))
			})
		}
	}
}

// BenchmarkViewRows is BenchmarkView at 200x60 with a state highlighted,
// the rows sorted by time ready and the details panel open (it follows the
// cursor): the goal is under 2 ms a frame, as without them.
func BenchmarkViewRows(b *testing.B) {
	m := open(b, fourLanes(), 200, 60)
	m = keys(b, m, "H", "H", "S", "S", "end", "i")
	playFrames(b, m)
}

// TestSortKeepsScroll: H and S leave the rows scrolled where they were.
func TestSortKeepsScroll(t *testing.T) {
	m := keys(t, openLimited(t, 80, 24), "end", "down", "down", "down")
	before := m.panes[0].Offset()
	if before == 0 {
		t.Fatalf("the rows did not scroll")
	}
	m = keys(t, m, "H", "S")
	if got := m.panes[0].Offset(); got != before {
		t.Errorf("H S moved the rows from %d to %d", before, got)
	}
	m, _ = m.Update(tea.PasteMsg{Content: "x"})
	if m.rows.filter.Value() != "" {
		t.Errorf("a paste while not typing went to the filter: %q", m.rows.filter.Value())
	}
	m = keys(t, m, "/")
	m, _ = m.Update(tea.PasteMsg{Content: "PK"})
	if _, _, total := m.panes[0].Rows(); total != 1 {
		t.Errorf("pasted PK into the filter: %d rows, want 1", total)
	}
}

// TestDetailsOfBackToBackWaits: flags' sequential main makes twenty
// downloads in a row, one waiting span in the trace; the panel shows the
// download in flight at the cursor (0.5 s), and at the instant main runs
// between two of them, the download that just returned.
func TestDetailsOfBackToBackWaits(t *testing.T) {
	c := screen.NewCommon().Sized(120, 36)
	c.Frame = time.Millisecond
	m := New(c, flags.Lab())
	m.shown = []string{"sequential"}
	m = settle(t, m, m.Init())
	tr := m.panes[0].Trace()
	m.seekEvent(tr, findEvent(t, tr, "main", trace.EventBlock)) // the first download, at 0
	m.sync()
	m = keys(t, m, "i")
	if got, want := view(t, m), "0:00:00 → 0:00:00.5 (0.5s)"; !strings.Contains(got, want) {
		t.Errorf("the first download's panel lacks %q:\n%s", want, got)
	}
	run := -1
	for i, ev := range tr.Events.All() {
		if ev.Task == "main" && ev.Kind == trace.EventRun && ev.At == 500*time.Millisecond {
			run = i
		}
	}
	m.seekEvent(tr, run)
	m.sync()
	if got, want := view(t, m), "woken by its blocking call returned, at 0:00:00.5"; !strings.Contains(got, want) {
		t.Errorf("main's run at 0.5s: the panel lacks %q:\n%s", want, got)
	}
}

// TestPresentSaysTheRows: the presenter view hides the status line, so
// its header says the filter, the highlight and the order in force.
func TestPresentSaysTheRows(t *testing.T) {
	m := openLimited(t, 120, 36)
	m = keys(t, m, "c", "/", "p", "enter", "H", "S")
	header := strings.Split(view(t, m), "\n")[0]
	for _, want := range []string{`filter "p"`, "highlight run", "by start"} {
		if !strings.Contains(header, want) {
			t.Errorf("presenter header %q lacks %q", header, want)
		}
	}
}

// TestPresentSaysTheAxis: the presenter header says the zoom, the range
// being marked and the fold, which the hidden status line says elsewhere.
func TestPresentSaysTheAxis(t *testing.T) {
	m := openLimited(t, 120, 36)
	m = keys(t, m, "c", "end", "z", "f", "m")
	header := strings.Split(view(t, m), "\n")[0]
	for _, want := range []string{"zoom 0:00:01–0:00:02", "no idle stretch to fold", "mark 0:00:02 (m: zoom)"} {
		if !strings.Contains(header, want) {
			t.Errorf("presenter header %q lacks %q", header, want)
		}
	}
}

// TestJumpCentersZoom: zoomed to the first 0.2 s, J from PK's wait goes
// to its waker at 0.5 s, outside the window: the window (its width kept)
// moves to have the cursor in its middle, not at an edge with nothing of
// the time before it shown; J back does the same at PK's wait.
func TestJumpCentersZoom(t *testing.T) {
	ms := time.Millisecond
	m := atPKWait(t, openLimited(t, 100, 40))
	back := m.clock.At()
	m.zoomTo(span{0, 200 * ms})
	m.sync()
	m = keys(t, m, "J")
	if at, want := m.clock.At(), 500*ms; at != want {
		t.Fatalf("J: cursor at %v, want %v", at, want)
	}
	if got, want := m.zoom.win, (span{400 * ms, 600 * ms}); got != want {
		t.Errorf("J out of the window: window %v, want %v (the cursor in the middle)", got, want)
	}
	m = keys(t, m, "J")
	if got, want := m.zoom.win, (span{max(0, back-100*ms), max(0, back-100*ms) + 200*ms}); m.clock.At() != back || got != want {
		t.Errorf("J back: cursor %v, window %v, want %v and %v", m.clock.At(), got, back, want)
	}
}
