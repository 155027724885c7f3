package labs_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"conclab/labs"
)

func TestParseTotal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"1h", time.Hour, ""},
		{"3655s", 3655 * time.Second, ""},
		{"61m", 61 * time.Minute, ""},
		{"0:30:25", 30*time.Minute + 25*time.Second, ""},
		{" 1:05 ", 65 * time.Second, ""},
		{"0:00:02.8", 2800 * time.Millisecond, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"12", 0, "needs a unit"},
		{"1:60", 0, "not a time"},
		{"1.5:00", 0, "not a time"},
		{"1:2:3:4", 0, "not a time"},
		{"-1h", 0, "not a duration"},
		{"soon", 0, "not a duration"},
		{"", 0, "not a duration"},
	} {
		got, err := labs.ParseTotal(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseTotal(%q) = %v, %v, want an error with %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseTotal(%q) = %v, %v, want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestClose(t *testing.T) {
	for _, tc := range []struct {
		guess, truth float64
		right        bool
	}{
		{3600, 3655, true},   // 1.5 % low
		{7200, 3655, false},  // 97 % high
		{110, 100, true},     // exactly 10 %: right
		{90, 100, true},      // exactly 10 % low: right
		{111, 100, false},    // just over
		{0, 0, true},         // nothing lost, nothing guessed
		{1, 0, false},        // a truth of 0 wants 0
		{43200, 43200, true}, // exact
	} {
		if got, _ := labs.Close(tc.guess, tc.truth); got != tc.right {
			t.Errorf("Close(%v, %v) = %v, want %v", tc.guess, tc.truth, got, tc.right)
		}
	}
	if _, off := labs.Close(1, 0); !math.IsInf(off, 1) {
		t.Errorf("Close(1, 0) off = %v, want +Inf", off)
	}
}

func TestParseGuesses(t *testing.T) {
	chess, spinner := mustLab(t, "chess"), mustLab(t, "spinner")
	for _, tc := range []struct {
		lab  *labs.Lab
		in   string
		want []labs.Guess
		err  string
	}{
		{chess, "concurrent=1h", []labs.Guess{{Variant: "concurrent", Value: "1h"}}, ""},
		{chess, "sequential=12h, concurrent=0:30:25", []labs.Guess{{Variant: "sequential", Value: "12h"}, {Variant: "concurrent", Value: "0:30:25"}}, ""},
		{spinner, "loop-blocking.frames=0,loop-yield=3s", []labs.Guess{{Variant: "loop-blocking", Fact: "frames", Value: "0"}, {Variant: "loop-yield", Value: "3s"}}, ""},
		{chess, "concurrent", nil, "wants VARIANT=VALUE"},
		{chess, "queen=1h", nil, `unknown variant "queen"`},
		{chess, "concurrent=2", nil, "needs a unit"},
		{chess, "concurrent=1h,concurrent=2h", nil, "guessed twice"},
		{chess, "concurrent.frames=3", nil, `nothing to guess called "concurrent.frames"`},
		{spinner, "loop-yield.frames=many", nil, "not a count"},
		{chess, " , ", nil, "at least one"},
	} {
		got, err := tc.lab.ParseGuesses(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseGuesses(%q) = %v, %v, want an error with %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("ParseGuesses(%q) = %v, %v, want %v", tc.in, got, err, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("ParseGuesses(%q)[%d] = %v, want %v", tc.in, i, got[i], tc.want[i])
			}
		}
	}
}

// TestJudgeFromRuns judges guesses against real runs of the labs, the
// truth derived independently: chess's closed form (the walkthrough's
// 12 hours and 3655 s), the spinner's frames as the count of its
// frame lines.
func TestJudgeFromRuns(t *testing.T) {
	run := func(l *labs.Lab, names ...string) map[string]labs.Result {
		out := map[string]labs.Result{}
		vals, err := l.Resolve(nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			v, _ := l.Variant(n)
			r, err := v.Run(vals)
			if err != nil {
				t.Fatal(err)
			}
			out[n] = r
		}
		return out
	}
	chess := mustLab(t, "chess")
	res := run(chess, "sequential", "concurrent")
	got := chess.Judge([]labs.Guess{{Variant: "sequential", Value: "12h"}, {Variant: "concurrent", Value: "1h"}, {Variant: "concurrent", Value: "2h"}, {Variant: "two-masters", Value: "6h"}}, res)
	for i, want := range []struct {
		truth, mark string
		right       bool
	}{{"12:00:00", "right", true}, {"1:00:55", "right", true}, {"1:00:55", "97 % too high", false}, {"", "no result", false}} {
		if got[i].Truth != want.truth || got[i].Right != want.right || got[i].Mark() != want.mark {
			t.Errorf("Judge(%v) = %q %v %q, want %q %v %q", got[i].Guess, got[i].Truth, got[i].Right, got[i].Mark(), want.truth, want.right, want.mark)
		}
		if got[i].Why == "" {
			t.Errorf("Judge(%v) has no why", got[i].Guess)
		}
	}
	// 30 moves of (5 s + 55 s) on 24 boards one after another; 29 laps of 24 × 5 s, the last lap's moves and one reply.
	if want := (24 * 30 * 60 * time.Second); res["sequential"].Trace.Total != want {
		t.Errorf("chess sequential total = %v, want %v", res["sequential"].Trace.Total, want)
	}
	if want := (29*120 + 24*5 + 55) * time.Second; res["concurrent"].Trace.Total != want {
		t.Errorf("chess concurrent total = %v, want %v", res["concurrent"].Trace.Total, want)
	}

	spinner := mustLab(t, "spinner")
	sres := run(spinner, "loop-yield", "loop-blocking")
	frames := func(r labs.Result) int { // frame lines are the spinner task's non-blank output
		n := 0
		for _, l := range r.Trace.Output {
			if strings.TrimSpace(strings.TrimPrefix(l.Text, "\r")) != "" && l.Task == "spinner" {
				n++
			}
		}
		return n
	}
	if frames(sres["loop-blocking"]) != 0 || frames(sres["loop-yield"]) == 0 {
		t.Fatalf("spinner frames: loop-blocking %d, loop-yield %d", frames(sres["loop-blocking"]), frames(sres["loop-yield"]))
	}
	sj := spinner.Judge([]labs.Guess{{Variant: "loop-blocking", Fact: "frames", Value: "0"}, {Variant: "loop-yield", Fact: "frames", Value: "5"}}, sres)
	if !sj[0].Right || sj[1].Right {
		t.Errorf("spinner judged %+v, want the first right, the second wrong", sj)
	}
}

// TestGuessableFacts: every fact a lab declares is read from its runs at
// the defaults, for each variant it is asked of.
func TestGuessableFacts(t *testing.T) {
	for _, l := range labs.All() {
		if len(l.Facts) == 0 {
			continue
		}
		vals, err := l.Resolve(nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range l.Variants {
			var guesses []labs.Guess
			for _, f := range l.Guessable(v.Name)[1:] {
				guesses = append(guesses, labs.Guess{Variant: v.Name, Fact: f.Name, Value: "1"})
			}
			if len(guesses) == 0 {
				continue
			}
			r, err := v.Run(vals)
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range l.Judge(guesses, map[string]labs.Result{v.Name: r}) {
				if j.Truth == "" || j.Why == "" {
					t.Errorf("%s: %s has no truth (%q) or no why (%q)", l.Name, j.Key(), j.Truth, j.Why)
				}
			}
		}
	}
}

func mustLab(t *testing.T, name string) *labs.Lab {
	t.Helper()
	l, err := labs.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
