package export_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/internal/export"
	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/styles"
)

func svgOf(t *testing.T, p export.Picture, o export.Options) (string, *node) {
	t.Helper()
	var b strings.Builder
	require.NoError(t, export.WriteSVG(&b, p, o))
	return b.String(), decode(t, b.String())
}

// axisOf returns the ends of the time axis line of a lane.
func axisOf(t *testing.T, lane *node) (x1, x2 float64) {
	t.Helper()
	axes := lane.all(classed("axis"))
	require.Len(t, axes, 1)
	for _, c := range axes[0].children {
		if c.name == "line" && c.attrs["class"] == "" {
			return float(t, c.attrs["x1"]), float(t, c.attrs["x2"])
		}
	}
	t.Fatal("the axis has no line")
	return 0, 0
}

// TestSVGEveryLab draws every lab's default run: the document is
// well-formed XML, with a lane per variant, a row per task (and worker),
// labelled, the legend and the totals.
func TestSVGEveryLab(t *testing.T) {
	for _, l := range labs.All() {
		t.Run(l.Name, func(t *testing.T) {
			p := runLab(t, l.Name)
			_, root := svgOf(t, p, export.Options{})
			assert.Equal(t, "svg", root.name)
			assert.Equal(t, "http://www.w3.org/2000/svg", root.attrs["xmlns"])
			assert.Equal(t, strconv.Itoa(export.DefaultWidth), root.attrs["width"])
			all := strings.Join(root.texts(), "\n")
			for _, want := range []string{"running", "blocked", "waiting", "sync: on a goroutine", "ready", "leaked", "deadlock", p.Title, "variant", "total", "speedup"} {
				assert.Contains(t, all, want)
			}
			lanes := root.all(classed("lane"))
			require.Len(t, lanes, len(p.Lanes))
			for i, lane := range lanes {
				tr := p.Lanes[i].Result.Trace
				assert.Equal(t, p.Lanes[i].Variant, lane.attrs["data-variant"])
				tasks := lane.all(classed("row", "task"))
				require.Len(t, tasks, min(len(tr.Tasks), export.DefaultMaxRows))
				for k, row := range tasks {
					assert.Equal(t, tr.Tasks[k].Name, row.attrs["data-name"])
				}
				assert.Contains(t, strings.Join(lane.texts(), "\n"), trace.Clock(tr.Total), "the lane's total")
				assert.Contains(t, all, p.Lanes[i].Variant+" ", "the totals table")
			}
		})
	}
}

// TestSVGSpanPlace checks that every span's rect starts and ends at the x
// its times say on the shared axis (the longest lane's total spans the
// axis line), computed here from the trace; and, from the lab's facts
// alone, that flags' sixth download (PK) under limit=5 starts at 0.5 s of
// the 10 s axis (the sequential lane's total: 20 downloads of 0.5 s).
func TestSVGSpanPlace(t *testing.T) {
	p := runLab(t, "flags", "sequential", "limited")
	for _, width := range []int{export.MinWidth, 1200, 5000} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			_, root := svgOf(t, p, export.Options{Width: width})
			var window time.Duration
			for _, l := range p.Lanes {
				window = max(window, l.Result.Trace.Total)
			}
			require.Equal(t, 10*time.Second, window)
			lanes := root.all(classed("lane"))
			checked := 0
			for i, lane := range lanes {
				x1, x2 := axisOf(t, lane)
				assert.InDelta(t, float64(width-16-18), x2, 0.01, "the axis ends at the margin and the room for marks")
				at := func(d time.Duration) float64 { return x1 + float64(d)/float64(window)*(x2-x1) }
				for _, row := range lane.all(classed("row", "task")) {
					task := p.Lanes[i].Result.Trace.Task(row.attrs["data-name"])
					require.NotNil(t, task)
					for _, r := range row.all(classed("span")) {
						start, err1 := strconv.ParseInt(r.attrs["data-start-ns"], 10, 64)
						end, err2 := strconv.ParseInt(r.attrs["data-end-ns"], 10, 64)
						require.NoError(t, err1)
						require.NoError(t, err2)
						x, w := float(t, r.attrs["x"]), float(t, r.attrs["width"])
						assert.InDelta(t, at(time.Duration(start)), x, 0.006, "rect x of %s [%d, %d)", task.Name, start, end)
						assert.InDelta(t, at(time.Duration(end)), x+w, 0.011, "rect end of %s", task.Name)
						checked++
					}
				}
			}
			assert.Greater(t, checked, 20)
			pk := lanes[1].all(func(n *node) bool { return n.attrs["data-name"] == "PK" })
			require.Len(t, pk, 1)
			waits := pk[0].all(classed("span", "waiting"))
			require.Len(t, waits, 1, "PK downloads once")
			x1, x2 := axisOf(t, lanes[1])
			assert.InDelta(t, x1+0.05*(x2-x1), float(t, waits[0].attrs["x"]), 0.006, "PK starts at 0.5 s of 10 s")
			assert.InDelta(t, 0.05*(x2-x1), float(t, waits[0].attrs["width"]), 0.011, "and downloads for 0.5 s")
		})
	}
}

