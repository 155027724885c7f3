package lab

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/flags"
	"conclab/labs/trace"
	"conclab/tui/components/form"
	"conclab/tui/components/picker"
	"conclab/tui/components/playback"
	"conclab/tui/internal/drive"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

// skip drops playback ticks: a playing clock stays where it is (see play).
var skip = func(msg tea.Msg) bool { _, ok := msg.(playback.TickMsg); return ok }

// settle runs cmd and every command it leads to through Update, as the
// Bubble Tea runtime would, but for the messages skip drops.
func settle(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	return drive.Settle(m, cmd, skip)
}

// open returns the lab screen of l at w x h with its first run done.
func open(t testing.TB, l *labs.Lab, w, h int) Model {
	t.Helper()
	c := screen.NewCommon().Sized(w, h)
	c.Frame = time.Millisecond
	m := New(c, l)
	return settle(t, m, m.Init())
}

// keys presses keys in order, settling the commands each one returns.
func keys(t testing.TB, m Model, names ...string) Model {
	t.Helper()
	return drive.Keys(m, skip, names...)
}

// play feeds the clock its frames until it stops (at most n), as the ticks
// would, without waiting for them.
func play(m Model, n int) Model {
	for i := 0; m.clock.Playing() && i < n; i++ {
		m, _ = m.Update(m.clock.Frame())
	}
	return m
}

// view is the stripped view, checked to be exactly the screen's size.
func view(t *testing.T, m Model) string {
	t.Helper()
	return drive.View(t, m.View(), m.c.Width, m.c.Height)
}

func TestViewGolden(t *testing.T) {
	edit := append(append([]string{"e", "ctrl+u"}, press.Text("12")...), "enter", "end")
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		for _, tt := range []struct {
			name string
			keys []string
		}{
			{"start", nil},
			{"end", []string{"end"}},
			{"stepped", []string{"right", "right", "right"}},
			{"next_output", []string{"shift+right"}},
			{"source", []string{"right", "right", "tab", "s"}},
			{"diff", []string{"d"}},
			{"form_refused", append([]string{"e", "ctrl+u"}, press.Text("0")...)},
			{"picker", []string{"v", "down", "down", "space"}},
			{"edited_boards_12", edit},
			{"three_lanes", []string{"v", "down", "down", "space", "enter", "end"}},
			{"walkthrough_hidden_step3", []string{"n", "n", "w", "end"}},
			{"zoomed", []string{"end", "home", "shift+right", "z", "z", "z"}},
			{"zoom_marked_range", []string{"end", "home", "shift+right", "m", "shift+right", "shift+right", "shift+right", "m"}},
			{"fold_idle", []string{"end", "f"}},
			{"fit_lanes", []string{"end", "F"}},
			{"fit_fold_last_round", []string{"end", "tab", "F", "f", "z", "z", "z", "z", "z"}},
		} {
			name := tt.name
			t.Run(fmt.Sprintf("%dx%d_%s", size.w, size.h, name), func(t *testing.T) {
				m := open(t, chess.Lab(), size.w, size.h)
				m = keys(t, m, tt.keys...)
				golden.RequireEqual(t, view(t, m))
			})
		}
	}
}

// TestChessOnOneClock plays the chess exhibition to the end and reads the
// totals the lab must reproduce: 12:00:00 one board at a time, 1:00:55
// going round.
func TestChessOnOneClock(t *testing.T) {
	c := screen.NewCommon().Sized(160, 48) // frames of 50 ms, as on a terminal
	m := New(c, chess.Lab())
	m = settle(t, m, m.Init())
	if m.clock.Started() || m.clock.End() != 12*time.Hour {
		t.Fatalf("first run: started=%v end=%v, want paused before the start of a 12h run", m.clock.Started(), m.clock.End())
	}
	if got := m.clock.Speed().Name; got != "1 h/s" {
		t.Errorf("speed for 12 hours = %s, want 1 h/s", got)
	}
	m = keys(t, m, "space")
	if !m.clock.Playing() {
		t.Fatal("space did not start playing")
	}
	m = play(m, 1000) // 12 h at 1 h/s in 50 ms frames: 240 frames
	if m.clock.Playing() || !m.clock.AtEnd() {
		t.Fatalf("after playing: playing=%v at=%v, want stopped at the end", m.clock.Playing(), m.clock.At())
	}
	v := view(t, m)
	for _, want := range []string{"✓ 12:00:00", "✓ 1:00:55", "Totals: sequential 12:00:00 · concurrent 1:00:55 (11.8× faster)"} {
		if !strings.Contains(v, want) {
			t.Errorf("the screen at the end does not show %q", want)
		}
	}
}

