package timeline

import (
	"fmt"
	"strings"
	"time"
)

// niceSteps are the tick intervals the axis picks from, smallest first.
var niceSteps = []time.Duration{
	time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond,
	10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// TickStep returns the smallest nice interval whose ticks are at least gap
// columns apart when span is drawn over cols columns.
func TickStep(span time.Duration, cols, gap int) time.Duration {
	if span <= 0 || cols <= 0 {
		return 0
	}
	for _, s := range niceSteps {
		if float64(s)/float64(span)*float64(cols) >= float64(gap) {
			return s
		}
	}
	step := niceSteps[len(niceSteps)-1]
	for float64(step)/float64(span)*float64(cols) < float64(gap) {
		step *= 2
	}
	return step
}

// Short formats d compactly for an axis label: "0", "500ms", "1.5s", "2m",
// "1m30s", "3h", "1h30m".
func Short(d time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case d < time.Second:
		return fmt.Sprintf("%dms", d/time.Millisecond)
	case d < time.Minute && d%time.Second != 0:
		return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", d.Seconds()), "0"), ".") + "s"
	case d < time.Minute:
		return fmt.Sprintf("%ds", d/time.Second)
	case d < time.Hour:
		if s := (d % time.Minute) / time.Second; s != 0 {
			return fmt.Sprintf("%dm%02ds", d/time.Minute, s)
		}
		return fmt.Sprintf("%dm", d/time.Minute)
	default:
		if mins := (d % time.Hour) / time.Minute; mins != 0 {
			return fmt.Sprintf("%dh%02dm", d/time.Hour, mins)
		}
		return fmt.Sprintf("%dh", d/time.Hour)
	}
}

// axisLines draws the axis line (ticks and the cursor mark) and the tick
// labels under it, each cols cells wide.
func (m Model) axisLines(cols int) (axis, labels string) {
	g := m.st.Glyphs
	line := make([]string, cols)
	for i := range line {
		line[i] = g.Axis
	}
	lab := []byte(strings.Repeat(" ", cols))
	span := m.to - m.from
	if step := TickStep(span, cols, 8); step > 0 {
		first := (m.from + step - 1) / step * step
		next := 0 // first free label column
		for t := first; t <= m.to; t += step {
			c := m.column(t, cols)
			if t == m.to {
				c = cols - 1
			}
			line[c] = g.Tick
			text := Short(t)
			switch {
			case c >= next && c+len(text) <= cols:
				copy(lab[c:], text)
				next = c + len(text) + 1
			case t == m.to && cols-len(text) >= next: // the end's label, right-aligned
				copy(lab[cols-len(text):], text)
			}
		}
	}
	var b strings.Builder
	cur := -1
	if m.to > m.from && m.at >= m.from && m.at <= m.to {
		cur = m.column(m.at, cols)
	}
	if cur < 0 {
		m.axis.WriteTo(&b, strings.Join(line, ""))
	} else {
		m.axis.WriteTo(&b, strings.Join(line[:cur], ""))
		m.cursor.WriteTo(&b, g.Cursor)
		m.axis.WriteTo(&b, strings.Join(line[cur+1:], ""))
	}
	axis = b.String()
	b.Reset()
	m.axis.WriteTo(&b, string(lab))
	return axis, b.String()
}
