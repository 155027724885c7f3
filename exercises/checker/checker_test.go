//go:build exercises

package checker

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/labs/trace"
)

const ms = time.Millisecond

// latencies are the answer times of the lab's 31 sites with its defaults
// (seed 1), in milliseconds, site-01 to site-31: the same sites as
// `conclab run checker`, whose sequential total is their sum, 34.865 s.
// (labs/checker's TestExerciseSitesAreTheLabs checks this table against
// the lab.)
var latencies = [31]int{
	858, 377, 2163, 544, 2216, 551, 1067, 1136, 1995, 291, 616, 262, 711, 2800, 2697, 543, 2236, 314,
	1466, 297, 301, 1727, 1583, 883, 276, 292, 427, 2431, 1252, 1633, 920,
}

// sites are the lab's 31 sites, each answering 200 after its latency.
// changed gives some of them other answers.
func sites(changed map[string]Site) []Site {
	ss := make([]Site, len(latencies))
	for i, l := range latencies {
		name := fmt.Sprintf("site-%02d", i+1)
		ss[i] = Site{name, time.Duration(l) * ms, StatusOK}
		if c, ok := changed[name]; ok {
			ss[i] = c
		}
	}
	return ss
}

func TestSitesModel(t *testing.T) {
	var sum, slowest time.Duration
	for _, s := range sites(nil) {
		sum += s.Delay
		slowest = max(slowest, s.Delay)
	}
	if sum != 34865*ms || slowest != 2800*ms || sites(nil)[10].Delay != 616*ms {
		t.Errorf("sites() take %v in all, the slowest %v, site-11 %v; want 34.865s, 2.8s, 616ms", sum, slowest, sites(nil)[10].Delay) // guards the check itself
	}
}

// want is what Check should come to.
type want struct {
	at    time.Duration  // when it returns
	tally map[string]int // when it succeeds
	err   string         // a failure: its site and what happened
	is    error          // a failure that wraps this error (context.DeadlineExceeded)
	fix   string         // what to do when the failure is missing or late
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		sites   []Site
		timeout time.Duration
		want    want
	}{
		{"31 sites, all up: {\"200\": 31} in 2.8 s", sites(nil), 5 * time.Second,
			want{at: 2800 * ms, tally: map[string]int{"200": 31}}},
		{"site-11 answers 418 at 0.616 s: the rest are cancelled", sites(map[string]Site{"site-11": {"site-11", 616 * ms, StatusTeapot}}), 5 * time.Second,
			want{at: 616 * ms, err: "site-11: 418 I'm a teapot",
				fix: "the first error should cancel every request still in flight: errgroup.WithContext, and pass its context to Get"}},
		{"site-07 hangs for a minute, timeout 3 s", sites(map[string]Site{"site-07": {"site-07", time.Minute, StatusOK}}), 3 * time.Second,
			want{at: 3 * time.Second, err: "site-07: context deadline exceeded", is: context.DeadlineExceeded,
				fix: "give each request a deadline: context.WithTimeout(ctx, timeout), and pass that context to Get"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				tally, err := Check(context.Background(), log, tt.sites, tt.timeout)
				checkCheck(t, log, len(tt.sites), tt.want, tally, err)
			})
		})
	}
}

func checkCheck(t *testing.T, log *kit.Log, n int, w want, tally map[string]int, err error) {
	t.Helper()
	elapsed, most := log.Elapsed(), log.MostWaiting("io")
	if most == 1 && n > 1 {
		t.Fatalf("the sites were checked one after another: Check returned at %s, want %s — ask every site at once, "+
			"each in a goroutine of its own (errgroup's Go)", kit.Seconds(elapsed), kit.Seconds(w.at))
	}
	if w.err == "" {
		switch {
		case err != nil:
			t.Fatalf("Check returned the error %q at %s, want the tally %v at %s", err, kit.Seconds(elapsed), w.tally, kit.Seconds(w.at))
		case !maps.Equal(tally, w.tally):
			t.Fatalf("Check returned the tally %v, want %v: count every answer, and guard the map (sync.Mutex) — "+
				"goroutines must not write to it at the same time", tally, w.tally)
		case elapsed != w.at:
			t.Fatalf("Check took %s, want %s, the slowest site: ask every site at once", kit.Seconds(elapsed), kit.Seconds(w.at))
		}
		return
	}
	switch {
	case err == nil:
		t.Fatalf("Check returned no error at %s, want %q at %s: %s", kit.Seconds(elapsed), w.err, kit.Seconds(w.at), w.fix)
	case !strings.Contains(err.Error(), w.err) || w.is != nil && !errors.Is(err, w.is):
		t.Fatalf("Check returned the error %q, want the first failure, %q%s", err, w.err, wrapping(w.is))
	case elapsed != w.at:
		t.Fatalf("Check returned %q at %s, want it at %s, the moment it happened: %s", err, kit.Seconds(elapsed), kit.Seconds(w.at), w.fix)
	}
	for _, task := range log.Trace().Tasks {
		for _, s := range task.Spans {
			if s.State == trace.Waiting && s.On == trace.OnIO && s.End > w.at {
				t.Fatalf("%s was still waiting for its answer at %s, after the failure at %s: %s", task.Name,
					kit.Seconds(s.End), kit.Seconds(w.at), w.fix)
			}
		}
	}
}

// wrapping says which error the failure should wrap, if any.
func wrapping(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf(", which wraps %v (errors.Is)", err)
}
