package lab

import (
	"fmt"
	"math"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/flags/latency"
	"conclab/tui/components/frame"
	"conclab/tui/components/walkthrough"
	"conclab/tui/styles"
)

// stepViews draw some walkthrough steps their own way, by lab name.
var stepViews = map[string]func(st styles.Styles, v labs.Values) walkthrough.StepView{
	"flags": latencyView,
}

// latencyTitle is the title of the latency scale's step (latency.Step).
const latencyTitle = "The latency scale"

// latencyView draws the latency scale as a chart with the server of the
// lab (its delay parameter) as the last bar, above the step's text redone
// for that delay, without its table (the chart says it).
func latencyView(st styles.Styles, v labs.Values) walkthrough.StepView {
	delay := 500 * time.Millisecond
	if d, ok := durationParam(v, "delay"); ok {
		delay = d
	}
	return func(step labs.Step, width int) []string {
		if step.Title != latencyTitle {
			return nil
		}
		var text []string
		for _, l := range strings.Split(latency.Step(delay).Body, "\n") {
			if !strings.HasPrefix(l, "|") {
				text = append(text, l)
			}
		}
		chart := LatencyChart(st, delay, width)
		return append(append(chart, ""), walkthrough.Render(st, strings.Join(text, "\n"), width)...)
	}
}

// durationParam is the duration parameter called name, if the values have it.
func durationParam(v labs.Values, name string) (d time.Duration, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	if v.String(name) == "" {
		return 0, false
	}
	return v.Duration(name), true
}

// LatencyChart draws the latency scale in width cells: per level its CPU
// cycles, the time they would take if a cycle lasted a second, and a bar on
// a log scale; the last bar is a request to a server that answers after
// delay. Memory is drawn as running, I/O as waiting: what a task does while
// it reads each.
func LatencyChart(st styles.Styles, delay time.Duration, width int) []string {
	type row struct {
		name   string
		cycles int64
		io     bool
	}
	rows := make([]row, 0, len(latency.Levels)+1)
	for i, l := range latency.Levels {
		rows = append(rows, row{l.Name, l.Cycles, i >= 3})
	}
	if c := latency.Cycles(delay); c > 0 {
		rows = append(rows, row{"this server (" + delay.String() + ")", c, true})
	}
	nameW, cycW, humanW := 0, 0, 0
	var top int64 = 1
	for _, r := range rows {
		nameW = max(nameW, len(r.name))
		cycW = max(cycW, len(latency.Group(r.cycles)))
		humanW = max(humanW, len(latency.Describe(latency.Human(r.cycles))))
		top = max(top, r.cycles)
	}
	g := st.Glyphs
	barW := width - nameW - cycW - humanW - 6
	out := []string{st.Title.Render("If one CPU cycle took one second") + st.Muted.Render(" (bars on a log scale)")}
	for _, r := range rows {
		human := latency.Describe(latency.Human(r.cycles))
		line := fmt.Sprintf("%-*s  %*s  %-*s", nameW, r.name, cycW, latency.Group(r.cycles), humanW, human)
		if barW >= 4 {
			n := max(1, int(math.Round(float64(barW)*math.Log10(float64(r.cycles)+1)/math.Log10(float64(top)+1))))
			style, glyph := st.Running, g.Running
			if r.io {
				style, glyph = st.Waiting, g.Waiting
			}
			line += "  " + style.Render(strings.Repeat(glyph, n))
		}
		out = append(out, frame.Cut(line, width, g.Ellipsis))
	}
	return out
}
