package exercise

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"conclab/internal/check"
	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/components/pane"
	"conclab/tui/components/playback"
)

// lane is one of the three lanes: a pane when its run has a trace for the
// test shown, else a one-line message in an empty frame.
type lane struct {
	name    string
	pane    pane.Model
	traced  bool
	message string
}

// laneSummaries say what each lane is, for the pane's variant.
var laneSummaries = map[string]string{
	"yours":    "your code, run by the checks",
	"solution": "the solution, run by the same checks",
	"naive":    "the exercise as shipped, its TODOs undone, run by the same checks",
}

// laneSubjects say what a reference lane's checks run on, while they run.
var laneSubjects = map[string]string{"solution": "the solution", "naive": "the exercise as shipped"}

// tests are the names of the tests that wrote a trace: the learner's, or
// the first reference's when the learner's run wrote none.
func (m Model) tests() []string {
	for _, rep := range []*check.Report{m.report, m.refs[Solution].report, m.refs[Naive].report} {
		if rep == nil || len(rep.Traces) == 0 {
			continue
		}
		names := make([]string, len(rep.Traces))
		for i, t := range rep.Traces {
			names[i] = t.Test
		}
		return names
	}
	return nil
}

// traceOf is rep's trace for the test named test (nil if it wrote none).
func traceOf(rep *check.Report, test string) *trace.Trace {
	if rep == nil {
		return nil
	}
	for _, t := range rep.Traces {
		if t.Test == test {
			return t.Trace
		}
	}
	return nil
}

// buildLanes makes the three lanes for the test shown and loads their
// traces on the clock (the cursor stays where it was, within the new end;
// the speed is chosen for the first traces loaded).
func (m *Model) buildLanes() {
	if m.report == nil && m.checkErr == nil {
		m.lanes = nil
		return
	}
	names := m.tests()
	test := ""
	if len(names) > 0 {
		m.test = min(m.test, len(names)-1)
		test = names[m.test]
	}
	offset := 0
	if len(m.lanes) > 0 {
		offset = m.lanes[0].pane.Offset()
	}
	m.lanes = m.lanes[:0:0]
	var traces []*trace.Trace
	add := func(name string, rep *check.Report, err error, running bool) {
		l := lane{name: name}
		tr := traceOf(rep, test)
		switch {
		case tr != nil:
			l.traced = true
			l.pane = pane.New(m.c.Styles, labs.Variant{Name: name, Summary: laneSummaries[name]}, pane.Hooks{})
			l.pane.SetResult(labs.Result{Trace: tr}, nil)
			l.pane.SetOffset(offset)
			traces = append(traces, tr)
		case running:
			l.message = "running the checks on " + laneSubjects[name] + m.c.Styles.Glyphs.Ellipsis
		case err != nil:
			l.message = "could not run: " + err.Error()
		case rep != nil:
			l.message = "no trace: " + rep.Verdict.String()
		default:
			l.message = "no run yet"
		}
		m.lanes = append(m.lanes, l)
	}
	add("yours", m.report, m.checkErr, false)
	if m.env.Reference != nil {
		for _, r := range []Reference{Solution, Naive} {
			add(r.String(), m.refs[r].report, m.refs[r].err, m.refs[r].running)
		}
	}
	m.clock.Load(traces)
	if !m.speedSet && m.clock.End() > 0 {
		m.clock.SetSpeed(playback.AutoSpeed(m.clock.End())) // until the learner picks one
	}
	m.layout()
	m.sync()
}

// testLabel is a test's name for people: "24 boards, the talk's exhibition"
// for "TestExhibition/24_boards,_the_talk's_exhibition".
func testLabel(name string) string {
	if _, sub, ok := strings.Cut(name, "/"); ok {
		name = sub
	}
	return strings.ReplaceAll(name, "_", " ")
}

// sync moves every lane to the clock's cursor over the whole run.
func (m *Model) sync() {
	at, end := m.clock.At(), m.clock.End()
	for i := range m.lanes {
		if m.lanes[i].traced {
			m.lanes[i].pane.SetWindow(0, end)
			m.lanes[i].pane.SetCursorStep(at, m.clock.Sub())
		}
	}
}

// scrollLanes scrolls every lane's task rows together, so they stay aligned.
func (m *Model) scrollLanes(n int) {
	off := -1
	for i := range m.lanes {
		if m.lanes[i].traced {
			if off < 0 {
				off = m.lanes[i].pane.Offset()
			}
			m.lanes[i].pane.SetOffset(off + n)
		}
	}
}

// wheel scrolls what is under the mouse: the text, the lanes' task rows or
// the solution.
func (m *Model) wheel(msg tea.MouseWheelMsg) {
	n := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		n = -1
	case tea.MouseWheelDown:
		n = 1
	default:
		return
	}
	switch {
	case m.solutionOn:
		m.solution.ScrollBy(3 * n)
	case msg.Y < headerLines+m.lay.infoH:
		m.scrollInfo(n)
	default:
		m.scrollLanes(n)
	}
}
