// Package tui is conclab's terminal user interface: a home screen listing
// the labs and a lab screen that steps through a lab's walkthrough and plays
// its variants side by side on one virtual clock, with the screens opened
// over them (real runs, an exercise, the meta demo).
//
// The root Model here owns the terminal: it tracks the window size, handles
// the global keys (quit, help), draws the help bar generated from the key
// map of the screen on top, and keeps the screens on a stack
// (screen.Screen; stack.go): home → lab → real runs / exercise / meta.
// Keys, the mouse and pastes go to the screen on top only; esc pops it. Run
// starts it in the alternate screen with the mouse wheel on. How to add a
// screen: see package screen.
package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"conclab/internal/check"
	"conclab/internal/cli"
	"conclab/labs"
	_ "conclab/labs/all" // every lab registers itself
	"conclab/tui/challenge"
	"conclab/tui/components/frame"
	"conclab/tui/components/guess"
	"conclab/tui/exercise"
	"conclab/tui/home"
	"conclab/tui/keymap"
	"conclab/tui/meta"
	"conclab/tui/realrun"
	"conclab/tui/screen"
	"conclab/tui/styles"
)

// The smallest terminal conclab draws in; below it shows one line saying so.
const (
	MinWidth  = 60
	MinHeight = 16
)

// Model is the root model. The zero value is not usable; use New. It is a
// value: a copy kept before a message does not see it (the stack is copied
// before it changes, and a screen's Update leaves the screen it was called
// on as it was).
type Model struct {
	c       screen.Common
	width   int
	height  int
	stack   []entry // home at the bottom, the screen with the keys on top
	nextID  int
	help    help.Model
	helpH   int
	showAll bool
	load    home.Loader // reads the learner's progress; nil: no marks
	// exercises is what the exercise screens need (the zero Env: no repository).
	exercises exercise.Env
	// prepared is the lab opened at the start (WithSetup); nil: home.
	prepared *prepared
	// remember saves a change to the learner's progress (nil: nothing is
	// saved); last is the lab they were last on, resumed the first time
	// it is opened again (resumed then).
	remember Remember
	last     *check.LastLab
	resumed  bool
	// room is the session's place in a classroom (WithSeat; classroom.go).
	room seated
	// pictures is where ctrl+p saves the screen; notice the line that
	// says where it went, in place of the help bar until the next key.
	pictures Pictures
	notice   string
	// realServer is the running conclab serve real runs use (WithRealServer).
	realServer string
}

// Remember applies change to the learner's progress and saves it (check.Store.Update's shape).
type Remember func(change func(*check.Progress)) error

// WithRemember saves what the learner does on the lab screens — puzzle
// predictions checked, the lab, step, lanes and parameters they were last
// on — with remember; the default saves nothing.
func WithRemember(remember Remember) Option {
	return func(m *Model, _ *[]*labs.Lab) { m.remember = remember }
}

// rememberCmd saves change in a command (it writes a file), then reads the
// progress again for the home screen's marks when reload is set.
func (m Model) rememberCmd(change func(*check.Progress), reload bool) tea.Cmd {
	if m.remember == nil {
		return nil
	}
	remember, load := m.remember, m.progressCmd()
	return func() tea.Msg {
		if err := remember(change); err != nil || !reload || load == nil {
			return nil
		}
		return load()
	}
}

// Option configures New.
type Option func(*Model, *[]*labs.Lab)

// WithStyles sets the styles (the default: styles.DefaultStyles).
func WithStyles(st styles.Styles) Option {
	return func(m *Model, _ *[]*labs.Lab) { m.c.Styles = st }
}

// WithLabs sets the labs listed (the default: every registered lab, labs.All,
// then the challenges and the meta demo).
func WithLabs(ls []*labs.Lab) Option {
	return func(_ *Model, all *[]*labs.Lab) { *all = ls }
}

// WithProgress reads the learner's exercise progress with load (at the
// start and whenever a screen closes) to mark the labs on the home screen;
// the default is no marks.
func WithProgress(load home.Loader) Option {
	return func(m *Model, _ *[]*labs.Lab) { m.load = load }
}

// WithExercises gives the exercise screens their repository, checks,
// progress store and watcher (the default: none, and the screen says so).
func WithExercises(env exercise.Env) Option {
	return func(m *Model, _ *[]*labs.Lab) { m.exercises = env }
}

// WithFrame sets the playback redraw interval (the default: screen.DefaultFrame).
func WithFrame(d time.Duration) Option {
	return func(m *Model, _ *[]*labs.Lab) { m.c.Frame = d }
}

// WithSetup opens the lab screen of l over the home screen, prepared as s
// (conclab LAB --set ... --variant ... --step N): esc goes back home.
func WithSetup(l *labs.Lab, s labs.Setup) Option {
	return func(m *Model, _ *[]*labs.Lab) { m.prepared = &prepared{lab: l, setup: s} }
}

// WithPresent opens every lab screen in the presenter view (conclab
// --present, conclab LAB --present); c turns it off.
func WithPresent() Option {
	return func(m *Model, _ *[]*labs.Lab) { m.c.Present = true }
}

