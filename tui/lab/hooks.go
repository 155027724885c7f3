package lab

import (
	"conclab/labs"
	"conclab/tui/components/pane"
	"conclab/tui/components/predict"
)

// HooksFor returns the lane hooks of the lab called name: the views it
// declares (labs.Views) that the lanes draw — a live-output task's screen
// line, more output rows. Empty for a lab that declares none.
func HooksFor(name string) pane.Hooks {
	l, err := labs.Get(name)
	if err != nil {
		return pane.Hooks{}
	}
	h := pane.Hooks{OutputRows: l.Views.OutputRows}
	if task := l.Views.LiveTask; task != "" {
		h.Live, h.LiveRows = liveView(task), liveRows
	}
	return h
}

// checker judges predictions with the lab's Predict (labs.Lab.Predict),
// line by line.
func checker(l *labs.Lab) predict.Checker {
	return func(puzzle string, prediction []string) (predict.Verdict, error) {
		v, err := l.Predict(puzzle, prediction)
		if err != nil {
			return predict.Verdict{}, err
		}
		out := predict.Verdict{Correct: v.Correct, Matched: v.Matched, Want: v.Want, Explanation: v.Explanation}
		for _, line := range v.Lines {
			out.Lines = append(out.Lines, predict.Line{Status: lineStatus[line.Status], N: line.Line, Want: line.Want, Got: line.Got})
		}
		return out, nil
	}
}

// lineStatus is how the prediction panel marks each status of a verdict's line.
var lineStatus = map[labs.LineStatus]predict.Status{
	labs.LineMatch: predict.Match, labs.LineDiffer: predict.Differ,
	labs.LineMissing: predict.Missing, labs.LineExtra: predict.Extra,
}
