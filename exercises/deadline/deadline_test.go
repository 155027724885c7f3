//go:build exercises

package deadline

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/labs/trace"
)

const ms = time.Millisecond

// search is one call of Search: its backends and timeout. (No backend
// answers at the very instant of the timeout: which of the two comes first
// then is up to the scheduler.)
type search struct {
	backends []Backend
	timeout  time.Duration
}

// byDelay is the backends in the order they answer.
func (s search) byDelay() []Backend {
	bs := slices.Clone(s.backends)
	slices.SortStableFunc(bs, func(a, b Backend) int { return cmp.Compare(a.Delay, b.Delay) })
	return bs
}

// expected is what Search should return, and when: the backends that
// answer within the timeout, in the order they answer; at the timeout, or
// when the last one answers if they all do before it.
func (s search) expected() (names []string, at time.Duration) {
	for _, b := range s.byDelay() {
		if b.Delay >= s.timeout {
			return names, s.timeout
		}
		names, at = append(names, b.Name), b.Delay
	}
	return names, at
}

// timerPerResult is what a search whose timer is made inside the loop
// returns, and when: each result that comes starts a new timeout, so it
// gives up only after a gap of a whole timeout between two results.
func (s search) timerPerResult() (names []string, at time.Duration) {
	for _, b := range s.byDelay() {
		if b.Delay >= at+s.timeout {
			return names, at + s.timeout
		}
		names, at = append(names, b.Name), b.Delay
	}
	return names, at
}

// slowest is when the slowest backend answers.
func (s search) slowest() time.Duration {
	bs := s.byDelay()
	return bs[len(bs)-1].Delay
}

var (
	goal = search{Three, 80 * ms}
	// gap has a gap of more than the timeout between images and video: a
	// timer made per result gives up only at 180 ms.
	gap = search{[]Backend{{"web", 50 * ms}, {"images", 100 * ms}, {"video", 300 * ms}}, 80 * ms}
	// hung has a backend that never answers; quick, after it, answers in
	// full before the deadline.
	hung  = search{[]Backend{{"web", 10 * ms}, {"images", 20 * ms}, {"video", time.Hour}}, 80 * ms}
	quick = search{[]Backend{{"news", 10 * ms}, {"maps", 30 * ms}, {"books", 20 * ms}}, 80 * ms}
)

func TestSearchModel(t *testing.T) {
	tests := []struct {
		s              search
		want           string
		at             time.Duration
		perResult      string
		perResultAt    time.Duration
		slowest        time.Duration
		differentTimer bool
	}{
		{goal, "[web images]", 80 * ms, "[web images video]", 120 * ms, 120 * ms, true},
		{gap, "[web]", 80 * ms, "[web images]", 180 * ms, 300 * ms, true},
		{hung, "[web images]", 80 * ms, "[web images]", 100 * ms, time.Hour, true},
		{quick, "[news books maps]", 30 * ms, "[news books maps]", 30 * ms, 30 * ms, false},
	}
	for _, tt := range tests {
		names, at := tt.s.expected()
		pnames, pat := tt.s.timerPerResult()
		if fmt.Sprint(names) != tt.want || at != tt.at || fmt.Sprint(pnames) != tt.perResult || pat != tt.perResultAt || tt.s.slowest() != tt.slowest {
			t.Errorf("%v: expected() = %v at %v, timerPerResult() = %v at %v, slowest() = %v; want %s at %v, %s at %v, %v",
				tt.s, names, at, pnames, pat, tt.s.slowest(), tt.want, tt.at, tt.perResult, tt.perResultAt, tt.slowest) // guards the check itself
		}
	}
}

func TestSearch(t *testing.T) {
	tests := []struct {
		name     string
		searches []search
	}{
		{"web 40 ms, images 70 ms, video 120 ms, timeout 80 ms: web and images at 80 ms", []search{goal}},
		{"web 50 ms, images 100 ms, video 300 ms, timeout 80 ms: web at 80 ms", []search{gap}},
		{"video never answers: web and images at 80 ms; then all three in 30 ms", []search{hung, quick}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				for _, s := range tt.searches {
					start := log.Elapsed()
					got := Search(context.Background(), log, s.backends, s.timeout)
					returned := log.Elapsed() - start
					if returned < s.slowest() { // the backends left behind, if any, show themselves
						<-log.After(s.slowest() - returned)
					}
					kittest.Leaks()
					checkSearch(t, log, s, start, returned, got)
				}
			})
		})
	}
}

// checkSearch judges a call of Search that started at start and returned
// `returned` later with got.
func checkSearch(t *testing.T, log *kit.Log, s search, start, returned time.Duration, got []Result) {
	t.Helper()
	want, at := s.expected()
	var names []string
	for _, r := range got {
		names = append(names, r.Backend)
	}
	perResult, perResultAt := s.timerPerResult()
	switch {
	case returned == perResultAt && perResultAt == s.slowest() && perResultAt != at && slices.Equal(names, perResult):
		t.Fatalf("Search returned %v at %s, when the slowest backend answered, want %v at %s, the deadline: either it "+
			"waits for every result — wait for each result or for the deadline, whichever comes first (a select on "+
			"the results and on ctx.Done() of context.WithTimeout(ctx, timeout)) — or its timer is made inside the "+
			"loop, so that each result starts a new %s wait: make the deadline once, before the loop",
			names, ms3(returned), want, ms3(at), ms3(s.timeout))
	case returned == s.slowest() && returned > at:
		t.Fatalf("Search waited for every backend: it returned %v at %s, want %v at %s, the deadline — wait for each "+
			"result or for the deadline, whichever comes first (a select on the results and on ctx.Done() of "+
			"context.WithTimeout(ctx, timeout)), and return what came by then", names, ms3(returned), want, ms3(at))
	case returned == perResultAt && perResultAt != at && slices.Equal(names, perResult):
		t.Fatalf("Search returned %v at %s, want %v at %s: is the timer made inside the loop? Then each result that "+
			"comes starts a new %s wait, and the search gives up only after a gap of %s between two results — make "+
			"the deadline once, before the loop (context.WithTimeout, or one time.After)", names, ms3(returned), want,
			ms3(at), ms3(s.timeout), ms3(s.timeout))
	case returned > at:
		t.Fatalf("Search returned %v at %s, want %v at %s: give up at the deadline (or as soon as every backend has "+
			"answered, if that is earlier)", names, ms3(returned), want, ms3(at))
	case returned < at:
		t.Fatalf("Search returned %v at %s, want %v at %s: wait until the deadline for the results still to come, "+
			"or until every backend has answered", names, ms3(returned), want, ms3(at))
	case !slices.Equal(names, want):
		t.Fatalf("Search returned %v, want %v: every result that came by the deadline, in the order it came",
			names, want)
	}
	for _, task := range log.Trace().Tasks {
		for _, sp := range task.Spans {
			if sp.State == trace.Waiting && sp.On == trace.OnIO && sp.End > start+returned {
				t.Fatalf("%s was still asking at %s, after Search had returned at %s, want it stopped then: Search's "+
					"answer no longer needs it — pass Query a context that is done when Search gives up "+
					"(context.WithTimeout, or a context.WithCancel cancelled as Search returns)", task.Name,
					ms3(sp.End-start), ms3(returned))
			}
		}
	}
}

// ms3 formats d in milliseconds below a second ("80 ms"), in seconds from
// there on ("3600 s").
func ms3(d time.Duration) string {
	if d < time.Second {
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', -1, 64) + " ms"
	}
	return kit.Seconds(d)
}
