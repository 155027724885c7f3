package export

import (
	"fmt"
	"strings"
	"time"
)

// niceSteps are the tick intervals an axis picks from, smallest first (the
// TUI's, tui/components/timeline, up to a day: the TUI goes on to years).
var niceSteps = []time.Duration{
	time.Microsecond, 2 * time.Microsecond, 5 * time.Microsecond,
	10 * time.Microsecond, 20 * time.Microsecond, 50 * time.Microsecond,
	100 * time.Microsecond, 200 * time.Microsecond, 500 * time.Microsecond,
	time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond,
	10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// TickStep returns the smallest round interval whose ticks are at least gap
// pixels apart when span is drawn over width pixels; 0 for an empty span.
func TickStep(span time.Duration, width, gap float64) time.Duration {
	if span <= 0 || width <= 0 {
		return 0
	}
	for _, s := range niceSteps {
		if float64(s)/float64(span)*width >= gap {
			return s
		}
	}
	step := niceSteps[len(niceSteps)-1]
	for float64(step)/float64(span)*width < gap {
		step *= 2
	}
	return step
}

// Short formats d compactly for an axis label: "0", "500µs", "500ms",
// "1.5s", "2m", "1m30s", "3h", "1h30m".
func Short(d time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d/time.Microsecond)
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
		if m := (d % time.Hour) / time.Minute; m != 0 {
			return fmt.Sprintf("%dh%02dm", d/time.Hour, m)
		}
		return fmt.Sprintf("%dh", d/time.Hour)
	}
}