func TestPlaybackKeys(t *testing.T) {
	s := time.Second
	tests := []struct {
		name  string
		keys  []string
		at    time.Duration
		event int // the event the status line counts (from 1), -1: not checked
	}{
		{"nothing yet", nil, playback.Before, 0},
		{"first event at 0", []string{"right"}, 0, 1},
		{"one event at a time", []string{"right", "right"}, 0, 2},
		{"then the next time", []string{"right", "right", "right"}, 5 * s, 3},
		{"l steps too", []string{"l", "l"}, 0, 2},
		{"back one event", []string{"right", "right", "right", "left"}, 0, 2},
		{"back within a time", []string{"right", "right", "left"}, 0, 1},
		{"first output line", []string{"shift+right"}, 30 * time.Minute, -1},
		// Concurrent board 1 is ready to print at 0:59:00 (29 laps of 120 s, 5 s, 55 s) but
		// the master is busy with the other boards' last moves until 1:00:00.
		{"second output line", []string{">", ">"}, time.Hour, -1},
		{"previous output line", []string{"end", "shift+left"}, 11*time.Hour + 30*time.Minute, -1},
		{"end", []string{"end"}, 12 * time.Hour, -1},
		{"G", []string{"G"}, 12 * time.Hour, -1},
		{"home", []string{"end", "home"}, playback.Before, 0},
	}
	for _, tt := range tests {
		m := open(t, chess.Lab(), 80, 24)
		m = keys(t, m, tt.keys...)
		if got := m.clock.At(); got != tt.at {
			t.Errorf("%s: cursor = %v, want %v", tt.name, got, tt.at)
		}
		if i, _ := m.clock.Event(); tt.event >= 0 && i != tt.event {
			t.Errorf("%s: event = %d, want %d", tt.name, i, tt.event)
		}
	}
}

func TestSpeedKeys(t *testing.T) {
	m := open(t, chess.Lab(), 80, 24)
	m = keys(t, m, "-", "-")
	if got := m.clock.Speed().Name; got != "10 min/s" {
		t.Errorf("two steps slower than 1 h/s = %s, want 10 min/s", got)
	}
	m = keys(t, m, "+", "=", "+")
	if got := m.clock.Speed().Name; got != "1 h/s" {
		t.Errorf("then three faster = %s, want 1 h/s (the fastest)", got)
	}
}

// TestEditAndRerun: the old run stays on screen while the new one runs, and
// the new one replaces it, playing, with the new totals.
func TestEditAndRerun(t *testing.T) {
	m := open(t, chess.Lab(), 80, 24)
	m = keys(t, m, "e")
	if !m.Typing() {
		t.Fatal("the form is open but Typing() is false")
	}
	for _, k := range append([]string{"ctrl+u"}, press.Text("12")...) {
		m, _ = m.Update(press.Key(k))
	}
	m, submit := m.Update(press.Key("enter"))
	m, runs := m.Update(submit()) // the form's SubmitMsg starts the runs
	if !m.Running() || m.values.Int("boards") != 24 || len(m.panes) != 2 {
		t.Fatalf("while the new run is in flight: running=%v boards=%d lanes=%d, want the old run shown", m.Running(), m.values.Int("boards"), len(m.panes))
	}
	if v := view(t, m); !strings.Contains(v, "running") || !strings.Contains(v, "boards=24") {
		t.Error("while the new run is in flight the header does not say running with the old values")
	}
	m = settle(t, m, runs)
	if m.Running() || m.values.Int("boards") != 12 {
		t.Fatalf("after the run: running=%v boards=%d, want 12", m.Running(), m.values.Int("boards"))
	}
	want := []time.Duration{6 * time.Hour, 30*time.Minute + 55*time.Second}
	for i, p := range m.panes {
		if total, _ := p.Total(); total != want[i] {
			t.Errorf("lane %s total = %v, want %v", p.Name(), total, want[i])
		}
	}
	if !m.clock.Playing() || m.clock.Started() {
		t.Errorf("a rerun plays from the start: playing=%v at=%v", m.clock.Playing(), m.clock.At())
	}
}

