package exercise

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/tui/internal/press"
)

// TestViewGolden draws the screen at both sizes through Update, with fake
// reports: nothing spawns go test here.
func TestViewGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		for _, tt := range []struct {
			name  string
			setup func(*fake)
			env   func(Env) Env
			keys  []string
			after func(*testing.T, Model) Model // drives what keys cannot (messages held back)
		}{
			{name: "start"},
			{name: "checking_3s", after: checkingFor(3)},
			{name: "failed", keys: []string{"c"}},
			{name: "failed_two_hints", keys: []string{"c", "h", "h"}},
			{name: "failed_second_test_stepped", keys: []string{"c", "t", "home", "right", "right", "right"}},
			{name: "references_running", after: referencesRunning},
			{name: "failed_tab", keys: []string{"c", "tab"}},
			{name: "passed", setup: func(f *fake) { f.verdict = passed }, keys: []string{"c"}},
			{name: "solution", setup: func(f *fake) { f.verdict = passed }, keys: []string{"c", "s"}},
			{name: "solution_refused", keys: []string{"s"}},
			{name: "watching", keys: []string{"w"}},
			{name: "scrolled_down", keys: []string{"c", "h", "pgdown"}},
			{name: "no_repository", env: func(Env) Env {
				return Env{RootErr: errors.New("/tmp is not inside the conclab repository (no go.mod with module conclab above it): run conclab from your clone")}
			}, keys: []string{"c", "h"}},
		} {
			t.Run(fmt.Sprintf("%dx%d_%s", size.w, size.h, tt.name), func(t *testing.T) {
				f := &fake{verdict: failed}
				if tt.setup != nil {
					tt.setup(f)
				}
				env := f.env(t)
				if tt.env != nil {
					env = tt.env(env)
				}
				m := open(t, env, size.w, size.h)
				m = keys(t, m, tt.keys...)
				if tt.after != nil {
					m = tt.after(t, m)
				}
				golden.RequireEqual(t, view(t, m))
			})
		}
	}
}

// checkingFor presses c and counts n seconds, the check still running.
func checkingFor(n int) func(*testing.T, Model) Model {
	return func(t *testing.T, m Model) Model {
		m, cmd := m.Update(press.Key("c"))
		if cmd == nil || !m.Checking() {
			t.Fatal("c did not start the checks")
		}
		for range n {
			m, _ = m.Update(CheckingMsg{Gen: m.gen})
		}
		return m
	}
}

// referencesRunning shows the learner's run with the references still running.
func referencesRunning(t *testing.T, m Model) Model {
	m, _ = m.Update(press.Key("c"))
	rep, err := m.env.Check(m.ctx, m.ex)
	if err != nil {
		t.Fatal(err)
	}
	m, cmd := m.Update(CheckedMsg{Gen: m.gen, Report: rep})
	if cmd == nil {
		t.Fatal("no reference runs started")
	}
	var _ tea.Cmd = cmd // held back: the references are still running
	return m
}

// TestNarrowLanes checks which lanes show at each width: all three from
// wideLanes columns, else yours and the reference tab chose.
func TestNarrowLanes(t *testing.T) {
	f := &fake{verdict: failed}
	env := f.env(t)
	for _, tt := range []struct {
		width int
		tabs  int
		want  string
	}{
		{80, 0, "yours solution"},
		{80, 1, "yours naive"},
		{80, 2, "yours solution"},
		{99, 1, "yours naive"},
		{100, 0, "yours solution naive"},
		{100, 1, "yours solution naive"},
		{160, 0, "yours solution naive"},
	} {
		m := open(t, env, tt.width, 24)
		m = keys(t, m, "c")
		for range tt.tabs {
			m = keys(t, m, "tab")
		}
		var names []string
		for _, i := range m.shownLanes() {
			names = append(names, m.lanes[i].name)
		}
		if got := strings.Join(names, " "); got != tt.want {
			t.Errorf("lanes at %d columns after %d tabs = %q, want %q", tt.width, tt.tabs, got, tt.want)
		}
		top := ansi.Strip(strings.Split(view(t, m), "\n")[m.lay.infoH+2])
		for _, n := range names {
			if !strings.Contains(top, "─ "+n+" ─") {
				t.Errorf("lane tops at %d columns after %d tabs = %q, want %q", tt.width, tt.tabs, top, n)
			}
		}
		if !strings.Contains(top, "✓ 0:48:00") {
			t.Errorf("lane tops at %d columns = %q, want yours's total 0:48:00", tt.width, top)
		}
	}
}
