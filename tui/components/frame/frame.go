// Package frame fits text into cells: lines cut to a width without splitting
// a glyph or an escape sequence, blocks padded to an exact size, and titled
// boxes around them. Every screen lays out through it, so no line it returns
// is wider than asked.
package frame

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/tui/styles"
)

// Fit returns s cut to width cells (ending in tail when cut) and padded with
// spaces to exactly width cells. s is one line and may hold escape sequences.
func Fit(s string, width int, tail string) string {
	if width <= 0 {
		return ""
	}
	w := ansi.StringWidth(s)
	if w > width {
		if ansi.StringWidth(tail) >= width {
			tail = ""
		}
		s = ansi.Truncate(s, width, tail)
		w = ansi.StringWidth(s)
	}
	if w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// Cut returns s cut to at most width cells (ending in tail when cut), unpadded.
func Cut(s string, width int, tail string) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	if ansi.StringWidth(tail) >= width {
		tail = ""
	}
	return ansi.Truncate(s, width, tail)
}

// Block fits lines into exactly width x height cells: each line fitted, the
// block cut or padded with blank lines to height.
func Block(lines []string, width, height int, tail string) string {
	if height <= 0 || width <= 0 {
		return ""
	}
	var b strings.Builder
	for i := range height {
		if i > 0 {
			b.WriteByte('\n')
		}
		line := ""
		if i < len(lines) {
			line = lines[i]
		}
		b.WriteString(Fit(line, width, tail))
	}
	return b.String()
}

// Lines splits s into lines, expanding tabs to four spaces (a tab has no
// fixed width in a terminal cell grid).
func Lines(s string) []string {
	s = strings.ReplaceAll(s, "\t", "    ")
	return strings.Split(strings.TrimRight(s, "\n"), "\n")
}

// Box draws lines inside a frame of exactly width x height cells. The title
// sits in the top border on the left, the note on the right; focused frames
// use the focused border style. Lines are fitted to the inside.
func Box(st styles.Styles, title, note string, lines []string, width, height int, focused bool) string {
	if width < 4 || height < 2 {
		return Block(nil, width, height, "")
	}
	g := st.Glyphs
	border := st.Border
	if focused {
		border = st.BorderFocused
	}
	inner := width - 2
	top := topBorder(st, border, title, note, inner)
	var b strings.Builder
	b.WriteString(top)
	side := border.Render(g.Vertical)
	for i := range height - 2 {
		line := ""
		if i < len(lines) {
			line = lines[i]
		}
		b.WriteByte('\n')
		b.WriteString(side)
		b.WriteString(Fit(line, inner, g.Ellipsis))
		b.WriteString(side)
	}
	b.WriteByte('\n')
	b.WriteString(border.Render(g.BottomLeft + strings.Repeat(g.Horizontal, inner) + g.BottomRight))
	return b.String()
}

func topBorder(st styles.Styles, border lipgloss.Style, title, note string, inner int) string {
	g := st.Glyphs
	// ╭─ title ───── note ─╮: the title gets room first, the note what is left.
	title = Cut(title, max(inner-4, 0), g.Ellipsis)
	used := 1
	if tw := ansi.StringWidth(title); tw > 0 {
		used += tw + 2
	}
	if note != "" && inner-used-4 > 0 {
		note = Cut(note, inner-used-4, g.Ellipsis)
		used += ansi.StringWidth(note) + 3
	} else {
		note = ""
	}
	var b strings.Builder
	b.WriteString(border.Render(g.TopLeft + g.Horizontal))
	if title != "" {
		b.WriteString(" " + st.PaneTitle.Render(title) + " ")
	}
	b.WriteString(border.Render(strings.Repeat(g.Horizontal, max(inner-used, 0))))
	if note != "" {
		b.WriteString(" " + note + " " + border.Render(g.Horizontal))
	}
	b.WriteString(border.Render(g.TopRight))
	return b.String()
}
