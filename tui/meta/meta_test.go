package meta

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"go.uber.org/goleak"

	"conclab/tui/internal/drive"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

// clock is a fake wall clock: sleep moves it on at once, so no test waits.
type clock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) sleep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.slept = append(c.slept, d)
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *clock) sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.slept)
}

func newDemo(w, h int, opts ...Option) (Model, *clock) {
	c := &clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	opts = append([]Option{WithClock(c.now, c.sleep)}, opts...)
	return New(screen.NewCommon().Sized(w, h), opts...), c
}

// frames delivers n spinner ticks, SpinFrame apart on the fake clock.
func frames(m Model, c *clock, n int) Model {
	for range n {
		c.add(SpinFrame)
		m, _ = m.Update(TickMsg{id: m.id})
	}
	return m
}

func pressKey(m Model, name string) (Model, tea.Cmd) { return m.Update(press.Key(name)) }

func view(t *testing.T, m Model) string {
	t.Helper()
	return drive.View(t, m.View(), m.c.Width, m.c.Height)
}

// TestViewGolden draws the demo: spinning, armed by b, after the freeze
// (the longest pause says it), while c's command works, and once it is done.
func TestViewGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		for _, tt := range []struct {
			name string
			act  func(m Model, c *clock) Model
		}{
			{"spinning", func(m Model, c *clock) Model { return frames(m, c, 3) }},
			{"armed", func(m Model, c *clock) Model {
				m = frames(m, c, 3)
				m, _ = pressKey(m, "b")
				return m
			}},
			{"after_freeze", func(m Model, c *clock) Model {
				m = frames(m, c, 3)
				m, _ = pressKey(m, "b")
				m, _ = pressKey(m, "b")
				return frames(m, c, 2) // the first tick after comes 3.1 s after the last
			}},
			{"command_working", func(m Model, c *clock) Model {
				m = frames(m, c, 3)
				m, _ = pressKey(m, "c")
				return frames(m, c, 2)
			}},
			{"command_done", func(m Model, c *clock) Model {
				m = frames(m, c, 3)
				m, cmd := pressKey(m, "c")
				m = frames(m, c, 5)
				m, _ = m.Update(cmd())
				return m
			}},
		} {
			t.Run(fmt.Sprintf("%dx%d_%s", size.w, size.h, tt.name), func(t *testing.T) {
				m, c := newDemo(size.w, size.h)
				golden.RequireEqual(t, view(t, tt.act(m, c)))
			})
		}
	}
}

// TestFreeze: the first b only warns; the second sleeps inside Update (the
// sleep has happened when Update returns, and no command is left to run),
// and the next frame comes after the whole sleep: the longest pause.
func TestFreeze(t *testing.T) {
	m, c := newDemo(80, 24)
	m = frames(m, c, 3)
	m, cmd := pressKey(m, "b")
	if !m.Armed() || cmd != nil || len(c.sleeps()) != 0 {
		t.Fatalf("first b: armed %v, cmd %v, slept %v, want armed, no command, no sleep", m.Armed(), cmd != nil, c.sleeps())
	}
	if !strings.Contains(strings.Join(strings.Fields(view(t, m)), " "), "b sleeps 3.0 s INSIDE Update: the spinner and the keyboard freeze. Press b again to do it") {
		t.Errorf("the warning is not on screen before the freeze")
	}
	m, cmd = pressKey(m, "b")
	if got := c.sleeps(); cmd == nil || !slices.Equal(got, []time.Duration{DefaultWork}) {
		t.Fatalf("second b: slept %v inside Update (command %v), want [3s] and the catch-up command", got, cmd != nil)
	}
	m = frames(m, c, 1) // the catch-up (TestCatchUp) left pending
	if got, want := m.Longest(), DefaultWork+SpinFrame; got != want {
		t.Errorf("Longest() = %v, want %v", got, want)
	}
	if !strings.Contains(view(t, m), "longest pause between frames: 3.1 s — the loop was frozen") {
		t.Errorf("the freeze is not on screen afterwards:\n%s", view(t, m))
	}
	if m.Keys() != 2 || m.Frames() != 4 {
		t.Errorf("Keys(), Frames() = %d, %d, want 2, 4", m.Keys(), m.Frames())
	}
}

