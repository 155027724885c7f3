package tui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"go.uber.org/goleak"

	"conclab/internal/check"
	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/coroutines"
	"conclab/tui/exercise"
	"conclab/tui/home"
	"conclab/tui/internal/press"
	"conclab/tui/lab"
	"conclab/tui/meta"
	"conclab/tui/realrun"
	"conclab/tui/room"
	"conclab/tui/screen"
	"conclab/tui/styles"
)

// drive sends msgs to the root model through Update, running the commands
// they return (not ticks: those would wait) and feeding back what they send.
func drive(t testing.TB, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	for _, msg := range msgs {
		m = step(t, m, msg)
	}
	return m
}

func step(t testing.TB, m Model, msg tea.Msg) Model {
	t.Helper()
	next, cmd := m.Update(msg)
	m = next.(Model)
	return run(t, m, cmd)
}

func run(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			m = run(t, m, c)
		}
	case screen.OpenLabMsg, lab.RunMsg, screen.BackMsg:
		m = step(t, m, msg)
	}
	return m
}

// onTop names the screen on top of m's stack.
func onTop(m Model) string {
	s := m.top().s
	if _, ok := screen.As[home.Model](s); ok {
		return "home"
	}
	if _, ok := screen.As[lab.Model](s); ok {
		return "lab"
	}
	if _, ok := screen.As[exercise.Model](s); ok {
		return "exercise"
	}
	if _, ok := screen.As[realrun.Model](s); ok {
		return "real"
	}
	if _, ok := screen.As[meta.Model](s); ok {
		return "meta"
	}
	if _, ok := screen.As[room.Dashboard](s); ok {
		return "dashboard"
	}
	return fmt.Sprintf("%T", s)
}

// topModel is the model of the screen on top of m's stack, if it is an M.
func topModel[M any](t testing.TB, m Model) M {
	t.Helper()
	got, ok := screen.As[M](m.top().s)
	if !ok {
		t.Fatalf("the screen on top is the %s screen, not a %T", onTop(m), got)
	}
	return got
}

func keys(names ...string) []tea.Msg {
	out := make([]tea.Msg, len(names))
	for i, n := range names {
		out[i] = press.Key(n)
	}
	return out
}

func newRoot(w, h int, ls ...*labs.Lab) Model {
	if len(ls) == 0 {
		ls = []*labs.Lab{chess.Lab()}
	}
	m := New(WithLabs(ls), WithFrame(time.Millisecond))
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return next.(Model)
}

// checkSize fails when the content has more lines than h or a line wider than w.
func checkSize(t *testing.T, content string, w, h int) {
	t.Helper()
	lines := strings.Split(content, "\n")
	if len(lines) > h {
		t.Errorf("%dx%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%dx%d: line %d is %d cells wide: %q", w, h, i, lw, ansi.Strip(l))
		}
	}
}

func TestTooSmall(t *testing.T) {
	tests := []struct {
		w, h int
		want string
	}{
		{40, 10, "Too small: 40x10 (need 60x16)|Make the window larger;|the lab comes back as it was.|q quits."},
		{59, 30, "Too small: 59x30 (need 60x16)|Make the window larger;|the lab comes back as it was.|q quits."},
		{20, 3, "Too small: 20x3 (ne…|Make the window lar…|the lab comes back …"},
		{5, 1, "Too …"},
	}
	for _, tt := range tests {
		m := newRoot(tt.w, tt.h)
		if got := strings.ReplaceAll(m.Content(), "\n", "|"); got != tt.want {
			t.Errorf("Content() at %dx%d = %q, want %q", tt.w, tt.h, got, tt.want)
		}
		m = drive(t, m, keys("enter")...) // the lab opens, still the same message
		if got := strings.ReplaceAll(m.Content(), "\n", "|"); got != tt.want {
			t.Errorf("Content() in a lab at %dx%d = %q, want %q", tt.w, tt.h, got, tt.want)
		}
		if _, cmd := m.Update(press.Key("q")); cmd == nil || fmt.Sprint(cmd()) != fmt.Sprint(tea.Quit()) {
			t.Errorf("q does not quit at %dx%d", tt.w, tt.h)
		}
	}
}

