package lab

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/countdown"
	"conclab/labs/eventloop"
	"conclab/labs/flags"
	"conclab/labs/flags/latency"
	"conclab/labs/spinner"
	"conclab/labs/trace"
	"conclab/tui/internal/press"
	"conclab/tui/styles"
)

// TestLabViewsGolden draws the lab-specific views at both sizes: the
// spinner's screen line mid-run (spinning beside frozen), the countdowns'
// indented output at the end, the event loop's queues while stepping
// through the events of one instant, and the latency scale's chart.
func TestLabViewsGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		for _, tt := range []struct {
			name string
			lab  func() *labs.Lab
			keys []string
			at   time.Duration // seek here first (after the keys) unless 0
		}{
			{"spinner_1.3s", spinner.Lab, nil, 1300 * time.Millisecond},
			{"countdown_end", countdown.Lab, []string{"w", "end"}, 0},
			{"eventloop_stepped", eventloop.Lab, []string{"w", "right", "right", "right", "right", "right", "right", "right"}, 0},
			{"flags_latency_scale", flags.Lab, []string{"n"}, 0},
		} {
			t.Run(fmt.Sprintf("%dx%d_%s", size.w, size.h, tt.name), func(t *testing.T) {
				m := open(t, tt.lab(), size.w, size.h)
				m = keys(t, m, tt.keys...)
				if tt.at != 0 {
					m.clock.Seek(tt.at)
					m.sync()
				}
				golden.RequireEqual(t, view(t, m))
			})
		}
	}
}

// TestLive reads the spinner's screen line and frame count off a
// trace (the spinner lab's live-output task): spinning while frames come every 100 ms, frozen when none came for
// two frames, stopped once erased, with the answer on screen.
func TestLive(t *testing.T) {
	ms := time.Millisecond
	tr := &trace.Trace{Total: time.Second, Output: []trace.Line{
		{At: 0, Task: "spinner", Text: "| wait"},
		{At: 100 * ms, Task: "spinner", Text: "/ wait"},
		{At: 600 * ms, Task: "spinner", Text: "- wait"},
		{At: 700 * ms, Task: "spinner", Text: "      "},
		{At: 700 * ms, Task: "main", Text: "Answer: 42"},
	}}
	// printed -1: every line at or before at is out (all of the instant's
	// events stepped through).
	tests := []struct {
		at           time.Duration
		printed      int
		screen, info string
	}{
		{-1, -1, "(blank)", "frames 0"},
		{0, 0, "(blank)", "frames 0 · no frame yet"}, // t = 0, before the print event of the first frame
		{0, -1, "| wait", "frames 1 · spinning"},
		{150 * ms, -1, "/ wait", "frames 2 · spinning"},
		{350 * ms, -1, "/ wait", "frames 2 · frozen: no frame for 0.25 s"},
		{600 * ms, -1, "- wait", "frames 3 · spinning"},
		{700 * ms, 3, "- wait", "frames 3 · spinning"}, // the erasing line not out yet
		{700 * ms, -1, "Answer: 42", "frames 3 · stopped"},
	}
	for _, tt := range tests {
		printed := tt.printed
		if printed < 0 {
			printed = 0
			for _, l := range tr.Output {
				if l.At <= tt.at {
					printed++
				}
			}
		}
		got := liveView("spinner")(styles.DefaultStyles(), labs.Result{Trace: tr}, tt.at, printed, 40)
		screen := strings.TrimSpace(strings.TrimPrefix(ansi.Strip(got[0]), "screen"))
		info := strings.Join(strings.Fields(ansi.Strip(got[1])), " ")
		if screen != tt.screen || info != tt.info {
			t.Errorf("live(at %v) = %q, %q, want %q, %q", tt.at, screen, info, tt.screen, tt.info)
		}
	}
}

// TestLatencyChart draws the flags lab's latency chart: one row per level
// and the lab's server last, each with its cycles and its human time;
// longer waits get longer bars.
func TestLatencyChart(t *testing.T) {
	c, _, ok := flags.Lab().Chart(latency.Title, labtest.Resolve(t, flags.Lab(), map[string]string{"delay": "500ms"}))
	if !ok {
		t.Fatalf("flags draws no chart of %q", latency.Title)
	}
	lines := Chart(styles.DefaultStyles(), c, 90)
	want := []string{
		"L1 cache  3  3 seconds", "L2 cache  14  14 seconds", "RAM  250  4.2 minutes",
		"Disk  41 000 000  1.3 years", "Network  240 000 000  7.6 years", "this server (500ms)  1 500 000 000  48 years",
	}
	if len(lines) != 1+len(want) {
		t.Fatalf("Chart(latency) has %d lines, want %d", len(lines), 1+len(want))
	}
	prev := 0
	for i, w := range want {
		line := ansi.Strip(lines[i+1])
		text := strings.TrimRight(strings.TrimRight(line, "█─ "), " ")
		if got := strings.Join(strings.Fields(text), " "); got != strings.Join(strings.Fields(w), " ") {
			t.Errorf("row %d = %q, want %q", i, got, w)
		}
		bar := strings.Count(line, "█") + strings.Count(line, "─")
		if bar <= prev {
			t.Errorf("row %d: bar of %d cells, not longer than the row above (%d)", i, bar, prev)
		}
		prev = bar
		if ansi.StringWidth(lines[i+1]) > 90 {
			t.Errorf("row %d is wider than 90 cells", i)
		}
	}
}

