package flags

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/flags/fetch"
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

// TestFixedDelay checks the lab's facts with the fixed 0.5s delay: 10.0 s,
// 0.5 s, 2.0 s with 5 at once, 3.5 s with 3, 10 s for blocking calls in a loop.
func TestFixedDelay(t *testing.T) {
	tests := []struct {
		variant string
		sets    map[string]string
		want    time.Duration
	}{
		{"sequential", nil, 10 * time.Second},
		{"goroutines", nil, 500 * time.Millisecond},
		{"goroutines", map[string]string{"count": "2000"}, 500 * time.Millisecond},
		{"limited", nil, 2 * time.Second},
		{"limited", map[string]string{"limit": "3"}, 3500 * time.Millisecond},
		{"limited", map[string]string{"limit": "20"}, 500 * time.Millisecond},
		{"limited", map[string]string{"limit": "1"}, 10 * time.Second},
		{"loop-blocking", nil, 10 * time.Second},
		{"errgroup", nil, 2 * time.Second},
		{"errgroup", map[string]string{"limit": "3"}, 3500 * time.Millisecond},
	}
	for _, tt := range tests {
		r := runVariant(t, tt.variant, resolve(t, tt.sets))
		if r.Trace.Total != tt.want {
			t.Errorf("%s %v: total = %v, want %v", tt.variant, tt.sets, r.Trace.Total, tt.want)
		}
		n := r.Facts["tally"].(map[string]int)["200"]
		if n != len(r.Trace.Output) || n != len(Flags(resolve(t, tt.sets))) {
			t.Errorf("%s %v: tally[200] = %d and %d output lines, want one per flag (%d)", tt.variant, tt.sets, n, len(r.Trace.Output), len(Flags(resolve(t, tt.sets))))
		}
	}
}

func TestOutputLines(t *testing.T) {
	v := resolve(t, nil)
	seq := runVariant(t, "sequential", v).Trace.Output
	all := runVariant(t, "goroutines", v).Trace.Output
	for i, code := range Populous {
		want := code + " 200 0.5s"
		if seq[i].Text != want || seq[i].At != time.Duration(i+1)*500*time.Millisecond {
			t.Errorf("sequential line %d = %q at %v, want %q at %v", i, seq[i].Text, seq[i].At, want, time.Duration(i+1)*500*time.Millisecond)
		}
		if all[i].Text != want || all[i].At != 500*time.Millisecond || all[i].Task != code {
			t.Errorf("goroutines line %d = %q by %s at %v, want %q by %s at 0.5s", i, all[i].Text, all[i].Task, all[i].At, want, code)
		}
	}
}

func TestLoopBlockingWarns(t *testing.T) {
	tr := runVariant(t, "loop-blocking", resolve(t, nil)).Trace
	if len(tr.Warnings) != 20 {
		t.Fatalf("loop-blocking: %d warnings, want 20 (one per blocking call)", len(tr.Warnings))
	}
	for i, w := range tr.Warnings {
		if w.Task != Populous[i] || w.Held != 500*time.Millisecond {
			t.Errorf("warning %d = %s held %v, want %s held 500ms", i, w.Task, w.Held, Populous[i])
		}
	}
}

// wire is each flag's time on the wire: its delay, cut at the timeout.
func wire(items []fetch.Item, timeout time.Duration) []time.Duration {
	out := make([]time.Duration, len(items))
	for i, it := range items {
		out[i] = it.Delay
		if timeout > 0 && it.Delay > timeout {
			out[i] = timeout
		}
	}
	return out
}

// waves gives each flag in turn the slot that frees up first and returns
// each flag's finish time: what a limit of slots does.
func waves(ds []time.Duration, slots int) []time.Duration {
	free := make([]time.Duration, slots)
	end := make([]time.Duration, len(ds))
	for i, d := range ds {
		s := slices.Index(free, slices.Min(free))
		free[s] += d
		end[i] = free[s]
	}
	return end
}

var randomServer = map[string]string{"jitter": "4.5s", "error_rate": "0.1", "timeout": "3s"}

