package coroutines

import (
	"strings"

	"conclab/labs"
)

// Check runs the puzzle and compares its output with a prediction, line by
// line. Matching forgives whitespace around a line and blank lines (the
// programs print none), and is strict about everything else: the text of
// each line and the order of the lines. Lines are aligned with a longest
// common subsequence, so one forgotten line shows as missing rather than
// shifting every line after it.
func Check(p Puzzle, prediction []string) labs.Verdict {
	return compare(p, p.Run(), prediction)
}

// compare builds the verdict of prediction against the output lines want.
func compare(p Puzzle, want, prediction []string) labs.Verdict {
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
	v := labs.Verdict{Puzzle: p.Name, Want: len(want), Explanation: p.Explanation}
	var missing, extra []labs.VerdictLine // the unmatched lines since the last match
	flush := func() {
		n := min(len(missing), len(extra))
		for k := range n {
			v.Lines = append(v.Lines, labs.VerdictLine{Status: labs.LineDiffer, Line: missing[k].Line, Want: missing[k].Want, Got: extra[k].Got})
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
			v.Lines = append(v.Lines, labs.VerdictLine{Status: labs.LineMatch, Line: j + 1, Want: want[j], Got: got[i]})
			v.Matched++
			i, j = i+1, j+1
		case j == len(key) || i < len(got) && lcs[i+1][j] >= lcs[i][j+1]:
			extra = append(extra, labs.VerdictLine{Status: labs.LineExtra, Got: got[i]})
			i++
		default:
			missing = append(missing, labs.VerdictLine{Status: labs.LineMissing, Line: j + 1, Want: want[j]})
			j++
		}
	}
	flush()
	v.Correct = v.Matched == len(want) && len(got) == len(want)
	return v
}
