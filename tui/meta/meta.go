// Package meta is the meta demo: conclab's own event loop as a lab. Bubble
// Tea runs every screen as an event loop — one goroutine takes the next
// message (a key, a tick), calls Update with it, then draws View — so the
// screen shows a live spinner (a tea.Tick every frame) and a key counter,
// and offers the same few seconds of work done two ways: b sleeps inside
// Update (after a warning on screen: the spinner and the keyboard freeze),
// c does it in a tea.Cmd (nothing freezes; a message comes back when it is
// done). The longest pause between two frames, measured on the wall clock,
// stays on screen so that the freeze can be read afterwards.
package meta

import (
	_ "embed"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/tui/components/source"
	"conclab/tui/keymap"
	"conclab/tui/screen"
)

// Name is the demo's name on the home screen (it is not a registered lab:
// it has no variants and no headless run).
const Name = "meta"

// Entry is the demo's entry on the home screen, listed after the labs.
func Entry() *labs.Lab {
	return &labs.Lab{Name: Name, Title: "meta — conclab's own event loop",
		Summary: "A live spinner and a key counter: sleep 3 s inside Update (everything freezes) or in a tea.Cmd (nothing does)"}
}

// DefaultWork is the work b and c do: a sleep this long.
const DefaultWork = 3 * time.Second

// SpinFrame is the time between two spinner frames.
const SpinFrame = 100 * time.Millisecond

//go:embed work.go
var workSource string

// The two handlers as the screen shows them (their code, without the doc
// comments: the screen says it in its own words).
var (
	freezeSource = code(labs.FuncSource(workSource, "freeze"))
	cmdSource    = code(labs.FuncSource(workSource, "workCmd"))
)

// code is src without its leading comment lines.
func code(src string) string {
	lines := strings.Split(src, "\n")
	for len(lines) > 0 && strings.HasPrefix(lines[0], "//") {
		lines = lines[1:]
	}
	return strings.Join(lines, "\n")
}

// TickMsg turns the spinner one frame. Ticks of another screen's spinner
// (one opened earlier) are ignored.
type TickMsg struct{ id int64 }

// WorkDoneMsg says that a command started by c has done Work.
type WorkDoneMsg struct{ Work time.Duration }

// CatchUpGrace is how long after a freeze the keys that arrive still count
// as typed during it: the terminal hands over the keys queued while Update
// slept only once the loop reads again, a few at a time.
const CatchUpGrace = 150 * time.Millisecond

// CaughtUpMsg ends the catching-up after a freeze (b): the keys that came
// before it were typed while Update slept.
type CaughtUpMsg struct{ id int64 }

// caughtUpCmd waits CatchUpGrace (on the demo's clock) and says the queued
// keys are in.
func (m Model) caughtUpCmd() tea.Cmd {
	sleep, id := m.sleep, m.id
	return func() tea.Msg {
		sleep(CatchUpGrace)
		return CaughtUpMsg{id: id}
	}
}

// opened numbers the demo's screens, so that a tick of one closed earlier
// never drives a new one.
var opened atomic.Int64

// Model is the demo's screen. The zero value is not usable; use New.
type Model struct {
	c     screen.Common
	id    int64
	work  time.Duration
	now   func() time.Time
	sleep func(time.Duration)

	frames    int
	keys      int
	lastFrame time.Time
	lastGap   time.Duration
	longest   time.Duration

	armed   bool          // b was pressed once: the next b freezes
	froze   time.Duration // how long the last b held Update
	working int           // commands of c in flight
	calm    time.Duration // the longest pause between frames since the last c
	said    string        // what the last action did

	catching bool // after a freeze, until CaughtUpMsg: keys were typed during it
	late     int  // keys that arrived while catching up

	freezeSrc, cmdSrc source.Model
}

// Option configures New.
type Option func(*Model)

// WithWork sets the work b and c do (the default: DefaultWork).
func WithWork(d time.Duration) Option { return func(m *Model) { m.work = d } }

// WithClock sets the clock and the sleep (the defaults: time.Now and
// time.Sleep); tests use a fake pair so that nothing really waits. sleep is
// called from Update (b) and from a command's goroutine (c).
func WithClock(now func() time.Time, sleep func(time.Duration)) Option {
	return func(m *Model) { m.now, m.sleep = now, sleep }
}

