package gil_test

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"conclab/internal/realrun/realtest"
	"conclab/labs/gil"
)

// TestRealGoroutines runs two CPU-bound jobs of 100 ms for real in a child,
// on one thread and on as many as the machine has cores (at most the
// cores parameter): each job is done once by its own goroutine, with the
// GOMAXPROCS asked. The predictions are exact: 2 x 100 ms on one worker,
// 100 ms when the two jobs have a core each. How long the real run took
// is up to the machine: not asserted.
func TestRealGoroutines(t *testing.T) {
	sets := map[string]string{"jobs": "2", "work": "100ms", "cores": "4"}
	all := min(4, runtime.NumCPU())
	for _, tt := range []struct {
		variant   string
		procs     int
		predicted time.Duration
	}{
		{"goroutines-one-core", 1, 200 * time.Millisecond},
		{"goroutines", all, time.Duration((2+all-1)/all) * 100 * time.Millisecond},
	} {
		pred := realtest.Predict(t, gil.Lab(), tt.variant, sets)
		if pred.Trace.Total != tt.predicted {
			t.Errorf("%s: predicted %v, want %v", tt.variant, pred.Trace.Total, tt.predicted)
		}
		res := realtest.Run(t, gil.Lab(), tt.variant, sets)
		realtest.WellFormed(t, res.Trace)
		f := res.Facts
		t.Logf("%s: %v", tt.variant, f)
		if f[gil.FactGOMAXPROCS] != tt.procs || f[gil.FactCores] != runtime.NumCPU() {
			t.Errorf("%s: gomaxprocs = %v, cores = %v; want %d and %d", tt.variant, f[gil.FactGOMAXPROCS], f[gil.FactCores], tt.procs, runtime.NumCPU())
		}
		if r, _ := f[gil.FactRounds].(int); r < 1 {
			t.Errorf("%s: rounds_per_job = %v, want at least 1", tt.variant, f[gil.FactRounds])
		}
		var done []string
		for _, l := range res.Trace.Output {
			if l.Task != "main" {
				done = append(done, fmt.Sprintf("%s: %s", l.Task, l.Text))
			}
		}
		slices.Sort(done)
		if want := []string{"goroutine 1: job 1 done", "goroutine 2: job 2 done"}; !slices.Equal(done, want) {
			t.Errorf("%s: jobs done %q, want %q", tt.variant, done, want)
		}
	}
}

// TestRealGoroutinesRefusesLongRuns: more CPU time than a learner would
// sit through is refused in one line.
func TestRealGoroutinesRefusesLongRuns(t *testing.T) {
	v := realtest.Values(t, gil.Lab(), map[string]string{"jobs": "64", "work": "1s"})
	rv := realtest.Variant(t, gil.Lab(), "goroutines")
	if rv.RealVariant.Check == nil {
		t.Fatal("the real goroutines variant has no Check")
	}
	if err := rv.RealVariant.Check(v); err == nil || err.Error() != "jobs x work = 1m4s is too long for a real run (allowed: up to 30s)" {
		t.Errorf("Check(jobs=64 work=1s) = %v, want the one line that refuses it", err)
	}
}
