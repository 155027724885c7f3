package labs

import (
	"fmt"

	"conclab/labs/trace"
)

// Views are the views a lab adds to the generic ones (lanes with their
// timeline, facts and output; the walkthrough as markdown), declared as
// plain data that every front end knows how to draw. The zero value adds
// none.
type Views struct {
	// LiveTask names a task whose output lines are frames drawn over each
	// other on one line of a terminal, as a spinner draws "\r" + frame: a
	// lane shows that line as it is at the playback cursor, how many frames
	// were drawn so far, and whether the task is spinning, frozen (no frame
	// for two frame times) or stopped (it printed a blank frame, or another
	// task printed). Empty: no such view.
	LiveTask string
	// OutputRows is how many output lines a lane keeps beside its timeline,
	// for a lab whose interleaved output is the lesson; 0 leaves it to the
	// front end (a few).
	OutputRows int
	// Charts draw some walkthrough steps as a chart above their text.
	Charts []StepChart
}

// StepChart draws one walkthrough step as a chart above its text, both
// computed from the parameter values the learner has set.
type StepChart struct {
	// Step is the Title of the walkthrough step it draws.
	Step string
	// Draw returns the chart and the markdown shown below it: the step's
	// text redone for values, without what the chart says. It is called
	// with valid values of the lab.
	Draw func(Values) (Chart, string)
}

// Chart is a bar chart as plain data: one row per bar, each with its cells
// of text in columns and the value its bar's length is proportional to.
type Chart struct {
	// Title is the chart's heading.
	Title string
	// Right says, per column, whether its cells are flush right (numbers);
	// a column it does not reach is flush left.
	Right []bool
	// Rows are the bars, from top to bottom.
	Rows []ChartRow
	// Log draws the bars on a log scale: a bar's length is proportional to
	// log10(value + 1), so that values many orders of magnitude apart show.
	Log bool
}

// ChartRow is one bar of a Chart.
type ChartRow struct {
	// Cells are the row's text, one per column.
	Cells []string
	// Value is the bar's length (> 0; a bar is always drawn at least one cell long).
	Value float64
	// State draws the bar as a task in that state is drawn in a lane:
	// trace.Running for work that holds the processor, trace.Waiting for
	// a wait that does not.
	State trace.State
}

// chart returns the chart of the step titled title, if the lab draws one.
func (v Views) chart(title string) (StepChart, bool) {
	for _, c := range v.Charts {
		if c.Step == title {
			return c, true
		}
	}
	return StepChart{}, false
}

// Chart returns the chart that draws the walkthrough step titled title
// with values, and the markdown to show below it; ok is false when the lab
// draws that step as plain markdown.
func (l *Lab) Chart(title string, values Values) (c Chart, body string, ok bool) {
	sc, ok := l.Views.chart(title)
	if !ok {
		return Chart{}, "", false
	}
	c, body = sc.Draw(values)
	return c, body, true
}

// validate checks that every chart draws a step of the lab, once.
func (v Views) validate(l *Lab) error {
	seen := map[string]bool{}
	for _, c := range v.Charts {
		if c.Draw == nil {
			return fmt.Errorf("labs: lab %q: the chart of step %q has no Draw", l.Name, c.Step)
		}
		if seen[c.Step] {
			return fmt.Errorf("labs: lab %q: two charts draw step %q", l.Name, c.Step)
		}
		seen[c.Step] = true
		found := false
		for _, s := range l.Steps {
			found = found || s.Title == c.Step
		}
		if !found {
			return fmt.Errorf("labs: lab %q: a chart draws step %q, which the walkthrough does not have", l.Name, c.Step)
		}
	}
	if v.OutputRows < 0 {
		return fmt.Errorf("labs: lab %q: OutputRows = %d, want 0 or more", l.Name, v.OutputRows)
	}
	return nil
}
