package legend

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"conclab/labs/chess"
	"conclab/labs/coroutines"
	"conclab/tui/components/frame"
	"conclab/tui/styles"
)

// TestLegend: the legend names every glyph of the timeline and the lab's
// own terms, fills exactly its size, and scrolls within its text.
func TestLegend(t *testing.T) {
	st := styles.DefaultStyles()
	g := st.Glyphs
	m := New(st, chess.Lab())
	m.SetSize(100, 200)
	text := ansi.Strip(m.View())
	for _, want := range []string{g.Running + g.Running + "  running", g.Blocked + g.Blocked + "  blocked", g.Waiting + g.Waiting + "  waiting",
		g.Sync + g.Sync + "  sync", g.Ready + g.Ready + "  ready", "worker", "[6/9]", "master", "board", "within 10 %"} {
		if !strings.Contains(text, want) {
			t.Errorf("the chess legend lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(ansi.Strip(func() string { p := New(st, coroutines.Lab()); p.SetSize(100, 200); return p.View() }()), "Predict: P") {
		t.Error("a puzzle lab's legend speaks of P (its predictions are typed otherwise)")
	}
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}, {30, 5}} {
		m.SetSize(size.w, size.h)
		m.ScrollBy(1000)
		lines := strings.Split(m.View(), "\n")
		if len(lines) != size.h {
			t.Errorf("%dx%d: %d lines, want %d", size.w, size.h, len(lines), size.h)
		}
		for i, l := range lines {
			if frame.Width(l) != size.w {
				t.Errorf("%dx%d: line %d is %d cells wide", size.w, size.h, i, frame.Width(l))
			}
		}
		if m.offset < 0 || m.offset > max(0, len(m.lines)-size.h) {
			t.Errorf("%dx%d: offset %d outside the text", size.w, size.h, m.offset)
		}
	}
}

// TestLegendLaneMarks: the legend says what the lanes draw for a wake-up,
// a fold, a selected range and the axis notes of the lane titles, in the
// glyphs of the set in use (Unicode or TERM=dumb's ASCII).
func TestLegendLaneMarks(t *testing.T) {
	for _, tt := range []struct {
		name string
		st   styles.Styles
		want []string
	}{
		{"unicode", styles.DefaultStyles(), []string{"│↓ │↑", "a wake-up at the cursor's event", "≈ 55s", "━━━ ◆", "(F: fit)", "fewer than 10 columns", "(own axis)", "main", "J jumps"}},
		{"ascii", styles.DefaultStyles().WithASCII(), []string{"|v |^", "a wake-up at the cursor's event", "~ 55s", "*** @", "(F: fit)", "(own axis)"}},
	} {
		m := New(tt.st, chess.Lab())
		m.SetSize(120, 400)
		text := ansi.Strip(m.View())
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the legend lacks %q:\n%s", tt.name, w, text)
			}
		}
	}
}
