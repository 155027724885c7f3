package realrun

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"go.uber.org/goleak"

	"conclab/labs/flags"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

// openReal opens the real-run view of flags with set, running for real
// (internal/realrun over loopback, in this process), its predictions back.
func openReal(t *testing.T, set map[string]string, shown ...string) Model {
	t.Helper()
	l := flags.Lab()
	values, err := l.Resolve(set)
	if err != nil {
		t.Fatal(err)
	}
	m := New(screen.NewCommon().Sized(120, 40), Config{Lab: l, Values: values, Shown: shown})
	return settle(t, m, m.Init())
}

// waitAll waits until every run has ended (a test failure, not a hang, if
// they do not within a minute).
func waitAll(t *testing.T, m Model) {
	t.Helper()
	for _, p := range m.pairs {
		if p.run == nil {
			continue
		}
		select {
		case <-p.run.Done():
		case <-time.After(time.Minute):
			t.Fatalf("the real run of %s did not end", p.v.Name)
		}
	}
}

// TestRealRun runs flags for real (5 flags, 200 ms each, sequential and
// goroutines), delivering the ticks itself: the measured lanes show the
// runs while they go on, and when they are over the summary compares the
// totals, the measured tally is the prediction's, and no tick follows.
func TestRealRun(t *testing.T) {
	defer goleak.VerifyNone(t, chromaClock)
	m := openReal(t, map[string]string{"count": "5", "delay": "200ms"}, "sequential", "goroutines")
	if got := m.Variants(); strings.Join(got, ",") != "sequential,goroutines" {
		t.Fatalf("Variants() = %v, want sequential, goroutines", got)
	}
	live := 0 // snapshots of a run in flight that had something in it
	for i := 0; m.anyRunning(); i++ {
		if i > 30000 {
			t.Fatal("the real runs did not end")
		}
		time.Sleep(time.Millisecond)
		m, _ = m.Update(TickMsg{gen: m.gen})
		for _, p := range m.pairs {
			if p.status == running && p.snap != nil && len(p.snap.Tasks) > 0 {
				live++
			}
		}
	}
	if live == 0 {
		t.Errorf("no snapshot of a run in flight was shown")
	}
	if _, cmd := m.Update(TickMsg{gen: m.gen}); cmd != nil {
		t.Errorf("a tick after the end scheduled another")
	}
	for _, p := range m.pairs {
		res, err, _ := p.meas.Result()
		if p.status != done || err != nil {
			t.Fatalf("%s: status %v, error %v, want done", p.v.Name, p.status, err)
		}
		pred, _, _ := p.pred.Result()
		if got, want := fmt.Sprint(res.Facts["tally"]), fmt.Sprint(pred.Facts["tally"]); got != want || got != "map[200:5]" {
			t.Errorf("%s: measured tally %s, predicted %s, want map[200:5] both", p.v.Name, got, want)
		}
	}
	sum := ansi.Strip(strings.Join(m.lay.summary, " "))
	for _, want := range []string{"Predicted → measured:", "sequential 1 s →", "goroutines 0.2 s →"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary %q lacks %q", sum, want)
		}
	}
}

// TestRealCancel: esc in the middle of real runs cancels them; they end
// promptly and leave no goroutine behind.
func TestRealCancel(t *testing.T) {
	defer goleak.VerifyNone(t, chromaClock)
	m := openReal(t, map[string]string{"count": "5", "delay": "10s"}, "sequential", "goroutines")
	time.Sleep(50 * time.Millisecond) // requests in flight
	m, _ = m.Update(TickMsg{gen: m.gen})
	m, cmd := m.Update(press.Key("esc"))
	if cmd == nil || cmd() != (screen.BackMsg{}) {
		t.Fatalf("esc did not close the view")
	}
	waitAll(t, m)
	for _, p := range m.pairs {
		if _, err := p.run.Wait(); err == nil || !strings.Contains(err.Error(), "stopped before the end") {
			t.Errorf("%s after esc: Wait error %v, want stopped before the end", p.v.Name, err)
		}
	}
}

// chromaClock is the highlighter's regexp clock, which outlives a test by
// design (a goroutine of the library, not of a run).
var chromaClock = goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock")
