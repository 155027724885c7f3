package exercise

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"go.uber.org/goleak"

	"conclab/exercises"
	"conclab/internal/check"
	"conclab/labs/chess"
	"conclab/labs/trace"
	"conclab/tui/components/playback"
	"conclab/tui/internal/drive"
	"conclab/tui/screen"
)

func TestMain(m *testing.M) {
	// No test may read or write the user's progress: DefaultEnv's store
	// is this throwaway directory.
	dir, err := os.MkdirTemp("", "conclab-exercise-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv(check.ConfigDirEnv, dir)
	checkingEvery = time.Millisecond
	now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"), goleak.Cleanup(func(int) { os.RemoveAll(dir) }))
}

// The two tests of the fake reports: the talk's exhibition and a small one.
const (
	test24 = "TestExhibition/24_boards,_the_talk's_exhibition"
	test3  = "TestExhibition/3_boards,_slow_opponents:_the_master_waits"
)

// chessTrace runs a variant of the chess lab on boards boards: real traces
// of the shape the checks write, without a child go test.
func chessTrace(t testing.TB, variant string, boards int) *trace.Trace {
	t.Helper()
	l := chess.Lab()
	vals, err := l.Resolve(map[string]string{"boards": strconv.Itoa(boards), "moves": "2"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := l.Variant(variant)
	if err != nil {
		t.Fatal(err)
	}
	r, err := v.Run(vals)
	if err != nil {
		t.Fatal(err)
	}
	return r.Trace
}

// report is a fake report: variant's traces for both tests.
func report(t testing.TB, ex exercises.Exercise, variant string, v check.Verdict) *check.Report {
	return &check.Report{Exercise: ex, Verdict: v, Traces: []check.TestTrace{
		{Test: test24, Trace: chessTrace(t, variant, 24)},
		{Test: test3, Trace: chessTrace(t, variant, 3)},
	}}
}

var failed = check.Verdict{
	Kind:     check.Failed,
	Headline: "the boards were played one after another: 2880 s of virtual time, want 295 s — does each board have its own goroutine?",
	Details:  []string{"TestExhibition/24_boards: 24 boards took 2880 s, want 295 s", "TestExhibition/3_boards: 3 boards took 360 s, want 130 s"},
	Where:    []check.Location{{File: "exercises/chess/chess.go", Line: 40, Func: "Exhibition"}},
}

var passed = check.Verdict{Kind: check.Passed, Headline: "every check passed (4 tests, race detector on)"}

// fake is a fake Env's runs: the verdict the learner's checks come to and
// how many runs of each kind were asked for.
type fake struct {
	mu       sync.Mutex
	verdict  check.Verdict
	checks   int
	refs     map[Reference]int
	block    bool // the learner's checks wait for ctx (cancelled on leave)
	watches  int
	stops    int
	changes  chan struct{}
	lastDir  string
	editorOf map[string]string
}

// env returns an Env on a fake repository (its own goal and solution
// files, so goldens do not follow the real ones) with f's runs.
func (f *fake) env(t testing.TB) Env {
	t.Helper()
	root := t.TempDir()
	ex, err := exercises.Get("chess")
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel, text string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(ex.Path(), "// Package chess is the chess exhibition's exercise.\n//\n// Goal: make Exhibition take 3655 s:\n// every board in a goroutine of its own, one master.\npackage chess\n")
	write(ex.SolutionPath(), "// Package chess is solved.\npackage chess\n\nfunc Exhibition() {\n\t// every board in a goroutine\n}\n")
	if f.refs == nil {
		f.refs = map[Reference]int{}
	}
	return Env{
		Root: root,
		Check: func(ctx context.Context, ex exercises.Exercise) (*check.Report, error) {
			f.mu.Lock()
			f.checks++
			v, block := f.verdict, f.block
			f.mu.Unlock()
			if block {
				<-ctx.Done()
				return nil, ctx.Err()
			}
			variant := "sequential"
			if v.Passed() {
				variant = "concurrent"
			}
			return report(t, ex, variant, v), nil
		},
		Reference: func(ctx context.Context, ex exercises.Exercise, r Reference) (*check.Report, error) {
			f.mu.Lock()
			f.refs[r]++
			f.mu.Unlock()
			if r == Solution {
				return report(t, ex, "concurrent", passed), nil
			}
			return report(t, ex, "sequential", failed), nil
		},
		Store: &check.Store{Dir: t.TempDir()},
		Watch: func(ctx context.Context, dir string) (<-chan struct{}, func(), error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.watches++
			f.lastDir = dir
			ch := f.changes
			if ch == nil {
				c := make(chan struct{})
				close(c) // nothing to wait for: the wait for saves ends at once
				ch = c
			}
			return ch, func() { f.mu.Lock(); f.stops++; f.mu.Unlock() }, nil
		},
		Getenv: func(k string) string { return f.editorOf[k] },
	}
}

// skip drops clock ticks and the checking counter's ticks: they would wait for real time.
var skip = func(msg tea.Msg) bool {
	switch msg.(type) {
	case playback.TickMsg, CheckingMsg:
		return true
	}
	return false
}

// settle runs cmd and every command it leads to through Update, as the
// Bubble Tea runtime would, but for the messages skip drops.
func settle(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	return drive.Settle(m, cmd, skip)
}

// open returns the exercise screen of chess at w x h on env; the screen is
// closed when the test ends.
func open(t testing.TB, env Env, w, h int) Model {
	t.Helper()
	c := screen.NewCommon().Sized(w, h)
	c.Frame = time.Millisecond
	m := New(c, env, "chess")
	t.Cleanup(m.Close)
	return m
}

// keys presses keys in order, settling the commands each one returns.
func keys(t testing.TB, m Model, names ...string) Model {
	t.Helper()
	return drive.Keys(m, skip, names...)
}

// view is the stripped view, checked to be exactly the screen's size.
func view(t *testing.T, m Model) string {
	t.Helper()
	return drive.View(t, m.View(), m.c.Width, m.c.Height)
}
