package coroutines_test

import (
	"slices"
	"strings"
	"testing"

	"conclab/labs"
	"conclab/labs/coroutines"
)

// FuzzPredict: any prediction, typed as one string, is split and judged
// without a panic; the verdict is right exactly when the lines, trimmed and
// without blank ones, are the program's output (checked here directly, not
// through the diff), its counts agree with its lines, and it renders.
func FuzzPredict(f *testing.F) {
	puzzles := coroutines.Puzzles()
	outputs := make([][]string, len(puzzles))
	for i, p := range puzzles {
		outputs[i] = p.Run()
		f.Add(uint8(i), strings.Join(outputs[i], "\n"))
	}
	for _, s := range []string{"", "line 1\\nline 2", "a\r\nb", "\n\n\n", "  0 1 4 9 16  ", "\x00", strings.Repeat("x\n", 50)} {
		f.Add(uint8(0), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, text string) {
		i := int(which) % len(puzzles)
		p, want := puzzles[i], outputs[i]
		prediction := labs.SplitPrediction(text)
		v := coroutines.Check(p, prediction)
		var kept []string
		for _, l := range prediction {
			if l = strings.TrimSpace(l); l != "" {
				kept = append(kept, l)
			}
		}
		trimmed := make([]string, len(want))
		for j, l := range want {
			trimmed[j] = strings.TrimSpace(l)
		}
		if right := slices.Equal(kept, trimmed); v.Correct != right {
			t.Fatalf("%s: Check(%q).Correct = %v, want %v (output %q)", p.Name, prediction, v.Correct, right, want)
		}
		matched := 0
		for _, l := range v.Lines {
			if l.Status == labs.LineMatch {
				matched++
			}
		}
		if v.Want != len(want) || v.Matched != matched || v.Matched > v.Want {
			t.Fatalf("%s: Check(%q) = want %d matched %d with %d matching lines, want %d printed", p.Name, prediction, v.Want, v.Matched, matched, len(want))
		}
		if v.Render() == "" {
			t.Fatalf("%s: RenderVerdict of %q is empty", p.Name, prediction)
		}
	})
}
