package timeline

import (
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"conclab/labs/trace"
	"conclab/tui/styles"
)

// labelPart is one number and unit of an axis label ("1h05m30s" has three).
var labelPart = regexp.MustCompile(`(\d+(?:\.\d+)?)(µs|ms|y|d|h|m|s)`)

// parseLabel reads an axis label back, independently of Short: 365-day
// years, 24-hour days, Go's units below.
func parseLabel(t *testing.T, s string) time.Duration {
	t.Helper()
	if s == "0" {
		return 0
	}
	if strings.Join(labelPart.FindAllString(s, -1), "") != s {
		t.Fatalf("label %q is not numbers and units", s)
	}
	var d time.Duration
	for _, p := range labelPart.FindAllStringSubmatch(s, -1) {
		switch p[2] {
		case "y", "d":
			n, err := strconv.Atoi(p[1])
			if err != nil {
				t.Fatalf("label %q: %v", s, err)
			}
			unit := 24 * time.Hour
			if p[2] == "y" {
				unit *= 365
			}
			d += time.Duration(n) * unit
		default:
			x, err := time.ParseDuration(p[0])
			if err != nil {
				t.Fatalf("label %q: %v", s, err)
			}
			d += x
		}
	}
	return d
}

// roundSteps are the steps a reader calls round: 1, 2, 5 (and a unit's own
// halves, quarters, sixths) of a unit.
func roundStep(d time.Duration) bool {
	units := []time.Duration{time.Microsecond, time.Millisecond, time.Second, time.Minute, time.Hour, 24 * time.Hour, 365 * 24 * time.Hour}
	for _, u := range units {
		for _, k := range []time.Duration{1, 2, 3, 5, 6, 10, 12, 15, 20, 30, 50, 100, 200, 500} {
			if d == k*u {
				return true
			}
		}
	}
	return false
}

// TestAxisTicksRound draws runs of many lengths on many widths and reads
// the axis labels back: they start at 0, step by one round interval (or a
// multiple of it, where a label was left out for want of room), never say
// more than 23 hours or 364 days in one unit, and each starts at the
// column its time falls in (the last may end the line, over its column).
func TestAxisTicksRound(t *testing.T) {
	totals := []time.Duration{
		300 * time.Microsecond, time.Millisecond, 7 * time.Millisecond, 50 * time.Millisecond, 999 * time.Millisecond,
		time.Second, 3 * time.Second, 10 * time.Second, 55 * time.Second, 90 * time.Second, 10 * time.Minute,
		time.Hour, time.Hour + 55*time.Second, 12 * time.Hour, 25 * time.Hour, 100 * time.Hour, 3072 * time.Hour,
		250_000 * time.Hour, 200 * 365 * 24 * time.Hour, math.MaxInt64,
	}
	widths := []int{12, 20, 37, 60, 80, 118, 198}
	for _, total := range totals {
		for _, w := range widths {
			tr := &trace.Trace{Total: total, Tasks: []trace.Task{{Name: "T", Spans: []trace.Span{{State: trace.Running, Start: 0, End: total}}}}}
			m := New(styles.DefaultStyles())
			m.SetTrace(tr)
			m.SetSize(w, 1+AxisHeight)
			lines := strings.Split(ansi.Strip(m.View()), "\n")
			line := []rune(lines[2])[2:] // the label "T" and a space
			cols := len(line)
			var at, ends []int
			var vals []time.Duration
			for c := 0; c < cols; c++ {
				if line[c] == ' ' {
					continue
				}
				e := c
				for e < cols && line[e] != ' ' {
					e++
				}
				at, ends = append(at, c), append(ends, e)
				vals = append(vals, parseLabel(t, string(line[c:e])))
				c = e
			}
			name := Short(total) + "/" + strconv.Itoa(w)
			if len(vals) == 0 || vals[0] != 0 || at[0] != 0 {
				t.Errorf("axis(%s) = %q, want it to start with 0", name, string(line))
				continue
			}
			if cols >= 20 && len(vals) < 2 {
				t.Errorf("axis(%s) = %q, want at least two labels", name, string(line))
			}
			if strings.ContainsAny(string(line), "-") || regexp.MustCompile(`\d{3,}h|\d\d\dd\d`).MatchString(string(line)) {
				t.Errorf("axis(%s) = %q: a unit says more than the next one up", name, string(line))
			}
			step := time.Duration(0)
			for i := 1; i < len(vals); i++ {
				if d := vals[i] - vals[i-1]; step == 0 || d < step {
					step = d
				}
			}
			if len(vals) > 1 && !roundStep(step) {
				t.Errorf("axis(%s) = %q: step %v is not round", name, string(line), step)
			}
			for i, v := range vals {
				if step > 0 && v%step != 0 {
					t.Errorf("axis(%s) = %q: %v is not a multiple of the step %v", name, string(line), v, step)
				}
				// v lies in column v*cols/total: the label starts there, or
				// ends the line and stands over it (the last, right-aligned).
				col := new(big.Int).Div(new(big.Int).Mul(big.NewInt(int64(v)), big.NewInt(int64(cols))), big.NewInt(int64(total)))
				c := int(min(col.Int64(), int64(cols-1)))
				if c != at[i] && (ends[i] != cols || c < at[i]) {
					t.Errorf("axis(%s) = %q: label %v at columns %d-%d, its column is %d", name, string(line), v, at[i], ends[i]-1, c)
				}
			}
		}
	}
}