// TestRandomServer computes each total from the drawn delays: the sum, the
// largest, and list scheduling on limit slots.
func TestRandomServer(t *testing.T) {
	for seed := 1; seed <= 10; seed++ {
		sets := maps.Clone(randomServer)
		sets["seed"] = fmt.Sprint(seed)
		v := resolve(t, sets)
		items := Flags(v)
		ds := wire(items, 3*time.Second)
		tally := map[string]int{}
		for _, it := range items {
			switch {
			case it.Delay > 3*time.Second:
				tally["timeout"]++
			case it.Status == 418:
				tally["418"]++
			default:
				tally["200"]++
			}
		}
		var sum time.Duration
		for _, d := range ds {
			sum += d
		}
		want := map[string]time.Duration{"sequential": sum, "goroutines": slices.Max(ds),
			"limited": slices.Max(waves(ds, 5)), "loop-blocking": sum}
		for variant, total := range want {
			r := runVariant(t, variant, v)
			if r.Trace.Total != total {
				t.Errorf("seed %d %s: total = %v, want %v", seed, variant, r.Trace.Total, total)
			}
			if got := r.Facts["tally"].(map[string]int); !maps.Equal(got, tally) {
				t.Errorf("seed %d %s: tally = %v, want %v", seed, variant, got, tally)
			}
		}
	}
}

// TestErrgroup finds the first failure from the drawn delays: the earliest
// finish, under 5 slots, of a flag that fails (418 or timeout). The run must
// end then, with every flag that would have finished later cancelled.
func TestErrgroup(t *testing.T) {
	checked := 0
	for seed := 1; seed <= 60; seed++ {
		sets := maps.Clone(randomServer)
		sets["seed"] = fmt.Sprint(seed)
		v := resolve(t, sets)
		items := Flags(v)
		end := waves(wire(items, 3*time.Second), 5)
		first := -1
		for i, it := range items {
			if (it.Status == 418 || it.Delay > 3*time.Second) && (first < 0 || end[i] < end[first]) {
				first = i
			}
		}
		if first < 0 {
			continue
		}
		e := end[first]
		var cancelled []string
		tie := false
		for i, it := range items {
			if end[i] > e {
				cancelled = append(cancelled, it.Name)
			} else if end[i] == e && i != first {
				tie = true // two answers at the very instant of the error: left out
			}
		}
		if tie {
			continue
		}
		checked++
		r := runVariant(t, "errgroup", v)
		result := "418"
		if items[first].Delay > 3*time.Second {
			result = "timeout"
		}
		if r.Trace.Total != e || r.Facts["error"] != items[first].Name+": "+result {
			t.Errorf("seed %d: errgroup ends at %v with %v, want %v with %s: %s", seed, r.Trace.Total, r.Facts["error"], e, items[first].Name, result)
		}
		if got := r.Facts["cancelled"].([]string); !slices.Equal(got, cancelled) {
			t.Errorf("seed %d: cancelled = %v, want %v", seed, got, cancelled)
		}
		if n := r.Facts["tally"].(map[string]int)["cancelled"]; n != len(cancelled) {
			t.Errorf("seed %d: tally[cancelled] = %d, want %d", seed, n, len(cancelled))
		}
		// A run that cancelled work says so, and gets no speedup (see labs.Result).
		wantIncomplete := ""
		if len(cancelled) > 0 {
			if result == "418" {
				result = "a 418"
			} else {
				result = "a timeout"
			}
			wantIncomplete = fmt.Sprintf("gave up after %s (%s): cancelled %d of %d", result, items[first].Name, len(cancelled), len(items))
		}
		if r.Incomplete != wantIncomplete {
			t.Errorf("seed %d: errgroup Incomplete = %q, want %q", seed, r.Incomplete, wantIncomplete)
		}
	}
	t.Logf("%d of 60 seeds checked", checked)
	if checked < 20 {
		t.Errorf("only %d seeds had an error without a tie; want at least 20", checked)
	}
}

// TestWalkthroughNumbers checks the numbers the walkthrough quotes for the
// slow, unreliable server against runs.
func TestWalkthroughNumbers(t *testing.T) {
	v := resolve(t, randomServer)
	eg := runVariant(t, "errgroup", v)
	want := []string{
		"`{\"200\": 12, \"418\": 2, \"timeout\": 6}`",
		"**" + trace.Seconds(runVariant(t, "sequential", v).Trace.Total) + " s**",
		"**" + trace.Seconds(runVariant(t, "goroutines", v).Trace.Total) + " s**",
		"**" + trace.Seconds(runVariant(t, "limited", v).Trace.Total) + " s**",
		"**" + trace.Seconds(eg.Trace.Total) + " s**",
		fmt.Sprintf("lists the %d flags", len(eg.Facts["cancelled"].([]string))),
		"ID's 418",
	}
	if tally := runVariant(t, "sequential", v).Facts["tally"]; !reflect.DeepEqual(tally, map[string]int{"200": 12, "418": 2, "timeout": 6}) {
		t.Errorf("sequential tally = %v, want the walkthrough's map[200:12 418:2 timeout:6]", tally)
	}
	if eg.Facts["error"] != "ID: 418" {
		t.Errorf("errgroup error = %v, want ID: 418 as the walkthrough says", eg.Facts["error"])
	}
	for _, w := range want {
		if !strings.Contains(walkthrough, w) {
			t.Errorf("walkthrough lacks %q", w)
		}
	}
}

