//go:build exercises

package pool

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/labs/trace"
)

const ms = time.Millisecond

// rounds is how long n sites that each answer after d take with at most
// limit requests in flight, the next one starting as soon as one ends:
// ceil(n / limit) rounds of d.
func rounds(n, limit int, d time.Duration) time.Duration {
	return time.Duration((n+limit-1)/limit) * d
}

// greedy says when each of the delays starts if they start in the order
// given, each on the first of limit slots to be free: what a pool of limit
// workers taking the sites from a channel does. It returns the start times
// and the time the last one ends.
func greedy(delays []time.Duration, limit int) (starts []time.Duration, end time.Duration) {
	free := make([]time.Duration, limit) // when each slot is free again
	for _, d := range delays {
		slot := slices.Index(free, slices.Min(free))
		starts = append(starts, free[slot])
		free[slot] += d
		end = max(end, free[slot])
	}
	return starts, end
}

// Uneven are 9 sites whose servers take from 0.5 s to 2 s.
var Uneven = []Site{
	{"slow", 2000 * ms, 200}, {"a", 500 * ms, 200}, {"b", 500 * ms, 200}, {"c", 1000 * ms, 200}, {"d", 500 * ms, 404},
	{"e", 1500 * ms, 200}, {"f", 500 * ms, 200}, {"g", 500 * ms, 200}, {"h", 1000 * ms, 200},
}

func delays(sites []Site) []time.Duration {
	var ds []time.Duration
	for _, s := range sites {
		ds = append(ds, s.Delay)
	}
	return ds
}

func TestPoolModel(t *testing.T) {
	tests := []struct {
		n, limit int
		want     time.Duration
	}{
		{31, 4, 8 * time.Second}, {31, 1, 31 * time.Second}, {31, 31, time.Second}, {6, 10, time.Second},
	}
	for _, tt := range tests {
		if got := rounds(tt.n, tt.limit, time.Second); got != tt.want {
			t.Errorf("rounds(%d, %d, 1s) = %v, want %v", tt.n, tt.limit, got, tt.want) // guards the check itself
		}
	}
	// Worked out by hand: slow, a, b start at 0; c, d at 0.5 s; e at 1 s;
	// f at 1.5 s; g, h at 2 s; h ends last, at 3 s.
	starts, end := greedy(delays(Uneven), 3)
	want := []time.Duration{0, 0, 0, 500 * ms, 500 * ms, 1000 * ms, 1500 * ms, 2000 * ms, 2000 * ms}
	if !slices.Equal(starts, want) || end != 3*time.Second {
		t.Errorf("greedy(Uneven, 3) = %v, %v, want %v, 3s", starts, end, want)
	}
	if _, end := greedy(delays(Hosted), 4); end != 8*time.Second {
		t.Errorf("greedy(Hosted, 4) ends at %v, want 8s", end)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		sites []Site
		n     int
		want  time.Duration // 0: the delays are uneven, and the total depends on which site goes first
	}{
		{"31 sites of 1 s, 4 at a time: 8 s", Hosted, 4, 8 * time.Second},
		{"9 sites of 0.5 s to 2 s, 3 at a time: no slot idle", Uneven, 3, 0},
		{"6 sites, 10 at a time: all at once, 1 s", Hosted[:6], 10, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				statuses := Check(log, tt.sites, tt.n)
				checkPool(t, log, tt.sites, tt.n, tt.want, statuses)
			})
		})
	}
}

// request is one Get's wait for a server.
type request struct {
	site       string
	start, end time.Duration
}

func requests(tr *trace.Trace) []request {
	var rs []request
	for _, task := range tr.Tasks {
		for _, s := range task.Spans {
			if s.State == trace.Waiting && s.On == trace.OnIO {
				rs = append(rs, request{task.Name, s.Start, s.End})
			}
		}
	}
	slices.SortStableFunc(rs, func(a, b request) int { return cmp.Compare(a.start, b.start) })
	return rs
}

