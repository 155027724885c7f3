// Package diff shows the difference between two variants' sources as a
// unified diff with the whole function as context: the lines only the first
// variant has in red with "-", the lines only the second has in green with
// "+", so a one-line change (Block to Sleep) stands out in its function.
package diff

import (
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"conclab/tui/components/frame"
	"conclab/tui/styles"
)

// Model is a scrollable diff. The zero value shows nothing; use New.
type Model struct {
	st      styles.Styles
	from    string
	to      string
	lines   []string
	changes int
	offset  int
	width   int
	height  int
}

// New returns the diff from source a (variant from) to source b (variant to).
func New(st styles.Styles, from, a, to, b string) Model {
	m := Model{st: st, from: from, to: to}
	a, b = strings.Join(frame.Lines(a), "\n")+"\n", strings.Join(frame.Lines(b), "\n")+"\n"
	edits := udiff.Lines(a, b)
	if len(edits) == 0 {
		return m
	}
	u, err := udiff.ToUnifiedDiff(from, to, a, edits, 1<<20)
	if err != nil {
		m.lines = []string{st.Error.Render("cannot diff: " + err.Error())}
		return m
	}
	for _, h := range u.Hunks {
		for _, l := range h.Lines {
			text := strings.TrimSuffix(l.Content, "\n")
			switch l.Kind {
			case udiff.Delete:
				m.lines = append(m.lines, st.Removed.Render("- "+text))
				m.changes++
			case udiff.Insert:
				m.lines = append(m.lines, st.Added.Render("+ "+text))
				m.changes++
			default:
				m.lines = append(m.lines, "  "+text)
			}
		}
	}
	return m
}

// Changes is the number of changed lines (removed plus added); 0 means the sources are the same.
func (m Model) Changes() int { return m.changes }

// SetSize sets the cells the view fills, header included.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.ScrollBy(0)
}

// ScrollBy scrolls by n lines (negative: up).
func (m *Model) ScrollBy(n int) {
	m.offset = max(0, min(m.offset+n, len(m.lines)-(m.height-2)))
}

// View draws a header naming both variants and the visible diff lines, exactly width x height cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	header := m.st.DiffHeader.Render("- "+m.from) + "   " + m.st.DiffHeader.Render("+ "+m.to)
	lines := []string{header, ""}
	if m.changes == 0 {
		lines = append(lines, m.st.Text.Render("The two variants run the same source."),
			m.st.Muted.Render("What differs is how they are run: the parameters or the number of workers (see their summaries)."))
	} else {
		lines = append(lines, m.lines[m.offset:min(len(m.lines), m.offset+m.height-2)]...)
	}
	return frame.Block(lines, m.width, m.height, m.st.Glyphs.Ellipsis)
}