// TestStaleResults: results of a run that was superseded are dropped.
func TestStaleResults(t *testing.T) {
	m := open(t, chess.Lab(), 80, 24)
	m, first := m.Update(press.Key("r"))
	m, second := m.Update(press.Key("r"))
	old := first().(tea.BatchMsg)
	for _, c := range old {
		m, _ = m.Update(c())
	}
	if !m.Running() {
		t.Fatal("results of the superseded run were taken for the latest")
	}
	m = settle(t, m, second)
	if m.Running() {
		t.Error("the latest run's results were not taken")
	}
}

func TestVariantsAndLanes(t *testing.T) {
	m := open(t, chess.Lab(), 80, 24)
	m = keys(t, m, "v", "down", "down", "space", "enter")
	if got := strings.Join(m.shown, ","); got != "sequential,concurrent,two-masters" {
		t.Fatalf("shown = %s, want three variants", got)
	}
	if m.lay.perRow != 2 || m.lay.shownRows != 1 {
		t.Errorf("three lanes at 80x24: %d per row, %d rows shown, want 2 and 1 (scroll)", m.lay.perRow, m.lay.shownRows)
	}
	m = keys(t, m, "tab", "tab")
	if m.selected != 2 || m.lay.firstRow != 1 {
		t.Errorf("tab twice: selected %d, first row %d, want lane 3 in view", m.selected, m.lay.firstRow)
	}
	m = keys(t, m, "1")
	if m.selected != 0 || m.lay.firstRow != 0 {
		t.Errorf("1: selected %d, first row %d, want lane 1 in view", m.selected, m.lay.firstRow)
	}
	wide := open(t, chess.Lab(), 200, 60)
	wide = keys(t, wide, "v", "down", "down", "space", "enter")
	if wide.lay.perRow != 3 {
		t.Errorf("three lanes at 200x60: %d per row, want 3", wide.lay.perRow)
	}
}

func TestScrollRows(t *testing.T) {
	m := open(t, chess.Lab(), 80, 24)
	m = keys(t, m, "down", "down", "j")
	for _, p := range m.panes {
		if p.Offset() != 3 {
			t.Errorf("lane %s: first row %d, want 3 (lanes scroll together)", p.Name(), p.Offset())
		}
	}
	m, _ = m.Update(tea.MouseWheelMsg{X: 10, Y: m.lay.lanesTop + 2, Button: tea.MouseWheelUp})
	if got := m.panes[1].Offset(); got != 2 {
		t.Errorf("wheel up over the lanes: first row %d, want 2", got)
	}
	before := m.walk.Offset()
	m, _ = m.Update(tea.MouseWheelMsg{X: 10, Y: m.lay.walkTop + 1, Button: tea.MouseWheelDown})
	if m.walk.Offset() != before+1 {
		t.Errorf("wheel down over the walkthrough: offset %d, want %d", m.walk.Offset(), before+1)
	}
}

func TestBackAndOverlays(t *testing.T) {
	m := open(t, chess.Lab(), 80, 24)
	if _, cmd := m.Update(press.Key("esc")); cmd == nil || cmd() != (screen.BackMsg{}) {
		t.Error("esc on the lab screen does not go back")
	}
	for _, k := range []string{"e", "v", "d"} {
		o := keys(t, m, k)
		if o.overlay == noOverlay {
			t.Errorf("%s opened no overlay", k)
		}
		o = keys(t, o, "esc")
		if o.overlay != noOverlay {
			t.Errorf("esc did not close the overlay opened by %s", k)
		}
	}
}

func TestFailingVariant(t *testing.T) {
	l := &labs.Lab{Name: "bad", Title: "Bad", Summary: "fails", Variants: []labs.Variant{
		{Name: "error", Run: func(labs.Values) (labs.Result, error) {
			return labs.Result{Trace: &trace.Trace{Total: time.Second, Workers: 1}}, errors.New("deadlock: all tasks are asleep at 0:00:01")
		}},
		{Name: "panic", Run: func(labs.Values) (labs.Result, error) { panic("boom") }},
	}}
	m := open(t, l, 80, 24)
	v := view(t, m)
	for _, want := range []string{"error: deadlock: all tasks are asleep", "at 0:00:01", "error: variant panic panicked: boom", "failed"} {
		if !strings.Contains(v, want) {
			t.Errorf("the screen does not show %q:\n%s", want, v)
		}
	}
}

