package fetch

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

// uniform is the flags lab's latency: 500ms plus up to jitter.
func uniform(base, jitter time.Duration) func(float64) time.Duration {
	return func(u float64) time.Duration { return base + Millis(u*jitter.Seconds()) }
}

func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("n%d", i+1)
	}
	return out
}

// answers returns each item's time on the wire: its delay, cut at the timeout.
func answers(items []Item, timeout time.Duration) []time.Duration {
	out := make([]time.Duration, len(items))
	for i, it := range items {
		out[i] = it.Delay
		if timeout > 0 && it.Delay > timeout {
			out[i] = timeout
		}
	}
	return out
}

func sum(ds []time.Duration) (s time.Duration) {
	for _, d := range ds {
		s += d
	}
	return s
}

// greedy is list scheduling: each request in turn goes to the slot that
// frees up first; the total is when the last slot frees up. It is what
// Limited, Pool and a limit-bound Errgroup must take.
func greedy(ds []time.Duration, slots int) time.Duration {
	free := make([]time.Duration, slots)
	for _, d := range ds {
		i := slices.Index(free, slices.Min(free))
		free[i] += d
	}
	return slices.Max(free)
}

// chunked is the slowest of n contiguous chunks, chunk w holding items
// w*len/n up to (w+1)*len/n (sizes differ by at most one).
func chunked(ds []time.Duration, n int) time.Duration {
	var worst time.Duration
	for w := range n {
		worst = max(worst, sum(ds[w*len(ds)/n:(w+1)*len(ds)/n]))
	}
	return worst
}

func TestPolicyTotals(t *testing.T) {
	server := Server{Seed: 7, Latency: uniform(300*time.Millisecond, 2*time.Second), ErrorRate: 0.2}
	items := server.Items(names(37))
	const timeout = 1500 * time.Millisecond
	ds := answers(items, timeout)
	get := func(t *sched.Task, it Item) Outcome { return Get(t, it, timeout) }
	goRuntime := sched.Config{Model: sched.GoRuntime}
	tests := []struct {
		name   string
		cfg    sched.Config
		policy func(*sched.Task) []Outcome
		want   time.Duration
	}{
		{"sequential", goRuntime, func(t *sched.Task) []Outcome { return Sequential(t, items, get) }, sum(ds)},
		{"goroutines", goRuntime, func(t *sched.Task) []Outcome { return Goroutines(t, items, get) }, slices.Max(ds)},
		{"goroutines on a blocked loop", sched.Config{}, func(t *sched.Task) []Outcome { return Goroutines(t, items, get) }, sum(ds)},
		{"limited 1", goRuntime, func(t *sched.Task) []Outcome { return Limited(t, items, 1, get) }, sum(ds)},
		{"limited 5", goRuntime, func(t *sched.Task) []Outcome { return Limited(t, items, 5, get) }, greedy(ds, 5)},
		{"pool 3", goRuntime, func(t *sched.Task) []Outcome { return Pool(t, items, 3, get) }, greedy(ds, 3)},
		{"pool 37", goRuntime, func(t *sched.Task) []Outcome { return Pool(t, items, 37, get) }, slices.Max(ds)},
		{"chunks 3", goRuntime, func(t *sched.Task) []Outcome { return Chunks(t, items, 3, get) }, chunked(ds, 3)},
		{"chunks 5", goRuntime, func(t *sched.Task) []Outcome { return Chunks(t, items, 5, get) }, chunked(ds, 5)},
	}
	wantTally := map[string]int{}
	for _, it := range items {
		switch {
		case it.Delay > timeout:
			wantTally[Timeout]++
		default:
			wantTally[fmt.Sprint(it.Status)]++
		}
	}
	for _, tt := range tests {
		var outs []Outcome
		tr, err := Simulate(tt.cfg, func(t *sched.Task) { outs = tt.policy(t) })
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if tr.Total != tt.want {
			t.Errorf("%s: total = %v, want %v", tt.name, tr.Total, tt.want)
		}
		if got := Tally(outs); !maps.Equal(got, wantTally) {
			t.Errorf("%s: Tally = %v, want %v", tt.name, got, wantTally)
		}
		if len(tr.Output) != len(items) {
			t.Errorf("%s: %d output lines, want %d", tt.name, len(tr.Output), len(items))
		}
	}
}

