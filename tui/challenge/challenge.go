// Package challenge is the challenge screen: you are the scheduler. A list
// of levels (internal/challenge), each a small Go program of two to four
// goroutines; opening one shows its source with every goroutine's next
// line marked, its shared variables, channels, locks and WaitGroups, and
// the schedule so far. Keys 1-4 run one step of goroutine N, shift+1-4 (or
// alt+1-4) run it to its next access of shared state; u undoes, r
// restarts. Breaking the program wins the level and shows its lesson. A
// correct program cannot be broken: s says so, and the explorer checks it
// by trying every interleaving. Solved levels are kept in the progress
// file (check.Progress.Challenges).
package challenge

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	cg "conclab/internal/challenge"
	"conclab/internal/check"
	"conclab/labs"
	"conclab/tui/keymap"
	"conclab/tui/screen"
)

// Name is the challenges' name on the home screen (they are not a lab).
const Name = "challenges"

// Entry is the challenges' entry on the home screen, listed after the labs.
func Entry() *labs.Lab {
	return &labs.Lab{Name: Name, Title: "Challenges — you are the scheduler",
		Summary: fmt.Sprintf("%d small Go programs: choose which goroutine runs next until one fails", len(cg.Levels()))}
}

// now is the clock that dates a solve (tests fix it).
var now = time.Now

// Model is the challenge screen: the level list, or a level being played.
// The zero value is not usable; use New.
type Model struct {
	c      screen.Common
	levels []*cg.Level
	store  *check.Store
	solved map[string]check.ChallengeRecord // replaced, never changed in place
	note   string                           // a one-line warning about the progress file

	cursor, offset int // the list

	playing   bool
	level     int
	game      *cg.Game // replaced by a clone before it changes
	prog      *cg.Program
	err       string // why the last key did nothing (one line)
	choosing  int    // the goroutine whose select's case is being chosen, or 0
	scroll    int    // the source's first line shown
	scrolled  bool   // the learner scrolled: keep it until the next step
	declared  bool   // the learner said that no schedule breaks it
	result    *cg.Result
	exploring bool
	wonNow    bool // this play broke the program (saved once)
}

// New returns the challenge screen on its list of the shipped levels; store
// keeps the solved ones (nil: on the screen only).
func New(c screen.Common, store *check.Store) Model {
	return NewWith(c, store, cg.Levels())
}

// NewWith is New with other levels (tests: a program of their own).
func NewWith(c screen.Common, store *check.Store, levels []*cg.Level) Model {
	return Model{c: c, levels: levels, store: store, solved: map[string]check.ChallengeRecord{}}
}

// progressMsg is the progress file as read or saved.
type progressMsg struct {
	solved  map[string]check.ChallengeRecord
	warning string
}

// exploredMsg is the explorer's result for the level named level.
type exploredMsg struct {
	level string
	res   cg.Result
}

// Init reads the solved levels.
func (m *Model) Init() tea.Cmd {
	if m.store == nil {
		return nil
	}
	store := *m.store
	return func() tea.Msg {
		p, warning, err := store.Load()
		if err != nil {
			return progressMsg{warning: err.Error()}
		}
		return progressMsg{solved: p.Challenges, warning: warning}
	}
}

// SetSize sets the cells the screen fills.
func (m *Model) SetSize(width, height int) {
	m.c.Width, m.c.Height = width, height
	m.scrollList()
}

// Close does nothing: the screen runs nothing that lasts.
func (m *Model) Close() {}

// Typing is false: no key types.
func (m Model) Typing() bool { return false }

// Help is the help bar's bindings for the list, a level, or a case being chosen.
func (m Model) Help() keymap.Bindings {
	switch {
	case !m.playing:
		return m.c.Keys.Challenges.Bindings()
	case m.choosing > 0:
		return m.c.Keys.ChallengeCase.Bindings()
	}
	return m.c.Keys.Challenge.Bindings()
}

// Level is the level being played, or under the list's cursor.
func (m Model) Level() *cg.Level {
	if m.playing {
		return m.levels[m.level]
	}
	return m.levels[m.cursor]
}

