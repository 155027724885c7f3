package checker

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/trace"
)

func resolve(t testing.TB, sets map[string]string) labs.Values {
	t.Helper()
	return labtest.Resolve(t, Lab(), sets)
}

func runVariant(t testing.TB, name string, v labs.Values) labs.Result {
	t.Helper()
	return labtest.RunValues(t, Lab(), name, v)
}

func latencies(v labs.Values) []time.Duration {
	var ds []time.Duration
	for _, s := range Sites(v) {
		ds = append(ds, s.Delay)
	}
	return ds
}

func sum(ds []time.Duration) (s time.Duration) {
	for _, d := range ds {
		s += d
	}
	return s
}

// slowestChunk is the largest sum over n contiguous chunks, chunk w holding
// sites w*len/n up to (w+1)*len/n.
func slowestChunk(ds []time.Duration, n int) time.Duration {
	var worst time.Duration
	for w := range n {
		worst = max(worst, sum(ds[w*len(ds)/n:(w+1)*len(ds)/n]))
	}
	return worst
}

// pooled gives each site in turn to the worker that frees up first.
func pooled(ds []time.Duration, n int) time.Duration {
	free := make([]time.Duration, n)
	for _, d := range ds {
		i := slices.Index(free, slices.Min(free))
		free[i] += d
	}
	return slices.Max(free)
}

// TestTotals computes every variant's total from the drawn latencies: the
// sum, the slowest chunk, the pool's list scheduling, the slowest site.
func TestTotals(t *testing.T) {
	for _, sets := range []map[string]string{
		nil,
		{"workers": "8"},
		{"seed": "2", "workers": "5"},
		{"seed": "3", "sites": "100", "min_latency": "10ms", "max_latency": "5s"},
		{"sites": "1", "workers": "1"},
	} {
		v := resolve(t, sets)
		ds, w := latencies(v), v.Int("workers")
		want := map[string]time.Duration{
			"sequential": sum(ds),
			"chunks":     slowestChunk(ds, w),
			"pool":       pooled(ds, w),
			"goroutines": slices.Max(ds),
		}
		for _, vr := range Lab().Variants {
			if vr.Name == "racy-tally" {
				continue // TestRacyLostUpdates
			}
			r := runVariant(t, vr.Name, v)
			if r.Trace.Total != want[vr.Name] {
				t.Errorf("%v %s: total = %v, want %v", sets, vr.Name, r.Trace.Total, want[vr.Name])
			}
			tally := map[string]int{"200": v.Int("sites")}
			if got := r.Facts["tally"].(map[string]int); !maps.Equal(got, tally) {
				t.Errorf("%v %s: tally = %v, want %v", sets, vr.Name, got, tally)
			}
			if len(r.Trace.Output) != v.Int("sites") {
				t.Errorf("%v %s: %d output lines, want %d", sets, vr.Name, len(r.Trace.Output), v.Int("sites"))
			}
		}
	}
}

// TestLatencies redraws the default latencies by hand: 250ms plus a
// uniform share of 2.55s, to the millisecond, one PCG(1, 0) pair per site.
func TestLatencies(t *testing.T) {
	ds := latencies(resolve(t, nil))
	r := rand.New(rand.NewPCG(1, 0))
	for i, d := range ds {
		u, _ := r.Float64(), r.Float64()
		want := 250*time.Millisecond + time.Duration(int64(u*2550+0.5))*time.Millisecond
		if d != want || d < 250*time.Millisecond || d > 2800*time.Millisecond {
			t.Errorf("site %d latency = %v, want %v (within 0.25s..2.8s)", i+1, d, want)
		}
	}
	if len(ds) != 31 {
		t.Errorf("%d sites, want 31", len(ds))
	}
}

func TestChunkSizes(t *testing.T) {
	lines := map[string]int{}
	for _, l := range runVariant(t, "chunks", resolve(t, nil)).Trace.Output {
		lines[l.Task]++
	}
	want := map[string]int{"chunk 1": 10, "chunk 2": 10, "chunk 3": 11}
	if !maps.Equal(lines, want) {
		t.Errorf("sites per chunk = %v, want %v", lines, want)
	}
}

