package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"conclab/exercises"
	"conclab/internal/check"
)

// fakeChecks answers checks from a script of verdicts, one per call, and
// tells the test about each call.
type fakeChecks struct {
	mu      sync.Mutex
	script  []check.Kind
	checked []string
	calls   chan string
}

func (f *fakeChecks) check(ctx context.Context, ex exercises.Exercise) (*check.Report, error) {
	f.mu.Lock()
	kind := check.Failed
	if len(f.script) > 0 {
		kind, f.script = f.script[0], f.script[1:]
	}
	f.checked = append(f.checked, ex.Name)
	f.mu.Unlock()
	f.calls <- ex.Name
	return &check.Report{Exercise: ex, Verdict: check.Verdict{Kind: kind, Headline: "headline of " + string(kind)}}, nil
}

// TestWatchLoop drives watch with fake checks, saves and clock: a failing
// check waits for a save, a pass moves on to the next exercise, ctrl+c
// (the context) ends it with no error.
func TestWatchLoop(t *testing.T) {
	store := testWorkspace(t, repoRoot(t))
	all := exercises.All()
	first, second := all[0], all[1]
	f := &fakeChecks{script: []check.Kind{check.Failed, check.Passed, check.Deadlock}, calls: make(chan string)}
	saves := map[string]chan struct{}{first.Name: make(chan struct{}), second.Name: make(chan struct{})}
	var started, stopped []string
	var out bytes.Buffer
	tick := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	w := watchLoop{
		env:   Env{Stdout: &out, Stderr: &out},
		ws:    workspace{root: "/nowhere", store: store},
		check: f.check,
		changes: func(ctx context.Context, ex exercises.Exercise) (<-chan struct{}, string, func(), error) {
			started = append(started, ex.Name)
			return saves[ex.Name], "fsnotify", func() { stopped = append(stopped, ex.Name) }, nil
		},
		now: func() time.Time {
			tick = tick.Add(1500 * time.Millisecond)
			return tick
		},
		clear: true,
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.run(ctx, first) }()

	if got := <-f.calls; got != first.Name { // the first run, at the start
		t.Fatalf("first check was of %s, want %s", got, first.Name)
	}
	saves[first.Name] <- struct{}{} // blocks until the loop waits for a save: the failed run is over
	if got := <-f.calls; got != first.Name {
		t.Fatalf("check after a save was of %s, want %s", got, first.Name)
	}
	if got := <-f.calls; got != second.Name { // passed: on to the next one at once
		t.Fatalf("check after a pass was of %s, want %s", got, second.Name)
	}
	saves[second.Name] <- struct{}{} // waits for the deadlock's run to be over
	cancel()
	<-f.calls // the save's run, cut short by ctrl+c: not recorded
	if err := <-done; err != nil {
		t.Fatalf("watch after ctrl+c returned %v, want nil", err)
	}

	text := out.String()
	if n := strings.Count(text, "\x1b[2J"); n != 2 {
		t.Errorf("watch cleared the screen %d times, want 2 (before each run after a save)", n)
	}
	if !strings.Contains(text, "solved! Next: "+second.Name+" — "+second.Title+" (conclab check "+second.Name+", or conclab watch)\n[10:00:07.500] checking "+second.Path()+" (next exercise)") {
		t.Errorf("watch printed\n%s\nwant the pass kept on screen right above the next exercise's run", text)
	}
	for _, want := range []string{
		"[10:00:01.500] checking " + first.Path() + " (start) …\n[10:00:03.000] done in 1.5 s\n✗ failed: headline of failed\n",
		"\x1b[H\x1b[2J[10:00:04.500] checking " + first.Path() + " (saved) …",
		"watching " + first.Dir + " for saves (fsnotify) · ctrl+c to stop\n",
		"✓ passed: headline of passed\n" + first.Name + " solved! Next: " + second.Name,
		"✗ deadlock: headline of deadlock",
		"stopped watching.\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("watch printed\n%s\nwant it to contain %q", text, want)
		}
	}
	if strings.Join(started, ",") != first.Name+","+second.Name || strings.Join(stopped, ",") != first.Name+","+second.Name {
		t.Errorf("watched %v and stopped %v, want each of %s, %s once", started, stopped, first.Name, second.Name)
	}
	p, _, _ := store.Load()
	if !p.Get(first.Name).Solved || p.Get(second.Name).Last != check.Deadlock || p.Get(second.Name).Checks != 1 {
		t.Errorf("progress after watch = %+v, want %s solved and %s checked once, a deadlock", p.Exercises, first.Name, second.Name)
	}
}

func TestWatchEndsWhenAllSolved(t *testing.T) {
	store := testWorkspace(t, repoRoot(t))
	all := exercises.All()
	store.Update(func(p *check.Progress) {
		for _, e := range all[:len(all)-1] {
			p.Checked(e.Name, check.Passed, time.Now())
		}
	})
	last := all[len(all)-1]
	f := &fakeChecks{script: []check.Kind{check.Passed}, calls: make(chan string, 1)}
	var out bytes.Buffer
	w := watchLoop{
		env: Env{Stdout: &out, Stderr: &out}, ws: workspace{store: store}, check: f.check, now: time.Now,
		changes: func(context.Context, exercises.Exercise) (<-chan struct{}, string, func(), error) {
			return nil, "polling every 500ms", func() {}, nil
		},
	}
	if err := w.run(context.Background(), last); err != nil {
		t.Fatalf("watch of the last exercise, passing = %v, want nil", err)
	}
	if text := out.String(); !strings.Contains(text, "That was the last one: every exercise is solved.") || strings.Contains(text, "\x1b[") {
		t.Errorf("watch printed %q, want the all-solved line and no screen clearing (not a terminal)", text)
	}
}

func TestParseWatch(t *testing.T) {
	tests := []struct {
		args []string
		want watchSettings
	}{
		{nil, watchSettings{}},
		{[]string{"chess"}, watchSettings{name: "chess"}},
		{[]string{"chess", "--poll"}, watchSettings{name: "chess", opt: check.WatchOptions{Poll: true}}},
		{[]string{"--poll", "--interval", "250ms", "chess"}, watchSettings{name: "chess", opt: check.WatchOptions{Poll: true, Interval: 250 * time.Millisecond}}},
		{[]string{"--interval=2s"}, watchSettings{opt: check.WatchOptions{Interval: 2 * time.Second}}},
	}
	for _, tt := range tests {
		got, ran, err := parseWatch(tt.args)
		if err != nil || !ran || got != tt.want {
			t.Errorf("parseWatch(%q) = %+v, %v, want %+v", tt.args, got, err, tt.want)
		}
	}
}