// Playing reports whether a level is open.
func (m Model) Playing() bool { return m.playing }

// Game is the level's play (nil on the list). Do not change it.
func (m Model) Game() *cg.Game { return m.game }

// Solved reports whether the level named name is solved.
func (m Model) Solved(name string) bool { return m.solved[name].Solved }

// Update handles the keys, the progress file and the explorer's results.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		m.c.Styles = m.c.Styles.WithDark(msg.IsDark())
	case progressMsg:
		if msg.solved != nil {
			m.solved = msg.solved
		}
		m.note = msg.warning
	case exploredMsg:
		if m.playing && msg.level == m.Level().Name {
			res := msg.res
			m.result, m.exploring = &res, false
			return m, m.verdictSaved()
		}
	case tea.MouseWheelMsg:
		switch {
		case !m.playing && msg.Button == tea.MouseWheelUp:
			m.move(-1)
		case !m.playing && msg.Button == tea.MouseWheelDown:
			m.move(1)
		case msg.Button == tea.MouseWheelUp:
			m.scrollBy(-1)
		case msg.Button == tea.MouseWheelDown:
			m.scrollBy(1)
		}
	case tea.KeyPressMsg:
		switch {
		case !m.playing:
			return m.listKey(msg)
		case m.choosing > 0:
			return m.caseKey(msg)
		}
		return m.levelKey(msg)
	}
	return m, nil
}

func (m Model) listKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.c.Keys.Challenges
	switch {
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.Start):
		m.move(-len(m.levels))
	case key.Matches(msg, k.End):
		m.move(len(m.levels))
	case key.Matches(msg, k.Open):
		return m.open(m.cursor)
	case key.Matches(msg, k.Back):
		return m, screen.BackCmd
	}
	return m, nil
}

func (m *Model) move(n int) {
	m.cursor = max(0, min(m.cursor+n, len(m.levels)-1))
	m.scrollList()
}

// open starts level i.
func (m Model) open(i int) (Model, tea.Cmd) {
	l := m.levels[i]
	p, err := l.Program()
	if err != nil {
		m.note = err.Error()
		return m, nil
	}
	m.playing, m.level, m.cursor = true, i, i
	m.prog, m.game = p, cg.NewGame(p, l.Config)
	m.err, m.choosing, m.declared, m.result, m.exploring, m.wonNow = "", 0, false, nil, false, false
	m.scroll, m.scrolled = 0, false
	m.scrollList()
	return m, nil
}

func (m Model) levelKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.c.Keys.Challenge
	m.err = ""
	switch {
	case key.Matches(msg, k.Step):
		return m.step(digit(msg), false)
	case key.Matches(msg, k.Shared):
		return m.step(digit(msg), true)
	case key.Matches(msg, k.Undo):
		g := m.game.Clone()
		if !g.Undo() {
			m.err = "Nothing to undo: no step taken yet."
			return m, nil
		}
		m.game = g
		m.afterMove()
	case key.Matches(msg, k.Restart):
		g := m.game.Clone()
		g.Restart()
		m.game = g
		m.afterMove()
	case key.Matches(msg, k.Safe):
		m.declared = true
		if m.result != nil {
			return m, m.verdictSaved()
		}
		return m, m.explore()
	case key.Matches(msg, k.Next):
		if m.level+1 < len(m.levels) {
			return m.open(m.level + 1)
		}
		m.err = "This is the last level."
	case key.Matches(msg, k.Prev):
		if m.level > 0 {
			return m.open(m.level - 1)
		}
		m.err = "This is the first level."
	case key.Matches(msg, k.Up):
		m.scrollBy(-1)
	case key.Matches(msg, k.Down):
		m.scrollBy(1)
	case key.Matches(msg, k.Back):
		m.playing, m.game, m.prog, m.choosing = false, nil, nil, 0
		m.scrollList()
	}
	return m, nil
}

// digit is the goroutine or case number a key names: "2", "@", "shift+2", "alt+2".
func digit(msg tea.KeyPressMsg) int {
	s := msg.String()
	if i := strings.IndexAny(s, "!@#$"); i >= 0 && len(s) == 1 {
		return strings.IndexByte("!@#$", s[0]) + 1
	}
	if s == "" {
		return 0
	}
	c := s[len(s)-1]
	if c >= '1' && c <= '9' {
		return int(c - '0')
	}
	return 0
}

