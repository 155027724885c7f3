package check

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestPuzzleChecked: a right first prediction is a first-try solve, a
// right one after wrong ones a solve kept apart, and wrong ones after a
// solve are counted without undoing it.
func TestPuzzleChecked(t *testing.T) {
	at := time.Date(2026, 12, 6, 22, 0, 0, 0, time.UTC)
	var p Progress
	p.PuzzleChecked("coroutines", "buffered", true, at)
	p.PuzzleChecked("coroutines", "select", false, at)
	p.PuzzleChecked("coroutines", "select", false, at)
	p.PuzzleChecked("coroutines", "select", true, at.Add(time.Minute))
	p.PuzzleChecked("coroutines", "buffered", false, at.Add(time.Hour))
	p.PuzzleChecked("coroutines", "pull", false, at)
	for _, tc := range []struct {
		puzzle string
		want   PuzzleRecord
	}{
		{"buffered", PuzzleRecord{Solved: true, FirstTry: true, Wrong: 1, SolvedAt: at}},
		{"select", PuzzleRecord{Solved: true, Wrong: 2, SolvedAt: at.Add(time.Minute)}},
		{"pull", PuzzleRecord{Wrong: 1}},
	} {
		if got := p.Puzzle("coroutines", tc.puzzle); got != tc.want {
			t.Errorf("Puzzle(coroutines, %s) = %+v, want %+v", tc.puzzle, got, tc.want)
		}
	}
	if s, f := p.PuzzlesSolved("coroutines", []string{"buffered", "select", "pull", "none"}); s != 2 || f != 1 {
		t.Errorf("PuzzlesSolved = %d, %d, want 2 solved, 1 on the first try", s, f)
	}
}

// TestLearnerFile: puzzles, the last lab and the predictions slot are saved
// beside the exercises; a file without them (an older conclab's) reads as
// none; unknown fields inside them are kept; a predictions slot of a newer
// version is kept as it is and not read; values out of range are corrected
// with the file kept aside; a field of the wrong type sets the file aside.
func TestLearnerFile(t *testing.T) {
	at := time.Date(2026, 12, 6, 22, 0, 0, 0, time.UTC)
	s := Store{Dir: t.TempDir()}
	if err := os.WriteFile(s.Path(), []byte(`{"version": 1, "exercises": {"chess": {"solved": true}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	p, warning, err := s.Load()
	if err != nil || warning != "" || p.Puzzles != nil || p.Last != nil || p.Predictions != nil {
		t.Fatalf("Load(an older file) = %+v, %q, %v, want no puzzles, last lab or predictions", p, warning, err)
	}
	_, warning, err = s.Update(func(p *Progress) {
		p.PuzzleChecked("coroutines", "buffered", true, at)
		p.Last = &LastLab{Lab: "chess", Step: 3, Variants: []string{"concurrent"}, Set: map[string]string{"boards": "12"}, At: at}
		p.Predicted(PredictionKey("chess", "concurrent", "total"), PredictionRecord{Guess: "1h", Truth: "1:00:55", Off: 0.015, Right: true, At: at})
	})
	if err != nil || warning != "" {
		t.Fatalf("Update() = %q, %v", warning, err)
	}
	b, _ := os.ReadFile(s.Path())
	want := `{
  "version": 1,
  "exercises": {
    "chess": {
      "solved": true
    }
  },
  "puzzles": {
    "coroutines/buffered": {
      "solved": true,
      "first_try": true,
      "solved_at": "2026-12-06T22:00:00Z"
    }
  },
  "last_lab": {
    "lab": "chess",
    "step": 3,
    "variants": [
      "concurrent"
    ],
    "set": {
      "boards": "12"
    },
    "at": "2026-12-06T22:00:00Z"
  },
  "predictions": {
    "version": 1,
    "records": {
      "chess/concurrent/total": {
        "guess": "1h",
        "truth": "1:00:55",
        "off": 0.015,
        "right": true,
        "at": "2026-12-06T22:00:00Z"
      }
    }
  }
}
`
	if string(b) != want {
		t.Errorf("the file holds\n%s\nwant\n%s", b, want)
	}

	s = Store{Dir: t.TempDir()}
	in := `{"version":1,"exercises":{},"puzzles":{"coroutines/pull":{"wrong":1,"hint":2}},"last_lab":{"lab":"gil","zoom":3},"predictions":{"version":1,"records":{"a/b/total":{"guess":"1s","truth":"2s","off":0.5,"why":"x"}},"note":"n"}}`
	if err := os.WriteFile(s.Path(), []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, warning, err := s.Update(func(p *Progress) { p.PuzzleChecked("coroutines", "pull", true, at) }); err != nil || warning != "" {
		t.Fatalf("Update() = %q, %v", warning, err)
	}
	b, _ = os.ReadFile(s.Path())
	for _, kept := range []string{`"hint": 2`, `"zoom": 3`, `"why": "x"`, `"note": "n"`, `"wrong": 1,`, `"solved": true`} {
		if !strings.Contains(string(b), kept) {
			t.Errorf("after Update the file lost %s:\n%s", kept, b)
		}
	}

	s = Store{Dir: t.TempDir()}
	newer := `{"version":1,"exercises":{},"predictions":{"version":2,"whatever":[1,2]}}`
	if err := os.WriteFile(s.Path(), []byte(newer), 0o644); err != nil {
		t.Fatal(err)
	}
	p, _, err = s.Update(func(p *Progress) { p.Last = &LastLab{Lab: "gil"} })
	if err != nil || p.Predictions != nil {
		t.Fatalf("Update(a newer predictions slot) = %+v, %v, want it not read", p.Predictions, err)
	}
	if b, _ := os.ReadFile(s.Path()); !strings.Contains(string(b), "\"predictions\": {\n    \"version\": 2,\n    \"whatever\": [") {
		t.Errorf("a newer predictions slot was not kept as it was:\n%s", b)
	}

	for _, tc := range []struct{ in, warning string }{
		{`{"version":1,"puzzles":{"coroutines/x":{"wrong":-3,"first_try":true}}}`, "puzzle coroutines/x: wrong -3 → 0"},
		{`{"version":1,"last_lab":{"lab":"chess","step":-2}}`, "last lab: step -2 → 0"},
		{`{"version":1,"predictions":{"version":1,"records":{"a/b/c":{"off":-1}}}}`, "prediction a/b/c: off -1 → 0"},
		{`{"version":1,"puzzles":[1]}`, "unreadable (puzzle"},
		{`{"version":1,"last_lab":{"lab":7}}`, "unreadable (last_lab"},
		{`{"version":1,"predictions":{"version":1,"records":{"a":{"guess":1}}}}`, "unreadable (prediction"},
	} {
		s := Store{Dir: t.TempDir()}
		if err := os.WriteFile(s.Path(), []byte(tc.in), 0o644); err != nil {
			t.Fatal(err)
		}
		_, warning, err := s.Load()
		if err != nil || !strings.Contains(warning, tc.warning) {
			t.Errorf("Load(%s) = %q, %v, want a warning with %q", tc.in, warning, err, tc.warning)
		}
	}
}