// TestEveryDefaultVariant: the lab screen shows every variant `conclab run`
// runs by default (flags has five: errgroup is the fifth, behind tab), and
// at 80 columns the totals wrap onto a second line instead of being cut.
func TestEveryDefaultVariant(t *testing.T) {
	l := flags.Lab()
	m := keys(t, open(t, l, 80, 24), "end")
	if got, want := strings.Join(m.shown, ","), strings.Join(l.DefaultVariants(), ","); got != want || len(m.panes) != 5 {
		t.Fatalf("shown = %s (%d lanes), want %s", got, len(m.panes), want)
	}
	v := view(t, m)
	lines := strings.Split(v, "\n")
	summary := strings.Join(lines[len(lines)-2:], "\n")
	for _, want := range []string{"lanes 1-2 of 5 (tab)", "sequential 0:00:10", "goroutines 0:00:00.5 (20.0×)", "limited 0:00:02 (5.0×)", "loop-blocking 0:00:10 (same)", "errgroup 0:00:02 (5.0×)"} {
		if !strings.Contains(v, want) {
			t.Errorf("flags at 80x24 lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(summary, "…") || !strings.Contains(lines[len(lines)-1], "errgroup") {
		t.Errorf("the totals at 80x24 are cut or not wrapped onto the last line:\n%s", summary)
	}
	wide := keys(t, open(t, l, 200, 40), "end")
	if got := strings.Split(view(t, wide), "\n"); !strings.HasPrefix(got[len(got)-1], "Totals: sequential 0:00:10") {
		t.Errorf("at 200 columns the totals are not on one line: %q", got[len(got)-1])
	}
}

// TestRealOnLabWithout: R on a lab without real runs (chess) says so in one
// line, naming the labs that have them; its help bar has no R.
func TestRealOnLabWithout(t *testing.T) {
	m := open(t, chess.Lab(), 80, 24)
	for _, b := range m.Help().ShortHelp() {
		if b.Help().Key == "R" {
			t.Errorf("chess's help bar offers R")
		}
	}
	m, cmd := m.Update(press.Key("R"))
	if cmd != nil {
		t.Errorf("R on chess returned a command")
	}
	v := view(t, m)
	if !strings.Contains(v, "chess has no real runs (") || !strings.Contains(v, "flags, gil, locks, spinner do)") {
		t.Errorf("R on chess: no note naming the labs with real runs:\n%s", v)
	}
	if m, _ = m.Update(press.Key("right")); strings.Contains(view(t, m), "no real runs") {
		t.Errorf("the note stays after the next key")
	}
}

// TestWrapTotals: the totals keep their head on the first line, go on with
// a separator at the end of a line, and never cut a lane's total.
func TestWrapTotals(t *testing.T) {
	st := styles.DefaultStyles()
	st.Muted = lipgloss.NewStyle()
	parts := []string{"sequential 12:00:00", "concurrent 1:00:55 (11.8× faster)", "two-masters 6:00:00 (2.0× faster)"}
	tests := []struct {
		width int
		want  string
	}{
		{200, "Totals: sequential 12:00:00 · concurrent 1:00:55 (11.8× faster) · two-masters 6:00:00 (2.0× faster)"},
		{80, "Totals: sequential 12:00:00 · concurrent 1:00:55 (11.8× faster) ·|two-masters 6:00:00 (2.0× faster)"},
		{30, "Totals: sequential 12:00:00 ·|concurrent 1:00:55 (11.8× faster) ·|two-masters 6:00:00 (2.0× faster)"},
		{10, "Totals:|sequential 12:00:00 ·|concurrent 1:00:55 (11.8× faster) ·|two-masters 6:00:00 (2.0× faster)"},
	}
	for _, tt := range tests {
		if got := strings.Join(wrapTotals("Totals:", parts, " · ", tt.width, st), "|"); got != tt.want {
			t.Errorf("wrapTotals(%v) = %v, want %v", tt.width, got, tt.want)
		}
	}
}
