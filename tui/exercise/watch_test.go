package exercise

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"go.uber.org/goleak"

	"conclab/tui/internal/press"
)

// split runs the batch cmd returns: its first command is the wait for
// saves (it blocks until one), returned unrun; the others' messages are
// returned.
func split(t *testing.T, cmd tea.Cmd) (wait tea.Cmd, msgs []tea.Msg) {
	t.Helper()
	b, ok := cmd().(tea.BatchMsg)
	if !ok || len(b) == 0 {
		t.Fatalf("want a batch whose first command waits for saves, got %T", cmd())
	}
	for _, c := range b[1:] {
		msgs = append(msgs, batch(c)...)
	}
	return b[0], msgs
}

// TestWatchKeys: w starts the watcher and the checks; a save reruns them;
// a save while they run reruns them once they end; w again stops the
// watcher; leaving stops it too.
func TestWatchKeys(t *testing.T) {
	f := &fake{verdict: failed, changes: make(chan struct{}, 1)}
	env := f.env(t)
	m := open(t, env, 80, 24)
	m, cmd := m.Update(press.Key("w"))
	if !m.Watching() || !m.Checking() {
		t.Fatalf("w: Watching() = %v, Checking() = %v, want both", m.Watching(), m.Checking())
	}
	var wait tea.Cmd
	for _, msg := range batch(cmd) {
		var next tea.Cmd
		m, next = m.Update(msg)
		if _, ok := msg.(WatchingMsg); ok {
			wait = next
		} else {
			m = settle(t, m, next)
		}
	}
	if f.watches != 1 || f.lastDir != filepath.Join(env.Root, "exercises", "chess") || f.checks != 1 || wait == nil {
		t.Fatalf("after w: %d watches of %q, %d checks, waiting %v; want 1 of the exercise's dir, 1, waiting", f.watches, f.lastDir, f.checks, wait != nil)
	}
	if v := view(t, m); !strings.Contains(strings.Split(v, "\n")[0], " watching ") {
		t.Errorf("no watching badge in the header:\n%s", v)
	}

	f.changes <- struct{}{} // a save: the checks run again
	m, cmd = m.Update(wait())
	if !m.Checking() {
		t.Fatal("a save did not rerun the checks")
	}
	wait, running := split(t, cmd)
	f.changes <- struct{}{} // a save while they run: nothing yet
	m, wait = m.Update(wait())
	if m.again != true || wait == nil {
		t.Fatalf("a save during the checks: again = %v, waiting %v; want true, waiting", m.again, wait != nil)
	}
	for _, msg := range running {
		if _, ok := msg.(CheckedMsg); ok {
			m, _ = m.Update(msg)
		}
	}
	if !m.Checking() || f.checks != 2 {
		t.Errorf("after the checks the save came during: Checking() = %v after %d checks, want a third run started", m.Checking(), f.checks)
	}

	m, cmd = m.Update(press.Key("w"))
	if m.Watching() || f.stops != 1 || cmd != nil {
		t.Errorf("w again: Watching() = %v, %d stops, command %v; want off, 1, none", m.Watching(), f.stops, cmd != nil)
	}
	if msg := wait(); msg != nil {
		t.Errorf("the wait for saves after w returned %T, want nothing", msg)
	}
	f.changes = nil // the next watcher has no saves to wait for
	m = keys(t, m, "w")
	m, _ = m.Update(press.Key("esc"))
	if m.Watching() || f.watches != 2 || f.stops != 2 {
		t.Errorf("leaving: Watching() = %v, %d watches, %d stops; want off, 2, 2", m.Watching(), f.watches, f.stops)
	}
}

// TestRealWatchLeaksNothing watches a directory with check's real watcher:
// a save is seen, and once the screen is left no goroutine is left behind.
func TestRealWatchLeaksNothing(t *testing.T) {
	defer goleak.VerifyNone(t)
	f := &fake{verdict: failed}
	env := f.env(t)
	env.Watch = DefaultEnv().Watch
	if env.Watch == nil {
		t.Skip("no repository here: DefaultEnv has no watcher")
	}
	m := open(t, env, 80, 24)
	defer func() { m.Close() }() // before goleak looks, even after a failure
	m, cmd := m.Update(press.Key("w"))
	var wait tea.Cmd
	for _, msg := range batch(cmd) {
		var next tea.Cmd
		m, next = m.Update(msg)
		if _, ok := msg.(WatchingMsg); ok {
			wait = next
		}
	}
	if wait == nil {
		t.Fatalf("the watcher did not start: %s", m.note)
	}
	got := make(chan tea.Msg, 1)
	go func() { got <- wait() }()
	file := filepath.Join(env.Root, "exercises", "chess", "chess.go")
	deadline := time.After(20 * time.Second) // a guard against a hang, not a timing
	tick := time.NewTicker(time.Second)      // quieter than the debounce, so each save is reported
	defer tick.Stop()
	var msg tea.Msg
	for msg == nil {
		select {
		case msg = <-got:
		case <-tick.C: // save (again, should the watcher have started after the last one)
			if err := os.WriteFile(file, []byte("// Package chess, saved.\npackage chess\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		case <-deadline:
			t.Fatal("no save seen in 20 s")
		}
	}
	if _, ok := msg.(SavedMsg); !ok {
		t.Fatalf("the wait returned %T, want SavedMsg", msg)
	}
	m, cmd = m.Update(msg)
	wait, _ = split(t, cmd)
	waited := make(chan tea.Msg, 1)
	go func() { waited <- wait() }()
	m, _ = m.Update(press.Key("esc"))
	select {
	case msg := <-waited:
		if msg != nil {
			t.Errorf("after leaving, the wait for saves returned %T, want nothing", msg)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the wait for saves outlived the screen")
	}
	if m.Watching() {
		t.Error("still watching after leaving")
	}
}
