package lab

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"conclab/internal/cli"
	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/coroutines"
	"conclab/labs/spinner"
	"conclab/tui/components/pane"
	"conclab/tui/screen"
)

// lanes are the names of the lanes on screen.
func lanes(m Model) []string {
	var out []string
	for _, p := range m.Panes() {
		out = append(out, p.Name())
	}
	return out
}

// totals are the lanes' totals, by name.
func totals(m Model) map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, p := range m.Panes() {
		r, _, _ := p.Result()
		if r.Trace != nil {
			out[p.Name()] = r.Trace.Total
		}
	}
	return out
}

// cliTotals runs what a command line asks, as conclab run does, and
// returns the totals by variant: what the lanes must show once it is set up.
func cliTotals(t *testing.T, line string) map[string]time.Duration {
	t.Helper()
	name, _, err := cli.ParseCommand(line)
	if err != nil {
		t.Fatal(err)
	}
	l := map[string]*labs.Lab{"spinner": spinner.Lab(), "chess": chess.Lab()}[name]
	s, err := cli.ParseCommandFor(l, line)
	if err != nil {
		t.Fatal(err)
	}
	_, runs, err := cli.Runs(l, s.Variants, s.Set)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]time.Duration{}
	for _, r := range runs {
		out[r.Variant] = r.Result.Trace.Total
	}
	return out
}

// TestApplySpinnerStep6: on the spinner's step 6 (CPU work) enter sets up
// the step's first command (loop-cpu-yield with the defaults), enter again
// its second (chunk=500ms): the lanes are those the commands run, with the
// same totals, and the title says which setup is on; the next step starts
// its setups over.
func TestApplySpinnerStep6(t *testing.T) {
	m := open(t, spinner.Lab(), 100, 40)
	m = keys(t, m, "n", "n", "n", "n", "n")
	if i, _ := m.walk.Step(); i != 5 || !strings.HasPrefix(m.walk.Title(), "Step 6 of ") || !strings.Contains(m.walk.Title(), "CPU work") {
		t.Fatalf("after n x5: %s, want step 6 (CPU work)", m.walk.Title())
	}
	cmds := spinner.Lab().Steps[5].Commands
	want := []string{"conclab run spinner --variant loop-cpu-yield", "conclab run spinner --variant loop-cpu-yield --set chunk=500ms"}
	if !slices.Equal(cmds, want) {
		t.Fatalf("spinner step 6 commands = %q, want %q", cmds, want)
	}
	for i, line := range want {
		m = keys(t, m, "enter")
		if got := lanes(m); !slices.Equal(got, []string{"loop-cpu-yield"}) {
			t.Errorf("enter %d: lanes %v, want [loop-cpu-yield]", i+1, got)
		}
		chunk := m.Values().Duration("chunk")
		if wantChunk := []string{"100ms", "500ms"}[i]; fmt.Sprint(chunk) != wantChunk {
			t.Errorf("enter %d: chunk = %v, want %s", i+1, chunk, wantChunk)
		}
		if got, want := totals(m), cliTotals(t, line); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("enter %d: lanes' totals %v, want %v (as %s)", i+1, got, want, line)
		}
		if !m.clock.Playing() {
			t.Errorf("enter %d: the lanes do not play", i+1)
		}
		if v := view(t, m); !strings.Contains(v, fmt.Sprintf("✓ set up %d of 2", i+1)) {
			t.Errorf("enter %d: the title does not say which setup is on:\n%s", i+1, v)
		}
	}
	for _, r := range m.Panes() {
		res, _, _ := r.Result()
		if got := res.Facts["frames"]; fmt.Sprint(got) != "2" {
			t.Errorf("chunk=500ms: frames = %v, want 2 (as the step says)", got)
		}
	}
	m = keys(t, m, "enter") // back to the first
	if got := fmt.Sprint(m.Values().Duration("chunk")); got != "100ms" {
		t.Errorf("a third enter: chunk = %s, want 100ms (the first setup again)", got)
	}
	m = keys(t, m, "enter", "n", "p", "enter")
	if got := fmt.Sprint(m.Values().Duration("chunk")); got != "100ms" {
		t.Errorf("after a step change, enter: chunk = %s, want the step's first setup (100ms)", got)
	}
}

