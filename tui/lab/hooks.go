package lab

import (
	"conclab/labs/coroutines"
	"conclab/tui/components/pane"
	"conclab/tui/components/predict"
)

// hooks are the lab-specific views of the lanes, by lab name. Labs never
// import the TUI, so the TUI keeps them here; a lab without an entry gets the
// generic lanes (timeline, facts, queues, output).
var hooks = map[string]pane.Hooks{"spinner": spinnerHooks, "countdown": countdownHooks}

// HooksFor returns the lane hooks of the lab called name (empty for most labs).
func HooksFor(name string) pane.Hooks { return hooks[name] }

// checkers judge predictions line by line for the puzzle labs that can say
// more than their Predict's text.
var checkers = map[string]predict.Checker{"coroutines": checkCoroutine}

// checkCoroutine runs a coroutine puzzle and diffs the prediction against
// its output (coroutines.Check), line by line.
func checkCoroutine(name string, prediction []string) (predict.Verdict, error) {
	p, err := coroutines.Find(name)
	if err != nil {
		return predict.Verdict{}, err
	}
	v := coroutines.Check(p, prediction)
	out := predict.Verdict{Correct: v.Correct, Matched: v.Matched, Want: v.Want, Explanation: v.Explanation}
	status := map[coroutines.Status]predict.Status{
		coroutines.Match: predict.Match, coroutines.Differ: predict.Differ,
		coroutines.Missing: predict.Missing, coroutines.Extra: predict.Extra,
	}
	for _, l := range v.Lines {
		out.Lines = append(out.Lines, predict.Line{Status: status[l.Status], N: l.Line, Want: l.Want, Got: l.Got})
	}
	return out, nil
}
