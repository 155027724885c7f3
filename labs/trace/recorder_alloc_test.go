//go:build !race

package trace_test

import (
	"fmt"
	"testing"
	"time"

	"conclab/labs/trace"
)

// TestRecorderGrowMakesRoom: once grown, recording the first Set of n new
// tasks allocates as much for 100 tasks as for 400 (the tables are made
// once, not copied while the others wait for the lock), and without Grow
// it allocates more. Not under -race, whose instrumentation allocates.
func TestRecorderGrowMakesRoom(t *testing.T) {
	allocs := func(n int, grow bool) float64 {
		names := make([]string, n)
		for i := range names {
			names[i] = fmt.Sprintf("g%d", i)
		}
		return testing.AllocsPerRun(5, func() {
			r := trace.NewRecorderClock(0, func() time.Duration { return time.Millisecond })
			if grow {
				r.Grow(n, n, 0)
			}
			for _, name := range names {
				r.Set(name, trace.Running, trace.NoWorker, "")
			}
		})
	}
	small, large := allocs(100, true), allocs(400, true)
	if small != large {
		t.Errorf("allocations for 100 new tasks after Grow = %v, for 400 = %v, want the same", small, large)
	}
	if without := allocs(400, false); without <= large {
		t.Errorf("allocations for 400 new tasks without Grow = %v, want more than with it (%v)", without, large)
	}
}
