package timeline

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"conclab/tui/styles"
)

// TestPresenterStyles: with the presenter styles the rows are drawn in
// the presenter glyphs, each label with a blank cell before it and two
// after (the time columns two fewer); back in the normal styles, the
// view is what it was.
func TestPresenterStyles(t *testing.T) {
	m := New(styles.DefaultStyles())
	m.SetTrace(oneTask())
	m.SetSize(30, 5) // labels 6 cells ("worker"), 23 columns (21 in the presenter view)
	m.SetCursor(oneTask().Total)
	normal := ansi.Strip(m.View())
	p := styles.DefaultStyles().Presenter()
	m.SetStyles(p)
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	g := p.Glyphs
	for _, tt := range []struct{ row, want string }{
		{lines[0], " worker  " + g.Running},
		{lines[1], " T       " + strings.Repeat(g.Running, 5) + g.Waiting}, // 2 s of 8 running: 5.25 of 21 columns
	} {
		if !strings.HasPrefix(tt.row, tt.want) {
			t.Errorf("presenter row %q, want it to start %q", tt.row, tt.want)
		}
	}
	for _, glyph := range []string{g.Running, g.Waiting, g.Ready, g.Blocked} {
		if !strings.Contains(lines[1], glyph+glyph) {
			t.Errorf("presenter row %q has no %q cells", lines[1], glyph)
		}
	}
	if got, want := m.cols(), 30-6-1-2; got != want { // label "worker" (6), its blank, the presenter's two
		t.Errorf("presenter cols = %d, want %d", got, want)
	}
	m.SetStyles(styles.DefaultStyles())
	if got := ansi.Strip(m.View()); got != normal {
		t.Errorf("back in the normal styles the view is\n%s\nwant\n%s", got, normal)
	}
}
