package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	irealrun "conclab/internal/realrun"
	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/flags"
	"conclab/labs/trace"
	"conclab/tui/home"
	"conclab/tui/internal/press"
	"conclab/tui/lab"
	"conclab/tui/meta"
	"conclab/tui/realrun"
	"conclab/tui/screen"
)

// idleRun is a real run that never gets anywhere until cancelled.
type idleRun struct {
	done      chan struct{}
	cancelled bool
}

func (r *idleRun) Snapshot() *trace.Trace { return &trace.Trace{} }
func (r *idleRun) Done() <-chan struct{}  { return r.done }
func (r *idleRun) Wait() (labs.Result, error) {
	<-r.done
	return labs.Result{Trace: &trace.Trace{}}, nil
}
func (r *idleRun) Cancel() {
	if !r.cancelled {
		r.cancelled = true
		close(r.done)
	}
}

// screenStep sends msg to the root and follows the commands it returns that
// open, close or fill a screen (not ticks: they would wait).
func screenStep(t *testing.T, m Model, msg tea.Msg) Model {
	t.Helper()
	next, cmd := m.Update(msg)
	return screenRun(t, next.(Model), cmd)
}

func screenRun(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			m = screenRun(t, m, c)
		}
	case lab.RunMsg, realrun.OpenMsg, realrun.PredictMsg, screen.BackMsg:
		m = screenStep(t, m, msg)
	}
	return m
}

func screenRoot(w, h int, opts ...Option) Model {
	next, _ := New(opts...).Update(tea.WindowSizeMsg{Width: w, Height: h})
	return next.(Model)
}

func screenContent(m Model) string { return ansi.Strip(m.Content()) }

// TestMetaFreezeKeepsQ: a q typed during the meta demo's freeze arrives
// afterwards, while the demo catches up: it is counted, not a quit.
func TestMetaFreezeKeepsQ(t *testing.T) {
	m := screenRoot(80, 24)
	m.push(screen.Of(meta.New(m.sized(), meta.WithWork(time.Millisecond))))
	for _, k := range []string{"b", "b", "q", "?"} {
		next, cmd := m.Update(press.Key(k))
		m = next.(Model)
		if k != "b" && cmd != nil {
			t.Errorf("%s while the demo catches up returned a command (%v), want none", k, fmt.Sprint(cmd()))
		}
	}
	if demo := topModel[meta.Model](t, m); m.showAll || demo.Keys() != 4 {
		t.Errorf("after b b q ?: full help %v, keys %d, want no help, 4", m.showAll, demo.Keys())
	}
}

// TestMetaEntry: the meta demo is the last entry on the home screen (after
// the challenges); it
// opens with its spinner and help bar, and esc comes back home.
func TestMetaEntry(t *testing.T) {
	m := screenRoot(80, 24)
	all := topModel[home.Model](t, m).Matches()
	last := all[len(all)-1]
	if last.Name != meta.Name || len(all) != len(labs.All())+2 {
		t.Fatalf("home lists %d entries ending with %q, want the %d labs, the challenges, then %q", len(all), last.Name, len(labs.All()), meta.Name)
	}
	next, cmd := m.Update(screen.OpenLabMsg{Lab: last})
	m = next.(Model)
	if onTop(m) != "meta" || len(m.stack) != 2 || cmd == nil {
		t.Fatalf("opening %q: the %s screen on top of %d, spinner %v; want the demo over home and its spinner", last.Name, onTop(m), len(m.stack), cmd != nil)
	}
	got := screenContent(m)
	for _, want := range []string{"conclab › meta — conclab's own event loop", "b sleep inside Update · c same work as a tea.Cmd · esc back"} {
		if !strings.Contains(got, want) {
			t.Errorf("the demo's screen lacks %q:\n%s", want, got)
		}
	}
	m = screenStep(t, m, press.Key("esc"))
	if onTop(m) != "home" || !strings.Contains(screenContent(m), "an interactive concurrency lab") {
		t.Errorf("esc did not come back home:\n%s", screenContent(m))
	}
}

// TestRealFromLab: on a lab with real variants R is in the help bar and
// opens the real runs with the lab's values; esc cancels them and comes
// back to the lab screen. A lab without real variants has no R.
func TestRealFromLab(t *testing.T) {
	var started []*idleRun
	realStart = func(v *irealrun.Variant, values labs.Values) (realrun.Run, error) {
		r := &idleRun{done: make(chan struct{})}
		started = append(started, r)
		return r, nil
	}
	defer func() { realStart = nil }()

	m := screenRoot(100, 30, WithLabs([]*labs.Lab{flags.Lab(), chess.Lab()}))
	m = screenStep(t, m, screen.OpenLabMsg{Lab: flags.Lab()})
	if got := screenContent(m); !strings.Contains(got, "R run for real") {
		t.Errorf("the flags lab's help bar lacks R:\n%s", got)
	}
	m = screenStep(t, m, press.Key("R"))
	if onTop(m) != "real" || len(started) != 4 {
		t.Fatalf("R: the %s screen with %d runs, want the real runs with 4 (sequential, goroutines, limited, errgroup)", onTop(m), len(started))
	}
	got := screenContent(m)
	for _, want := range []string{"Downloading flags › real runs", "count=20", "sequential · predicted", "measured, live", "esc stop and back"} {
		if !strings.Contains(got, want) {
			t.Errorf("the real runs' screen lacks %q:\n%s", want, got)
		}
	}
	m = screenStep(t, m, press.Key("esc"))
	for i, r := range started {
		if !r.cancelled {
			t.Errorf("run %d not cancelled by esc", i)
		}
	}
	if got := screenContent(m); onTop(m) != "lab" || strings.Contains(got, "real runs") || !strings.Contains(got, "Downloading flags") {
		t.Errorf("esc did not come back to the lab screen:\n%s", got)
	}

	m = screenStep(t, m, screen.BackMsg{})
	m = screenStep(t, m, screen.OpenLabMsg{Lab: chess.Lab()})
	next, cmd := m.Update(press.Key("R"))
	m = next.(Model)
	if got := screenContent(m); cmd != nil || onTop(m) != "lab" || strings.Contains(got, "run for real") {
		t.Errorf("chess: R gave a command %v, the %s screen; help:\n%s", cmd != nil, onTop(m), got)
	}
}
