// Package drive runs screen models in tests as the Bubble Tea runtime
// would, without a terminal: commands are run and their messages fed back
// through Update, and a view is checked to fill the screen exactly.
package drive

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/tui/internal/press"
)

// Updater is a screen model: Update returns the model's concrete type.
type Updater[M any] interface {
	Update(tea.Msg) (M, tea.Cmd)
}

// Settle runs cmd and every command it leads to, feeding their messages
// back through m's Update; a message for which skip is true (a tick that
// would wait for real time) is dropped, as is a nil one.
func Settle[M Updater[M]](m M, cmd tea.Cmd, skip func(tea.Msg) bool) M {
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			m = Settle(m, c, skip)
		}
	default:
		if skip != nil && skip(msg) {
			return m
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		m = Settle(m, next, skip)
	}
	return m
}

// Keys presses the named keys (press.Key) in order, settling the commands
// each one returns.
func Keys[M Updater[M]](m M, skip func(tea.Msg) bool, names ...string) M {
	for _, n := range names {
		var cmd tea.Cmd
		m, cmd = m.Update(press.Key(n))
		m = Settle(m, cmd, skip)
	}
	return m
}

// View checks that v has exactly h lines of exactly w cells each and
// returns it without its ANSI sequences (what a golden file holds).
func View(t testing.TB, v string, w, h int) string {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("View() has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, lw, w, ansi.Strip(l))
		}
	}
	return ansi.Strip(v)
}
