package lab

import (
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/labs"
)

// Following a classroom's teacher: the root (package tui) hands the
// teacher's place to a student's lab screen with Follow, again after each
// run the lead asked for; Follow does only what differs.

// ClockAt is where a clock is: its cursor (and how many of the events at
// that time are shown: playback.All, or 1.. while stepping), whether it
// plays, and at which speed (an index of playback.Speeds).
type ClockAt struct {
	At      time.Duration
	Sub     int
	Playing bool
	Speed   int
}

// ClockAt is where the screen's clock is.
func (m Model) ClockAt() ClockAt {
	return ClockAt{At: m.clock.At(), Sub: m.clock.Sub(), Playing: m.clock.Playing(), Speed: m.clock.SpeedIndex()}
}

// Guesses are the learner's guesses typed for the lanes on screen.
func (m Model) Guesses() []labs.Guess { return m.guess.Guesses() }

// Follow shows what s asks (the lanes or puzzle, the parameters on top of
// the defaults, the walkthrough step) with the clock at c: a new run when
// the lanes or parameters differ (the clock follows once it is back: call
// Follow again after it), else the step and the clock set as asked. What
// is already as asked stays as it is.
func (m Model) Follow(s labs.Setup, c ClockAt) (Model, tea.Cmd) {
	if i, _ := m.walk.Step(); s.Step > 0 && i != s.Step-1 {
		m.walk.GoTo(s.Step - 1)
		m.resetStepSetups()
		m.layout()
	}
	if m.puzzles != nil {
		if len(s.Variants) > 0 && m.lab.Variants[m.puzzles.i].Name != s.Variants[0] {
			m.preparePuzzle(s)
		}
		return m, nil
	}
	names := s.Variants
	if len(names) == 0 {
		names = m.lab.DefaultVariants()
	}
	values, err := m.lab.Resolve(s.Set)
	if err != nil {
		m.note = "cannot follow: " + err.Error()
		return m, nil
	}
	if p := m.pending; p != nil {
		if slices.Equal(p.names, names) && sameValues(m.lab, p.values, values) {
			return m, nil // on its way
		}
	} else if len(m.panes) > 0 && !m.changed(names, values) {
		return m, m.followClock(c)
	}
	m.err = nil
	cmd := m.start(names, values, false)
	m.setStepView()
	return m, cmd
}

// sameValues reports whether a and b hold the same value for every parameter of l.
func sameValues(l *labs.Lab, a, b labs.Values) bool {
	for _, p := range l.Params {
		if a.String(p.Name) != b.String(p.Name) {
			return false
		}
	}
	return true
}

// followClock sets the clock as c says, unless it already is; the
// command is the first tick of a clock that starts playing.
func (m *Model) followClock(c ClockAt) tea.Cmd {
	if m.clock.SpeedIndex() != c.Speed {
		m.clock.SetSpeed(c.Speed)
	}
	var cmd tea.Cmd
	switch {
	case c.Playing && m.clock.Playing():
		// both play: the cursor moves on its own
	case c.Playing:
		at := min(c.At, m.clock.End())
		m.clock.Seek(at)
		if at < m.clock.End() {
			cmd = m.clock.Play() // from the cursor: Play rewinds only from the end
		}
	case m.clock.Playing() || m.clock.At() != c.At || m.clock.Sub() != c.Sub:
		m.clock.Seek(c.At)
		for c.Sub > 0 && m.clock.At() == c.At && m.clock.Sub() > c.Sub {
			m.clock.StepBack() // from every event at c.At back to the c.Sub-th
		}
	}
	m.sync()
	return cmd
}