// TestApplyStepViews: --steps pauses the lanes at the start; a step
// without a command says so and changes nothing; the text under each
// command names the keys that do it by hand.
func TestApplyStepViews(t *testing.T) {
	m := open(t, chess.Lab(), 100, 40)
	before := lanes(m)
	m = keys(t, m, "enter") // step 1 gives no command
	if v := view(t, m); !strings.Contains(v, "this step gives no command to set up") || !slices.Equal(lanes(m), before) {
		t.Errorf("enter on a step without a command: lanes %v, want %v and a note:\n%s", lanes(m), before, v)
	}
	m = keys(t, m, "n", "enter") // step 2: conclab run chess --variant sequential
	if got := lanes(m); !slices.Equal(got, []string{"sequential"}) {
		t.Errorf("chess step 2, enter: lanes %v, want [sequential]", got)
	}
	if v := view(t, m); !strings.Contains(v, "sets this up here: lanes sequential; the defaults. By hand:") {
		t.Errorf("chess step 2: the text under the command does not name the keys:\n%s", v)
	}

	el, err := labs.Get("eventloop")
	if err != nil {
		t.Fatal(err)
	}
	m = open(t, el, 120, 40)
	step := -1
	for i, st := range el.Steps {
		for _, c := range st.Commands {
			if strings.HasSuffix(c, "--steps") && step < 0 {
				step = i
			}
		}
	}
	m.walk.GoTo(step)
	m.resetStepSetups()
	for i, st := range el.Steps[step].Commands {
		m = keys(t, m, "enter")
		if strings.HasSuffix(st, "--steps") {
			if m.clock.Playing() || m.clock.Started() {
				t.Errorf("eventloop step %d, setup %d (%s): playing=%v started=%v, want paused at the start", step+1, i+1, st, m.clock.Playing(), m.clock.Started())
			}
		}
	}
	for _, p := range m.Panes() {
		if p.Mode() != pane.TimelineMode {
			t.Errorf("a setup without --full: lane %s in mode %v, want its timeline", p.Name(), p.Mode())
		}
	}
}

// TestPrepare: a screen prepared (conclab chess --set boards=12 --variant
// concurrent --step 3) opens on those lanes, values and step.
func TestPrepare(t *testing.T) {
	c := testCommon(100, 30)
	m := New(c, chess.Lab())
	m.Prepare(labs.Setup{Variants: []string{"concurrent"}, Set: map[string]string{"boards": "12"}, Step: 3})
	m = settle(t, m, m.Init())
	if got := lanes(m); !slices.Equal(got, []string{"concurrent"}) {
		t.Errorf("lanes %v, want [concurrent]", got)
	}
	v := view(t, m)
	if !strings.Contains(v, "boards=12 ") || !strings.Contains(v, "Step 3 of 6") {
		t.Errorf("the prepared screen does not show boards=12 and step 3:\n%s", v)
	}
	p := open(t, coroutines.Lab(), 100, 30)
	p.Prepare(labs.Setup{Variants: []string{"buffered"}})
	if name := p.lab.Variants[p.puzzles.i].Name; name != "buffered" {
		t.Errorf("a puzzle lab prepared for buffered shows %s", name)
	}
}

func TestSetupGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d_spinner_step6_enter_enter", size.w, size.h), func(t *testing.T) {
			m := open(t, spinner.Lab(), size.w, size.h)
			m = keys(t, m, "n", "n", "n", "n", "n", "enter", "enter", "end")
			golden.RequireEqual(t, view(t, m))
		})
		t.Run(fmt.Sprintf("%dx%d_chess_boards12_concurrent", size.w, size.h), func(t *testing.T) {
			m := New(testCommon(size.w, size.h), chess.Lab())
			m.Prepare(labs.Setup{Variants: []string{"concurrent"}, Set: map[string]string{"boards": "12"}})
			m = settle(t, m, m.Init())
			golden.RequireEqual(t, view(t, m))
		})
	}
}

// testCommon is the Common of a test screen of w x h, with fast frames.
func testCommon(w, h int) screen.Common {
	c := screen.NewCommon().Sized(w, h)
	c.Frame = time.Millisecond
	return c
}