// New returns the demo's screen; Init starts its spinner.
func New(c screen.Common, opts ...Option) Model {
	m := Model{c: c, id: opened.Add(1), work: DefaultWork, now: time.Now, sleep: time.Sleep,
		freezeSrc: source.New(c.Styles, freezeSource), cmdSrc: source.New(c.Styles, cmdSource)}
	for _, o := range opts {
		o(&m)
	}
	m.freezeSrc.SetMark(lineWith(freezeSource, "m.sleep("))
	m.cmdSrc.SetMark(lineWith(cmdSource, "sleep(work)"))
	m.SetSize(c.Width, c.Height)
	return m
}

// lineWith is the first line of src holding s (0-based), or -1.
func lineWith(src, s string) int {
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, s) {
			return i
		}
	}
	return -1
}

// Init starts the spinner.
func (m Model) Init() tea.Cmd { return m.tick() }

func (m Model) tick() tea.Cmd {
	id := m.id
	return tea.Tick(SpinFrame, func(time.Time) tea.Msg { return TickMsg{id: id} })
}

// Help is the help bar's bindings.
func (m Model) Help() keymap.Bindings { return m.c.Keys.Meta.Bindings() }

// Typing reports whether the screen takes every key: while it catches up
// after a freeze (q typed then is counted, not obeyed).
func (m Model) Typing() bool { return m.catching }

// Close does nothing: the ticks of a closed demo stop themselves (each
// names the demo it belongs to), and a command's work ends on its own.
func (m *Model) Close() {}

// SetSize sets the cells the screen fills.
func (m *Model) SetSize(width, height int) {
	m.c.Width, m.c.Height = width, height
	m.layout()
}

// Frames is the number of spinner frames so far; Keys the keys counted.
func (m Model) Frames() int { return m.frames }

// Keys is the number of keys the screen has received.
func (m Model) Keys() int { return m.keys }

// Longest is the longest pause between two frames so far, on the wall clock.
func (m Model) Longest() time.Duration { return m.longest }

// CatchingUp reports whether the demo is taking in the keys typed during a
// freeze: every key is only counted (none acts: q, esc and b are not
// obeyed), until CaughtUpMsg.
func (m Model) CatchingUp() bool { return m.catching }

// Armed reports whether the next b sleeps inside Update.
func (m Model) Armed() bool { return m.armed }

// Update turns the spinner, counts keys, and does the work of b and c.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case TickMsg:
		if msg.id != m.id {
			return m, nil
		}
		now := m.now()
		if m.frames > 0 {
			m.lastGap = now.Sub(m.lastFrame)
			m.longest = max(m.longest, m.lastGap)
			if m.working > 0 {
				m.calm = max(m.calm, m.lastGap)
			}
		}
		m.frames++
		m.lastFrame = now
		return m, m.tick()
	case WorkDoneMsg:
		m.working = max(m.working-1, 0)
		m.said = "c: the command's " + seconds(msg.Work) + " of work is done; meanwhile the longest pause between frames was " +
			seconds(m.calm) + ": the loop never stopped."
	case CaughtUpMsg:
		if msg.id != m.id || !m.catching {
			return m, nil
		}
		m.catching = false
		switch m.late {
		case 0:
		case 1:
			m.said += " 1 key you typed during the freeze arrived just now, once Update returned; it did nothing."
		default:
			m.said += " " + strconv.Itoa(m.late) + " keys you typed during the freeze arrived just now, once Update returned; they did nothing."
		}
	case tea.KeyPressMsg:
		if m.catching {
			m.keys++
			m.late++
			return m, nil
		}
		return m.key(msg)
	}
	return m, nil
}

// key counts the key and acts on it.
func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.c.Keys.Meta
	m.keys++
	armed := m.armed
	m.armed = false
	switch {
	case key.Matches(msg, k.Back):
		return m, screen.BackCmd
	case key.Matches(msg, k.Freeze) && !armed:
		m.armed = true
		m.said = ""
	case key.Matches(msg, k.Freeze):
		m = freeze(m)
		m.said = "b: Update slept " + seconds(m.froze) + ". Meanwhile no frame was drawn and no key was read: see the longest pause."
		m.catching, m.late = true, 0
		return m, m.caughtUpCmd()
	case key.Matches(msg, k.Command):
		m.working++
		m.calm = 0
		m.said = "c: a command does the " + seconds(m.work) + " of work in its own goroutine; the spinner keeps turning — type, and watch the keys counted."
		return m, workCmd(m)
	case armed:
		m.said = "b not pressed again: nothing slept."
	}
	return m, nil
}