func TestBadParams(t *testing.T) {
	tests := []struct {
		sets map[string]string
		want string
	}{
		{map[string]string{"workers": "0"}, "checker: workers = 0 is out of range (allowed: 1..10000)"},
		{map[string]string{"sites": "100001"}, "checker: sites = 100001 is out of range (allowed: 1..100000)"},
		{map[string]string{"workers": "40"}, "checker: workers = 40 is larger than sites = 31 (allowed: 1..sites)"},
		{map[string]string{"min_latency": "3s"}, "checker: min_latency = 3s is larger than max_latency = 2.8s (allowed: min_latency <= max_latency)"},
		{map[string]string{"max_latency": "-1s"}, "checker: max_latency = -1s is out of range (allowed: 1ms..1m)"},
	}
	for _, tt := range tests {
		_, err := Lab().Resolve(tt.sets)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Resolve(%v) = %v, want %q", tt.sets, err, tt.want)
		}
	}
}

func TestDeterminism(t *testing.T) {
	v := resolve(t, map[string]string{"seed": "5", "workers": "4"})
	for _, vr := range Lab().Variants {
		a, b := runVariant(t, vr.Name, v), runVariant(t, vr.Name, v)
		ja, err := trace.Encode(a.Trace)
		if err != nil {
			t.Fatal(err)
		}
		jb, _ := trace.Encode(b.Trace)
		if !bytes.Equal(ja, jb) || !reflect.DeepEqual(a.Facts, b.Facts) {
			t.Errorf("%s: two runs differ", vr.Name)
		}
	}
}

func TestLabShape(t *testing.T) {
	l := Lab()
	wantSource := map[string][]string{
		"sequential": {"func Sequential("}, "chunks": {"func Chunks("}, "pool": {"func Pool("},
		"goroutines": {"func Goroutines("}, "racy-tally": {"func RacyTally(", "func CheckRacy(", "tally[code]++", "n := tally[code]", "t.Compute(update)", "tally[code] = n + 1"},
	}
	for _, vr := range l.Variants {
		for _, w := range wantSource[vr.Name] {
			if !strings.Contains(vr.Source, w) {
				t.Errorf("variant %s: source lacks %q", vr.Name, w)
			}
		}
	}
	if len(l.Variants) != len(wantSource) || len(l.Steps) < 7 {
		t.Errorf("%d variants and %d steps, want %d variants and at least 7 steps", len(l.Variants), len(l.Steps), len(wantSource))
	}
	if got := Names(3); !slices.Equal(got, []string{"site-01", "site-02", "site-03"}) {
		t.Errorf("Names(3) = %v, want [site-01 site-02 site-03]", got)
	}
	if got := Names(1000)[0]; got != "site-0001" {
		t.Errorf("Names(1000)[0] = %q, want site-0001", got)
	}
}

func benchmarkVariant(b *testing.B, variant string) {
	v := resolve(b, map[string]string{"sites": "100000", "workers": "1000"})
	vr, _ := Lab().Variant(variant)
	b.ReportAllocs()
	events := 0
	for b.Loop() {
		r, err := vr.Run(v)
		if err != nil {
			b.Fatal(err)
		}
		events += r.Trace.Events.Len()
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkGoroutines100k(b *testing.B) { benchmarkVariant(b, "goroutines") }

func BenchmarkPool100k(b *testing.B) { benchmarkVariant(b, "pool") }

// TestExerciseSitesAreTheLabs: the checker exercise checks Check on the
// lab's own 31 sites, so that its numbers (34.865 s one after another) are
// the lab's. Its table of latencies (exercises/checker/checker_test.go,
// which may import only the kit) must be the lab's default draws.
func TestExerciseSitesAreTheLabs(t *testing.T) {
	src, err := os.ReadFile("../../exercises/checker/checker_test.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)var latencies = \[31\]int\{(.*?)\}`).FindSubmatch(src)
	if m == nil {
		t.Fatal("exercises/checker/checker_test.go has no latencies table")
	}
	var got []time.Duration
	for _, f := range strings.FieldsFunc(string(m[1]), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
		ms, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("latencies table: %q is not a number of milliseconds", f)
		}
		got = append(got, time.Duration(ms)*time.Millisecond)
	}
	if want := latencies(resolve(t, nil)); !slices.Equal(got, want) {
		t.Errorf("the exercise's latencies = %v, want the lab's %v", got, want)
	}
	if got := sum(latencies(resolve(t, nil))); got != 34865*time.Millisecond {
		t.Errorf("the lab's sequential total = %v; the exercise says 34.865 s", got)
	}
}
