package lab

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs"
	"conclab/labs/cancel"
	"conclab/labs/gil"
	"conclab/labs/locks"
	"conclab/labs/styles"
	"conclab/tui/screen"
)

// openWith returns the lab screen of l at w x h running variants (the
// lab's default ones when nil) with the parameters sets, its runs done.
func openWith(t *testing.T, l *labs.Lab, w, h int, ascii bool, variants []string, sets map[string]string) Model {
	t.Helper()
	c := screen.NewCommon().Sized(w, h)
	c.Frame = time.Millisecond
	if ascii {
		c.Styles = c.Styles.WithASCII()
	}
	m := New(c, l)
	values, err := l.Resolve(sets)
	if err != nil {
		t.Fatal(err)
	}
	if variants == nil {
		variants = l.DefaultVariants()
	}
	return settle(t, m, m.start(variants, values, false))
}

// TestNewLabsGolden draws the gil, styles, locks and cancel labs at the
// end of their runs, at both sizes: their default lanes; gil's convoy;
// styles with a failing site; locks' transfers and philosophers, naive (✗,
// the cycle under the lane) and ordered; cancel's first-leaky with its two
// losers marked as leaked at the end of their rows, in ASCII too.
func TestNewLabsGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		for _, tt := range []struct {
			name     string
			lab      func() *labs.Lab
			variants []string
			sets     map[string]string
			ascii    bool
		}{
			{"gil_end", gil.Lab, nil, nil, false},
			{"gil_convoy_end", gil.Lab, []string{"convoy", "convoy-go"}, nil, false},
			{"styles_end", styles.Lab, nil, nil, false},
			{"styles_fail_end", styles.Lab, []string{"sync", "callbacks", "async-await", "goroutines"}, map[string]string{"fail": "google"}, false},
			{"locks_end", locks.Lab, nil, nil, false},
			{"locks_deadlock_end", locks.Lab, []string{"transfers", "ordered", "philosophers", "philosophers-ordered"}, nil, false},
			{"cancel_end", cancel.Lab, nil, nil, false},
			{"cancel_leaky_end", cancel.Lab, []string{"first-leaky", "first-context"}, nil, false},
			{"cancel_leaky_end_ascii", cancel.Lab, []string{"first-leaky", "first-context"}, nil, true},
		} {
			t.Run(fmt.Sprintf("%dx%d_%s", size.w, size.h, tt.name), func(t *testing.T) {
				m := openWith(t, tt.lab(), size.w, size.h, tt.ascii, tt.variants, tt.sets)
				m = keys(t, m, "w", "end")
				golden.RequireEqual(t, view(t, m))
			})
		}
	}
}

// TestTotalsOfDifferentWork: the locks lab's counter, transfers and
// philosophers are different work, so ordered's 2 ms gets no speedup over
// mutex's 80 ms (it was "40.0× faster"), nor philosophers-ordered over
// ordered; a deadlock says so in a word (its lane shows the cycle); a
// counter that lost updates says how many.
func TestTotalsOfDifferentWork(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 60}} {
		m := openWith(t, locks.Lab(), size.w, size.h, false,
			[]string{"racy", "mutex", "transfers", "ordered", "philosophers-ordered", "atomic"}, nil)
		m = keys(t, m, "end")
		totals := ansi.Strip(strings.Join(m.totals(), " "))
		for _, want := range []string{"racy 0:00:00.020 (lost 30 of 40 updates)", "transfers 0:00:00.001 (✗ deadlock)",
			"ordered 0:00:00.002 ·", "philosophers-ordered 0:00:00.007 ·", "atomic 0:00:00.080 (same)"} {
			if !strings.Contains(totals, want) {
				t.Errorf("%dx%d: totals = %q, want %q in them", size.w, size.h, totals, want)
			}
		}
		if strings.Contains(totals, "40.0×") || strings.Contains(totals, "3.5×") {
			t.Errorf("%dx%d: totals = %q: a speedup between different work", size.w, size.h, totals)
		}
	}
	m := openWith(t, gil.Lab(), 160, 48, false, []string{"sequential", "goroutines", "convoy"}, nil)
	m = keys(t, m, "end")
	totals := ansi.Strip(strings.Join(m.totals(), " "))
	if want := "Totals: sequential 0:00:04 · goroutines 0:00:01 (4.0× faster) · convoy 0:00:01"; totals != want {
		t.Errorf("gil totals = %q, want %q", totals, want)
	}
}

// TestLeakedLegend: the legend of the marks at the end of rows shows once
// a lane that has them has reached its end, at 80 columns too.
func TestLeakedLegend(t *testing.T) {
	for _, w := range []int{80, 160} {
		m := openWith(t, cancel.Lab(), w, 24, false, []string{"first-leaky", "first-buffered"}, nil)
		if s := ansi.Strip(m.status()); strings.Contains(s, "∞") {
			t.Errorf("%d columns, at the start: status = %q, want no leaked mark yet", w, s)
		}
		m = keys(t, m, "end")
		if s := ansi.Strip(m.status()); !strings.Contains(s, "∞leak") && !strings.Contains(s, "∞ leaked") {
			t.Errorf("%d columns, at the end: status = %q, want the leaked mark's legend", w, s)
		}
	}
}
