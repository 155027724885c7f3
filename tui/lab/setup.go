package lab

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"conclab/internal/cli"
	"conclab/labs"
	"conclab/tui/components/pane"
	"conclab/tui/screen"
)

// A walkthrough step that gives `conclab run` commands carries their
// setups: enter applies the next one (the variants as lanes, the
// parameters on top of the defaults, paused at the start for --steps, the
// whole output for --full), as the command would run it. Each setup is
// derived from its command by the command line's own parser
// (cli.ParseCommand), so the two cannot disagree; the step's text, on
// screen, says under each command which keys do the same by hand.

// stepSetup is one command of a step and the setup it asks for.
type stepSetup struct {
	command string
	setup   labs.Setup
}

// stepSetups parses the commands of every step of l: the setups of step i
// at index i. A command that does not parse (a test keeps every one of
// them valid) carries no setup.
func stepSetups(l *labs.Lab) [][]stepSetup {
	out := make([][]stepSetup, len(l.Steps))
	for i, st := range l.Steps {
		for _, c := range st.Commands {
			if s, err := cli.ParseCommandFor(l, c); err == nil {
				out[i] = append(out[i], stepSetup{command: c, setup: s})
			}
		}
	}
	return out
}

// annotatedSteps are l's steps with, under each block of commands, a line
// per command saying what enter sets up and which keys do it by hand.
func annotatedSteps(l *labs.Lab, setups [][]stepSetup) []labs.Step {
	steps := make([]labs.Step, len(l.Steps))
	for i, st := range l.Steps {
		steps[i] = st
		if len(setups[i]) > 0 {
			steps[i].Body = annotate(l, st.Body, setups[i])
		}
	}
	return steps
}

// annotate adds, after each block of command lines of md, what enter sets
// up for each of them.
func annotate(l *labs.Lab, md string, setups []stepSetup) string {
	lines := strings.Split(md, "\n")
	var out []string
	k := 0 // the next setup to describe
	var block []string
	indent := ""
	flush := func() {
		if len(block) == 0 {
			return
		}
		out = append(out, "")
		for _, d := range block {
			out = append(out, indent+d, "")
		}
		block = nil
	}
	for _, line := range lines {
		cmd, ok := labs.CommandLine(line)
		if ok && k < len(setups) && setups[k].command == cmd {
			out = append(out, line)
			n := len(line) - len(strings.TrimLeft(line, " "))
			indent = strings.Repeat(" ", max(n-4, 0))
			block = append(block, describe(l, setups[k].setup, k, len(setups)))
			k++
			continue
		}
		if strings.TrimSpace(line) != "" {
			flush()
		}
		out = append(out, line)
	}
	flush()
	return strings.Join(out, "\n")
}

// describe is the line under a command: "▸ enter (2 of 2) sets this up
// here: lanes loop-cpu-yield; chunk=500ms. By hand: v the lanes, e the
// parameters."
func describe(l *labs.Lab, s labs.Setup, k, n int) string {
	which := "`enter`"
	if n > 1 {
		which = fmt.Sprintf("`enter` (%d of %d)", k+1, n)
	}
	lanes := s.Variants
	if len(lanes) == 0 {
		lanes = l.DefaultVariants()
	}
	what := []string{"lanes " + strings.Join(lanes, ", ")}
	params := "the defaults"
	if len(s.Set) > 0 {
		params = setText(l, s.Set) + ", the rest as default"
	}
	what = append(what, params)
	keys := []string{"`v` chooses the lanes", "`e` edits the parameters (`ctrl+r` the defaults)"}
	if s.AtStart {
		what = append(what, "paused at the start")
		keys = append(keys, "`home` and `→` step event by event")
	}
	if s.Output {
		what = append(what, "their whole output")
		keys = append(keys, "`o` shows a lane's output")
	}
	if s.Real {
		keys = append(keys, "`R` runs them for real")
	}
	return fmt.Sprintf("▸ %s sets this up here: %s. By hand: %s.", which, strings.Join(what, "; "), strings.Join(keys, ", "))
}

