package exercise

import (
	"context"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
)

// now is the clock of the progress records; tests replace it.
var now = time.Now

// toggleWatch starts watch mode (the watcher starts in a command, and the
// checks run at once, as after a save) or stops it.
func (m *Model) toggleWatch() tea.Cmd {
	if m.watching {
		m.stopWatching()
		m.note = "Stopped watching."
		return nil
	}
	if why := m.unavailable(); why != "" {
		m.note = why
		return nil
	}
	if m.env.Watch == nil {
		m.note = "This conclab cannot watch files."
		return nil
	}
	m.watching = true
	m.watchGen++
	m.watchCtx, m.watchCancel = context.WithCancel(m.ctx)
	dir := filepath.Join(m.env.Root, filepath.FromSlash(m.ex.Dir))
	return tea.Batch(WatchCmd(m.watchCtx, m.env.Watch, dir, m.watchGen), m.startCheck())
}

// watchStarted keeps the watcher that started and waits for its first save;
// a watcher that started after watch mode was turned off is stopped.
func (m *Model) watchStarted(msg WatchingMsg) tea.Cmd {
	if msg.Gen != m.watchGen || !m.watching {
		if msg.Stop != nil {
			msg.Stop()
		}
		return nil
	}
	if msg.Err != nil {
		m.stopWatching()
		m.note = "Cannot watch the files: " + msg.Err.Error()
		return nil
	}
	m.changes, m.stopWatch = msg.Changes, msg.Stop
	return SavedCmd(m.watchCtx, m.changes, m.watchGen)
}

// stopWatching ends watch mode: the wait for saves ends with its context,
// and the watcher is stopped (and waited for).
func (m *Model) stopWatching() {
	if m.watchCancel != nil {
		m.watchCancel()
	}
	if m.stopWatch != nil {
		m.stopWatch()
	}
	m.watching, m.watchCancel, m.stopWatch, m.changes, m.again = false, nil, nil, nil, false
}
