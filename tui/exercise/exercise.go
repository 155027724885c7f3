// Package exercise is the exercise screen: a lab's exercise, its goal (the
// package comment of the file the learner edits) and path, the verdict of
// the last run of its checks, its hints one at a time, and the learner's run
// in a lane beside the solution's and the naive version's (the exercise as
// shipped), all three on one virtual clock.
//
// Keys open the file in $VISUAL or $EDITOR at the line the verdict points
// at, run the checks, watch the exercise's files and rerun the checks on
// every save, reveal the next hint (remembered in the learner's progress),
// show the solution once the checks pass, and play the lanes. Everything
// slow — the checks (a child go test), the reference runs, the watcher,
// saving progress — happens in commands, never inside Update; leaving the
// screen cancels the runs and stops the watcher.
package exercise

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"conclab/exercises"
	"conclab/internal/check"
	"conclab/labs"
	"conclab/tui/components/playback"
	"conclab/tui/components/source"
	"conclab/tui/keymap"
	"conclab/tui/screen"
)

// reference is what came back of one reference run.
type reference struct {
	report  *check.Report
	err     error
	running bool
}

// Model is the exercise screen. The zero value is not usable; use New.
type Model struct {
	c     screen.Common
	env   Env
	lab   *labs.Lab
	ex    exercises.Exercise
	index int // which of the lab's exercises; -1 when the lab has none
	count int // how many exercises the lab has

	goal    string
	goalErr error
	rec     check.Record
	warning string // what the progress store said, one line
	// next is the exercise to do after this one, named once it is solved
	// as conclab check names it; hasNext is false when every one is solved.
	next    exercises.Exercise
	hasNext bool

	ctx    context.Context
	cancel context.CancelFunc

	checking bool
	gen      int
	seconds  int
	again    bool // a save came while the checks ran: run them again after
	report   *check.Report
	checkErr error

	watching    bool
	watchGen    int
	changes     <-chan struct{}
	stopWatch   func()
	watchCancel context.CancelFunc
	watchCtx    context.Context

	refs [2]reference

	test     int
	lanes    []lane
	other    Reference // the reference shown beside yours when narrow
	clock    playback.Model
	speedSet bool // the learner chose the speed: reloads keep it

	infoOff int
	note    string

	solutionOn bool
	solution   source.Model

	lay layout
}

// New returns the exercise screen of the lab named labName: its first
// exercise that is not solved yet (or its first), in the learner's path's
// order (check.LearnerPath): on the lab of the path's next exercise, that
// is the next exercise. It reads the exercise's
// goal and the learner's progress (two small files); nothing runs until a
// key asks.
func New(c screen.Common, env Env, labName string) Model {
	return newAt(c, env, labName, -1)
}

// newAt returns the screen of the lab's exercise number i (-1: the first
// not solved yet).
func newAt(c screen.Common, env Env, labName string, i int) Model {
	m := Model{c: c, env: env, index: -1, clock: playback.New(c.Frame)}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	m.lab, _ = labs.Get(labName)
	if m.lab == nil {
		m.lab = &labs.Lab{Name: labName, Title: labName}
	}
	progress := m.loadProgress()
	var mine []exercises.Exercise
	for _, ex := range check.LearnerPath(progress).Order() { // the order of conclab progress and the home screen
		if ex.Lab == labName {
			mine = append(mine, ex)
		}
	}
	m.count = len(mine)
	if len(mine) > 0 {
		m.index = 0
		if i >= 0 {
			m.index = i % len(mine)
		} else {
			for j, ex := range mine {
				if !progress.Get(ex.Name).Solved {
					m.index = j
					break
				}
			}
		}
		m.ex = mine[m.index]
		m.rec = progress.Get(m.ex.Name)
		if env.Root != "" {
			m.goal, m.goalErr = Goal(env.Root, m.ex)
		}
	}
	m.SetSize(c.Width, c.Height)
	return m
}

// loadProgress reads the learner's progress (empty without a store).
func (m *Model) loadProgress() *check.Progress {
	if m.env.Store == nil {
		return &check.Progress{}
	}
	p, warning, err := m.env.Store.Load()
	m.warning = warning
	if err != nil {
		m.warning = "your progress could not be read: " + err.Error()
	}
	if p == nil {
		p = &check.Progress{}
	}
	return p
}

// Exercise is the exercise shown (the zero Exercise when the lab has none).
func (m Model) Exercise() exercises.Exercise { return m.ex }

// Record is the learner's progress on the exercise, as the screen knows it.
func (m Model) Record() check.Record { return m.rec }

// Checking reports whether the checks are running.
func (m Model) Checking() bool { return m.checking }

// Watching reports whether watch mode is on.
func (m Model) Watching() bool { return m.watching }

// Report is the last report of the learner's checks (nil before the first).
func (m Model) Report() *check.Report { return m.report }

// Clock is the lanes' shared playback clock.
func (m Model) Clock() playback.Model { return m.clock }

// Typing reports whether keys go to a text field: never on this screen.
func (m Model) Typing() bool { return false }

// Init starts nothing: nothing runs until a key asks.
func (m *Model) Init() tea.Cmd { return nil }

