//go:build exercises

package leak

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

var (
	// pike are the cancel lab's replicas (`conclab run cancel`).
	pike = []Replica{{"A", 30 * ms}, {"B", 90 * ms}, {"C", 50 * ms}}
	// five replicas, the fastest neither first nor last.
	five = []Replica{{"r1", 120 * ms}, {"r2", 45 * ms}, {"r3", 80 * ms}, {"r4", 200 * ms}, {"r5", 60 * ms}}
)

// fastest is the replica whose answer comes first and the slowest one's
// latency: the model of the checks (the latencies differ).
func fastest(rs []Replica) (first Replica, slowest time.Duration) {
	first = rs[0]
	for _, r := range rs {
		if r.Latency < first.Latency {
			first = r
		}
		slowest = max(slowest, r.Latency)
	}
	return first, slowest
}

func TestFastestModel(t *testing.T) {
	tests := []struct {
		rs      []Replica
		first   string
		at      time.Duration
		slowest time.Duration
	}{
		{pike, "A", 30 * ms, 90 * ms}, // LABS.md: A's answer at 30 ms, B the last at 90 ms
		{five, "r2", 45 * ms, 200 * ms},
	}
	for _, tt := range tests {
		first, slowest := fastest(tt.rs)
		if first.Name != tt.first || first.Latency != tt.at || slowest != tt.slowest {
			t.Errorf("fastest(%v) = %v, %v, want %s at %v, %v", tt.rs, first, slowest, tt.first, tt.at, tt.slowest) // guards the check itself
		}
	}
}

func TestFirst(t *testing.T) {
	tests := []struct {
		name string
		rs   []Replica
	}{
		{"Pike's three replicas: A 30 ms, B 90 ms, C 50 ms", pike},
		{"five replicas, r2 the fastest at 45 ms", five},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				res := First(context.Background(), log, tt.rs)
				checkFirst(t, log, tt.rs, res, log.Elapsed())
			})
		})
	}
}

func checkFirst(t *testing.T, log *kit.Log, rs []Replica, res Result, at time.Duration) {
	t.Helper()
	first, slowest := fastest(rs)
	switch {
	case at == slowest && len(rs) > 1:
		t.Fatalf("First returned at %s, when the slowest replica answered, want %s, when %s's answer came — it "+
			"waited for every answer: return the first one you receive", kit.Seconds(at), kit.Seconds(first.Latency), first.Name)
	case res.Replica != first.Name:
		t.Fatalf("First returned %q's answer at %s, want %s's, the first to come (at %s): return the first value "+
			"the channel gives you", res.Replica, kit.Seconds(at), first.Name, kit.Seconds(first.Latency))
	case at != first.Latency:
		t.Fatalf("First returned %s's answer at %s, want %s, the moment it came: receive it and return at once",
			res.Replica, kit.Seconds(at), kit.Seconds(first.Latency))
	}
	log.Sleep("main", slowest) // every replica has answered by now
	gs := kittest.Leaks()
	if len(gs) == 0 {
		return
	}
	what := fmt.Sprintf("%d goroutines that First started were", len(gs))
	if len(gs) == 1 {
		what = "1 goroutine that First started was"
	}
	var where []string // alike goroutines once, counted
	count := map[string]int{}
	for _, g := range gs {
		if count[g.String()]++; count[g.String()] == 1 {
			where = append(where, g.String())
		}
	}
	for i, w := range where {
		if n := count[w]; n > 1 {
			where[i] = fmt.Sprintf("%s × %d", w, n)
		}
	}
	why := "nothing lets them end"
	if strings.HasPrefix(gs[0].State, "chan send") {
		why = "they lost the race and are sending their answers to a channel no one receives from any more: a send " +
			"waits for a receiver (or for room in the buffer), here for ever"
	}
	t.Fatalf("First returned %s's answer at %s, but at %s, when every replica had answered, %s still blocked (%s), "+
		"want none left — %s. Give the channel room for every answer (make(chan Result, len(replicas))), or "+
		"cancel a context when First returns and let each goroutine send in a select with <-ctx.Done()",
		res.Replica, kit.Seconds(at), kit.Seconds(log.Elapsed()), what, strings.Join(where, "; "), why)
}
