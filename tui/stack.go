package tui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/tui/challenge"
	"conclab/tui/exercise"
	"conclab/tui/lab"
	"conclab/tui/meta"
	"conclab/tui/realrun"
	"conclab/tui/screen"
)

// entry is a screen on the stack; id tells screens apart (a screen's Update
// returns a new value, so the screen itself cannot).
type entry struct {
	s  screen.Screen
	id int
}

// realStart starts the real runs (nil: internal/realrun.Start); tests swap in fakes.
var realStart realrun.StartFunc

// top is the screen on top of the stack: the one with the keys.
func (m Model) top() entry { return m.stack[len(m.stack)-1] }

// sized is the Common of a new screen: the room the help bar leaves.
func (m Model) sized() screen.Common { return m.c.Sized(m.width, m.screenHeight()) }

// openLab is the screen of a lab on the home screen: its lab screen, or
// the meta demo or the challenges, listed there like labs (the challenges
// keep their solved levels in the exercises' progress store).
func (m Model) openLab(l *labs.Lab) screen.Screen {
	switch l.Name {
	case meta.Name:
		return screen.Of(meta.New(m.sized()))
	case challenge.Name:
		return screen.Of(challenge.New(m.sized(), m.exercises.Store))
	}
	return screen.Of(lab.New(m.sized(), l))
}

// openPrepared is the lab screen of l prepared as s.
func (m Model) openPrepared(l *labs.Lab, s labs.Setup) screen.Screen {
	if l.Name == meta.Name {
		return screen.Of(meta.New(m.sized()))
	}
	lm := lab.New(m.sized(), l)
	lm.Prepare(s)
	return screen.Of(lm)
}

// openReal is the real-run screen that msg asks for, with the root's
// starter of real runs.
func (m Model) openReal(msg realrun.OpenMsg) screen.Screen {
	cfg := realrun.Config{Lab: msg.Lab, Values: msg.Values, Shown: msg.Shown, Hooks: lab.HooksFor(msg.Lab.Name), Start: realStart, Server: m.realServer}
	return screen.Of(realrun.New(m.sized(), cfg))
}

// openExercise is the exercise screen of the lab named name, with the
// root's repository, checks and progress store.
func (m Model) openExercise(name string) screen.Screen {
	return screen.Of(exercise.New(m.sized(), m.exercises, name))
}

// push puts s on top, sizes the screens (the help bar may have changed)
// and starts s.
func (m *Model) push(s screen.Screen) tea.Cmd {
	m.stack = append(slices.Clone(m.stack), entry{s: s, id: m.nextID})
	m.nextID++
	sized := m.resize(true)
	return tea.Batch(sized, m.top().s.Init())
}

// pop closes the screen on top and shows the one under it, as it was; the
// home screen, at the bottom, stays. The home screen's marks are read again:
// an exercise may have been solved meanwhile.
func (m *Model) pop() tea.Cmd {
	if len(m.stack) == 1 {
		return nil
	}
	m.top().s.Close()
	m.stack = slices.Clone(m.stack[:len(m.stack)-1])
	return tea.Batch(m.resize(true), m.progressCmd())
}

// toTop gives msg to the screen on top.
func (m Model) toTop(msg tea.Msg) (Model, tea.Cmd) {
	m.stack = slices.Clone(m.stack)
	top := &m.stack[len(m.stack)-1]
	var cmd tea.Cmd
	top.s, cmd = top.s.Update(msg)
	return m, tea.Batch(cmd, m.resize(false))
}

// toAll gives msg to every screen on the stack, bottom first.
func (m Model) toAll(msg tea.Msg) (Model, tea.Cmd) {
	m.stack = slices.Clone(m.stack)
	cmds := make([]tea.Cmd, 0, len(m.stack)+1)
	for i := range m.stack {
		var cmd tea.Cmd
		m.stack[i].s, cmd = m.stack[i].s.Update(msg)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(append(cmds, m.resize(false))...)
}

// Close closes every screen on the stack, which stops what they run (an
// exercise's checks and watcher, real runs); Run calls it when the
// program ends.
func (m Model) Close() {
	for _, e := range m.stack {
		e.s.Close()
	}
}