func TestRootGolden(t *testing.T) {
	puzzles := []*labs.Lab{coroutines.Lab()}
	for _, tt := range []struct {
		name string
		w, h int
		labs []*labs.Lab
		msgs []tea.Msg
	}{
		{"home_80x24", 80, 24, nil, nil},
		{"home_160x48", 160, 48, nil, nil},
		{"home_help_80x24", 80, 24, nil, keys("?")},
		{"home_help_160x48", 160, 48, nil, keys("?")},
		{"lab_end_80x24", 80, 24, nil, keys("enter", "end")},
		{"lab_end_160x48", 160, 48, nil, keys("enter", "end")},
		{"lab_help_80x24", 80, 24, nil, keys("enter", "?")},
		{"lab_help_160x48", 160, 48, nil, keys("enter", "?")},
		{"form_help_80x24", 80, 24, nil, keys("enter", "e", "?")},
		{"form_160x48", 160, 48, nil, keys("enter", "e")},
		{"picker_80x24", 80, 24, nil, keys("enter", "v")},
		{"picker_160x48", 160, 48, nil, keys("enter", "v")},
		{"puzzle_typing_80x24", 80, 24, puzzles, keys("enter", "enter", "g", "o")},
		{"puzzle_help_160x48", 160, 48, puzzles, keys("enter", "?")},
		{"too_small_40x10", 40, 10, nil, keys("enter")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := drive(t, newRoot(tt.w, tt.h, tt.labs...), tt.msgs...)
			c := m.Content()
			checkSize(t, c, tt.w, tt.h)
			golden.RequireEqual(t, ansi.Strip(c))
		})
	}
}

func TestGlobalKeys(t *testing.T) {
	quits := func(m Model, k string) bool {
		_, cmd := m.Update(press.Key(k))
		return cmd != nil && fmt.Sprint(cmd()) == fmt.Sprint(tea.Quit())
	}
	home := newRoot(80, 24)
	if !quits(home, "q") || !quits(home, "ctrl+c") {
		t.Error("q or ctrl+c does not quit on the home screen")
	}
	inLab := drive(t, home, keys("enter")...)
	if onTop(inLab) != "lab" || !quits(inLab, "q") {
		t.Error("q does not quit on the lab screen")
	}
	typing := drive(t, inLab, keys("e")...)
	if quits(typing, "q") {
		t.Error("q quits while the form has the keys; it should be typed")
	}
	if !quits(typing, "ctrl+c") {
		t.Error("ctrl+c does not quit while typing")
	}
	filtering := drive(t, home, keys("/")...)
	if quits(filtering, "q") {
		t.Error("q quits while the filter has the keys")
	}
	back := drive(t, inLab, keys("esc")...)
	if onTop(back) != "home" {
		t.Error("esc on the lab screen did not go back home")
	}
	helped := drive(t, home, keys("?")...)
	if !helped.showAll || helped.helpH < 2 {
		t.Errorf("? did not show the full help (showAll=%v, %d lines)", helped.showAll, helped.helpH)
	}
}

// TestHelpPerScreen checks that the full help belongs to one screen: esc
// closes it first (on home and in a lab), and it does not follow the
// learner to another screen.
func TestHelpPerScreen(t *testing.T) {
	home := newRoot(80, 24)
	tests := []struct {
		name string
		msgs []tea.Msg
		top  string
		full bool
	}{
		{"esc on home closes it", keys("?", "esc"), "home", false},
		{"esc in a lab closes it, stays", keys("enter", "?", "esc"), "lab", false},
		{"second esc goes home", keys("enter", "?", "esc", "esc"), "home", false},
		{"opening a lab closes it", keys("?", "enter"), "lab", false},
		{"going home closes it", append(keys("enter", "?"), screen.BackMsg{}), "home", false},
		{"? twice closes it", keys("enter", "?", "?"), "lab", false},
		{"open stays open", keys("enter", "?"), "lab", true},
	}
	for _, tc := range tests {
		m := drive(t, home, tc.msgs...)
		if onTop(m) != tc.top || m.showAll != tc.full {
			t.Errorf("%s: on top %s, full help=%v, want %s %v", tc.name, onTop(m), m.showAll, tc.top, tc.full)
		}
		if !m.showAll && m.helpH != 1 {
			t.Errorf("%s: help bar is %d lines with the full help closed, want 1", tc.name, m.helpH)
		}
	}
}

// TestEveryLabFits opens every registered lab at the sizes that matter and
// checks that nothing is drawn outside the terminal, at the start, at the
// end, and with every overlay.
func TestEveryLabFits(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every lab")
	}
	for _, l := range labs.All() {
		for _, size := range [][2]int{{60, 16}, {80, 24}, {160, 48}, {200, 60}} {
			m := drive(t, newRoot(size[0], size[1], l), keys("enter")...)
			for _, k := range []string{"right", "end", "s", "tab", "s", "o", "z", "d", "esc", "e", "esc", "v", "esc", "w", "n", "enter", "a", "ctrl+s", "?"} {
				m = drive(t, m, press.Key(k))
				checkSize(t, m.Content(), size[0], size[1])
			}
		}
	}
}

