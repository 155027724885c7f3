package diff

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs/chess"
	"conclab/tui/styles"
)

func TestChanges(t *testing.T) {
	l := chess.Lab()
	seq, conc, two := l.Variants[0], l.Variants[1], l.Variants[2]
	tests := []struct {
		name string
		a, b string
		want int
	}{
		// The comment (3 lines), the signature and the Block/Sleep line differ: 5 removed, 5 added.
		{"sequential vs concurrent", seq.Source, conc.Source, 10},
		{"two masters run the sequential source", seq.Source, two.Source, 0},
		{"one line", "a\nb\nc\n", "a\nB\nc\n", 2},
	}
	for _, tt := range tests {
		if got := New(styles.DefaultStyles(), "a", tt.a, "b", tt.b).Changes(); got != tt.want {
			t.Errorf("%s: Changes() = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestViewGolden(t *testing.T) {
	l := chess.Lab()
	for _, tt := range []struct {
		name string
		a, b int
	}{{"sequential_concurrent", 0, 1}, {"same_source", 0, 2}} {
		t.Run(tt.name, func(t *testing.T) {
			a, b := l.Variants[tt.a], l.Variants[tt.b]
			m := New(styles.DefaultStyles(), a.Name, a.Source, b.Name, b.Source)
			m.SetSize(80, 18)
			view := m.View()
			if n := len(strings.Split(view, "\n")); n != 18 {
				t.Errorf("View() has %d lines, want 18", n)
			}
			golden.RequireEqual(t, ansi.Strip(view))
		})
	}
}

func TestScroll(t *testing.T) {
	l := chess.Lab()
	m := New(styles.DefaultStyles(), "a", l.Variants[0].Source, "b", l.Variants[1].Source)
	m.SetSize(80, 6) // 4 lines of diff shown
	m.ScrollBy(100)
	first := strings.Split(ansi.Strip(m.View()), "\n")[2]
	if !strings.Contains(first, "}") && !strings.Contains(first, "Printf") && !strings.Contains(first, "Sleep") {
		t.Errorf("scrolled to the end, first shown line = %q, want one of the last lines", first)
	}
	m.ScrollBy(-100)
	if first := strings.Split(ansi.Strip(m.View()), "\n")[2]; !strings.HasPrefix(first, "- // Sequential") {
		t.Errorf("scrolled to the top, first shown line = %q, want the first removed line", first)
	}
}