// TestCatchUp: the keys typed during a freeze arrive after it; until
// CaughtUpMsg they are only counted (esc does not leave, b does not arm),
// then the screen says how many came late, and keys act again.
func TestCatchUp(t *testing.T) {
	m, c := newDemo(80, 24)
	m, _ = pressKey(m, "b")
	m, caughtUp := pressKey(m, "b")
	if !m.CatchingUp() || caughtUp == nil {
		t.Fatalf("after the freeze: catching up %v, command %v, want both", m.CatchingUp(), caughtUp != nil)
	}
	for _, k := range []string{"esc", "q", "b", "c"} {
		var cmd tea.Cmd
		if m, cmd = pressKey(m, k); cmd != nil || m.Armed() {
			t.Errorf("%s while catching up: command %v, armed %v, want neither", k, cmd != nil, m.Armed())
		}
	}
	msg := caughtUp()
	if got := c.sleeps(); !slices.Equal(got, []time.Duration{DefaultWork, CatchUpGrace}) {
		t.Errorf("slept %v, want [3s 150ms] (the freeze, then the grace for the queued keys)", got)
	}
	m, _ = m.Update(msg)
	if m.CatchingUp() || m.Keys() != 6 {
		t.Errorf("after CaughtUpMsg: catching up %v, keys %d, want false, 6", m.CatchingUp(), m.Keys())
	}
	if got := strings.Join(strings.Fields(view(t, m)), " "); !strings.Contains(got, "4 keys you typed during the freeze arrived just now, once Update returned; they did nothing.") {
		t.Errorf("the late keys are not on screen:\n%s", view(t, m))
	}
	if _, cmd := pressKey(m, "esc"); cmd == nil || fmt.Sprint(cmd()) != fmt.Sprint(screen.BackMsg{}) {
		t.Errorf("esc after catching up does not close the demo")
	}
	stale, _ := newDemo(80, 24)
	if m, _ = stale.Update(msg); m.CatchingUp() || m.said != "" {
		t.Errorf("another demo's CaughtUpMsg changed a new one")
	}
}

// TestDisarm: any other key after b takes the warning back; nothing sleeps.
func TestDisarm(t *testing.T) {
	m, c := newDemo(80, 24)
	for _, k := range []string{"b", "x", "c"} {
		m, _ = pressKey(m, k)
	}
	m, _ = pressKey(m, "b") // armed again, not a freeze
	if !m.Armed() || len(c.sleeps()) != 0 || m.Keys() != 4 {
		t.Errorf("b x c b: armed %v, slept %v, keys %d, want armed, no sleep, 4", m.Armed(), c.sleeps(), m.Keys())
	}
}

// TestCommand: c returns at once with a command; the command does the work
// (the injected duration) and reports it; the frames meanwhile stay regular.
func TestCommand(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"))
	m, c := newDemo(80, 24, WithWork(2*time.Second))
	m = frames(m, c, 2)
	m, cmd := pressKey(m, "c")
	if cmd == nil || len(c.sleeps()) != 0 {
		t.Fatalf("c: command %v, slept %v inside Update, want a command and no sleep", cmd != nil, c.sleeps())
	}
	m = frames(m, c, 20)
	msg := cmd()
	if got, want := msg, (WorkDoneMsg{Work: 2 * time.Second}); got != want {
		t.Fatalf("the command returned %v, want %v", got, want)
	}
	m, _ = m.Update(msg)
	if want := "meanwhile the longest pause between frames was 0.1 s"; !strings.Contains(m.said, want) {
		t.Errorf("after the command the screen says %q, want %q in it", m.said, want)
	}
	if m.Longest() != SpinFrame {
		t.Errorf("Longest() = %v, want %v", m.Longest(), SpinFrame)
	}
}

// TestTicks: each tick turns the spinner and asks for the next; a tick of
// an earlier demo screen does nothing; esc closes.
func TestTicks(t *testing.T) {
	old, _ := newDemo(80, 24)
	m, c := newDemo(80, 24)
	if m.Init() == nil {
		t.Fatal("Init() starts no spinner")
	}
	c.add(SpinFrame)
	m, cmd := m.Update(TickMsg{id: m.id})
	if cmd == nil || m.Frames() != 1 {
		t.Errorf("a tick: next %v, frames %d, want a next tick and 1", cmd != nil, m.Frames())
	}
	m, cmd = m.Update(TickMsg{id: old.id})
	if cmd != nil || m.Frames() != 1 {
		t.Errorf("an old screen's tick: next %v, frames %d, want none and 1", cmd != nil, m.Frames())
	}
	_, cmd = pressKey(m, "esc")
	if cmd == nil || cmd() != (screen.BackMsg{}) {
		t.Errorf("esc did not close the demo")
	}
}

func TestCode(t *testing.T) {
	for _, src := range []string{freezeSource, cmdSource} {
		if !strings.HasPrefix(src, "func ") {
			t.Errorf("shown source starts %q, want func", strings.SplitN(src, "\n", 2)[0])
		}
	}
	if lineWith(freezeSource, "m.sleep(") != 2 || lineWith(cmdSource, "sleep(work)") != 3 {
		t.Errorf("the sleeping lines are %d and %d, want 2 and 3", lineWith(freezeSource, "m.sleep("), lineWith(cmdSource, "sleep(work)"))
	}
}
