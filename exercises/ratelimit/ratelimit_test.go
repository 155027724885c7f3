//go:build exercises

package ratelimit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// sent is a request and when it was sent.
type sent struct {
	at   time.Duration
	code string
}

func (s sent) String() string { return fmt.Sprintf("%s at %s", s.code, kit.Seconds(s.at)) }

// beat is when request k (from 0) goes when the requests keep the beat:
// one every interval, the first at once (first = 0) or at the first tick
// (first = interval). Both are at most perSecond a second.
func beat(first, interval time.Duration, k int) time.Duration {
	return first + time.Duration(k)*interval
}

// done is when the last answer is in: the last request's beat plus the
// server's delay.
func done(first, interval time.Duration, n int, s Server) time.Duration {
	return beat(first, interval, n-1) + s.Delay
}

func TestBeatModel(t *testing.T) {
	const interval = time.Second / 5
	tests := []struct {
		first time.Duration
		s     Server
		last  time.Duration // when request 10 goes
		done  time.Duration
	}{
		{interval, Server{50 * ms}, 2 * time.Second, 2050 * ms},
		{0, Server{50 * ms}, 1800 * ms, 1850 * ms},
		{interval, Server{500 * ms}, 2 * time.Second, 2500 * ms},
		{0, Server{500 * ms}, 1800 * ms, 2300 * ms},
	}
	for _, tt := range tests {
		if last, end := beat(tt.first, interval, 9), done(tt.first, interval, 10, tt.s); last != tt.last || end != tt.done {
			t.Errorf("beat(%v, 0.2s, 9), done(...) = %v, %v; want %v, %v", tt.first, last, end, tt.last, tt.done) // guards the check itself
		}
	}
}

func TestFetch(t *testing.T) {
	tests := []struct {
		name      string
		s         Server
		perSecond int
	}{
		{"10 flags, 5 a second, answers in 0.05 s: one every 0.2 s", Server{50 * ms}, 5},
		{"10 flags, 5 a second, answers in 0.5 s: one every 0.2 s all the same", Server{500 * ms}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				Fetch(log, tt.s, Ten, tt.perSecond)
				returned := log.Elapsed()
				interval := time.Second / time.Duration(tt.perSecond)
				if latest := done(interval, interval, len(Ten), tt.s); returned < latest {
					<-log.After(latest - returned) // let the requests left behind show themselves
				}
				kittest.Leaks()
				checkFetch(t, log, tt.s, Ten, interval, returned)
			})
		})
	}
}

func checkFetch(t *testing.T, log *kit.Log, s Server, codes []string, interval, returned time.Duration) {
	t.Helper()
	var got []sent
	for _, l := range log.Lines("") {
		if code, ok := strings.CutPrefix(l.Text, "GET "); ok {
			got = append(got, sent{l.At, code})
		}
	}
	slices.SortStableFunc(got, func(a, b sent) int { return cmp.Compare(a.at, b.at) })
	var asked []string
	for _, g := range got {
		asked = append(asked, g.code)
	}
	slices.Sort(asked)
	if want := slices.Sorted(slices.Values(codes)); !slices.Equal(asked, want) {
		t.Fatalf("the requests were for %v, want one for each of %v: ask for every flag, once", asked, want)
	}
	for i := 1; i < len(got); i++ {
		if gap := got[i].at - got[i-1].at; gap < interval {
			t.Fatalf("two requests went %s apart (%v, then %v), want at least %s between two: the server takes "+
				"one request every %s — wait for a tick of a ticker (log.Ticker(time.Second / perSecond)) before each "+
				"request", kit.Seconds(gap), got[i-1], got[i], kit.Seconds(interval), kit.Seconds(interval))
		}
	}
	first := got[0].at
	if first != 0 && first != interval {
		t.Fatalf("the first request went at %s, want it at once (0 s) or at the first tick (%s): the beat starts "+
			"with Fetch", kit.Seconds(first), kit.Seconds(interval))
	}
	for k, g := range got {
		if want := beat(first, interval, k); g.at != want {
			why := fmt.Sprintf("a sleep between two requests adds each request's own %s to the %s: a ticker "+
				"(log.Ticker) keeps the beat whatever happens between two ticks", kit.Seconds(s.Delay), kit.Seconds(interval))
			if s.Delay > interval {
				why = fmt.Sprintf("an answer takes %s, longer than the %s between two requests, so requests sent one "+
					"after another cannot keep the beat — send each request in a goroutine of its own, at its tick, "+
					"and wait for them all", kit.Seconds(s.Delay), kit.Seconds(interval))
			}
			t.Fatalf("request %d (%s) went at %s, want %s, one every %s: %s", k+1, g.code, kit.Seconds(g.at),
				kit.Seconds(want), kit.Seconds(interval), why)
		}
	}
	if end := done(first, interval, len(codes), s); returned != end {
		t.Fatalf("Fetch returned at %s, want %s, when the last answer is in (the last request went at %s, and an "+
			"answer takes %s): wait for every request you started, and for nothing more", kit.Seconds(returned),
			kit.Seconds(end), kit.Seconds(got[len(got)-1].at), kit.Seconds(s.Delay))
	}
}