// TestSVGAxisTicks checks the ticks: at round times (1, 2 or 5 times a
// power of ten of a unit), at the x their time says, labelled.
func TestSVGAxisTicks(t *testing.T) {
	tests := []struct {
		lab   string
		width int
		want  []string
	}{
		{"flags", 1200, []string{"0", "1s", "2s", "3s", "4s", "5s", "6s", "7s", "8s", "9s", "10s"}},
		{"flags", 480, []string{"0", "2s", "4s", "6s", "8s", "10s"}},
		{"chess", 1200, []string{"0", "1h", "2h", "3h", "4h", "5h", "6h", "7h", "8h", "9h", "10h", "11h", "12h"}},
		{"countdown", 1200, []string{"0", "1s", "2s", "3s", "4s", "5s", "6s", "7s", "8s", "9s", "10s", "11s", "12s"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.lab, tt.width), func(t *testing.T) {
			p := runLab(t, tt.lab)
			_, root := svgOf(t, p, export.Options{Width: tt.width})
			lane := root.all(classed("lane"))[0]
			x1, x2 := axisOf(t, lane)
			var window time.Duration
			for _, l := range p.Lanes {
				window = max(window, l.Result.Trace.Total)
			}
			var got []string
			for _, lab := range lane.all(classed("tick-label")) {
				got = append(got, lab.text)
				ns, err := strconv.ParseInt(lab.attrs["data-ns"], 10, 64)
				require.NoError(t, err)
				assert.InDelta(t, x1+float64(ns)/float64(window)*(x2-x1), float(t, lab.attrs["x"]), 0.006)
			}
			assert.Equal(t, tt.want, got, "tick labels of %s at %d px", tt.lab, tt.width)
		})
	}
}

// TestSVGMarks checks the end marks: a leaked task's row ends in ∞, a
// deadlocked one's in ✗, and the lane says it deadlocked.
func TestSVGMarks(t *testing.T) {
	tests := []struct {
		lab, variant, glyph string
	}{
		{"cancel", "first-leaky", export.LeakedGlyph},
		{"locks", "philosophers", export.DeadlockedGlyph},
	}
	for _, tt := range tests {
		t.Run(tt.variant, func(t *testing.T) {
			p := runLab(t, tt.lab, tt.variant)
			res := p.Lanes[0].Result
			want := map[string]bool{}
			for _, s := range res.Leaked {
				want[s.Task] = true
			}
			if res.Deadlock != nil {
				for _, s := range res.Deadlock.Asleep {
					want[s.Task] = true
				}
			}
			require.NotEmpty(t, want, "the run leaves tasks behind")
			_, root := svgOf(t, p, export.Options{})
			for _, row := range root.all(classed("row", "task")) {
				marks := row.all(classed("mark"))
				if !want[row.attrs["data-name"]] {
					assert.Empty(t, marks, row.attrs["data-name"])
					continue
				}
				require.Len(t, marks, 1, row.attrs["data-name"])
				assert.Equal(t, tt.glyph, marks[0].text)
			}
			title := strings.Join(root.all(classed("lane-total"))[0].texts(), "")
			if tt.glyph == export.DeadlockedGlyph {
				assert.Contains(t, title, "deadlock")
			}
		})
	}
}