func checkPool(t *testing.T, log *kit.Log, sites []Site, n int, want time.Duration, statuses []int) {
	t.Helper()
	elapsed, most, atOnce := log.Elapsed(), log.MostWaiting("io"), min(n, len(sites))
	var sum time.Duration
	for _, s := range sites {
		sum += s.Delay
	}
	switch {
	case most > n:
		t.Fatalf("%d requests were in flight at once, want at most %d: the host allows %d connections — let only %d "+
			"goroutines call Get at a time (a pool of %d workers, a semaphore of %d slots, or errgroup's SetLimit(%d))",
			most, n, n, n, n, n, n)
	case most == 1 && atOnce > 1 && elapsed == sum:
		t.Fatalf("the sites were asked one after another: %s of virtual time, want %d at a time%s — call Get from "+
			"goroutines: a pool of %d workers, a goroutine per site with a semaphore, or errgroup with SetLimit(%d)?",
			kit.Seconds(elapsed), atOnce, taking(want), n, n)
	}
	var wrong []string
	for i, s := range sites {
		if i >= len(statuses) || statuses[i] != s.Status {
			wrong = append(wrong, s.Name)
		}
	}
	if len(wrong) > 0 || len(statuses) != len(sites) {
		t.Fatalf("Check returned at %s with %d statuses, %d of them wrong or missing (%s), want the %d sites' statuses, "+
			"each at its site's index: wait until every request is done (sync.WaitGroup, or errgroup's Wait), and let "+
			"each goroutine write statuses[i] for its own site i", kit.Seconds(elapsed), len(statuses), len(wrong), few(wrong), len(sites))
	}
	rs := requests(log.Trace())
	if len(rs) != len(sites) {
		t.Fatalf("%d requests were made for %d sites, want one request per site: give each site to one goroutine only",
			len(rs), len(sites))
	}
	if err := noIdleSlot(rs, sites, n); err != nil {
		t.Fatalf("%v, want %d in flight until the last site has been asked: start the next request the moment one ends — "+
			"a free worker of a pool takes the next site at once; batches of %d, or fixed chunks of sites per worker, "+
			"leave slots idle", err, atOnce, n)
	}
	if most != atOnce {
		t.Fatalf("at most %d requests were in flight at once, want %d: keep %d slots busy", most, atOnce, atOnce)
	}
	if want > 0 && elapsed != want {
		t.Fatalf("Check took %s, want %s: ceil(%d / %d) = %d rounds of %s", kit.Seconds(elapsed), kit.Seconds(want),
			len(sites), n, (len(sites)+n-1)/n, kit.Seconds(sites[0].Delay))
	}
	if last := slices.MaxFunc(rs, func(a, b request) int { return cmp.Compare(a.end, b.end) }).end; elapsed != last {
		t.Fatalf("Check returned at %s, want %s, when the last request ended: wait for every request, and no longer",
			kit.Seconds(elapsed), kit.Seconds(last))
	}
}

// few lists names, the first five of them and how many more.
func few(names []string) string {
	if len(names) <= 5 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:5], ", "), len(names)-5)
}

// taking says how long the run should take, if that is known.
func taking(want time.Duration) string {
	if want == 0 {
		return ""
	}
	return ", " + kit.Seconds(want) + " in all"
}

// noIdleSlot replays the requests in the order they started on n slots
// (greedy): each must have started at the very instant a slot was free for
// it. It reports the first that started later, with what was in flight
// then.
func noIdleSlot(rs []request, sites []Site, n int) error {
	delay := map[string]time.Duration{}
	for _, s := range sites {
		delay[s.Name] = s.Delay
	}
	var ds []time.Duration
	for _, r := range rs {
		ds = append(ds, delay[r.site])
	}
	starts, _ := greedy(ds, n)
	for i, r := range rs {
		if r.start == starts[i] {
			continue
		}
		at, inFlight, waiting := starts[i], 0, 0
		for _, o := range rs {
			switch {
			case o.start <= at && at < o.end:
				inFlight++
			case o.start > at:
				waiting++
			}
		}
		were := fmt.Sprintf("%d requests were", inFlight)
		if inFlight == 1 {
			were = "1 request was"
		}
		sites := fmt.Sprintf("%d sites", waiting)
		if waiting == 1 {
			sites = "1 site"
		}
		return fmt.Errorf("at %s only %s in flight while %s had not been asked (%s started at %s)",
			kit.Seconds(at), were, sites, r.site, kit.Seconds(r.start))
	}
	return nil
}