func TestBadParams(t *testing.T) {
	tests := []struct {
		sets map[string]string
		want string
	}{
		{map[string]string{"limit": "0"}, "flags: limit = 0 is out of range (allowed: 1..10000)"},
		{map[string]string{"delay": "-1s"}, "flags: delay = -1s is out of range (allowed: 0s..1m)"},
		{map[string]string{"error_rate": "2"}, "flags: error_rate = 2 is out of range (allowed: 0..1)"},
		{map[string]string{"count": "10001"}, "flags: count = 10001 is out of range (allowed: 1..10000)"},
		{map[string]string{"timeout": "soon"}, `flags: timeout = "soon" is not a duration (allowed: 0s..1h)`},
	}
	for _, tt := range tests {
		_, err := Lab().Resolve(tt.sets)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Resolve(%v) = %v, want %q", tt.sets, err, tt.want)
		}
	}
}

// TestLimitAboveCount: a limit above the count is no limit (count=2 with the
// default limit 5 is not refused): limited ends with goroutines.
func TestLimitAboveCount(t *testing.T) {
	v, err := Lab().Resolve(map[string]string{"count": "2"})
	if err != nil {
		t.Fatalf("Resolve(count=2) = %v, want no error (limit 5 above count 2 is no limit)", err)
	}
	lim, all := runVariant(t, "limited", v), runVariant(t, "goroutines", v)
	if lim.Trace.Total != all.Trace.Total {
		t.Errorf("limited total = %v, want goroutines' %v", lim.Trace.Total, all.Trace.Total)
	}
}

func TestDeterminism(t *testing.T) {
	v := resolve(t, randomServer)
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

func TestCodes(t *testing.T) {
	tests := []struct {
		n    int
		want []string
	}{
		{1, []string{"CN"}},
		{3, []string{"CN", "IN", "US"}},
		{22, append(slices.Clone(Populous), "X21", "X22")},
	}
	for _, tt := range tests {
		if got := Codes(tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("Codes(%v) = %v, want %v", tt.n, got, tt.want)
		}
	}
	if len(Populous) != 20 {
		t.Errorf("len(Populous) = %d, want 20", len(Populous))
	}
}

func TestLabShape(t *testing.T) {
	l := Lab()
	wantSource := map[string]string{"sequential": "func Sequential(", "goroutines": "func Goroutines(",
		"limited": "func Limited(", "loop-blocking": "sched.Cooperative", "errgroup": "func Errgroup("}
	for _, vr := range l.Variants {
		if !strings.Contains(vr.Source, wantSource[vr.Name]) || vr.Summary == "" {
			t.Errorf("variant %s: source lacks %q or no summary", vr.Name, wantSource[vr.Name])
		}
	}
	if len(l.Variants) != len(wantSource) {
		t.Errorf("%d variants, want %d", len(l.Variants), len(wantSource))
	}
	if len(l.Steps) < 8 || l.Steps[1].Title != "The latency scale" || !strings.Contains(l.Steps[1].Body, "| Network | 240 000 000 | 7.6 years |") {
		t.Errorf("steps: want the latency scale as step 2, got %d steps", len(l.Steps))
	}
	if _, err := labs.Get("flags"); err != nil {
		t.Errorf("flags is not registered: %v", err)
	}
}

func benchmarkVariant(b *testing.B, variant string, sets map[string]string) {
	v := resolve(b, sets)
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

func BenchmarkGoroutines10000(b *testing.B) {
	benchmarkVariant(b, "goroutines", map[string]string{"count": "10000", "jitter": "1s"})
}

func BenchmarkLimited10000(b *testing.B) {
	benchmarkVariant(b, "limited", map[string]string{"count": "10000", "jitter": "1s", "limit": "50"})
}
