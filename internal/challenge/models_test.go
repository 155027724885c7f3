package challenge_test

import (
	"fmt"
	"strings"
	"testing"

	"conclab/internal/challenge"
	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/checker"
	"conclab/labs/locks"
)

// explore explores the model named name, with from replaced by to in its
// source when from is not "" (another assertion: the explorer then says
// whether some schedule ends with it false).
func explore(t *testing.T, name, from, to string) challenge.Result {
	t.Helper()
	l, err := challenge.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	if from != "" {
		src := l.Source()
		if !strings.Contains(src, from) {
			t.Fatalf("%s has no %q", name, from)
		}
		if l, err = challenge.Custom(name, strings.Replace(src, from, to, 1)); err != nil {
			t.Fatal(err)
		}
	}
	p, err := l.Program()
	if err != nil {
		t.Fatal(err)
	}
	r := challenge.Explore(p, l.Config, challenge.Options{})
	if !r.Complete {
		t.Fatalf("Explore(%s) gave up after %d states", name, r.States)
	}
	return r
}

// TestModelsAgreeWithLabs: each model of a lab variant and the lab's own
// run of it (on its virtual clock, with the model's parameters) agree. The
// racy ones lose updates in both, and the fewest counted is the same: the
// explorer finds schedules that end with that count and none that end
// with less, and the lab's run with every goroutine reading at once ends
// with it. The locked and ordered ones lose nothing and never deadlock,
// on any schedule and in the lab's runs on any number of cores; the naive
// transfers deadlock in both, with the same cycle.
func TestModelsAgreeWithLabs(t *testing.T) {
	if len(challenge.Models()) != 5 {
		t.Fatalf("%d models, want the 5 this test checks", len(challenge.Models()))
	}
	for _, tt := range []struct {
		model, count  string // the model and its shared count
		all, fewest   int    // the updates, and the fewest counted
		lab           string
		variant, fact string
		sets          map[string]string
	}{
		// 3 sites answering at the same instant on 3 cores: all read 0.
		{"checker-racy-tally", "tally", 3, 1, "checker", "racy-tally", "",
			map[string]string{"sites": "3", "min_latency": "1s", "max_latency": "1s", "cores": "3"}},
		// 2 cores in step: each round of two increments counts once.
		{"locks-racy", "counter", 4, 2, "locks", "racy", "final",
			map[string]string{"workers": "2", "increments": "2", "cores": "2"}},
	} {
		t.Run(tt.model, func(t *testing.T) {
			if r := explore(t, tt.model, "", ""); r.Schedule == nil || r.Failure.Kind != challenge.Assert {
				t.Errorf("Explore(%s) found no lost update", tt.model)
			}
			name, assert := tt.count, fmt.Sprintf("assert(%s == %d)", tt.count, tt.all)
			if r := explore(t, tt.model, assert, fmt.Sprintf("assert(%s >= %d)", name, tt.fewest)); r.Schedule != nil {
				t.Errorf("%s: a schedule ends with %s < %d: %s", tt.model, name, tt.fewest, challenge.FormatSchedule(r.Schedule))
			}
			if r := explore(t, tt.model, assert, fmt.Sprintf("assert(%s > %d)", name, tt.fewest)); r.Schedule == nil {
				t.Errorf("%s: no schedule ends with %s == %d", tt.model, name, tt.fewest)
			}
			res := labRun(t, tt.lab, tt.variant, tt.sets)
			got := 0
			if tt.fact != "" {
				got = res.Facts[tt.fact].(int)
			} else {
				for _, n := range res.Facts["tally"].(map[string]int) {
					got += n
				}
			}
			if got != tt.fewest {
				t.Errorf("%s/%s(%v) counted %d, want %d, the fewest the explorer finds", tt.lab, tt.variant, tt.sets, got, tt.fewest)
			}
		})
	}

	for _, safe := range []struct{ model, variant string }{{"locks-mutex", "mutex"}, {"locks-ordered", "ordered"}} {
		if r := explore(t, safe.model, "", ""); r.Schedule != nil {
			t.Errorf("Explore(%s) broke it: %s (%s)", safe.model, challenge.FormatSchedule(r.Schedule), r.Failure.Message)
		}
		for _, cores := range []string{"1", "2", "4"} {
			sets := map[string]string{"workers": "2", "increments": "2", "cores": cores}
			res := labRun(t, "locks", safe.variant, sets)
			if !res.Complete() {
				t.Errorf("locks/%s(%v) = %q, want complete, as the explorer proves", safe.variant, sets, res.Incomplete)
			}
		}
	}

	r := explore(t, "locks-transfers", "", "")
	if r.Schedule == nil || r.Failure.Kind != challenge.Deadlock ||
		!strings.Contains(r.Failure.Message, "muB is held by G3") || !strings.Contains(r.Failure.Message, "muA is held by G2") {
		t.Errorf("Explore(locks-transfers) = %+v, want the deadlock of t1 (G2) holding A and t2 (G3) holding B", r.Failure)
	}
	if res := labRun(t, "locks", "transfers", nil); res.Incomplete != "deadlock: t1 holds A, waits for B; t2 holds B, waits for A" {
		t.Errorf("locks/transfers = %q, want its deadlock", res.Incomplete)
	}
}

// labRun runs a variant of the checker or the locks lab.
func labRun(t *testing.T, lab, variant string, sets map[string]string) labs.Result {
	t.Helper()
	l := locks.Lab()
	if lab == "checker" {
		l = checker.Lab()
	}
	return labtest.Run(t, l, variant, sets)
}
