package styles

import (
	"charm.land/lipgloss/v2"
)

// PresenterGlyphs are the glyphs of the presenter view on a Unicode
// terminal: every task state is a full- or half-height block pattern, so
// that a row reads as a thick bar from the back of a room and no state
// looks like the thin lines of the axis and the frames. Running is a full
// block; blocked a checker of quadrants (full height, half filled); ready
// vertical stripes (right halves); waiting for a timer or I/O a solid
// lower half; sync (waiting on another task) a dashed lower half
// (lower-left quadrants). The other glyphs are the Unicode ones.
func PresenterGlyphs() Glyphs {
	g := UnicodeGlyphs()
	g.Running, g.Blocked, g.Ready, g.Waiting, g.Sync = "█", "▚", "▐", "▄", "▖"
	return g
}

// PresenterASCIIGlyphs are the presenter view's glyphs for TERM=dumb: the
// densest ASCII characters, none of them one of the axis's or the
// frames' (- + ^ |).
func PresenterASCIIGlyphs() Glyphs {
	g := ASCIIGlyphs()
	g.Running, g.Blocked, g.Ready, g.Waiting, g.Sync = "#", "X", "%", "=", "~"
	return g
}

// Presenter returns the styles of the presenter view, for a screen shown
// on a projector: the presenter glyphs (ASCII ones when s is ASCII),
// task states in bright colours and bold, and no dim text: what is muted
// elsewhere (frames, the axis and its labels, secondary text) is drawn in
// the terminal's own foreground, which a projector does not wash out.
// Labels are bold (Set.Present asks the timeline for room around them).
// Under NO_COLOR only the glyphs tell the states apart, as they do.
func (s Styles) Presenter() Styles {
	g := PresenterGlyphs()
	if s.ASCII {
		g = PresenterASCIIGlyphs()
	}
	p := newStyles(g, s.Dark, s.ASCII)
	c := func(n int) lipgloss.Style { return lipgloss.NewStyle().Foreground(lipgloss.ANSIColor(n)).Bold(true) }
	bright := 8 // the bright ANSI colours read best on a dark screen; the plain ones on a light one
	if !s.Dark {
		bright = 0
	}
	plain := lipgloss.NewStyle()
	p.Present = true
	p.Running, p.Blocked, p.Waiting, p.Sync, p.Ready = c(2+bright), c(1+bright), c(4+bright), c(6+bright), c(3+bright)
	p.Muted, p.Subtitle, p.Axis, p.Border, p.LineNumber = plain, plain, plain.Bold(true), plain, plain
	p.BorderFocused = c(5 + bright)
	p.Title = plain.Bold(true)
	return p
}
