package lab

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"go.uber.org/goleak"

	"conclab/labs/coroutines"
	"conclab/tui/internal/press"
)

// typeLines types lines into the prediction, enter between them.
func typeLines(lines ...string) []string {
	var keys []string
	for i, l := range lines {
		if i > 0 {
			keys = append(keys, "enter")
		}
		keys = append(keys, press.Text(l)...)
	}
	return keys
}

// TestPuzzleGolden draws the coroutine puzzles at both sizes: the first
// puzzle, a prediction being typed, a wrong and a right verdict, and the
// walkthrough shown.
func TestPuzzleGolden(t *testing.T) {
	buffered := []string{"len 2 cap 3", "got 1", "got 2", "after close: 0 false"}
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		for _, tt := range []struct {
			name string
			keys []string
		}{
			{"start", nil},
			{"typing", append([]string{"enter"}, typeLines("len 2 cap 3", "got 1")...)},
			{"wrong", append(append([]string{"enter"}, typeLines("len 2 cap 3", "got 1", "got 3")...), "ctrl+s")},
			{"right", append(append([]string{"enter"}, typeLines(buffered...)...), "esc", "ctrl+s")},
			{"tab_tab_w", []string{"tab", "tab", "w"}},
		} {
			t.Run(fmt.Sprintf("%dx%d_%s", size.w, size.h, tt.name), func(t *testing.T) {
				m := open(t, coroutines.Lab(), size.w, size.h)
				m = keys(t, m, tt.keys...)
				golden.RequireEqual(t, view(t, m))
			})
		}
	}
}

// TestPuzzleKeys: enter types, the global keys are typed while typing, esc
// stops typing, ctrl+s checks (running the real program in a command), tab
// moves to the next puzzle and keeps each puzzle's prediction.
func TestPuzzleKeys(t *testing.T) {
	// The puzzles' goroutines all end. (chroma's regexp engine keeps a
	// coarse clock for match timeouts; it stops on its own.)
	defer goleak.VerifyNone(t, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"))
	m := open(t, coroutines.Lab(), 100, 30)
	if len(m.panes) != 0 || m.Running() {
		t.Fatalf("a puzzle lab runs no lanes: %d lanes, running=%v", len(m.panes), m.Running())
	}
	if m.Typing() {
		t.Fatal("typing before enter")
	}
	m = keys(t, m, "enter")
	if !m.Typing() {
		t.Fatal("enter did not start typing the prediction")
	}
	m = keys(t, m, typeLines("q", "w")...)
	if got := strings.Join(m.puzzles.panel().Prediction(), "|"); got != "q|w" {
		t.Errorf("typed q, enter, w: prediction = %q, want q|w", got)
	}
	m = keys(t, m, "esc")
	if m.Typing() {
		t.Error("esc did not stop typing")
	}
	m = keys(t, m, "ctrl+s")
	v := m.puzzles.panel().Verdict()
	if v == nil || v.Correct || v.Want != 4 || v.Matched != 0 {
		t.Fatalf("verdict on q, w for buffered = %+v, want 0 of 4 lines right", v)
	}
	m = keys(t, m, "tab")
	if m.puzzles.i != 1 || len(m.puzzles.panel().Prediction()) != 1 || m.puzzles.panel().Prediction()[0] != "" {
		t.Errorf("tab: puzzle %d with prediction %q, want puzzle 1, empty", m.puzzles.i, m.puzzles.panel().Prediction())
	}
	m = keys(t, m, "shift+tab")
	if got := strings.Join(m.puzzles.panel().Prediction(), "|"); m.puzzles.i != 0 || got != "q|w" {
		t.Errorf("shift+tab back: puzzle %d with %q, want puzzle 0 with q|w kept", m.puzzles.i, got)
	}
	m = keys(t, m, "enter", "ctrl+u", "backspace", "ctrl+u")
	m = keys(t, m, typeLines("len 2 cap 3", "got 1", "got 2", "after close: 0 false")...)
	m = keys(t, m, "ctrl+s")
	if v := m.puzzles.panel().Verdict(); v == nil || !v.Correct || m.Typing() {
		t.Fatalf("the right prediction: verdict %+v typing=%v, want correct and no longer typing", v, m.Typing())
	}
	if got := m.puzzleStatus(); !strings.Contains(got, "1 of 9 solved") {
		t.Errorf("status = %q, want 1 of 9 solved", got)
	}
}

// TestPuzzleValueSemantics: a copy of the screen kept before an edit does
// not see the edit (Bubble Tea models are values).
func TestPuzzleValueSemantics(t *testing.T) {
	m := open(t, coroutines.Lab(), 100, 30)
	m = keys(t, m, "enter", "a")
	before := m
	m = keys(t, m, "b", "tab")
	if got := before.puzzles.panel().Prediction()[0]; got != "a" || before.puzzles.i != 0 {
		t.Errorf("the copy sees %q on puzzle %d, want a on puzzle 0", got, before.puzzles.i)
	}
	if got := m.puzzles.panels[0].Prediction()[0]; got != "ab" || m.puzzles.i != 0 {
		t.Errorf("the edited screen holds %q on puzzle %d, want ab on puzzle 0 (tab is typed: it types nothing)", got, m.puzzles.i)
	}
}
