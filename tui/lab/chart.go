package lab

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"conclab/labs"
	"conclab/tui/components/frame"
	"conclab/tui/components/walkthrough"
	"conclab/tui/styles"
)

// stepView draws the walkthrough steps that l draws as charts
// (labs.Views.Charts): the chart for the values, then the step's text
// redone for them. nil when l has no charts.
func stepView(st styles.Styles, l *labs.Lab, v labs.Values) walkthrough.StepView {
	if len(l.Views.Charts) == 0 {
		return nil
	}
	return func(step labs.Step, width int) []string {
		c, body, ok := l.Chart(step.Title, v)
		if !ok {
			return nil
		}
		return append(append(Chart(st, c, width), ""), walkthrough.Render(st, body, width)...)
	}
}

// Chart draws c in width cells: its title, then per row its cells in
// columns and a bar, coloured as a task in the row's state is in a lane,
// whose length is proportional to the row's value (to its logarithm on a
// log scale, which the title then says). The bars get the room the
// columns leave; with less than four cells there are none.
func Chart(st styles.Styles, c labs.Chart, width int) []string {
	var colW []int
	top := 1.0
	for _, r := range c.Rows {
		for i, cell := range r.Cells {
			if i == len(colW) {
				colW = append(colW, 0)
			}
			colW[i] = max(colW[i], utf8.RuneCountInString(cell))
		}
		top = max(top, r.Value)
	}
	barW := width - 2*len(colW)
	for _, w := range colW {
		barW -= w
	}
	title := st.Title.Render(c.Title)
	if c.Log {
		title += st.Muted.Render(" (bars on a log scale)")
	}
	out := []string{title}
	for _, r := range c.Rows {
		cells := make([]string, len(colW))
		for i := range colW {
			cell := ""
			if i < len(r.Cells) {
				cell = r.Cells[i]
			}
			if i < len(c.Right) && c.Right[i] {
				cells[i] = fmt.Sprintf("%*s", colW[i], cell)
			} else {
				cells[i] = fmt.Sprintf("%-*s", colW[i], cell)
			}
		}
		line := strings.Join(cells, "  ")
		if barW >= 4 {
			x := float64(barW) * r.Value / top
			if c.Log {
				x = float64(barW) * math.Log10(r.Value+1) / math.Log10(top+1)
			}
			n := max(1, int(math.Round(x)))
			style, glyph := st.State(r.State)
			line += "  " + style.Render(strings.Repeat(glyph, n))
		}
		out = append(out, frame.Cut(line, width, st.Glyphs.Ellipsis))
	}
	return out
}
