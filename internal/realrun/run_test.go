package realrun

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"conclab/labs/trace"
)

// TestSnapshotsStream: while a run goes on, Snapshot shows it partly done
// (fewer lines than at the end, never fewer than before), and at the end it
// is the final trace.
func TestSnapshotsStream(t *testing.T) {
	v, _ := Lookup("flags", "limited")
	r, err := Start(context.Background(), v, values(t, "flags", map[string]string{"count": "6", "limit": "2", "delay": "200ms"}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen, partial := 0, false
	for done := false; !done; {
		select {
		case <-r.Done():
			done = true
		case <-time.After(5 * time.Millisecond):
		}
		snap := r.Snapshot()
		n := len(snap.Output)
		if n < seen {
			t.Fatalf("a snapshot has %d output lines, an earlier one had %d", n, seen)
		}
		seen, partial = n, partial || (n > 0 && n < 6)
	}
	res, err := r.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !partial {
		t.Errorf("no snapshot showed the run partly done")
	}
	if r.Snapshot() != res.Trace {
		t.Errorf("Snapshot after the end is not the final trace")
	}
	if len(res.Trace.Output) != 6 {
		t.Errorf("final trace has %d lines, want 6", len(res.Trace.Output))
	}
}

// TestCancelStopsTheRun: cancelling a run of requests that would take a
// minute ends it with every request cancelled and nothing left running
// (TestMain's leak check covers the server and the connections).
func TestCancelStopsTheRun(t *testing.T) {
	v, _ := Lookup("flags", "goroutines")
	r, err := Start(context.Background(), v, values(t, "flags", map[string]string{"count": "20", "delay": "1m"}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return countIn(r.Snapshot(), "io") == 20 })
	r.Cancel()
	select {
	case <-r.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the run did not stop within 30s of Cancel (a safety net; it should stop at once)")
	}
	res, err := r.Wait()
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped before the end") {
		t.Errorf("Wait error = %v, want a context.Canceled that says the run stopped", err)
	}
	if tally := res.Facts["tally"].(map[string]int); tally["cancelled"] != 20 || len(tally) != 1 {
		t.Errorf("tally after Cancel = %v, want map[cancelled:20]", tally)
	}
}

// countIn counts the tasks whose last span waits on what.
func countIn(tr *trace.Trace, on string) int {
	n := 0
	for _, task := range tr.Tasks {
		if k := len(task.Spans); k > 0 && task.Spans[k-1].On.String() == on {
			n++
		}
	}
	return n
}

// waitFor polls cond until it holds; the deadline is a safety net.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 20s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestStartRefusesWhatARealRunCannotTake(t *testing.T) {
	tests := []struct {
		lab, variant string
		sets         map[string]string
		want         string
	}{
		{"flags", "goroutines", map[string]string{"count": "5000"}, "flags: real goroutines: count = 5000 is too many for a real run over loopback (allowed: 1..2000)"},
		{"checker", "pool", map[string]string{"sites": "3000", "workers": "3"}, "checker: real pool: sites = 3000 is too many for a real run over loopback (allowed: 1..2000)"},
		{"spinner", "goroutine-cpu", map[string]string{"wait": "1m"}, "spinner: real goroutine-cpu: wait = 1m0s is too long for a real run (allowed: 1ms..30s)"},
		{"spinner", "parallel", map[string]string{"wait": "20s", "chunk": "1ms"}, "spinner: real parallel: wait / chunk = 20000 chunks for the parallel run (allowed: 1..1000)"},
	}
	for _, tt := range tests {
		v, err := Lookup(tt.lab, tt.variant)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Start(context.Background(), v, values(t, tt.lab, tt.sets), Options{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("Start(%s/%s, %v) = %v, want %q", tt.lab, tt.variant, tt.sets, err, tt.want)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct{ lab, name, want string }{
		{"flags", "limited", ""},
		{"spinner", "parallel", ""},
		{"chess", "concurrent", "chess has no real variants (labs with real runs: cancel, checker, flags, gil, locks, spinner)"},
		{"flags", "loop-blocking", `flags: unknown real variant "loop-blocking" (real variants: sequential, goroutines, limited, errgroup)`},
	}
	for _, tt := range tests {
		v, err := Lookup(tt.lab, tt.name)
		got := ""
		if err != nil {
			got = err.Error()
		} else if v.Lab.Name != tt.lab || v.Name != tt.name {
			got = "wrong variant " + v.Lab.Name + "/" + v.Name
		}
		if got != tt.want {
			t.Errorf("Lookup(%s, %s) = %q, want %q", tt.lab, tt.name, got, tt.want)
		}
	}
}

// TestEveryVariantHasItsTwin: each real variant's prediction exists and
// its source is the real code.
func TestEveryVariantHasItsTwin(t *testing.T) {
	for _, lab := range Labs() {
		for _, v := range Variants(lab) {
			if _, err := Predict(v, values(t, lab, nil)); err != nil {
				t.Errorf("Predict(%s/%s): %v", lab, v.Name, err)
			}
			if !strings.Contains(v.Source, "func ") || v.Summary == "" {
				t.Errorf("%s/%s: no source or no summary", lab, v.Name)
			}
		}
	}
}

// TestRuntimeTrace records a runtime/trace of an in-process run and of a
// child's run (the child writes it).
func TestRuntimeTrace(t *testing.T) {
	tests := []struct {
		lab, variant string
		sets         map[string]string
	}{
		{"flags", "limited", map[string]string{"count": "4", "limit": "2", "delay": "10ms"}},
		{"spinner", "no-preempt", map[string]string{"wait": "50ms", "frame": "10ms"}},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), "out.trace")
		v, _ := Lookup(tt.lab, tt.variant)
		r, err := Start(context.Background(), v, values(t, tt.lab, tt.sets), Options{RuntimeTrace: path})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Wait(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "go 1.") {
			t.Errorf("%s/%s: runtime trace starts with %q, want a go tool trace header (go 1.xx trace)", tt.lab, tt.variant, b[:min(len(b), 16)])
		}
	}
}

// TestCancelKillsTheChild: a real spinner frozen on one thread for 20s is
// stopped by Cancel (the child is killed; the deadline is a safety net).
func TestCancelKillsTheChild(t *testing.T) {
	v, _ := Lookup("spinner", "no-preempt")
	r, err := Start(context.Background(), v, values(t, "spinner", map[string]string{"wait": "20s"}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return r.Snapshot().Task("slow") != nil })
	r.Cancel()
	select {
	case <-r.Done():
	case <-time.After(15 * time.Second):
		t.Fatal("the child was not stopped within 15s of Cancel (a safety net; it should stop at once)")
	}
	res, err := r.Wait()
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Wait error = %v, want context.Canceled", err)
	}
	if res.Trace == nil || res.Trace.Task("slow") == nil {
		t.Errorf("the trace until the cancellation is missing: %+v", res.Trace)
	}
}

func TestSeconds(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want float64
	}{
		{1777 * time.Millisecond, 1.777}, {3655 * time.Millisecond, 3.655}, {0, 0}, {10 * time.Second, 10}, {time.Nanosecond, 1e-9},
	}
	for _, tt := range tests {
		if got := seconds(tt.d); got != tt.want {
			t.Errorf("seconds(%v) = %v, want %v", tt.d, got, tt.want)
		}
	}
}
