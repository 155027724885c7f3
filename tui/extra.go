package tui

import (
	tea "charm.land/bubbletea/v2"

	"conclab/tui/exercise"
	"conclab/tui/keymap"
	"conclab/tui/lab"
	"conclab/tui/meta"
	"conclab/tui/realrun"
	"conclab/tui/screen"
)

// extra are the screens opened over the others: the real runs of the lab on
// screen (R on the lab screen; esc comes back to it) and the meta demo
// (the last entry on the home screen), and a lab's exercise (x on the lab
// screen or on home). At most one is open.
type extra struct {
	real   realrun.Model
	realOn bool
	meta   meta.Model
	metaOn bool
	ex     exercise.Model
	exOn   bool
}

// realStart starts the real runs (nil: internal/realrun.Start); tests swap in fakes.
var realStart realrun.StartFunc

// on reports whether an extra screen is open (it gets the messages).
func (x extra) on() bool { return x.realOn || x.metaOn || x.exOn }

// help is the open extra screen's help.
func (x extra) help() (keymap.Bindings, bool) {
	switch {
	case x.realOn:
		return x.real.Help(), true
	case x.metaOn:
		return x.meta.Help(), true
	case x.exOn:
		return x.ex.Help(), true
	}
	return keymap.Bindings{}, false
}

// view draws the open extra screen.
func (x extra) view() (string, bool) {
	switch {
	case x.realOn:
		return x.real.View(), true
	case x.metaOn:
		return x.meta.View(), true
	case x.exOn:
		return x.ex.View(), true
	}
	return "", false
}

// setSize sizes the open extra screen.
func (x *extra) setSize(w, h int) {
	switch {
	case x.realOn:
		x.real.SetSize(w, h)
	case x.metaOn:
		x.meta.SetSize(w, h)
	case x.exOn:
		x.ex.SetSize(w, h)
	}
}

// openMeta opens the meta demo and starts its spinner.
func (m *Model) openMeta() tea.Cmd {
	m.x = extra{meta: meta.New(m.c.Sized(m.width, m.screenHeight())), metaOn: true}
	m.resize(true)
	return m.x.meta.Init()
}

// updateExtra opens and closes the extra screens and routes messages to the
// open one; ok is false when msg is none of their business.
func (m *Model) updateExtra(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case realrun.OpenMsg:
		cfg := realrun.Config{Lab: msg.Lab, Values: msg.Values, Shown: msg.Shown, Hooks: lab.HooksFor(msg.Lab.Name), Start: realStart}
		m.x = extra{real: realrun.New(m.c.Sized(m.width, m.screenHeight()), cfg), realOn: true}
		m.resize(true)
		return m.x.real.Start(), true
	case realrun.CloseMsg, meta.CloseMsg:
		m.x.real.Cancel()
		m.x = extra{}
		m.resize(true)
		return nil, true
	case screen.OpenExerciseMsg:
		m.x.real.Cancel()
		m.x = extra{ex: exercise.New(m.c.Sized(m.width, m.screenHeight()), m.exercises, msg.Lab), exOn: true}
		m.resize(true)
		return nil, true
	case exercise.CloseMsg:
		m.x.ex.Close()
		m.x = extra{}
		m.resize(true)
		return m.progressCmd(), true // the home screen's marks
	case lab.RunMsg:
		if (m.x.realOn || m.x.exOn) && m.inLab { // the lab's own run, back while its real runs show
			m.lab, cmd = m.lab.Update(msg)
			return cmd, true
		}
	}
	switch {
	case m.x.realOn:
		m.x.real, cmd = m.x.real.Update(msg)
	case m.x.metaOn:
		m.x.meta, cmd = m.x.meta.Update(msg)
	case m.x.exOn:
		m.x.ex, cmd = m.x.ex.Update(msg)
	default:
		return nil, false
	}
	return cmd, true
}

// Close cancels what an open exercise screen runs (its checks, its
// watcher); Run calls it when the program ends.
func (m Model) Close() { m.x.ex.Close() }
