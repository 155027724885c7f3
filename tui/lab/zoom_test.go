package lab

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/labs/chess"
	"conclab/labs/countdown"
	"conclab/tui/components/timeline"
	"conclab/tui/internal/press"
)

const h = time.Hour

// seek puts the clock's cursor at at, as playing there would.
func seek(m Model, at time.Duration) Model {
	m.clock.Seek(at)
	m.sync()
	return m
}

// TestZoomKeys: z halves the window around the cursor (within the run; the
// selected lane's end when the cursor is past it), m
// marks one end at the cursor and m again zooms to the range, u goes back
// one zoom at a time to the whole run, Z to the whole run at once.
func TestZoomKeys(t *testing.T) {
	type step struct {
		at   time.Duration // the cursor before the keys (-1: leave it)
		keys []string
	}
	tests := []struct {
		name     string
		steps    []step
		from, to time.Duration
	}{
		{"whole run", nil, 0, 12 * h},
		{"z at 6h", []step{{6 * h, []string{"z"}}}, 3 * h, 9 * h},
		{"z twice at 6h", []step{{6 * h, []string{"z", "z"}}}, 4*h + 30*time.Minute, 7*h + 30*time.Minute},
		{"z at the start stays in the run", []step{{h, []string{"z"}}}, 0, 6 * h},
		{"z at the end stays in the run", []step{{12 * h, []string{"z", "z"}}}, 9 * h, 12 * h},
		{"z then u", []step{{6 * h, []string{"z", "z", "u"}}}, 3 * h, 9 * h},
		{"u back to the whole run", []step{{6 * h, []string{"z", "z", "u", "u", "u"}}}, 0, 12 * h},
		{"Z", []step{{6 * h, []string{"z", "z", "Z"}}}, 0, 12 * h},
		{"m m", []step{{2 * h, []string{"m"}}, {5 * h, []string{"m"}}}, 2 * h, 5 * h},
		{"m m backwards", []step{{5 * h, []string{"m"}}, {2 * h, []string{"m"}}}, 2 * h, 5 * h},
		{"m m in a zoom, u", []step{{6 * h, []string{"z", "m"}}, {7 * h, []string{"m", "u"}}}, 3 * h, 9 * h},
		{"m m on one time zooms nowhere", []step{{6 * h, []string{"m", "m"}}}, 0, 12 * h},
		// The cursor at 12 h is past concurrent's end (1:00:55): z zooms
		// around that end, to a step of a hundredth of the window.
		{"tab z past the selected lane's end", []step{{12 * h, []string{"tab", "z"}}}, 0, 6 * h},
		{"tab z z z past the selected lane's end", []step{{12 * h, []string{"tab", "z", "z", "z"}}}, 15*time.Minute + 30*time.Second, h + 46*time.Minute}, // 1:00:55 ± 45m, to 30 s
	}
	base := open(t, chess.Lab(), 160, 48)
	for _, tt := range tests {
		m := base
		for _, s := range tt.steps {
			if s.at >= 0 {
				m = seek(m, s.at)
			}
			m = keys(t, m, s.keys...)
		}
		if w := m.window(); w.from != tt.from || w.to != tt.to {
			t.Errorf("%s: window = %v-%v, want %v-%v", tt.name, w.from, w.to, tt.from, tt.to)
		}
		for i := range m.panes {
			if from, to := m.laneWindow(i); from != tt.from || to != tt.to {
				t.Errorf("%s: lane %d window = %v-%v, want %v-%v (shared)", tt.name, i, from, to, tt.from, tt.to)
			}
		}
	}
}

// TestMarkShown: after the first m the status says the mark, and the axes
// mark the range from it to the cursor; the second m zooms and the status
// says the window.
func TestMarkShown(t *testing.T) {
	m := seek(open(t, chess.Lab(), 160, 48), 2*h)
	m = keys(t, m, "m")
	m = seek(m, 6*h)
	v := view(t, m)
	if !strings.Contains(v, "mark 2:00:00 (m: zoom)") {
		t.Errorf("the status does not say the mark:\n%s", v)
	}
	if !strings.Contains(v, "━━━") {
		t.Errorf("the axes do not mark the range:\n%s", v)
	}
	m = keys(t, m, "m")
	v = view(t, m)
	if !strings.Contains(v, "zoom 2:00:00–6:00:00") || strings.Contains(v, "━") {
		t.Errorf("after m m the status does not say the zoom, or the range is still marked:\n%s", v)
	}
}

