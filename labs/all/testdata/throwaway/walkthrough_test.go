package throwaway

import (
	"testing"

	"conclab/internal/labtest"
)

// TestWalkthroughNumbers: the totals the walkthrough states are the runs'.
func TestWalkthroughNumbers(t *testing.T) {
	seq := labtest.Run(t, Lab(), "sequential", nil).Trace.Total
	par := labtest.Run(t, Lab(), "goroutines", nil).Trace.Total
	labtest.Claims(t, walkthrough, []labtest.Claim{
		labtest.Says("it ends at {}", seq),
		labtest.Says("the run ends at {}", par),
	}, "a blocking call of 1s", "there are 4 of them")
}
