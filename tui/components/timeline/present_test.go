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

// TestCellAtMatchesTheView: in the normal and the presenter styles, the
// cells CellAt finds a span in are the cells after a row's label that
// the view draws a glyph in, and no others (the presenter's room around
// the labels shifts the columns by two).
func TestCellAtMatchesTheView(t *testing.T) {
	for name, st := range map[string]styles.Styles{"normal": styles.DefaultStyles(), "presenter": styles.DefaultStyles().Presenter()} {
		m := New(st)
		tr := rowsTrace()
		tr.Workers = 0
		m.SetTrace(tr)
		m.SetSize(40, len(tr.Tasks)+AxisHeight)
		m.SetCursor(tr.Total)
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		for y, task := range tr.Tasks {
			row := []rune(lines[y])
			labelEnd := strings.Index(lines[y], task.Name) + len(task.Name) // ASCII names: bytes are cells
			for x := range row {
				_, _, _, ok := m.CellAt(x, y)
				drawn := x >= labelEnd && row[x] != ' '
				if ok != drawn {
					t.Errorf("%s: CellAt(%d, %d) ok = %v, want %v (the view draws %q there in %q)", name, x, y, ok, drawn, row[x], lines[y])
				}
			}
		}
	}
}