// TestZoomPagesWithTheCursor: zoomed, a cursor that plays or steps out of
// the window takes it along, a window at a time; one the learner moved the
// window away from (a drag elsewhere) does not.
func TestZoomPagesWithTheCursor(t *testing.T) {
	m := seek(open(t, chess.Lab(), 160, 48), 6*h)
	m = keys(t, m, "z", "z") // 4:30-7:30
	m = seek(m, 8*h)
	if w := m.window(); w.from != 8*h || w.to != 11*h {
		t.Errorf("after the cursor left at 8h: window %v-%v, want 8h0m0s-11h0m0s", w.from, w.to)
	}
	m = seek(m, 12*h)
	if w := m.window(); w.from != 9*h || w.to != 12*h {
		t.Errorf("at the end: window %v-%v, want 9h0m0s-12h0m0s", w.from, w.to)
	}
	m = seek(m, h)
	if w := m.window(); w.from != 0 || w.to != 3*h {
		t.Errorf("back at 1h: window %v-%v, want 0s-3h0m0s", w.from, w.to)
	}
	m = seek(m, 12*h)
	m.zoomTo(span{h, 2 * h}) // as a drag there would
	m = seek(m, 11*h)
	if w := m.window(); w.from != h || w.to != 2*h {
		t.Errorf("a window the cursor was not in followed it: %v-%v, want 1h0m0s-2h0m0s", w.from, w.to)
	}
}

// axisStart finds the first time column of the lane whose left border is
// at x0: the first cell after its labels on its axis line.
func axisStart(t *testing.T, v string, x0 int) (x, y int) {
	t.Helper()
	for y, l := range strings.Split(v, "\n") {
		r := []rune(l)
		if x0+1 >= len(r) || r[x0] != '│' {
			continue
		}
		for x := x0 + 1; x < len(r) && r[x] != '│'; x++ {
			if r[x] == '┬' || r[x] == '▲' {
				return x, y
			}
			if r[x] != ' ' {
				break
			}
		}
	}
	t.Fatalf("no axis line in the lane at %d:\n%s", x0, v)
	return 0, 0
}

// TestDragZoom drags over the first lane's rows from its 11th time column
// to its 13th: the window becomes those columns' time, rounded to a nice
// step shorter than a column. A click (press and release on one cell) is
// left to others, and a drag's motion and release are handled.
func TestDragZoom(t *testing.T) {
	m := seek(open(t, chess.Lab(), 160, 48), 12*h)
	v := view(t, m)
	x0, y := axisStart(t, v, 0)
	cols := 0
	for _, r := range []rune(strings.Split(v, "\n")[y])[x0:] {
		if r == '│' {
			break
		}
		cols++
	}
	row := y - 3 // a board's row above the axis
	click := func(x int) tea.Msg { return tea.MouseClickMsg{X: x, Y: row, Button: tea.MouseLeft} }
	motion := func(x int) tea.Msg { return tea.MouseMotionMsg{X: x, Y: row, Button: tea.MouseLeft} }
	release := func(x int) tea.Msg { return tea.MouseReleaseMsg{X: x, Y: row, Button: tea.MouseLeft} }

	c := m
	if handled, _ := c.mouseZoom(click(x0 + 10)); handled {
		t.Error("a press was handled: it may be a click, others' to handle")
	}
	if handled, _ := c.mouseZoom(release(x0 + 10)); handled {
		t.Error("a click (press and release on one cell) was handled")
	}
	if w := c.window(); w.to != 12*h || w.from != 0 {
		t.Errorf("a click zoomed to %v-%v", w.from, w.to)
	}

	d := m
	d.mouseZoom(click(x0 + 10))
	if handled, _ := d.mouseZoom(motion(x0 + 11)); !handled {
		t.Error("a drag's motion was not handled")
	}
	if v := view(t, d); !strings.Contains(v, "━━") {
		t.Errorf("the range dragged over is not marked on the axis:\n%s", v)
	}
	if handled, _ := d.mouseZoom(release(x0 + 12)); !handled {
		t.Error("a drag's release was not handled")
	}
	// Columns 10 to 12 of 12 h on cols columns, to the nearest nice step under a column.
	colW := 12 * h / time.Duration(cols)
	step := timeline.RoundStep(colW)
	wantFrom := (12 * h * 10 / time.Duration(cols)) / step * step
	wantTo := (12*h*13/time.Duration(cols) + step - 1) / step * step
	if w := d.window(); w.from != wantFrom || w.to != wantTo {
		t.Errorf("drag over columns 10-12 of %d: window %v-%v, want %v-%v", cols, w.from, w.to, wantFrom, wantTo)
	}
	if v := view(t, d); strings.Contains(v, "━") {
		t.Errorf("the range is still marked after the zoom:\n%s", v)
	}
}