// Help is the help bar's bindings for what has the keys now.
func (m Model) Help() keymap.Bindings {
	k := m.c.Keys.Exercise
	if m.index < 0 { // a lab without exercises: only the way back
		return keymap.Bindings{Short: []key.Binding{k.Back, k.Help, k.Quit}, Full: [][]key.Binding{{k.Back, k.Help, k.Quit}}}
	}
	b := k.Bindings(m.count > 1)
	if m.solutionOn {
		b = m.c.Keys.Viewer.Bindings()
	}
	b.Lanes = true
	return b
}

// SetSize sets the cells the screen fills.
func (m *Model) SetSize(width, height int) {
	m.c.Width, m.c.Height = width, height
	m.layout()
}

// Close cancels the checks and reference runs in flight and stops the
// watcher. The screen calls it when it is left with esc (or n opens the
// next exercise); the root calls it when the screen is popped and when
// conclab quits. It may be called more than once.
func (m *Model) Close() {
	if m.cancel != nil {
		m.cancel()
	}
	m.stopWatching()
	m.checking = false
}

// unavailable is why the checks cannot run here, in one line ("" when they can).
func (m Model) unavailable() string {
	switch {
	case m.index < 0:
		return fmt.Sprintf("The %s lab has no exercise yet.", m.lab.Name)
	case m.env.Root == "":
		why := "conclab runs outside its repository"
		if m.env.RootErr != nil {
			why = m.env.RootErr.Error()
		}
		return "No conclab repository here: " + why
	case m.env.Check == nil:
		return "This conclab cannot run checks."
	}
	return ""
}

// Update handles the screen's keys, the mouse wheel, the results of the
// checks and reference runs, saves seen by the watcher and clock ticks.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if _, tick := msg.(playback.TickMsg); tick {
		var cmd tea.Cmd
		m.clock, cmd = m.clock.Update(msg)
		m.sync()
		return m, cmd // the text above the lanes is as it was
	}
	m, cmd := m.update(msg)
	m.layout() // the text above the lanes may have changed, and with it their height
	return m, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case CheckedMsg:
		return m, m.checked(msg)
	case CheckingMsg:
		if msg.Gen == m.gen && m.checking {
			m.seconds++
			return m, CheckingCmd(m.gen)
		}
	case ReferenceMsg:
		m.referenced(msg)
	case WatchingMsg:
		return m, m.watchStarted(msg)
	case SavedMsg:
		if msg.Gen != m.watchGen || !m.watching {
			return m, nil
		}
		next := SavedCmd(m.watchCtx, m.changes, m.watchGen)
		if m.checking {
			m.again = true
			return m, next
		}
		return m, tea.Batch(next, m.startCheck())
	case ProgressMsg:
		if msg.Exercise == m.ex.Name {
			m.rec, m.warning = msg.Record, msg.Warning
			if msg.Err != nil {
				m.warning = "your progress was not saved: " + msg.Err.Error()
			}
		}
	case EditedMsg:
		m.edited(msg)
	case tea.MouseWheelMsg:
		m.wheel(msg)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m, nil
}

// key handles a key press: the solution view's first, then the screen's.
func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.c.Keys.Exercise
	if m.solutionOn {
		v := m.c.Keys.Viewer
		switch {
		case key.Matches(msg, v.Back, k.Solution):
			m.solutionOn = false
		case key.Matches(msg, v.Up):
			m.solution.ScrollBy(-1)
		case key.Matches(msg, v.Down):
			m.solution.ScrollBy(1)
		case key.Matches(msg, v.PageUp):
			m.solution.ScrollBy(-max(m.lay.bodyH/2, 1))
		case key.Matches(msg, v.PageDown):
			m.solution.ScrollBy(max(m.lay.bodyH/2, 1))
		case key.Matches(msg, v.Top):
			m.solution.ScrollBy(-1 << 30)
		case key.Matches(msg, v.Bottom):
			m.solution.ScrollBy(1 << 30)
		}
		return m, nil
	}
	m.note = ""
	if m.index < 0 && !key.Matches(msg, k.Back) { // a lab without exercises: nothing to check, edit or watch
		return m, nil
	}
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.Back):
		m.Close()
		return m, screen.BackCmd
	case key.Matches(msg, k.RunChecks):
		cmd = m.startCheck()
	case key.Matches(msg, k.EditFile):
		cmd = m.edit()
	case key.Matches(msg, k.Watch):
		cmd = m.toggleWatch()
	case key.Matches(msg, k.Hint):
		cmd = m.hint()
	case key.Matches(msg, k.Solution):
		m.showSolution()
	case key.Matches(msg, k.NextTest):
		m.nextTest()
	case key.Matches(msg, k.OtherLane):
		m.otherLane()
	case key.Matches(msg, k.NextExercise) && m.count > 1:
		m.Close()
		next := newAt(m.c, m.env, m.lab.Name, m.index+1)
		return next, nil
	case key.Matches(msg, k.Up):
		m.scrollLanes(-1)
	case key.Matches(msg, k.Down):
		m.scrollLanes(1)
	case key.Matches(msg, k.PageUp):
		m.scrollInfo(-max(m.lay.infoH-2, 1))
	case key.Matches(msg, k.PageDown):
		m.scrollInfo(max(m.lay.infoH-2, 1))
	default: // play/pause, steps, speed, start/end
		cmd, _ = m.clock.Key(msg, k.Clock)
		m.speedSet = m.speedSet || key.Matches(msg, k.Clock.Faster, k.Clock.Slower)
	}
	m.sync()
	return m, cmd
}
