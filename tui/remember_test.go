package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/internal/check"
	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/coroutines"
	"conclab/tui/lab"
	"conclab/tui/screen"
)

// rememberingRoot is a root on the labs chess and coroutines whose
// progress lives in store, started and sized as conclab starts.
func rememberingRoot(t *testing.T, store check.Store, w, h int, opts ...Option) Model {
	t.Helper()
	load := func() (*check.Progress, string, error) { return store.Load() }
	update := func(change func(*check.Progress)) error { _, _, err := store.Update(change); return err }
	opts = append([]Option{WithLabs([]*labs.Lab{coroutines.Lab(), chess.Lab()}), WithFrame(time.Millisecond), WithProgress(load), WithRemember(update)}, opts...)
	m := New(opts...)
	m = drive(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return settleAll(t, m, m.progressCmd())
}

// TestRememberTheLearner: puzzle predictions checked and the lab, step,
// lanes and parameters the learner was on are saved; a conclab started
// again shows the puzzles solved on the home screen, its cursor on the
// last lab, and opens that lab as it was left.
func TestRememberTheLearner(t *testing.T) {
	store := check.Store{Dir: t.TempDir()}
	m := rememberingRoot(t, store, 100, 30)
	m = settleAll(t, m, func() tea.Msg { return screen.PuzzleCheckedMsg{Lab: "coroutines", Puzzle: "buffered", Right: true} })
	m = settleAll(t, m, func() tea.Msg {
		return screen.PuzzleCheckedMsg{Lab: "coroutines", Puzzle: "select-default", Right: false}
	})
	m = settleAll(t, m, func() tea.Msg {
		return screen.PuzzleCheckedMsg{Lab: "coroutines", Puzzle: "select-default", Right: true}
	})
	if c := ansi.Strip(m.Content()); !strings.Contains(c, "coroutines  2/9 puzzles (1 first try)") {
		t.Errorf("home after two puzzles solved, one on the first try:\n%s", c)
	}
	m = pressAll(t, m, "down", "enter", "n", "n", "e", "ctrl+u", "1", "2", "enter")
	if onTop(m) != "lab" {
		t.Fatalf("enter on chess opened %s", onTop(m))
	}
	p, _, err := store.Load()
	if err != nil || p.Last == nil || fmt.Sprint(*p.Last.ClearAt()) != "{chess 3 [sequential concurrent] map[boards:12] 0001-01-01 00:00:00 +0000 UTC}" {
		t.Fatalf("saved last lab = %+v, %v", p.Last, err)
	}

	again := rememberingRoot(t, store, 100, 30) // conclab started again
	c := ansi.Strip(again.Content())
	for _, want := range []string{"coroutines  2/9 puzzles (1 first try)", "last time: chess at step 3", "Welcome back: enter opens chess as you left it", "▸ Chess exhibition"} {
		if !strings.Contains(c, want) {
			t.Errorf("home when conclab starts again does not show %q:\n%s", want, c)
		}
	}
	again = pressAll(t, again, "enter")
	lm, ok := screen.As[lab.Model](again.top().s)
	if !ok {
		t.Fatalf("enter opened %s", onTop(again))
	}
	if s := lm.State(); fmt.Sprint(s) != "{[sequential concurrent] map[boards:12] 3 false false false false}" {
		t.Errorf("the last lab reopened as %+v, want step 3 with boards=12", s)
	}
}

// TestOpenPrepared: WithSetup opens the lab screen over home, prepared;
// esc goes home.
func TestOpenPrepared(t *testing.T) {
	store := check.Store{Dir: t.TempDir()}
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			m := rememberingRoot(t, store, size.w, size.h, WithSetup(chess.Lab(), labs.Setup{Variants: []string{"concurrent"}, Set: map[string]string{"boards": "12"}}))
			m = settleAll(t, m, m.top().s.Init())
			if onTop(m) != "lab" {
				t.Fatalf("WithSetup opened %s", onTop(m))
			}
			c := ansi.Strip(m.Content())
			if !strings.Contains(c, "boards=12 ") || !strings.Contains(c, "─ concurrent ─") || strings.Contains(c, "─ sequential ─") {
				t.Errorf("the prepared lab does not show boards=12 on the concurrent lane alone:\n%s", c)
			}
			golden.RequireEqual(t, c)
			m = pressAll(t, m, "esc")
			if onTop(m) != "home" {
				t.Errorf("esc on the prepared lab went to %s, want home", onTop(m))
			}
		})
	}
}

// TestHomeGoldenRemembered: the home screen with puzzles solved and a
// last lab, at 80x24 and 160x48.
func TestHomeGoldenRemembered(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			store := check.Store{Dir: t.TempDir()}
			at := time.Date(2026, 12, 6, 22, 0, 0, 0, time.UTC)
			if _, _, err := store.Update(func(p *check.Progress) {
				p.PuzzleChecked("coroutines", "buffered", true, at)
				p.PuzzleChecked("coroutines", "select-default", false, at)
				p.PuzzleChecked("coroutines", "select-default", true, at)
				p.PuzzleChecked("coroutines", "waitgroup", true, at)
				p.Last = &check.LastLab{Lab: "chess", Step: 3}
			}); err != nil {
				t.Fatal(err)
			}
			m := rememberingRoot(t, store, size.w, size.h)
			golden.RequireEqual(t, ansi.Strip(m.Content()))
		})
	}
}