// prepared is the lab to open at the start, and how.
type prepared struct {
	lab   *labs.Lab
	setup labs.Setup
}

// New returns the root model on the home screen.
func New(opts ...Option) Model {
	m := Model{c: screen.NewCommon(), help: help.New()}
	all := append(labs.All(), challenge.Entry(), meta.Entry())
	for _, o := range opts {
		o(&m, &all)
	}
	m.help.Styles = m.c.Styles.Help
	m.help.Ellipsis = m.c.Styles.Glyphs.Ellipsis
	m.help.ShortSeparator = m.c.Styles.Glyphs.Separator
	m.stack = []entry{{s: screen.Of(home.New(m.c, all))}}
	m.nextID = 1
	if m.prepared != nil {
		m.stack = append(m.stack, entry{s: m.openPrepared(m.prepared.lab, m.prepared.setup), id: m.nextID})
		m.nextID++
	}
	return m
}

// Init asks the terminal for its background colour (to pick light or dark
// styles), starts the home screen and reads the learner's progress.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.progressCmd(), m.seatInit()}
	for _, e := range m.stack {
		cmds = append(cmds, e.s.Init())
	}
	return tea.Batch(cmds...)
}

func (m Model) progressCmd() tea.Cmd {
	if m.load == nil {
		return nil
	}
	return home.LoadProgressCmd(m.load)
}

// Update handles resizes and global keys, pushes and pops screens, and
// routes the rest to the screen on top (a screen.Background message to
// every screen). The full help (?) belongs to the screen it was opened on:
// it closes when another screen takes over, and esc closes it first.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	before := m.top().id
	m, cmd := m.seatedUpdate(msg)
	if m.showAll && m.top().id != before {
		cmd = tea.Batch(cmd, m.setShowAll(false))
	}
	return m, cmd
}

// setShowAll opens or closes the full help and resizes the screens for it.
func (m *Model) setShowAll(on bool) tea.Cmd {
	m.showAll = on
	m.help.ShowAll = on
	return m.resize(true)
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		return m, m.resize(true)
	case tea.BackgroundColorMsg:
		m.c.Styles = m.c.Styles.WithDark(msg.IsDark())
		m.help.Styles = m.c.Styles.Help
		return m.toAll(msg) // the screens restyle themselves
	case PictureMsg:
		m.notice = m.pictureNotice(msg)
		return m, nil
	case tea.KeyPressMsg:
		k := m.c.Keys.Global
		m.notice = ""
		if key.Matches(msg, k.ForceQuit) {
			return m, tea.Quit
		}
		if key.Matches(msg, k.Picture) {
			return m, m.pictureCmd()
		}
		if !m.top().s.Typing() {
			switch {
			case key.Matches(msg, k.Quit):
				return m, tea.Quit
			case key.Matches(msg, k.Help):
				return m, m.setShowAll(!m.showAll)
			case m.showAll && key.Matches(msg, m.c.Keys.FullHelp.Close):
				return m, m.setShowAll(false)
			}
		}
	case screen.PushMsg:
		return m, m.push(msg.Screen)
	case screen.BackMsg:
		return m, m.pop()
	case screen.OpenLabMsg:
		if m.last != nil && !m.resumed && m.last.Lab == msg.Lab.Name {
			m.resumed = true // the last lab opens as it was left, once
			s := labs.Setup{Variants: m.last.Variants, Set: m.last.Set, Step: m.last.Step}
			if cli.CheckSetup(msg.Lab, s) == nil {
				return m, m.push(m.openPrepared(msg.Lab, s))
			}
		}
		return m, m.push(m.openLab(msg.Lab))
	case screen.LabStateMsg:
		last := check.LastLab{Lab: msg.Lab, Step: msg.Setup.Step, Variants: msg.Setup.Variants, Set: msg.Setup.Set, At: time.Now()}
		m.last, m.resumed = &last, true
		return m, m.rememberCmd(func(p *check.Progress) { p.Last = &last }, false)
	case guess.JudgedMsg:
		at := time.Now()
		return m, m.rememberCmd(func(p *check.Progress) { rememberGuesses(p, msg, at) }, false)
	case screen.PuzzleCheckedMsg:
		at := time.Now()
		return m, m.rememberCmd(func(p *check.Progress) { p.PuzzleChecked(msg.Lab, msg.Puzzle, msg.Right, at) }, true)
	case home.ProgressMsg:
		if msg.Last != nil && m.last == nil {
			m.last = msg.Last
		}
		return m.toAll(msg)
	case screen.OpenExerciseMsg:
		return m, m.push(m.openExercise(msg.Lab))
	case realrun.OpenMsg:
		return m, m.push(m.openReal(msg))
	case screen.Background:
		return m.toAll(msg)
	}
	return m.toTop(msg)
}

func (m Model) bindings() keymap.Bindings { return m.top().s.Help() }

