package realrun

import (
	"runtime"

	"conclab/labs/flags/fetch"
	"slices"
	"strings"
	"testing"
	"time"
)

// The real spinner and parallel runs re-execute this test binary: its init
// (see child.go) runs the child before the tests would start.

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
		res := runReal(t, "spinner", tt.variant, sets)
		wellFormed(t, res.Trace)
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
	res := runReal(t, "spinner", "parallel", map[string]string{"wait": "200ms", "chunk": "50ms"})
	wellFormed(t, res.Trace)
	cores := runtime.NumCPU()
	f := res.Facts
	t.Logf("parallel: %v", f)
	if f[FactCores] != cores || f["chunks"] != 4 {
		t.Errorf("facts %v, want cores = %d and chunks = 4", f, cores)
	}
	for _, k := range []string{FactOneCore, FactAllCores, FactSpeedup, FactPredicted, FactMeasured} {
		if x, ok := number(f[k]); !ok || x <= 0 {
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
	v, _ := Lookup("spinner", "parallel")
	res, err := Predict(v, values(t, "spinner", map[string]string{"wait": "3s", "chunk": "100ms"}))
	if err != nil {
		t.Fatal(err)
	}
	cores := runtime.NumCPU()
	// 30 chunks of 100ms: 3s on one core, then ceil(30/cores) rounds on all.
	want := 3*time.Second + time.Duration((30+cores-1)/cores)*100*time.Millisecond
	if res.Trace.Total != want {
		t.Errorf("predicted total = %v, want %v", res.Trace.Total, want)
	}
	wellFormed(t, res.Trace)
	if len(res.Trace.Output) != 60 {
		t.Errorf("predicted output = %d lines, want 60", len(res.Trace.Output))
	}
}

func TestChildEnviron(t *testing.T) {
	tests := []struct {
		godebug, maxprocs string
		spec              childSpec
		wantDebug, wantMP string
	}{
		{"", "", childSpec{experiment: "spinner", procs: 1, noPreempt: true}, "asyncpreemptoff=1", "1"},
		{"asyncpreemptoff=1", "4", childSpec{experiment: "spinner"}, "", ""},
		{"gctrace=1,asyncpreemptoff=0", "", childSpec{experiment: "spinner", noPreempt: true}, "gctrace=1,asyncpreemptoff=1", ""},
		{"gctrace=1", "", childSpec{experiment: "parallel", procs: 2}, "gctrace=1", "2"},
	}
	for _, tt := range tests {
		t.Setenv("GODEBUG", tt.godebug)
		t.Setenv("GOMAXPROCS", tt.maxprocs)
		env, err := tt.spec.environ("")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, kv := range env {
			k, v, _ := strings.Cut(kv, "=")
			got[k] = v
		}
		if got["GODEBUG"] != tt.wantDebug || got["GOMAXPROCS"] != tt.wantMP || got[ChildEnv] != tt.spec.experiment {
			t.Errorf("environ(%+v) with GODEBUG=%q GOMAXPROCS=%q: GODEBUG=%q GOMAXPROCS=%q %s=%q; want %q, %q, %q",
				tt.spec, tt.godebug, tt.maxprocs, got["GODEBUG"], got["GOMAXPROCS"], ChildEnv, got[ChildEnv], tt.wantDebug, tt.wantMP, tt.spec.experiment)
		}
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

func TestPaths(t *testing.T) {
	tests := []struct {
		path func(fetch.Item) string
		name string
		want string
	}{
		{FlagPath, "BR", "/flags/br.gif"},
		{FlagPath, "X21", "/flags/av.gif"},
		{FlagPath, "X2000", "/flags/yy.gif"},
		{SitePath, "site-07", "/sites/7"},
		{SitePath, "site-0100", "/sites/100"},
	}
	for _, tt := range tests {
		if got := tt.path(fetch.Item{Name: tt.name}); got != tt.want {
			t.Errorf("path(%s) = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// number is a fact that is a number (a float64, or an int when whole).
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}
