package coroutines

import (
	"fmt"
	"strings"
)

// Status is how one line of a prediction compares with the program's output.
type Status string

// The statuses of a line in a Verdict.
const (
	// Match: the predicted line is the printed line.
	Match Status = "match"
	// Differ: a line was predicted here, but the program printed another.
	Differ Status = "differ"
	// Missing: the program printed a line the prediction lacks.
	Missing Status = "missing"
	// Extra: the prediction has a line the program did not print.
	Extra Status = "extra"
)

// LineVerdict is one line of the diff between a prediction and the output.
type LineVerdict struct {
	Status Status
	// Line is the line's number in the program's output, from 1; 0 for an Extra line.
	Line int
	// Want is the line the program printed; empty for an Extra line.
	Want string
	// Got is the line predicted; empty for a Missing line.
	Got string
}

// Verdict is the result of checking a prediction against a puzzle's output.
type Verdict struct {
	Puzzle string
	// Correct is true when every line matches, in order, and nothing is missing or extra.
	Correct bool
	// Matched counts the printed lines that were predicted; Want is how many lines were printed.
	Matched, Want int
	// Lines is the diff, in the order of the program's output; an extra line
	// sits where it was predicted.
	Lines []LineVerdict
	// Explanation is the puzzle's explanation (markdown).
	Explanation string
}

// Check runs the puzzle and compares its output with a prediction, line by
// line. Matching forgives whitespace around a line and blank lines (the
// programs print none), and is strict about everything else: the text of
// each line and the order of the lines. Lines are aligned with a longest
// common subsequence, so one forgotten line shows as missing rather than
// shifting every line after it.
func Check(p Puzzle, prediction []string) Verdict {
	return compare(p, p.Run(), prediction)
}

// compare builds the verdict of prediction against the output lines want.
func compare(p Puzzle, want, prediction []string) Verdict {
	var got []string
	for _, line := range prediction {
		if line = strings.TrimSpace(line); line != "" {
			got = append(got, line)
		}
	}
	key := make([]string, len(want))
	for i, w := range want {
		key[i] = strings.TrimSpace(w)
	}
	// lcs[i][j] is the length of the longest common subsequence of got[i:] and key[j:].
	lcs := make([][]int, len(got)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(key)+1)
	}
	for i := len(got) - 1; i >= 0; i-- {
		for j := len(key) - 1; j >= 0; j-- {
			if got[i] == key[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	v := Verdict{Puzzle: p.Name, Want: len(want), Explanation: p.Explanation}
	var missing, extra []LineVerdict // the unmatched lines since the last match
	flush := func() {
		n := min(len(missing), len(extra))
		for k := range n {
			v.Lines = append(v.Lines, LineVerdict{Status: Differ, Line: missing[k].Line, Want: missing[k].Want, Got: extra[k].Got})
		}
		v.Lines = append(v.Lines, missing[n:]...)
		v.Lines = append(v.Lines, extra[n:]...)
		missing, extra = missing[:0], extra[:0]
	}
	i, j := 0, 0
	for i < len(got) || j < len(key) {
		switch {
		case i < len(got) && j < len(key) && got[i] == key[j]:
			flush()
			v.Lines = append(v.Lines, LineVerdict{Status: Match, Line: j + 1, Want: want[j], Got: got[i]})
			v.Matched++
			i, j = i+1, j+1
		case j == len(key) || i < len(got) && lcs[i+1][j] >= lcs[i][j+1]:
			extra = append(extra, LineVerdict{Status: Extra, Got: got[i]})
			i++
		default:
			missing = append(missing, LineVerdict{Status: Missing, Line: j + 1, Want: want[j]})
			j++
		}
	}
	flush()
	v.Correct = v.Matched == len(want) && len(got) == len(want)
	return v
}

// SplitPrediction splits a prediction typed as one string into lines: at
// newlines, and at the two characters \n, so that --predict "a\nb" works
// from a shell that does not turn \n into a newline.
func SplitPrediction(text string) []string {
	text = strings.ReplaceAll(text, `\n`, "\n")
	return strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
}

// RenderVerdict renders a verdict as text for the terminal: a score line,
// one line per line of the diff (with the line number in the output), and
// the explanation.
//
//	waitgroup: 1 of 2 lines right
//	   1 ok       [0 1 4 9 16]
//	   2 differs  sum 30
//	              you wrote: sum 31
//
//	Why: ...
func RenderVerdict(v Verdict) string {
	var b strings.Builder
	switch {
	case v.Correct:
		fmt.Fprintf(&b, "%s: all %d lines right\n", v.Puzzle, v.Want)
	default:
		fmt.Fprintf(&b, "%s: %d of %d lines right\n", v.Puzzle, v.Matched, v.Want)
	}
	for _, l := range v.Lines {
		switch l.Status {
		case Match:
			fmt.Fprintf(&b, "%4d ok       %s\n", l.Line, l.Want)
		case Differ:
			fmt.Fprintf(&b, "%4d differs  %s\n", l.Line, l.Want)
			fmt.Fprintf(&b, "%4s          you wrote: %s\n", "", l.Got)
		case Missing:
			fmt.Fprintf(&b, "%4d missing  %s\n", l.Line, l.Want)
		case Extra:
			fmt.Fprintf(&b, "%4s extra    you wrote: %s\n", "", l.Got)
		}
	}
	if v.Explanation != "" {
		fmt.Fprintf(&b, "\nWhy: %s\n", v.Explanation)
	}
	return b.String()
}