// helpView is the help bar: one line, or with ? every binding in columns,
// as many columns to a row as the width allows.
func (m Model) helpView() string {
	b := m.bindings()
	if !m.showAll {
		return withLine(m.roomLine(), m.shortHelp(b.ShortHelp()))
	}
	var rows, row []string
	w := 0
	const gap = "    "
	for _, group := range append(b.FullHelp(), []key.Binding{m.c.Keys.Global.Picture}) {
		col := m.help.FullHelpView([][]key.Binding{group})
		cw := lipgloss.Width(col)
		if len(row) > 0 && w+len(gap)+cw > m.width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, w = nil, 0
		}
		if len(row) > 0 {
			row = append(row, gap)
			w += len(gap)
		}
		row = append(row, col)
		w += cw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	if legend := m.legend(); legend != "" {
		rows = append(rows, legend)
	}
	return withLine(m.roomLine(), strings.Join(rows, "\n"))
}

// legend is the key of the timeline glyphs under the full help of a screen
// that draws lanes (its Help says so: a lab but a puzzle one, its real
// runs, its exercise), in full when it fits: the status line drops it when
// its own parts take the width.
func (m Model) legend() string {
	if !m.bindings().Lanes {
		return ""
	}
	st := m.c.Styles
	for _, l := range []string{st.Legend(), st.CompactLegend()} {
		if line := st.Muted.Render("lanes: ") + l; frame.Width(line) <= m.width {
			return line
		}
	}
	return ""
}

// shortHelp is the one-line help bar: the bindings that fit, dropped from
// the end but for the last one (? help), which always shows.
func (m Model) shortHelp(bs []key.Binding) string {
	h := m.help
	h.SetWidth(0) // measure, don't cut
	for {
		line := h.ShortHelpView(bs)
		if len(bs) <= 1 || frame.Width(line) <= m.width {
			return line
		}
		bs = append(bs[:len(bs)-2:len(bs)-2], bs[len(bs)-1])
	}
}

func (m Model) screenHeight() int { return max(m.height-m.helpH, 0) }

// resize gives the screens the height the help bar leaves; the help bar's
// height changes with what has the keys, so it is checked after every
// message, and the screens resized only when it changed (or when forced).
func (m *Model) resize(force bool) tea.Cmd {
	h := len(strings.Split(m.helpView(), "\n"))
	if h == m.helpH && !force {
		return nil
	}
	m.helpH = h
	size := tea.WindowSizeMsg{Width: m.width, Height: m.screenHeight()}
	m.stack = slices.Clone(m.stack)
	var cmds []tea.Cmd
	for i := range m.stack {
		var cmd tea.Cmd
		m.stack[i].s, cmd = m.stack[i].s.Update(size)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// TooSmall reports whether the terminal is too small to draw in.
func (m Model) TooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

// tooSmall says the terminal is too small and what to do, in as many of
// its lines as it has.
func (m Model) tooSmall() string {
	lines := []string{
		fmt.Sprintf("Too small: %dx%d (need %dx%d)", m.width, m.height, MinWidth, MinHeight),
		"Make the window larger;",
		"the lab comes back as it was.",
		"q quits.",
	}
	lines = lines[:min(len(lines), m.height)]
	for i, l := range lines {
		lines[i] = frame.Cut(l, m.width, m.c.Styles.Glyphs.Ellipsis)
	}
	return strings.Join(lines, "\n")
}

// Content is what View draws, as text: the active screen and the help bar,
// or one line when the terminal is too small.
func (m Model) Content() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	g := m.c.Styles.Glyphs
	if m.TooSmall() {
		return m.tooSmall()
	}
	lines := frame.Lines(m.top().s.View())
	if len(lines) > m.screenHeight() {
		lines = lines[:m.screenHeight()]
	}
	for len(lines) < m.screenHeight() {
		lines = append(lines, "")
	}
	lines = m.withNotice(append(lines, frame.Lines(m.helpView())...))
	for i, l := range lines {
		lines[i] = frame.Cut(l, m.width, g.Ellipsis)
	}
	out := strings.Join(lines, "\n")
	if m.c.Styles.ASCII {
		out = asciiOnly.Replace(out)
	}
	return out
}

// View draws the content in the alternate screen with the mouse wheel on.
func (m Model) View() tea.View {
	v := tea.NewView(m.Content())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "conclab"
	return v
}

// maxOff is the most a kept prediction's Off says: a guess of anything but
// 0 when the truth was 0 is infinitely far off, and the progress file keeps
// finite numbers only.
const maxOff = 1000

// rememberGuesses keeps the learner's judged guesses in the progress file,
// one record per lab, variant and what was guessed ("total" or a fact).
func rememberGuesses(p *check.Progress, msg guess.JudgedMsg, at time.Time) {
	for _, j := range msg.Judged {
		what := j.Fact
		if what == "" {
			what = "total"
		}
		off := math.Abs(j.Off)
		if math.IsNaN(off) || off > maxOff {
			off = maxOff
		}
		p.Predicted(check.PredictionKey(msg.Lab, j.Variant, what), check.PredictionRecord{Guess: j.Value, Truth: j.Truth, Off: off, Right: j.Right, At: at})
	}
}
