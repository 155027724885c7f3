package playback

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"conclab/labs/trace"
)

// TestLoadMatchesAMap checks the merged index of event times against the
// plain way to build it (a map from time to the longest run of events at
// it), for random lanes whose events are in time order and some that are
// not (a decoded trace need not be).
func TestLoadMatchesAMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var traces []*trace.Trace
		for range 1 + rng.IntN(4) {
			tr := &trace.Trace{Total: time.Duration(rng.IntN(20)) * s}
			at := time.Duration(0)
			for range rng.IntN(30) {
				if rng.IntN(3) == 0 {
					at += time.Duration(rng.IntN(4)) * s
				}
				when := at
				if round%4 == 0 && rng.IntN(5) == 0 {
					when = time.Duration(rng.IntN(20)) * s // out of order
				}
				tr.Events.Add(trace.Event{At: when, Kind: trace.EventRun})
				tr.Total = max(tr.Total, when)
			}
			traces = append(traces, tr)
		}
		if rng.IntN(4) == 0 {
			traces = append(traces, nil)
		}

		perTime := map[time.Duration]int{}
		var end time.Duration
		for _, tr := range traces {
			if tr == nil {
				continue
			}
			end = max(end, tr.Total)
			for i, n := 0, tr.Events.Len(); i < n; {
				j := i
				for j < n && tr.Events.Time(j) == tr.Events.Time(i) {
					j++
				}
				perTime[tr.Events.Time(i)] = max(perTime[tr.Events.Time(i)], j-i)
				i = j
			}
		}
		perTime[0] = max(perTime[0], 1)
		perTime[end] = max(perTime[end], 1)
		var want []time.Duration
		for at := range perTime {
			want = append(want, at)
		}
		slices.Sort(want)

		m := New(0)
		m.Load(traces)
		if !slices.Equal(m.events, want) {
			t.Fatalf("round %d: Load(...) times = %v, want %v", round, m.events, want)
		}
		before := 0
		for i, at := range want {
			if int(m.counts[i]) != perTime[at] || int(m.before[i]) != before {
				t.Fatalf("round %d: at %v count, before = %d, %d, want %d, %d", round, at, m.counts[i], m.before[i], perTime[at], before)
			}
			before += perTime[at]
		}
	}
}
