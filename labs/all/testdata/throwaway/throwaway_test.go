package throwaway

import (
	"fmt"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/internal/realrun/realtest"
)

// TestMain runs the real sequential jobs when the test binary is started
// as their child process.
func TestMain(m *testing.M) { realtest.Main(m) }

// TestTotals: the sum of the jobs one after another, one job's time side
// by side (the closed forms).
func TestTotals(t *testing.T) {
	tests := []struct {
		jobs int
		work time.Duration
	}{{1, time.Second}, {4, time.Second}, {10, 250 * time.Millisecond}}
	for _, tt := range tests {
		sets := map[string]string{"jobs": fmt.Sprint(tt.jobs), "work": tt.work.String()}
		seq := labtest.Run(t, Lab(), "sequential", sets).Trace.Total
		par := labtest.Run(t, Lab(), "goroutines", sets).Trace.Total
		if want := time.Duration(tt.jobs) * tt.work; seq != want {
			t.Errorf("sequential(%v) = %v, want %v", sets, seq, want)
		}
		if par != tt.work {
			t.Errorf("goroutines(%v) = %v, want %v", sets, par, tt.work)
		}
	}
}

// TestRealJobs runs both real variants: every job prints once.
func TestRealJobs(t *testing.T) {
	sets := map[string]string{"jobs": "3", "work": "20ms"}
	for _, variant := range []string{"goroutines", "sequential"} {
		res := realtest.Run(t, Lab(), variant, sets)
		realtest.WellFormed(t, res.Trace)
		if got := len(res.Trace.Output); got != 3 {
			t.Errorf("real %s printed %d lines, want 3", variant, got)
		}
	}
}