func TestStylesFromEnv(t *testing.T) {
	env := func(vals map[string]string) func(string) string { return func(k string) string { return vals[k] } }
	if st := styles.FromEnv(env(map[string]string{"TERM": "dumb"})); !st.ASCII || st.Glyphs.Running != "#" {
		t.Errorf("TERM=dumb: ASCII=%v running glyph %q, want ASCII glyphs", st.ASCII, st.Glyphs.Running)
	}
	if st := styles.FromEnv(env(map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"})); st.ASCII {
		t.Error("NO_COLOR alone switched to ASCII glyphs; Bubble Tea drops the colours")
	}
	m := drive(t, New(WithLabs([]*labs.Lab{chess.Lab()}), WithStyles(styles.DefaultStyles().WithASCII())),
		tea.WindowSizeMsg{Width: 80, Height: 24}, press.Key("enter"), press.Key("end"))
	if c := ansi.Strip(m.Content()); strings.ContainsAny(c, "█▒░╭│▲→·›×…") {
		t.Errorf("ASCII styles still draw Unicode:\n%s", c)
	}
}

// TestASCIIOnly: with the styles of a dumb terminal, every lab's screens
// (walkthrough steps, source, diff, form) are pure ASCII.
func TestASCIIOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every lab")
	}
	for _, l := range labs.All() {
		m := drive(t, New(WithLabs([]*labs.Lab{l}), WithStyles(styles.DefaultStyles().WithASCII())),
			tea.WindowSizeMsg{Width: 100, Height: 30}, press.Key("enter"))
		for _, k := range []string{"end", "n", "n", "n", "n", "n", "n", "n", "n", "s", "d", "esc", "e"} {
			m = drive(t, m, press.Key(k))
			for i, r := range m.Content() {
				if r >= 0x80 {
					t.Errorf("%s after %s: %q at byte %d is not ASCII", l.Name, k, r, i)
					break
				}
			}
		}
	}
}

// TestSmoke runs the real program (teatest): open the chess lab, jump to the
// end, quit; the final screen shows both totals, and no goroutine is left.
func TestSmoke(t *testing.T) {
	defer goleak.VerifyNone(t,
		goleak.IgnoreTopFunction("os/signal.signal_recv"),
		// chroma's regexp engine keeps a coarse clock for match timeouts; it stops on its own.
		goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"),
		// teatest waits for an interrupt for the whole test binary.
		goleak.IgnoreAnyFunction("github.com/charmbracelet/x/exp/teatest/v2.NewTestModel.func2"))
	tm := teatest.NewTestModel(t, New(WithLabs([]*labs.Lab{chess.Lab()}), WithFrame(time.Millisecond)),
		teatest.WithInitialTermSize(100, 30))
	// Runs before goleak's check: a failed wait must not leave the program running.
	defer func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	}()
	waitFor := func(s string) {
		t.Helper()
		// Generous: under -race on a busy two-core machine the first run can take seconds.
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	waitFor("Chess exhibition")
	tm.Send(press.Key("enter"))
	waitFor("boards=24")
	tm.Send(press.Key("space"))
	tm.Send(press.Key("end"))
	waitFor("Totals:")
	tm.Send(press.Key("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
	c := ansi.Strip(final.Content())
	for _, want := range []string{"✓ 12:00:00", "✓ 1:00:55", "(11.8× faster)"} {
		if !strings.Contains(c, want) {
			t.Errorf("the final screen does not show %q:\n%s", want, c)
		}
	}
}

// TestShortHelpKeepsHelp: however narrow the terminal, the one-line help
// bar ends with "? help" and fits; bindings are dropped before it.
func TestShortHelpKeepsHelp(t *testing.T) {
	for _, w := range []int{60, 80, 100, 200} {
		m := drive(t, newRoot(w, 30), keys("enter")...)
		lines := strings.Split(ansi.Strip(m.Content()), "\n")
		last := strings.TrimRight(lines[len(lines)-1], " ")
		if !strings.HasSuffix(last, "? help") || ansi.StringWidth(last) > w {
			t.Errorf("help bar at width %d = %q, want it to end with \"? help\" within %d cells", w, last, w)
		}
	}
}

// TestProgressOnHome: the root reads the progress at the start and again
// on every return to the home screen, and the home screen marks the labs.
func TestProgressOnHome(t *testing.T) {
	reads := 0
	load := func() (*check.Progress, string, error) {
		reads++
		p := &check.Progress{}
		if reads > 1 {
			p.Checked("chess", check.Passed, time.Now()) // solved in another terminal meanwhile
		}
		return p, "", nil
	}
	m := New(WithLabs([]*labs.Lab{chess.Lab()}), WithProgress(load))
	m = drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	for _, c := range m.Init()().(tea.BatchMsg) {
		if msg, ok := c().(home.ProgressMsg); ok {
			m = drive(t, m, msg)
		}
	}
	if c := ansi.Strip(m.Content()); reads != 1 || !strings.Contains(c, "chess  exercise 0/1") {
		t.Fatalf("after Init: %d reads, home:\n%s", reads, c)
	}
	m = drive(t, m, press.Key("enter"))
	next, cmd := m.Update(screen.BackMsg{})
	m = next.(Model)
	if cmd == nil {
		t.Fatal("back home does not read the progress again")
	}
	m = drive(t, m, cmd())
	if c := ansi.Strip(m.Content()); reads != 2 || !strings.Contains(c, "chess  ✓ exercise solved") {
		t.Errorf("after coming back: %d reads, home:\n%s", reads, c)
	}
}
