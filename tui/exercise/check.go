package exercise

import (
	tea "charm.land/bubbletea/v2"

	"conclab/exercises"
	"conclab/internal/check"
)

// startCheck runs the checks in a command, with a tick a second to count
// them on screen. A press while they run is ignored.
func (m *Model) startCheck() tea.Cmd {
	if m.checking {
		return nil
	}
	if why := m.unavailable(); why != "" {
		m.note = why
		return nil
	}
	m.gen++
	m.checking, m.seconds, m.again = true, 0, false
	return tea.Batch(CheckCmd(m.ctx, m.env.Check, m.ex, m.gen), CheckingCmd(m.gen))
}

// checked takes the learner's report: the verdict, the progress saved, the
// lanes rebuilt, and the reference runs started the first time.
func (m *Model) checked(msg CheckedMsg) tea.Cmd {
	if msg.Gen != m.gen || !m.checking {
		return nil
	}
	m.checking = false
	if m.ctx.Err() != nil {
		return nil
	}
	var cmds []tea.Cmd
	if msg.Err != nil {
		m.checkErr = msg.Err
	} else {
		m.report, m.checkErr = msg.Report, nil
		kind := msg.Report.Verdict.Kind
		before := m.rec
		m.rec.Checks++
		m.rec.Last = kind
		if kind == check.Passed {
			m.rec.Solved = true
			m.next, m.hasNext = m.nextExercise()
		}
		cmds = append(cmds, ProgressCmd(m.env.Store, m.ex.Name, before, func(p *check.Progress) { p.Checked(m.ex.Name, kind, now()) }))
		cmds = append(cmds, m.startReferences()...)
		m.infoOff = 0
		m.buildLanes()
		m.clock.Seek(m.clock.End()) // the totals at once; home or g rewinds, space plays
		m.sync()
	}
	if m.again && m.watching {
		cmds = append(cmds, m.startCheck())
	}
	return tea.Batch(cmds...)
}

// nextExercise is the first exercise not solved but this one, in the
// order conclab check takes them (check.Progress.Next): this one counts as
// solved before its record is saved.
func (m *Model) nextExercise() (exercises.Exercise, bool) {
	p := m.loadProgress()
	var rest []exercises.Exercise
	for _, ex := range exercises.All() {
		if ex.Name != m.ex.Name {
			rest = append(rest, ex)
		}
	}
	return p.Next(rest)
}

// startReferences starts the reference runs not done nor running yet.
func (m *Model) startReferences() []tea.Cmd {
	if m.env.Reference == nil {
		return nil
	}
	var cmds []tea.Cmd
	for _, r := range []Reference{Solution, Naive} {
		if ref := &m.refs[r]; ref.report == nil && !ref.running {
			ref.running, ref.err = true, nil
			cmds = append(cmds, ReferenceCmd(m.ctx, m.env.Reference, m.ex, r))
		}
	}
	return cmds
}

// referenced takes a reference run's report into its lane.
func (m *Model) referenced(msg ReferenceMsg) {
	if msg.Exercise != m.ex.Name || msg.Ref < Solution || msg.Ref > Naive || m.ctx.Err() != nil {
		return
	}
	atEnd := m.clock.AtEnd() && !m.clock.Playing()
	m.refs[msg.Ref] = reference{report: msg.Report, err: msg.Err}
	m.buildLanes()
	if atEnd {
		m.clock.Seek(m.clock.End())
	}
	m.sync()
}
