package meta

import tea "charm.land/bubbletea/v2"

// This file is shown on the screen (embedded as the demo's source): the two
// ways of doing the same few seconds of work.

// freeze is what b does: the work runs inside Update, on the goroutine of
// the event loop itself. Until it returns, Bubble Tea takes no message: no
// tick turns the spinner, no key is counted, no new frame is drawn.
func freeze(m Model) Model {
	start := m.now()
	m.sleep(m.work)
	m.froze = m.now().Sub(start)
	return m
}

// workCmd is what c does: the same work in a tea.Cmd, which Bubble Tea runs
// in a goroutine of its own. Update returns at once, the loop goes on, and
// a message comes back when the work is done.
func workCmd(m Model) tea.Cmd {
	sleep, work := m.sleep, m.work
	return func() tea.Msg {
		sleep(work)
		return WorkDoneMsg{work}
	}
}
