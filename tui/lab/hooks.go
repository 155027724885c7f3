package lab

import (
	"slices"

	"conclab/labs"
	"conclab/tui/components/guess"
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

// judged is the learner's guesses beside the lanes' results once every
// lane has finished; nil before, or when nothing was guessed.
func (m Model) judged() []labs.Judged { return m.judge(true) }

// judge judges the guesses against the lanes' results; done waits for
// every lane to finish playing (else the results are judged as soon as
// they are back, for the layout to keep room for them).
func (m Model) judge(done bool) []labs.Judged {
	gs := m.guess.Guesses()
	if len(gs) == 0 || len(m.panes) == 0 || m.pending != nil || m.guess.Typing() {
		return nil
	}
	results := map[string]labs.Result{}
	for _, p := range m.panes {
		if done && !p.Done() {
			return nil
		}
		r, err, _ := p.Result()
		if err == nil {
			results[p.Name()] = r
		}
	}
	return m.lab.Judge(gs, results)
}

// locked notes that the learner let go of the prompt: with guesses typed,
// runs after a change ask again.
func (m *Model) locked() {
	if len(m.guess.Guesses()) > 0 {
		m.guessed = true
	}
}

// newGuess gives the lanes of a new run their prompt: the same guesses when
// the variants and values did not change (a rerun), else an empty prompt.
func (m *Model) newGuess(names []string, changed bool) {
	if !changed && m.guess.Any() {
		m.reported = false
		return
	}
	m.guess = guess.New(m.c.Styles, m.lab, names)
	m.reported = false
}

// changed reports whether a run of names with values shows other lanes
// than those on screen (other variants or other parameter values).
func (m Model) changed(names []string, values labs.Values) bool {
	if len(m.panes) == 0 || !slices.Equal(names, m.shown) {
		return true
	}
	for _, p := range m.lab.Params {
		if values.String(p.Name) != m.values.String(p.Name) {
			return true
		}
	}
	return false
}
