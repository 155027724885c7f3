package cli

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"conclab/exercises"
)

func TestHint(t *testing.T) {
	store := testWorkspace(t, repoRoot(t))
	ex := mustExercise(t, "chess")
	for i, n := range []int{1, 2, 3, 3} {
		code, out, errs := runIn("", "hint", "chess")
		want := fmt.Sprintf("hint %d/3 for chess: %s", n, strings.Fields(ex.Hints[n-1])[0])
		if code != ExitOK || errs != "" || !strings.HasPrefix(out, want) {
			t.Errorf("hint chess, call %d = %d, %q, stderr %q, want it to start %q", i+1, code, out, errs, want)
		}
		p, _, _ := store.Load()
		if got := p.Get("chess").Hints; got != n {
			t.Errorf("after hint call %d, progress has %d hints shown, want %d", i+1, got, n)
		}
	}
	if _, out, _ := runIn("", "hint", "chess"); !strings.Contains(out, "That was the last hint again.") {
		t.Errorf("hint after the last = %q, want it to say it was the last one again", out)
	}
	first := exercises.All()[0]
	if first.Name != "chess" {
		if _, out, _ := runIn("", "hint"); !strings.HasPrefix(out, "hint 1/3 for "+first.Name) {
			t.Errorf("hint with no name = %q, want the first hint of the next unsolved exercise (%s)", out, first.Name)
		}
	}
}

func TestHintWithCorruptProgress(t *testing.T) {
	store := testWorkspace(t, repoRoot(t))
	os.WriteFile(store.Path(), []byte("{{{"), 0o644)
	code, out, errs := runIn("", "hint", "chess")
	if code != ExitOK || !strings.HasPrefix(out, "hint 1/3 for chess") {
		t.Errorf("hint with a corrupt progress file = %d, %q, want the first hint", code, out)
	}
	if !strings.HasPrefix(errs, "conclab: warning: your progress file was unreadable") || strings.Count(errs, "\n") != 1 {
		t.Errorf("hint with a corrupt progress file: stderr %q, want one warning line", errs)
	}
}

// TestHintWithValuesOutOfRange: a negative hint count (edited by hand, or
// by code) is corrected with a warning, never a panic.
func TestHintWithValuesOutOfRange(t *testing.T) {
	for _, hints := range []string{"-1", "-999", "99"} {
		store := testWorkspace(t, repoRoot(t))
		os.WriteFile(store.Path(), []byte(`{"version": 1, "exercises": {"chess": {"hints": `+hints+`}}}`), 0o644)
		code, out, errs := runIn("", "hint", "chess")
		want := "hint 1/3 for chess"
		if hints == "99" {
			want = "hint 3/3 for chess"
		}
		if code != ExitOK || !strings.HasPrefix(out, want) {
			t.Errorf("hint with hints %s in the file = %d, %q, want %q…", hints, code, out, want)
		}
		if !strings.HasPrefix(errs, "conclab: warning: your progress file had values out of range (chess: hints "+hints) || strings.Count(errs, "\n") != 1 {
			t.Errorf("hint with hints %s in the file: stderr %q, want one warning line", hints, errs)
		}
	}
}

func TestHintText(t *testing.T) {
	long := strings.Repeat("word ", 30) + "end."
	tests := []struct{ head, hint, want string }{
		{"hint 1/3 for x:", "One line.", "hint 1/3 for x: One line."},
		{"hint 1/3 for x:", long, wrap("hint 1/3 for x: "+long, "  ", 100)},
		{"hint 3/3 for x:", "In Play:\n    mu.Lock()\n\n        work()\nthen sleep.\n- a list item",
			"hint 3/3 for x: In Play:\n      mu.Lock()\n\n          work()\n  then sleep.\n  - a list item"},
		{"hint 3/3 for x:", "    var wg sync.WaitGroup\n    wg.Wait()", "hint 3/3 for x:\n      var wg sync.WaitGroup\n      wg.Wait()"},
		{"hint 2/3 for x:", "First.\n" + long, "hint 2/3 for x: First.\n" + wrap("  "+long, "  ", 100)},
	}
	for _, tt := range tests {
		if got := hintText(tt.head, tt.hint); got != tt.want {
			t.Errorf("hintText(%q, %q) =\n%s\nwant\n%s", tt.head, tt.hint, got, tt.want)
		}
	}
	for _, line := range strings.Split(hintText("hint 2/3 for x:", "First.\n"+long), "\n") {
		if len(line) > 100 {
			t.Errorf("hintText line %q is %d columns, want at most 100", line, len(line))
		}
	}
}
