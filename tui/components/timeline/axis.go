package timeline

import (
	"strconv"
	"strings"
	"time"

	"conclab/tui/styles"
)

const (
	day  = 24 * time.Hour
	year = 365 * day
)

// niceSteps are the tick intervals the axis picks from, smallest first:
// 1, 2, 5 of each unit, and the units' own round multiples (15 s, 6 h, a
// week is not one: 5 days and 10 days are).
var niceSteps = []time.Duration{
	time.Microsecond, 2 * time.Microsecond, 5 * time.Microsecond,
	10 * time.Microsecond, 20 * time.Microsecond, 50 * time.Microsecond,
	100 * time.Microsecond, 200 * time.Microsecond, 500 * time.Microsecond,
	time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond,
	10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	day, 2 * day, 5 * day, 10 * day, 20 * day, 50 * day, 100 * day,
	year, 2 * year, 5 * year, 10 * year, 20 * year, 50 * year, 100 * year,
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
	return 200 * year // more than a Duration's 292 years needs no finer tick
}

// RoundStep returns the longest nice interval (see TickStep) no longer
// than d, or d itself below the shortest: a range chosen to the nearest
// column can be rounded to it and move by less than a column.
func RoundStep(d time.Duration) time.Duration {
	out := d
	for _, s := range niceSteps {
		if s <= d {
			out = s
		}
	}
	return max(out, 1)
}

// Short formats d exactly and compactly for an axis label: "0", "250µs",
// "1.5ms", "500ms", "1.5s", "2m", "1m30s", "3h", "1h30m", "1h05m30s",
// "2d", "1d12h", "5y", "1y100d".
func Short(d time.Duration) string {
	if d < 0 {
		return "-" + Short(-d)
	}
	switch {
	case d == 0:
		return "0"
	case d < time.Millisecond:
		return decimal(d, time.Microsecond, "µs")
	case d < time.Second:
		return decimal(d, time.Millisecond, "ms")
	case d < time.Minute:
		return decimal(d, time.Second, "s")
	}
	var b strings.Builder
	pad := false
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{year, "y"}, {day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}} {
		if n := d / u.d; n > 0 || pad && d > 0 {
			if pad && u.d < day && n < 10 {
				b.WriteByte('0')
			}
			b.WriteString(strconv.FormatInt(int64(n), 10) + u.name)
			d -= n * u.d
			pad = true
		}
	}
	if d > 0 {
		s := decimal(d, time.Second, "s")
		if d < 10*time.Second {
			s = "0" + s
		}
		b.WriteString(s)
	}
	return b.String()
}

// decimal writes d in unit, with as many decimals as it needs.
func decimal(d, unit time.Duration, name string) string {
	s := strconv.FormatInt(int64(d/unit), 10)
	if frac := d % unit; frac != 0 {
		digits := len(strconv.FormatInt(int64(unit), 10)) - 1
		f := strconv.FormatInt(int64(frac)+int64(unit), 10)[1:] // zero-padded to digits
		s += "." + strings.TrimRight(f[:digits], "0")
	}
	return s + name
}

// About formats d rounded to its two largest units ("55s", "10h59m",
// "1.2s"), for a folded stretch whose length is "≈ 10h59m".
func About(d time.Duration) string {
	res := time.Duration(1)
	for _, r := range []struct{ above, res time.Duration }{
		{year, day}, {day, time.Hour}, {time.Hour, time.Minute}, {time.Minute, time.Second},
		{time.Second, 100 * time.Millisecond}, {time.Millisecond, 100 * time.Microsecond}, {time.Microsecond, 100 * time.Nanosecond},
	} {
		if d >= r.above {
			res = r.res
			break
		}
	}
	return Short(d.Round(res))
}