func TestItemsAreSeededAndIndependentOfRates(t *testing.T) {
	lat := uniform(500*time.Millisecond, 4500*time.Millisecond)
	a := Server{Seed: 3, Latency: lat, ErrorRate: 0.1}.Items(names(50))
	b := Server{Seed: 3, Latency: lat, ErrorRate: 0.1}.Items(names(50))
	if !slices.Equal(a, b) {
		t.Fatalf("Items(seed 3) differs between two calls")
	}
	c := Server{Seed: 3, Latency: lat, ErrorRate: 0.5}.Items(names(50))
	for i := range a {
		if a[i].Delay != c[i].Delay {
			t.Errorf("item %d: delay %v at error rate 0.1, %v at 0.5; want the same", i, a[i].Delay, c[i].Delay)
		}
		if a[i].Status == StatusTeapot && c[i].Status != StatusTeapot {
			t.Errorf("item %d fails at error rate 0.1 but not at 0.5", i)
		}
	}
	// The draws, redone by hand: two Float64s per item from PCG(seed, 0).
	r := rand.New(rand.NewPCG(3, 0))
	for i, it := range a {
		u, e := r.Float64(), r.Float64()
		want := 500*time.Millisecond + time.Duration(int64(u*4500+0.5))*time.Millisecond
		if it.Delay != want || (it.Status == StatusTeapot) != (e < 0.1) {
			t.Errorf("item %d = %v, want delay %v and 418 = %v", i, it, want, e < 0.1)
		}
		if it.Delay < 500*time.Millisecond || it.Delay > 5*time.Second {
			t.Errorf("item %d delay %v is outside 0.5s..5s", i, it.Delay)
		}
	}
	if d := (Server{Seed: 4, Latency: lat}).Items(names(50)); slices.Equal(a, d) {
		t.Errorf("seeds 3 and 4 draw the same items")
	}
}

func TestGet(t *testing.T) {
	tests := []struct {
		delay, timeout time.Duration
		status         int
		want           string
	}{
		{500 * time.Millisecond, 0, 200, "BR 200 0.5s"},
		{500 * time.Millisecond, 0, 418, "BR 418 0.5s"},
		{2 * time.Second, time.Second, 200, "BR timeout 1s"},
		{time.Second, time.Second, 418, "BR 418 1s"},
	}
	for _, tt := range tests {
		it := Item{Name: "BR", Delay: tt.delay, Status: tt.status}
		var o Outcome
		tr, err := Simulate(sched.Config{}, func(t *sched.Task) { o = Get(t, it, tt.timeout) })
		if err != nil {
			t.Fatal(err)
		}
		if o.String() != tt.want || len(tr.Output) != 1 || tr.Output[0].Text != tt.want || tr.Total != o.Elapsed {
			t.Errorf("Get(%v, timeout %v) = %q at %v (output %v), want %q", it, tt.timeout, o, tr.Total, tr.Output, tt.want)
		}
	}
}

func TestSeconds(t *testing.T) {
	for _, d := range []time.Duration{0, 500 * time.Millisecond, time.Second, 2800 * time.Millisecond, 1234 * time.Millisecond,
		10 * time.Second, 3655 * time.Second, 1, 1001 * time.Microsecond, 42*time.Second + 7*time.Millisecond} {
		if got, want := seconds(d), trace.Seconds(d); got != want {
			t.Errorf("seconds(%v) = %q, want %q (as trace.Seconds)", d, got, want)
		}
	}
}

