package labs

import (
	"fmt"
	"strings"
)

// LineStatus is how one line of a prediction compares with the program's
// output.
type LineStatus string

// The statuses of a line in a Verdict.
const (
	// LineMatch: the predicted line is the printed line.
	LineMatch LineStatus = "match"
	// LineDiffer: a line was predicted here, but the program printed another.
	LineDiffer LineStatus = "differ"
	// LineMissing: the program printed a line the prediction lacks.
	LineMissing LineStatus = "missing"
	// LineExtra: the prediction has a line the program did not print.
	LineExtra LineStatus = "extra"
)

// VerdictLine is one line of the diff between a prediction and the output.
type VerdictLine struct {
	Status LineStatus
	// Line is the line's number in the program's output, from 1; 0 for a LineExtra.
	Line int
	// Want is the line the program printed; empty for a LineExtra.
	Want string
	// Got is the line predicted; empty for a LineMissing.
	Got string
}

// Verdict is a Lab.Predict's judgement of a prediction of a program's
// output, line by line. Front ends draw it their own way (the TUI marks
// each line; the CLI prints Render).
type Verdict struct {
	// Puzzle is the variant whose output was predicted.
	Puzzle string
	// Correct is true when every line matches, in order, and nothing is missing or extra.
	Correct bool
	// Matched counts the printed lines that were predicted; Want is how many lines were printed.
	Matched, Want int
	// Lines is the diff, in the order of the program's output; an extra line
	// sits where it was predicted.
	Lines []VerdictLine
	// Explanation says why the program prints what it prints (markdown); empty when there is none.
	Explanation string
}

// Render renders the verdict as text for a terminal: a score line, one
// line per line of the diff (with the line number in the output), and the
// explanation.
//
//	waitgroup: 1 of 2 lines right
//	   1 ok       [0 1 4 9 16]
//	   2 differs  sum 30
//	              you wrote: sum 31
//
//	Why: ...
func (v Verdict) Render() string {
	var b strings.Builder
	switch {
	case v.Correct:
		fmt.Fprintf(&b, "%s: all %d lines right\n", v.Puzzle, v.Want)
	default:
		fmt.Fprintf(&b, "%s: %d of %d lines right\n", v.Puzzle, v.Matched, v.Want)
	}
	for _, l := range v.Lines {
		switch l.Status {
		case LineMatch:
			fmt.Fprintf(&b, "%4d ok       %s\n", l.Line, l.Want)
		case LineDiffer:
			fmt.Fprintf(&b, "%4d differs  %s\n", l.Line, l.Want)
			fmt.Fprintf(&b, "%4s          you wrote: %s\n", "", l.Got)
		case LineMissing:
			fmt.Fprintf(&b, "%4d missing  %s\n", l.Line, l.Want)
		case LineExtra:
			fmt.Fprintf(&b, "%4s extra    you wrote: %s\n", "", l.Got)
		}
	}
	if v.Explanation != "" {
		fmt.Fprintf(&b, "\nWhy: %s\n", v.Explanation)
	}
	return b.String()
}

// SplitPrediction splits a prediction typed as one string into lines: at
// newlines, and at the two characters \n, so that --predict "a\nb" works
// from a shell that does not turn \n into a newline.
func SplitPrediction(text string) []string {
	text = strings.ReplaceAll(text, `\n`, "\n")
	return strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
}