// TestSVGBinned draws a row of more spans than pixels: it is drawn in at
// most one rect per pixel column, each in the kind its time was spent in
// most, and still well-formed.
func TestSVGBinned(t *testing.T) {
	var spans []trace.Span
	const n = 20000
	for i := range n {
		st := trace.Running
		if i%4 == 3 { // 3/4 running, 1/4 waiting: running wins every column
			st = trace.Waiting
		}
		spans = append(spans, trace.Span{Start: time.Duration(i) * time.Millisecond, End: time.Duration(i+1) * time.Millisecond, State: st, Worker: trace.NoWorker, On: trace.OnTimer})
	}
	tr := &trace.Trace{Total: n * time.Millisecond, Workers: 1, Tasks: []trace.Task{{Name: "busy", Spans: spans}}}
	p := export.Picture{Title: "binned", Lanes: []export.Lane{{Variant: "v", Result: labs.Result{Trace: tr}}}}
	_, root := svgOf(t, p, export.Options{Width: 800})
	rects := root.all(classed("row", "task"))[0].all(classed("span"))
	require.Len(t, rects, 1, "one run of running columns")
	assert.Contains(t, rects[0].attrs["class"], "running")
	assert.Empty(t, rects[0].attrs["data-start-ns"], "a binned rect says no span's times")
}

// TestSVGWidth refuses widths out of range, in one line.
func TestSVGWidth(t *testing.T) {
	p := runLab(t, "countdown", "yielding")
	for _, w := range []int{export.MinWidth - 1, export.MaxWidth + 1, -5} {
		err := export.WriteSVG(&strings.Builder{}, p, export.Options{Width: w})
		require.Error(t, err, "width %d", w)
		assert.NotContains(t, err.Error(), "\n")
	}
}

// TestColoursAreTheTUIs checks that the pictures colour each kind of span
// and each mark in the ANSI colour the TUI's styles give it.
func TestColoursAreTheTUIs(t *testing.T) {
	st := styles.DefaultStyles()
	tests := []struct {
		kind export.Kind
		span trace.Span
	}{
		{export.Running, trace.Span{State: trace.Running}},
		{export.Blocked, trace.Span{State: trace.Blocked}},
		{export.Waiting, trace.Span{State: trace.Waiting, On: trace.OnTimer}},
		{export.Waiting, trace.Span{State: trace.Waiting, On: trace.OnIO}},
		{export.Sync, trace.Span{State: trace.Waiting, On: trace.OnJoin}},
		{export.Ready, trace.Span{State: trace.Ready}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.kind, export.KindOf(tt.span), "KindOf(%v)", tt.span)
		style, _ := st.Span(tt.span)
		assert.Equal(t, lipgloss.ANSIColor(tt.kind.ANSI()), style.GetForeground(), "colour of %v", tt.kind)
	}
	assert.Equal(t, lipgloss.ANSIColor(export.LeakedANSI), st.Warning.GetForeground())
	assert.Equal(t, lipgloss.ANSIColor(export.DeadlockedANSI), st.Error.GetForeground())
	assert.Equal(t, export.LeakedGlyph, st.Glyphs.Leaked)
	assert.Equal(t, export.DeadlockedGlyph, st.Glyphs.Deadlocked)
}