// TestTotalsOfARunThatGaveUp: with a slow, failing server errgroup gives up
// after ID's 418 and cancels 18 of its 20 downloads. Its 1.019 s is not
// the time of the same work, so the totals give it no speedup and say what
// happened; the other lanes keep theirs over sequential.
func TestTotalsOfARunThatGaveUp(t *testing.T) {
	l := flags.Lab()
	values, err := l.Resolve(map[string]string{"jitter": "4.5s", "error_rate": "0.1", "timeout": "3s"})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 60}} {
		m := open(t, l, size.w, size.h)
		m = settle(t, m, m.start([]string{"sequential", "goroutines", "errgroup"}, values, false))
		m = keys(t, m, "end")
		totals := ansi.Strip(strings.Join(m.totals(), " "))
		for _, want := range []string{"errgroup 0:00:01.019 (gave up after a 418 (ID): cancelled 18 of 20)", "goroutines 0:00:03 (11.6×"} {
			if !strings.Contains(totals, want) {
				t.Errorf("%dx%d: totals = %q, want %q in them", size.w, size.h, totals, want)
			}
		}
		if v := view(t, m); strings.Contains(v, "34.1×") || !strings.Contains(v, "cancelled 18 of 20)") {
			t.Errorf("%dx%d: the screen gives errgroup a speedup or hides what happened:\n%s", size.w, size.h, v)
		}
	}
}

func TestSpeedup(t *testing.T) {
	tests := []struct {
		base, total time.Duration
		want        string
	}{
		{12 * time.Hour, 3655 * time.Second, "(11.8× faster)"},
		{10 * time.Second, 20 * time.Second, "(2.0× slower)"},
		{time.Second, time.Second, "(same)"},
		{time.Second, 0, ""},
	}
	for _, tt := range tests {
		if got := Speedup(tt.base, tt.total); got != tt.want {
			t.Errorf("Speedup(%v, %v) = %q, want %q", tt.base, tt.total, got, tt.want)
		}
	}
}

// Keys pressed while the first run is still running are not lost: space
// plays and end jumps to the end once the lanes arrive.
func TestKeysBeforeFirstRun(t *testing.T) {
	tests := []struct {
		keys        []string
		wantPlaying bool
		wantEnd     bool
	}{
		{nil, false, false},
		{[]string{"space"}, true, false},
		{[]string{"space", "space"}, false, false},
		{[]string{"end"}, false, true},
		{[]string{"space", "end"}, false, true},
	}
	for _, tt := range tests {
		c := screen.NewCommon().Sized(100, 30)
		c.Frame = time.Millisecond
		m := New(c, chess.Lab())
		cmd := m.Init()
		for _, k := range tt.keys {
			m, _ = m.Update(press.Key(k))
		}
		m = settle(t, m, cmd)
		if got := m.clock.Playing(); got != tt.wantPlaying {
			t.Errorf("keys %v before the first run: Playing() = %v, want %v", tt.keys, got, tt.wantPlaying)
		}
		if got := m.clock.At() == m.clock.End(); got != tt.wantEnd {
			t.Errorf("keys %v before the first run: at the end = %v, want %v", tt.keys, got, tt.wantEnd)
		}
	}
}

// TestNoTimerWhilePaused: a paused screen schedules nothing, whatever is
// pressed (only space starts the clock's ticks), and a tick left over from
// before a pause is dropped without scheduling another.
func TestNoTimerWhilePaused(t *testing.T) {
	m := open(t, chess.Lab(), 100, 30)
	for _, k := range []string{"right", "left", ">", "<", "+", "-", "home", "end", "n", "p", "w", "w", "tab", "s", "s", "o", "o", "z", "up", "down", "pgdown", "pgup", "d", "esc", "v", "esc", "e", "esc"} {
		var cmd tea.Cmd
		m, cmd = m.Update(press.Key(k))
		if cmd == nil {
			continue
		}
		switch msg := cmd().(type) {
		case screen.LabStateMsg: // a step changed: the root is told once, no timer
		case form.CancelMsg, picker.CancelMsg: // closing an overlay says so, and that is all
			var next tea.Cmd
			if m, next = m.Update(msg); next != nil {
				t.Errorf("closing an overlay with %s returned a command", k)
			}
		default:
			t.Errorf("%s while paused returned a command (%T)", k, msg)
		}
	}
	m = keys(t, m, "home", "space")
	stale := m.clock.Frame()
	m = keys(t, m, "space") // pause
	if _, cmd := m.Update(stale); cmd != nil {
		t.Error("a tick from before the pause scheduled another")
	}
}