// TestFitLanes: F gives each lane its own total (said in its title), and
// the concurrent lane, in 4 cells of the shared 12 h, suggests F before.
func TestFitLanes(t *testing.T) {
	m := seek(open(t, chess.Lab(), 120, 36), 12*h)
	v := view(t, m)
	if !strings.Contains(v, "concurrent (F: fit)") || strings.Contains(v, "sequential (F: fit)") {
		t.Errorf("the shared axis does not suggest F on the concurrent lane alone:\n%s", v)
	}
	if n := m.panes[1].RunCells(); n >= 10 {
		t.Errorf("concurrent in %d cells of the shared axis, want fewer than 10", n)
	}
	m = keys(t, m, "F")
	v = view(t, m)
	if !strings.Contains(v, "sequential (own axis)") || !strings.Contains(v, "concurrent (own axis)") {
		t.Errorf("F does not say each lane's own axis in the titles:\n%s", v)
	}
	if from, to := m.laneWindow(1); from != 0 || to != time.Hour+55*time.Second {
		t.Errorf("concurrent's own window = %v-%v, want 0s-1h0m55s", from, to)
	}
	if from, to := m.laneWindow(0); from != 0 || to != 12*h {
		t.Errorf("sequential's own window = %v-%v, want 0s-12h0m0s", from, to)
	}
	m = keys(t, m, "F")
	if from, to := m.laneWindow(1); to != 12*h || from != 0 {
		t.Errorf("F again: concurrent's window = %v-%v, want the shared 0s-12h0m0s", from, to)
	}
}

// TestFoldKey: f folds the idle time of every lane (the status says so):
// the concurrent lane's 10h59m after its run fold into a few cells.
func TestFoldKey(t *testing.T) {
	m := seek(open(t, chess.Lab(), 120, 36), 12*h)
	m = keys(t, m, "f")
	v := view(t, m)
	if !strings.Contains(v, "idle folded") || !strings.Contains(v, "≈ 10h59m") {
		t.Errorf("f does not fold the concurrent lane's idle 11 hours:\n%s", v)
	}
	if n := m.panes[1].RunCells(); n < 40 {
		t.Errorf("folded, concurrent takes %d cells, want most of its lane", n)
	}
	m = keys(t, m, "f")
	if v := view(t, m); strings.Contains(v, "≈") {
		t.Errorf("f again still folds:\n%s", v)
	}
	// The countdowns sleep: a yielding lane is idle from start to end (its
	// tasks run for no time). On the shared axis the 6 s after its end
	// fold; on its own axis no stretch gives the rest more room.
	c := open(t, countdown.Lab(), 80, 24)
	c = keys(t, c, "end", "f")
	if v := view(t, c); !strings.Contains(v, "idle folded") || !strings.Contains(v, "≈ 6s") {
		t.Errorf("f on the countdowns does not fold the 6 s after the yielding lane's end:\n%s", v)
	}
	c = keys(t, c, "F")
	if v := view(t, c); !strings.Contains(v, "no idle stretch to fold") {
		t.Errorf("f and F on the countdowns do not say there is nothing to fold:\n%s", v)
	}
}

// TestZoomAfterAShorterRerun: a window past the end of a rerun that ended
// sooner is cut at its end, or is the whole run when it starts after it.
func TestZoomAfterAShorterRerun(t *testing.T) {
	edit := append(append([]string{"e", "ctrl+u"}, press.Text("12")...), "enter") // 12 boards: 6 h
	for _, tt := range []struct {
		at       time.Duration
		from, to time.Duration
	}{
		{4 * h, 1 * h, 6 * h}, // z at 4h: 1h-7h, cut at 6h
		{10 * h, 0, 6 * h},    // z at 10h: 6h-12h, from the end on
	} {
		m := seek(open(t, chess.Lab(), 160, 48), tt.at)
		m = keys(t, m, "z")
		m = keys(t, m, edit...)
		if m.clock.End() != 6*h {
			t.Fatalf("rerun with 12 boards ends at %v, want 6h", m.clock.End())
		}
		if w := m.window(); w.from != tt.from || w.to != tt.to {
			t.Errorf("z at %v, then a 6 h rerun: window %v-%v, want %v-%v", tt.at, w.from, w.to, tt.from, tt.to)
		}
	}
}