func (m Model) caseKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.c.Keys.ChallengeCase
	switch {
	case key.Matches(msg, k.Case):
		n := m.choosing
		m.choosing = 0
		return m.take(cg.Choice{G: n, Case: digit(msg)})
	case key.Matches(msg, k.Cancel):
		m.choosing = 0
	}
	return m, nil
}

// step runs goroutine n one step, or to its next shared access.
func (m Model) step(n int, shared bool) (Model, tea.Cmd) {
	snap := m.game.Snapshot()
	if n >= 1 && n <= len(snap.Goroutines) && len(snap.Goroutines[n-1].Cases) > 1 && !snap.Over {
		m.choosing = n // a select with several ready cases: which one?
		return m, nil
	}
	if !shared {
		return m.take(cg.Choice{G: n})
	}
	g := m.game.Clone()
	if _, err := g.StepShared(n); err != nil {
		m.err = upper(err.Error()) + "."
		return m, nil
	}
	m.game = g
	return m.moved()
}

// take takes one choice.
func (m Model) take(c cg.Choice) (Model, tea.Cmd) {
	g := m.game.Clone()
	if _, err := g.Step(c); err != nil {
		m.err = upper(err.Error()) + "."
		return m, nil
	}
	m.game = g
	return m.moved()
}

// moved follows a step: the source scrolls to the goroutines' lines, and a
// broken program wins the level (saved, and the explorer asked how short
// a failing schedule can be).
func (m Model) moved() (Model, tea.Cmd) {
	m.afterMove()
	if m.game.Failure() == nil || m.wonNow {
		return m, nil
	}
	m.wonNow = true
	l := m.Level()
	cmd := m.save(l.Name, cg.FormatSchedule(m.game.Schedule()))
	if m.result == nil {
		return m, tea.Batch(cmd, m.explore())
	}
	return m, cmd
}

// afterMove resets what a move makes stale.
func (m *Model) afterMove() {
	m.scrolled, m.declared = false, false
	if m.game.Failure() == nil {
		m.wonNow = false
	}
}

// explore runs the explorer on the level, in a command.
func (m *Model) explore() tea.Cmd {
	if m.exploring {
		return nil
	}
	m.exploring = true
	l, p := m.Level(), m.prog
	return func() tea.Msg {
		return exploredMsg{level: l.Name, res: cg.Explore(p, l.Config, cg.Options{})}
	}
}

// verdictSaved saves a correct program recognised as one, once the
// explorer has agreed.
func (m *Model) verdictSaved() tea.Cmd {
	if !m.declared || m.result == nil || !m.result.Complete || m.result.Schedule != nil {
		return nil
	}
	if m.solved[m.Level().Name].Solved {
		return nil
	}
	return m.save(m.Level().Name, "")
}

// save records the level named name as solved by schedule.
func (m *Model) save(name, schedule string) tea.Cmd {
	at := now()
	change := func(p *check.Progress) { p.SolvedChallenge(name, schedule, at) }
	// The screen shows it at once; the file follows.
	p := &check.Progress{Challenges: clone(m.solved)}
	change(p)
	m.solved = p.Challenges
	if m.store == nil {
		return nil
	}
	store := *m.store
	return func() tea.Msg {
		p, warning, err := store.Update(change)
		if err != nil {
			return progressMsg{warning: err.Error()}
		}
		return progressMsg{solved: p.Challenges, warning: warning}
	}
}

func clone(in map[string]check.ChallengeRecord) map[string]check.ChallengeRecord {
	out := make(map[string]check.ChallengeRecord, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// upper is s with its first letter in upper case.
func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// scrollBy scrolls the source n lines from where it shows now.
func (m *Model) scrollBy(n int) {
	plain, _ := m.sourceLines()
	h := m.sourceHeight()
	m.scroll = max(0, min(m.sourceOffset(m.game.Snapshot(), len(plain), h)+n, len(plain)-h))
	m.scrolled = true
}