// AxisGlyphs are the axis's own marks: a folded stretch, a selected range
// and a single mark on it (the legend says them).
func AxisGlyphs(st styles.Styles) (fold, sel, mark string) {
	if st.ASCII {
		return "~", "*", "@" // not the row glyphs (# = - : .) nor the frame's
	}
	return "≈", "━", "◆"
}

// tickGap is the fewest columns between two ticks.
const tickGap = 8

// axisLines draws the axis line (ticks, folds, the selected range and the
// cursor mark) and the labels under it (the ticks' times, each fold's
// length), each as wide as the scale's columns. The ticks are at round
// times of the scale outside the folds; a label that would touch another
// is left out, the folds' first.
func (m Model) axisLines(sc scale) (axis, labels string) {
	g := m.st.Glyphs
	foldG, selG, markG := AxisGlyphs(m.st)
	cols := sc.cols()
	line := make([]string, cols)
	paint := make([]uint8, cols) // 0 axis, 1 selected, 2 cursor
	for i := range line {
		line[i] = g.Axis
	}
	lab := []rune(strings.Repeat(" ", cols))
	free := func(c, n int) bool {
		if c < 0 || c+n > cols {
			return false
		}
		for i := max(c-1, 0); i < min(c+n+1, cols); i++ {
			if lab[i] != ' ' {
				return false
			}
		}
		return true
	}
	put := func(c int, text string) { copy(lab[c:], []rune(text)) }
	for _, f := range sc.folds {
		for c := f.first; c < f.first+FoldCells && c < cols; c++ {
			line[c] = foldG
		}
		text := foldG + " " + About(f.to-f.from)
		n := len([]rune(text))
		if c := max(0, min(f.first+FoldCells/2-n/2, cols-n)); free(c, n) {
			put(c, text)
		}
	}
	busy, busyCols := m.to-m.from, cols
	for _, f := range sc.folds {
		busy -= f.to - f.from
		busyCols -= FoldCells
	}
	step := TickStep(busy, busyCols, tickGap)
	for gap := tickGap; step > 0; { // labels as wide as the times they say ("1h05m30s") need more room
		w := len([]rune(Short(m.to/step*step))) + 2
		if w <= gap {
			break
		}
		gap, step = w, TickStep(busy, busyCols, w)
	}
	if step > 0 {
		first := (m.from + step - 1) / step * step
		for t := first; t <= m.to; t += step {
			if sc.inFold(t) {
				continue
			}
			c := sc.column(t)
			if t == m.to {
				c = cols - 1
			}
			if line[c] == g.Axis {
				line[c] = g.Tick
			}
			text := Short(t)
			n := len([]rune(text))
			switch {
			case free(c, n):
				put(c, text)
			case (t == m.to || c+n > cols) && free(cols-n, n): // the last label, right-aligned under its tick
				put(cols-n, text)
			}
			if t > m.to-step {
				break // the next would overflow a Duration near its end
			}
		}
	}
	if sel := m.zoom.sel; m.zoom.selOn && sel.to >= m.from && sel.from <= m.to {
		a, e := sc.column(sel.from), sc.column(sel.to)
		if sel.to > sel.from && e > a && sel.to == sc.bounds[e] {
			e-- // the range ends where that column starts
		}
		for c := a; c <= e; c++ {
			line[c], paint[c] = selG, 1
		}
		if sel.to == sel.from {
			line[a] = markG
		}
	}
	if m.to > m.from && m.at >= m.from && m.at <= m.to {
		c := sc.column(m.at)
		line[c], paint[c] = g.Cursor, 2
	}
	var b strings.Builder
	paints := [3]styles.Paint{m.axis, m.mark, m.cursor}
	for c := 0; c < cols; {
		k := paint[c]
		e := c + 1
		for e < cols && paint[e] == k {
			e++
		}
		paints[k].WriteTo(&b, strings.Join(line[c:e], ""))
		c = e
	}
	axis = b.String()
	b.Reset()
	m.axis.WriteTo(&b, string(lab))
	return axis, b.String()
}
