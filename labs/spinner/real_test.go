package spinner

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/internal/realrun/realtest"
)

// The real spinner and parallel runs re-execute this test binary: its
// TestMain (realtest.Main) runs the child before the tests would start.

// TestRealSpinner runs the spinner in a child with one thread, with and
// without asynchronous preemption. With it the spinner draws frames while
// the CPU loop runs; without it the loop keeps the only thread, and the
// spinner draws its first frame at most once before and once after the
// loop. Counts, not times, are asserted.
func TestRealSpinner(t *testing.T) {
	sets := map[string]string{"wait": "500ms", "frame": "25ms"}
	tests := []struct {
		variant   string
		preempt   bool
		minFrames int
		maxFrames int
	}{
		{"goroutine-cpu", true, 4, 1000},
		{"no-preempt", false, 1, 3},
	}
	for _, tt := range tests {
		res := realtest.Run(t, Lab(), tt.variant, sets)
		realtest.WellFormed(t, res.Trace)
		f := res.Facts
		t.Logf("%s: %v", tt.variant, f)
		if frames := f["frames"].(int); frames < tt.minFrames || frames > tt.maxFrames {
			t.Errorf("%s: frames = %d, want %d..%d (facts %v)", tt.variant, frames, tt.minFrames, tt.maxFrames, f)
		}
		if f["gomaxprocs"] != 1 || f["async_preemption"] != tt.preempt {
			t.Errorf("%s: gomaxprocs = %v, async_preemption = %v; want 1 and %v", tt.variant, f["gomaxprocs"], f["async_preemption"], tt.preempt)
		}
		last := res.Trace.Output[len(res.Trace.Output)-1]
		if last.Task != "main" || last.Text != "Answer: 42" {
			t.Errorf("%s: last line = %q by %s, want Answer: 42 by main", tt.variant, last.Text, last.Task)
		}
		var names []string
		for _, task := range res.Trace.Tasks {
			names = append(names, task.Name)
		}
		slices.Sort(names)
		if want := []string{"main", "slow", "spinner"}; !slices.Equal(names, want) {
			t.Errorf("%s: tasks %v, want %v", tt.variant, names, want)
		}
		if res.Trace.Workers != 1 {
			t.Errorf("%s: Workers = %d, want 1 (GOMAXPROCS=1)", tt.variant, res.Trace.Workers)
		}
		sum := 0
		for _, n := range f[FactFramesPerSecond].([]int) {
			sum += n
		}
		if sum != f["frames"] {
			t.Errorf("%s: frames per second %v add up to %d, want frames = %v", tt.variant, f[FactFramesPerSecond], sum, f["frames"])
		}
	}
}

// TestParallel runs the hashing on one core, then on all of them, in a
// child: every chunk is hashed once per phase, by the phase's workers.
func TestParallel(t *testing.T) {
	res := realtest.Run(t, Lab(), "parallel", map[string]string{"wait": "200ms", "chunk": "50ms"})
	realtest.WellFormed(t, res.Trace)
	cores := runtime.NumCPU()
	f := res.Facts
	t.Logf("parallel: %v", f)
	if f[FactCores] != cores || f["chunks"] != 4 {
		t.Errorf("facts %v, want cores = %d and chunks = 4", f, cores)
	}
	for _, k := range []string{FactOneCore, FactAllCores, FactSpeedup, "predicted_seconds", "measured_seconds"} {
		if x, ok := realtest.Number(f[k]); !ok || x <= 0 {
			t.Errorf("fact %s = %v, want a positive number", k, f[k])
		}
	}
	hashed := map[string]int{}
	for _, l := range res.Trace.Output {
		phase, _, _ := strings.Cut(l.Task, " worker")
		hashed[phase+" "+strings.TrimSuffix(l.Text, " hashed")]++
	}
	for _, phase := range []string{phaseName(1), phaseName(cores)} {
		for c := 1; c <= 4; c++ {
			if k := phase + " chunk " + string(rune('0'+c)); hashed[k] != 1 {
				t.Errorf("%s hashed %d times, want once (output %v)", k, hashed[k], res.Trace.Output)
			}
		}
	}
	if got, want := len(res.Trace.Tasks), 2*cores; got != want {
		t.Errorf("%d tasks, want %d (NumCPU workers per phase)", got, want)
	}
}

func TestPredictParallel(t *testing.T) {
	res := realtest.Predict(t, Lab(), "parallel", map[string]string{"wait": "3s", "chunk": "100ms"})
	cores := runtime.NumCPU()
	// 30 chunks of 100ms: 3s on one core, then ceil(30/cores) rounds on all.
	want := 3*time.Second + time.Duration((30+cores-1)/cores)*100*time.Millisecond
	if res.Trace.Total != want {
		t.Errorf("predicted total = %v, want %v", res.Trace.Total, want)
	}
	realtest.WellFormed(t, res.Trace)
	if len(res.Trace.Output) != 60 {
		t.Errorf("predicted output = %d lines, want 60", len(res.Trace.Output))
	}
}

func TestAsyncPreemptOff(t *testing.T) {
	tests := []struct {
		godebug string
		want    bool
	}{
		{"", false}, {"asyncpreemptoff=1", true}, {"asyncpreemptoff=1,asyncpreemptoff=0", false}, {"gctrace=1, asyncpreemptoff=1", true},
	}
	for _, tt := range tests {
		if got := asyncPreemptOff(tt.godebug); got != tt.want {
			t.Errorf("asyncPreemptOff(%q) = %v, want %v", tt.godebug, got, tt.want)
		}
	}
}

// TestRealChecks: a real run refuses a wait nobody would sit through, and
// too many chunks.
func TestRealChecks(t *testing.T) {
	tests := []struct {
		variant string
		sets    map[string]string
		want    string
	}{
		{"goroutine-cpu", map[string]string{"wait": "1m"}, "spinner: real goroutine-cpu: wait = 1m0s is too long for a real run (allowed: 1ms..30s)"},
		{"parallel", map[string]string{"wait": "20s", "chunk": "1ms"}, "spinner: real parallel: wait / chunk = 20000 chunks for the parallel run (allowed: 1..1000)"},
		{"parallel", map[string]string{"wait": "3s", "chunk": "100ms"}, ""},
	}
	for _, tt := range tests {
		err := realtest.Variant(t, Lab(), tt.variant).Check(realtest.Values(t, Lab(), tt.sets))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Check(%s, %v) = %q, want %q", tt.variant, tt.sets, got, tt.want)
		}
	}
}

// TestMeasureParallel: 3 s of hashing in 30 chunks, one core then all. A
// measurement, run only when asked:
//
//	CONCLAB_MEASURE=1 go test -run Measure -v ./labs/spinner
func TestMeasureParallel(t *testing.T) {
	if testing.Short() || os.Getenv("CONCLAB_MEASURE") == "" {
		t.Skip("a measurement: CONCLAB_MEASURE=1 go test -run Measure -v ./labs/spinner")
	}
	res := realtest.Run(t, Lab(), "parallel", map[string]string{"wait": "3s", "chunk": "100ms"})
	f := res.Facts
	t.Logf("parallel hashing, 30 chunks of ~100ms: GOMAXPROCS=1 %vs, GOMAXPROCS=%v %vs, speedup %vx",
		f[FactOneCore], f[FactCores], f[FactAllCores], f[FactSpeedup])
}
