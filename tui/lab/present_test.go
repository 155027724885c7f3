package lab

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/flags"
	"conclab/tui/screen"
	"conclab/tui/styles"
)

// TestPresentGolden: the presenter view of flags and chess at 80x24,
// 160x48 and 200x60: at the start, at the end, with the walkthrough
// (w), comparing the third lane with the one selected before it (3), and
// with the legend (L).
func TestPresentGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}, {200, 60}} {
		for _, l := range []*labs.Lab{flags.Lab(), chess.Lab()} {
			for _, tt := range []struct {
				name string
				keys []string
			}{
				{"start", nil},
				{"end", []string{"end"}},
				{"walkthrough", []string{"end", "w"}},
				{"lane3", []string{"end", "3"}},
				{"legend", []string{"L"}},
			} {
				t.Run(fmt.Sprintf("%s_%dx%d_%s", l.Name, size.w, size.h, tt.name), func(t *testing.T) {
					m := open(t, l, size.w, size.h)
					m = keys(t, m, append([]string{"c"}, tt.keys...)...)
					golden.RequireEqual(t, view(t, m))
				})
			}
		}
	}
}

// TestPresentKeys: c turns the presenter view on and off; on, it shows
// the selected lane and the one selected before it (at first the lane its
// speedup is over, or the second for the first), full width, in the
// presenter glyphs, with one help line (c, w) and no walkthrough until w;
// one lane where two would not each get minPresentLane lines; off again,
// the screen is what it was.
func TestPresentKeys(t *testing.T) {
	m := open(t, flags.Lab(), 160, 48)
	m = keys(t, m, "end")
	before := view(t, m)
	for _, tt := range []struct {
		keys  []string
		lanes []int
		walk  bool
	}{
		{[]string{"c"}, []int{0, 1}, false},
		{[]string{"tab"}, []int{0, 1}, false},    // lane 2 selected, lane 1 before it
		{[]string{"tab"}, []int{1, 2}, false},    // lane 3, lane 2 before
		{[]string{"5"}, []int{2, 4}, false},      // lane 5, lane 3 before
		{[]string{"w"}, []int{2, 4}, true},       // the walkthrough on demand
		{[]string{"w", "1"}, []int{0, 4}, false}, // and off; lane 1, lane 5 before
		{[]string{"3"}, []int{0, 2}, false},      // lane 3, lane 1 before
		{[]string{"n"}, []int{0, 2}, true},       // the next step shows the walkthrough
		{[]string{"p"}, []int{0, 2}, true},       // and back to the first
		{[]string{"w"}, []int{0, 2}, false},      // w hides it
		{[]string{"+", "-"}, []int{0, 2}, false}, // other keys are the lab's
	} {
		m = keys(t, m, tt.keys...)
		if !m.Presenting() || !slices.Equal(m.pres.lanes, tt.lanes) || (m.lay.walkH > 0) != tt.walk {
			t.Errorf("after %v: presenting %v, lanes %v, walkthrough %v; want true, %v, %v", tt.keys, m.Presenting(), m.pres.lanes, m.lay.walkH > 0, tt.lanes, tt.walk)
		}
		for _, i := range m.pres.lanes {
			if p := m.panes[i]; p.Styles().Glyphs != styles.PresenterGlyphs() {
				t.Errorf("after %v: lane %d drawn with %q, want the presenter glyphs", tt.keys, i+1, p.Styles().Glyphs.Running+p.Styles().Glyphs.Blocked)
			}
		}
		total := 0
		for _, h := range m.pres.heights {
			total += h
		}
		if total != m.lay.lanesH {
			t.Errorf("after %v: lane heights %v sum to %d, want the %d lines of the lanes", tt.keys, m.pres.heights, total, m.lay.lanesH)
		}
	}
	var short []string
	for _, b := range m.Help().ShortHelp() {
		short = append(short, b.Help().Key+" "+b.Help().Desc)
	}
	if got := strings.Join(short, " · "); got != "c exit presenter · w walkthrough" || m.Help().Lanes {
		t.Errorf("presenter help = %q (normal legend under the full help: %v), want %q and none", got, m.Help().Lanes, "c exit presenter · w walkthrough")
	}
	v := view(t, m)
	for _, want := range []string{" Downloading flags", "‖ paused", "‖ paused · end 0:00:10", "█", "▄", "╭─ sequential", "╭─ limited", " main  "} {
		if !strings.Contains(v, want) {
			t.Errorf("the presenter view does not show %q:\n%s", want, v)
		}
	}
	big, _ := bigText("0:00:10")
	for l, line := range big {
		if !strings.Contains(v, line) {
			t.Errorf("the presenter view at 160x48 does not show line %d of the large clock 0:00:10, %q", l+1, line)
		}
	}
	for _, chrome := range []string{"conclab ›", "event ", "real time", "Step 1 of"} {
		if strings.Contains(v, chrome) {
			t.Errorf("the presenter view shows the chrome %q", chrome)
		}
	}
	m = keys(t, m, "1", "c")
	if m.Presenting() {
		t.Fatal("c did not leave the presenter view")
	}
	if after := view(t, m); after != before {
		t.Errorf("the screen after the presenter view differs from before:\n%s\nwant\n%s", after, before)
	}

	small := keys(t, open(t, flags.Lab(), 80, 24), "c")
	if !slices.Equal(small.pres.lanes, []int{0}) {
		t.Errorf("presenter lanes at 80x24 = %v, want the selected lane alone", small.pres.lanes)
	}
}