func TestErrgroupCancelsTheRest(t *testing.T) {
	// Five requests, at most two at once; C fails at 0.3s.
	items := []Item{
		{"A", 1 * time.Second, 200},
		{"B", 200 * time.Millisecond, 200},
		{"C", 100 * time.Millisecond, 418},
		{"D", 500 * time.Millisecond, 200},
		{"E", 100 * time.Millisecond, 200},
	}
	var outs []Outcome
	var gErr error
	get := func(t *sched.Task, it Item, ctx *sched.Signal) Outcome { return GetCtx(t, it, 0, ctx) }
	tr, err := Simulate(sched.Config{Model: sched.GoRuntime}, func(t *sched.Task) { outs, gErr = Errgroup(t, items, 2, get) })
	if err != nil {
		t.Fatal(err)
	}
	// A and B start at 0; B ends at 0.2 and C starts; C fails at 0.3, which
	// cancels A (in flight for 0.3s) and D, E (never sent).
	want := []string{"A cancelled 0.3s", "B 200 0.2s", "C 418 0.1s", "D cancelled 0s", "E cancelled 0s"}
	got := make([]string, len(outs))
	for i, o := range outs {
		got[i] = o.String()
	}
	if !slices.Equal(got, want) {
		t.Errorf("Errgroup outcomes = %q, want %q", got, want)
	}
	if tr.Total != 300*time.Millisecond {
		t.Errorf("Errgroup total = %v, want 300ms", tr.Total)
	}
	if gErr == nil || gErr.Error() != "C: 418" {
		t.Errorf("Errgroup error = %v, want C: 418", gErr)
	}
	if got, want := GaveUp(outs, gErr), "gave up after a 418 (C): cancelled 3 of 5"; got != want {
		t.Errorf("GaveUp(Errgroup's outcomes) = %q, want %q", got, want)
	}
}

func TestGaveUp(t *testing.T) {
	ok := Outcome{Item: Item{Name: "A"}, Result: "200"}
	gone := Outcome{Item: Item{Name: "B"}, Result: Cancelled}
	slow := Outcome{Item: Item{Name: "US"}, Result: Timeout}
	tests := []struct {
		outs  []Outcome
		first error
		want  string
	}{
		{[]Outcome{ok, ok}, nil, ""},
		{[]Outcome{ok, slow}, fmt.Errorf("US: timeout"), ""}, // it failed, but every request was made
		{[]Outcome{slow, gone, gone}, fmt.Errorf("US: timeout"), "gave up after a timeout (US): cancelled 2 of 3"},
		{[]Outcome{ok, gone}, nil, "gave up after an error: cancelled 1 of 2"},
	}
	for _, tt := range tests {
		if got := GaveUp(tt.outs, tt.first); got != tt.want {
			t.Errorf("GaveUp(%v, %v) = %q, want %q", tt.outs, tt.first, got, tt.want)
		}
	}
}

func TestSource(t *testing.T) {
	src := Source("Limited", "Get")
	for _, want := range []string{"func Limited(", "sched.NewChan[struct{}](\"semaphore\", limit)", "func Get("} {
		if !strings.Contains(src, want) {
			t.Errorf("Source(Limited, Get) lacks %q", want)
		}
	}
}

func Example() {
	items := Server{Seed: 1, Latency: func(float64) time.Duration { return 500 * time.Millisecond }}.Items([]string{"CN", "IN", "US", "ID"})
	get := func(t *sched.Task, it Item) Outcome { return Get(t, it, 0) }
	one, _ := Simulate(sched.Config{Model: sched.GoRuntime}, func(t *sched.Task) { Sequential(t, items, get) })
	all, _ := Simulate(sched.Config{Model: sched.GoRuntime}, func(t *sched.Task) { Goroutines(t, items, get) })
	two, _ := Simulate(sched.Config{Model: sched.GoRuntime}, func(t *sched.Task) { Limited(t, items, 2, get) })
	fmt.Println("sequential", trace.Seconds(one.Total), "s")
	fmt.Println("goroutines", trace.Seconds(all.Total), "s")
	fmt.Println("limited 2 ", trace.Seconds(two.Total), "s")
	// Output:
	// sequential 2 s
	// goroutines 0.5 s
	// limited 2  1 s
}
