package source

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs/chess"
	"conclab/labs/eventloop"
	"conclab/labs/trace"
	"conclab/tui/styles"
)

func TestLineOf(t *testing.T) {
	l := chess.Lab()
	seq, conc := l.Variants[0].Source, l.Variants[1].Source
	line := func(src, text string) int {
		for i, s := range strings.Split(src, "\n") {
			if strings.Contains(s, text) {
				return i
			}
		}
		t.Fatalf("no line with %q", text)
		return -1
	}
	tests := []struct {
		name, src, kind string
		want            int
	}{
		{"sequential block", seq, trace.EventBlock, line(seq, "t.Block(")},
		{"sequential compute", seq, trace.EventCompute, line(seq, "t.Compute(")},
		{"sequential print", seq, trace.EventPrint, line(seq, "t.Printf(")},
		{"sequential never sleeps", seq, trace.EventSleep, -1},
		{"concurrent sleep", conc, trace.EventSleep, line(conc, "t.Sleep(")},
		{"a done event has no line", seq, trace.EventDone, -1},
		{"two lines make the same call: no guess", "t.Sleep(1)\nt.Sleep(2)\n", trace.EventSleep, -1},
		{"a call in a comment does not count", "// t.Sleep(1)\nt.Sleep(2)\n", trace.EventSleep, 1},
	}
	for _, tt := range tests {
		if got := LineOf(tt.src, tt.kind); got != tt.want {
			t.Errorf("%s: LineOf(%q) = %d, want %d", tt.name, tt.kind, got, tt.want)
		}
	}
}

// TestHighlightKeepsText checks that highlighting only adds styles: the
// text of every line is the source's.
func TestHighlightKeepsText(t *testing.T) {
	src := chess.Lab().Variants[1].Source
	m := New(styles.DefaultStyles(), src)
	want := strings.Split(strings.ReplaceAll(src, "\t", "    "), "\n")
	if len(m.lines) != len(want) {
		t.Fatalf("highlight gave %d lines, want %d", len(m.lines), len(want))
	}
	styled := 0
	for i := range want {
		if got := ansi.Strip(m.lines[i]); got != want[i] {
			t.Errorf("line %d = %q, want %q", i+1, got, want[i])
		}
		if m.lines[i] != want[i] {
			styled++
		}
	}
	if styled == 0 {
		t.Error("no line was highlighted")
	}
}

// TestViewGolden shows the sequential variant in a narrow lane (long lines
// wrap) with the blocking call marked.
func TestViewGolden(t *testing.T) {
	src := chess.Lab().Variants[0].Source
	m := New(styles.DefaultStyles(), src)
	m.SetSize(40, 12)
	m.SetMark(LineOf(src, trace.EventBlock))
	view := m.View()
	for i, l := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(l); w != 40 {
			t.Errorf("line %d is %d cells wide, want 40", i, w)
		}
	}
	if !strings.Contains(ansi.Strip(view), "▶") {
		t.Error("the marked line has no mark")
	}
	golden.RequireEqual(t, ansi.Strip(view))
}

// TestLineOfEvent: the event loop's countdowns print from three lines
// (starts in, T-minus, lift-off!); every print event of a run is marked on
// the one whose format gives its text.
func TestLineOfEvent(t *testing.T) {
	l := eventloop.Lab()
	v, err := l.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	toy, _ := l.Variant("toy")
	res, err := toy.Run(v)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(toy.Source, "\n")
	if LineOf(toy.Source, trace.EventPrint) != -1 {
		t.Fatalf("LineOf(toy, print) finds one line; the test wants several")
	}
	prints := 0
	for i := range res.Trace.Events.Len() {
		ev := res.Trace.Events.At(i)
		if ev.Kind != trace.EventPrint {
			continue
		}
		prints++
		got := LineOfEvent(toy.Source, ev.Kind, ev.Detail)
		want := "lift-off!"
		switch {
		case strings.HasPrefix(ev.Detail, "T-minus"):
			want = `"T-minus %d"`
		case strings.HasPrefix(ev.Detail, "starts in"):
			want = `"starts in %s"`
		}
		if got < 0 || !strings.Contains(lines[got], want) {
			t.Errorf("LineOfEvent(print %q) = %d, want the line with %s", ev.Detail, got, want)
		}
	}
	if prints == 0 {
		t.Fatal("the run printed nothing")
	}
	tests := []struct {
		src, detail string
		want        int
	}{
		{"t.Printf(\"a %d\")\nt.Printf(\"b %d\")\n", "b 3", 1},
		{"t.Printf(\"a %d\")\nt.Printf(\"b %d\")\n", "c 3", -1},
		{"t.Printf(\"%d\")\nt.Printf(\"%s\")\n", "3", -1}, // both could: no guess
		{"t.Printf(\"100%% %d\")\nt.Printf(\"b\")\n", "100% 3", 0},
	}
	for _, tt := range tests {
		if got := LineOfEvent(tt.src, trace.EventPrint, tt.detail); got != tt.want {
			t.Errorf("LineOfEvent(%q, %q) = %v, want %v", tt.src, tt.detail, got, tt.want)
		}
	}
}