// setText is the parameters of set, in the lab's order: "boards=12 moves=30".
func setText(l *labs.Lab, set map[string]string) string {
	var parts []string
	for _, p := range l.Params {
		if v, ok := set[p.Name]; ok {
			parts = append(parts, p.Name+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// Prepare sets the screen up as s asks, before Init: the lanes, the
// parameters and the walkthrough step (a setup checked by
// cli.CheckSetup; what does not resolve is left as it was).
func (m *Model) Prepare(s labs.Setup) {
	if s.Step > 0 {
		m.walk.GoTo(s.Step - 1)
	}
	if m.puzzles != nil {
		m.preparePuzzle(s)
		return
	}
	if len(s.Variants) > 0 {
		m.shown = s.Variants
	}
	if v, err := m.lab.Resolve(s.Set); err == nil {
		m.values, m.err = v, nil
	}
	m.setStepView()
}

// preparePuzzle shows the puzzle a setup names.
func (m *Model) preparePuzzle(s labs.Setup) {
	if len(s.Variants) == 0 {
		return
	}
	for i, v := range m.lab.Variants {
		if v.Name == s.Variants[0] {
			m.puzzles = m.puzzles.clone()
			m.showPuzzle(i)
		}
	}
}

// applyStep applies the next setup of the step shown (enter): the lanes
// rerun as its command would run them, and the walkthrough's title says
// which setup is on.
func (m *Model) applyStep() tea.Cmd {
	i, _ := m.walk.Step()
	ss := m.setups[i]
	if len(ss) == 0 {
		m.note = "this step gives no command to set up; n goes to the next step"
		return nil
	}
	k := m.nextSetup % len(ss)
	m.nextSetup = k + 1
	s := ss[k].setup
	if c := ss[k].command; !m.walk.ScrollTo(c) { // the command and what it sets up in view
		m.walk.ScrollTo(c[:min(len(c), 40)]) // wrapped: its start
	}
	if len(ss) > 1 {
		m.walk.SetBadge(fmt.Sprintf("%s set up %d of %d", m.c.Styles.Glyphs.Done, k+1, len(ss)))
	} else {
		m.walk.SetBadge(m.c.Styles.Glyphs.Done + " set up")
	}
	if m.puzzles != nil {
		m.preparePuzzle(s)
		return nil
	}
	names := s.Variants
	if len(names) == 0 {
		names = m.lab.DefaultVariants()
	}
	values, err := m.lab.Resolve(s.Set)
	if err != nil { // cannot happen for a parsed setup; said rather than hidden
		m.note = err.Error()
		return nil
	}
	m.err = nil
	cmd := m.start(names, values, !s.AtStart)
	m.pending.view = pane.TimelineMode
	if s.Output {
		m.pending.view = pane.OutputMode
	}
	m.pending.setView = true
	if s.Real {
		m.pending.realNote = true
	}
	return cmd
}

// resetStepSetups starts the step's setups over from the first (after a step change).
func (m *Model) resetStepSetups() {
	m.nextSetup = 0
	m.walk.SetBadge("")
}

// State is where the screen is, as a Setup: the lanes (or, in a puzzle
// lab, the puzzle shown), the parameters that differ from the defaults, as
// typed, and the walkthrough step.
func (m Model) State() labs.Setup {
	i, _ := m.walk.Step()
	s := labs.Setup{Step: i + 1}
	if m.puzzles != nil {
		s.Variants = []string{m.lab.Variants[m.puzzles.i].Name}
		return s
	}
	s.Variants = slices.Clone(m.shown)
	if defaults, err := m.lab.Resolve(nil); err == nil && m.err == nil {
		for _, p := range m.lab.Params {
			if v := m.values.String(p.Name); v != defaults.String(p.Name) {
				if s.Set == nil {
					s.Set = map[string]string{}
				}
				s.Set[p.Name] = v
			}
		}
	}
	return s
}

// stateCmd tells the root where the screen is now (screen.LabStateMsg).
func (m Model) stateCmd() tea.Cmd {
	msg := screen.LabStateMsg{Lab: m.lab.Name, Setup: m.State()}
	return func() tea.Msg { return msg }
}

// changed reports whether the screen's state differs from before (see State).
func (m Model) moved(before labs.Setup) bool { return !reflect.DeepEqual(before, m.State()) }
