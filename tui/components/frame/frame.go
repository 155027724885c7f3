// Package frame fits text into cells: lines cut to a width without splitting
// a glyph or an escape sequence, blocks padded to an exact size, and titled
// boxes around them. Every screen lays out through it, so no line it returns
// is wider than asked.
package frame

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"conclab/tui/styles"
)

// Fit returns s cut to width cells (ending in tail when cut) and padded with
// spaces to exactly width cells. s is one line and may hold escape sequences.
func Fit(s string, width int, tail string) string {
	if width <= 0 {
		return ""
	}
	w := Width(s)
	if w > width {
		if Width(tail) >= width {
			tail = ""
		}
		s = ansi.Truncate(s, width, tail)
		w = Width(s)
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
	if Width(s) <= width {
		return s
	}
	if Width(tail) >= width {
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
	size := height * (width + 1)
	for _, l := range lines[:min(len(lines), height)] {
		size += len(l)
	}
	var b strings.Builder
	b.Grow(size)
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
	border := styles.PaintOf(st.Border)
	if focused {
		border = styles.PaintOf(st.BorderFocused)
	}
	inner := width - 2
	var b strings.Builder
	b.Grow(height * (width + 16))
	topBorder(&b, st, border, title, note, inner)
	side := border.Wrap(g.Vertical)
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
	border.WriteTo(&b, g.BottomLeft+strings.Repeat(g.Horizontal, inner)+g.BottomRight)
	return b.String()
}

func topBorder(b *strings.Builder, st styles.Styles, border styles.Paint, title, note string, inner int) {
	g := st.Glyphs
	// ╭─ title ───── note ─╮: the title gets room first, the note what is left.
	title = Cut(title, max(inner-4, 0), g.Ellipsis)
	used := 1
	if tw := Width(title); tw > 0 {
		used += tw + 2
	}
	if note != "" && inner-used-4 > 0 {
		note = Cut(note, inner-used-4, g.Ellipsis)
		used += Width(note) + 3
	} else {
		note = ""
	}
	border.WriteTo(b, g.TopLeft+g.Horizontal)
	if title != "" {
		b.WriteString(" ")
		styles.PaintOf(st.PaneTitle).WriteTo(b, title)
		b.WriteString(" ")
	}
	border.WriteTo(b, strings.Repeat(g.Horizontal, max(inner-used, 0)))
	if note != "" {
		b.WriteString(" " + note + " ")
		border.WriteTo(b, g.Horizontal)
	}
	border.WriteTo(b, g.TopRight)
}

// Spread puts left at the left and right at the right of width cells (at
// least two cells apart), cutting right first, then left, when both do not
// fit; tail marks a cut.
func Spread(left, right string, width int, tail string) string {
	lw := Width(left)
	if lw >= width {
		return Cut(left, width, tail)
	}
	room := width - lw - 2
	if room <= 0 || right == "" {
		return left
	}
	right = Cut(right, room, tail)
	return left + strings.Repeat(" ", width-lw-Width(right)) + right
}
