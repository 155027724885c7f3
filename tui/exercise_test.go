package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/exercises"
	"conclab/internal/check"
	"conclab/labs"
	"conclab/labs/chess"
	"conclab/tui/components/playback"
	"conclab/tui/exercise"
	"conclab/tui/internal/press"
)

// settleAll runs cmd and every command it leads to, feeding every message
// back through the root (clock ticks and the checks' second counter aside).
func settleAll(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case nil, playback.TickMsg, exercise.CheckingMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			m = settleAll(t, m, c)
		}
	default:
		next, c := m.Update(msg)
		m = settleAll(t, next.(Model), c)
	}
	return m
}

func pressAll(t *testing.T, m Model, names ...string) Model {
	t.Helper()
	for _, n := range names {
		next, cmd := m.Update(press.Key(n))
		m = settleAll(t, next.(Model), cmd)
	}
	return m
}

// exerciseEnv is an Env on a throwaway repository whose chess checks pass
// at once (no child go test), with a throwaway progress store.
func exerciseEnv(t *testing.T) exercise.Env {
	t.Helper()
	root := t.TempDir()
	ex, err := exercises.Get("chess")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, filepath.FromSlash(ex.Path()))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("// Package chess: play every board at once.\npackage chess\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return exercise.Env{
		Root: root,
		Check: func(ctx context.Context, ex exercises.Exercise) (*check.Report, error) {
			return &check.Report{Exercise: ex, Verdict: check.Verdict{Kind: check.Passed, Headline: "every check passed"}}, nil
		},
		Store: &check.Store{Dir: t.TempDir()},
	}
}

// TestExerciseScreenRoutes: x opens the exercise from home and from the lab
// screen; esc comes back to where it was opened; a pass marks the lab on
// home.
func TestExerciseScreenRoutes(t *testing.T) {
	env := exerciseEnv(t)
	load := func() (*check.Progress, string, error) { return env.Store.Load() }
	m := New(WithLabs([]*labs.Lab{chess.Lab()}), WithFrame(time.Millisecond), WithExercises(env), WithProgress(load))
	m = drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	content := func() string { return ansi.Strip(m.Content()) }

	m = pressAll(t, m, "x")
	if c := content(); !strings.Contains(c, "exercise chess") || !strings.Contains(c, "Package chess: play every board at once.") || !strings.Contains(c, "c/enter run the checks") {
		t.Fatalf("x on home does not show the exercise screen and its help:\n%s", c)
	}
	m = pressAll(t, m, "esc")
	if c := content(); !strings.Contains(c, "an interactive concurrency lab") {
		t.Fatalf("esc on the exercise opened from home does not come back home:\n%s", c)
	}

	m = pressAll(t, m, "enter", "x")
	if c := content(); !strings.Contains(c, "exercise chess") {
		t.Fatalf("x on the lab screen does not open the exercise:\n%s", c)
	}
	m = pressAll(t, m, "c")
	if c := content(); !strings.Contains(c, "✓ passed: every check passed") {
		t.Fatalf("c on the exercise screen:\n%s", c)
	}
	m = pressAll(t, m, "esc")
	if c := content(); !strings.Contains(c, "x exercise") || onTop(m) != "lab" {
		t.Fatalf("esc on the exercise opened from the lab does not come back to the lab:\n%s", c)
	}
	m = pressAll(t, m, "esc")
	if c := content(); !strings.Contains(c, "chess  ✓ exercise solved") {
		t.Errorf("home after a pass does not mark chess solved:\n%s", c)
	}
}

// TestQuitClosesTheExercise: the root's Close (Run calls it when the
// program ends) cancels the checks in flight.
func TestQuitClosesTheExercise(t *testing.T) {
	env := exerciseEnv(t)
	started := make(chan struct{})
	env.Check = func(ctx context.Context, ex exercises.Exercise) (*check.Report, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	}
	m := New(WithLabs([]*labs.Lab{chess.Lab()}), WithExercises(env))
	m = drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = pressAll(t, m, "x")
	next, cmd := m.Update(press.Key("c"))
	m = next.(Model)
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd().(tea.BatchMsg)[0]() }()
	<-started
	next, cmd = m.Update(press.Key("q"))
	if cmd == nil {
		t.Fatal("q does not quit")
	}
	next.(Model).Close()
	select {
	case msg := <-done:
		if got, ok := msg.(exercise.CheckedMsg); !ok || got.Err == nil {
			t.Errorf("the checks ended with %#v, want cancelled", msg)
		}
	case <-time.After(10 * time.Second): // a guard against a hang, not a timing
		t.Fatal("Close did not cancel the checks")
	}
}
