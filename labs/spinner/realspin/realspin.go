// Package realspin is the spinner lab's programs in real Go, for its real
// runs: a spinner goroutine beside a CPU-bound one (Spinner), whose fate is
// up to Go's scheduler and its asynchronous preemption, and CPU-bound
// hashing by a few goroutines (Parallel), the same program on one core and
// on all of them. Their calls to a labs.Recorder draw the trace; the rest
// is the code the learner reads (Source).
package realspin

import (
	_ "embed"
	"math"
	"strings"
	"time"

	"conclab/labs"
)

//go:embed spin.go
var spinSource string

//go:embed parallel.go
var parallelSource string

// Source is the source of the named functions of the programs (Spinner,
// Spin, SlowCPU, Parallel, Hash), in that order.
func Source(names ...string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		src := spinSource
		if n == "Parallel" || n == "Hash" {
			src = parallelSource
		}
		parts[i] = labs.FuncSource(src, n)
	}
	return strings.Join(parts, "\n\n")
}

// CalibrateCPU returns how many SlowCPU iterations take d here: it times a
// probe five times and keeps the fastest.
func CalibrateCPU(d time.Duration) int {
	const probe = 1 << 22
	best := time.Duration(math.MaxInt64)
	for range 5 {
		start := time.Now()
		SlowCPU(probe)
		best = min(best, time.Since(start))
	}
	return int(float64(probe) * float64(d) / float64(max(best, time.Microsecond)))
}

// CalibrateHash returns how many rounds of Hash take d on one core here.
func CalibrateHash(d time.Duration) int {
	const probe = 64
	best := time.Duration(math.MaxInt64)
	for range 5 {
		start := time.Now()
		Hash(probe)
		best = min(best, time.Since(start))
	}
	return max(1, int(float64(probe)*float64(d)/float64(max(best, time.Microsecond))))
}