// TestPresentFromStart: a screen made with Common.Present (conclab
// --present) opens in the presenter view, its lanes in the presenter
// glyphs once they are back; a puzzle lab, which has no lanes, does not.
func TestPresentFromStart(t *testing.T) {
	c := screen.NewCommon().Sized(120, 36)
	c.Frame, c.Present = time.Millisecond, true
	m := New(c, chess.Lab())
	m = settle(t, m, m.Init())
	if !m.Presenting() || len(m.pres.lanes) != 2 || m.panes[0].Styles().Glyphs != styles.PresenterGlyphs() {
		t.Errorf("opened with Present: presenting %v, lanes %v, want the presenter view of two lanes", m.Presenting(), m.pres.lanes)
	}
	for _, l := range labs.All() {
		p := New(c, l)
		if p.puzzles != nil && p.Presenting() {
			t.Errorf("puzzle lab %s opened in the presenter view", l.Name)
		}
	}
}

// TestPresentASCII: on TERM=dumb the presenter view draws the ASCII
// presenter glyphs, none of them a rune of the axis or the frames.
func TestPresentASCII(t *testing.T) {
	c := screen.NewCommon().Sized(120, 36)
	c.Styles, c.Frame = c.Styles.WithASCII(), time.Millisecond
	m := New(c, chess.Lab())
	m = settle(t, m, m.Init())
	m = keys(t, m, "c", "end")
	v := view(t, m)
	g := styles.PresenterASCIIGlyphs()
	for _, glyph := range []string{g.Running, g.Blocked, g.Ready, g.Waiting} {
		if !strings.Contains(v, glyph+glyph) {
			t.Errorf("the ASCII presenter view of chess has no %q cells:\n%s", glyph, v)
		}
	}
}

// BenchmarkPresentView draws the presenter view at 200x60 (two chess
// lanes of 24 boards, the large clock) while it plays, a third of the way
// through the run: every frame moves the cursor, as in BenchmarkView.
func BenchmarkPresentView(b *testing.B) {
	m := open(b, chess.Lab(), 200, 60)
	m = keys(b, m, "c", "end")
	if !m.Presenting() || len(m.pres.lanes) != 2 || !m.bigClock() {
		b.Fatalf("presenting %v, lanes %v, big clock %v; want the presenter view of two lanes and the large clock", m.Presenting(), m.pres.lanes, m.bigClock())
	}
	playFrames(b, m)
}
