package styles

import (
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"conclab/labs/trace"
)

// stateGlyphs are a glyph set's task-state glyphs, by state name.
func stateGlyphs(g Glyphs) map[string]string {
	return map[string]string{"running": g.Running, "blocked": g.Blocked, "waiting": g.Waiting, "sync": g.Sync, "ready": g.Ready}
}

// lineGlyphs are the glyphs of the axis and the frames, which no state may look like.
func lineGlyphs(g Glyphs) map[string]string {
	return map[string]string{"axis": g.Axis, "tick": g.Tick, "cursor": g.Cursor, "top-left": g.TopLeft, "top-right": g.TopRight,
		"bottom-left": g.BottomLeft, "bottom-right": g.BottomRight, "horizontal": g.Horizontal, "vertical": g.Vertical}
}

// TestPresenterGlyphsDistinct: in both presenter sets every state's glyph
// is one cell, differs from every other state's and from every rune of
// the axis and the frames, so that the states tell apart without colour
// (NO_COLOR) and never read as a line of the drawing.
func TestPresenterGlyphsDistinct(t *testing.T) {
	for name, g := range map[string]Glyphs{"unicode": PresenterGlyphs(), "ascii": PresenterASCIIGlyphs()} {
		states := stateGlyphs(g)
		for a, ga := range states {
			if ansi.StringWidth(ga) != 1 || utf8.RuneCountInString(ga) != 1 {
				t.Errorf("%s: %s glyph %q is not one rune one cell wide", name, a, ga)
			}
			for b, gb := range states {
				if a < b && ga == gb {
					t.Errorf("%s: %s and %s share glyph %q", name, a, b, ga)
				}
			}
			for l, gl := range lineGlyphs(g) {
				if ga == gl {
					t.Errorf("%s: %s glyph %q is the %s's", name, a, ga, l)
				}
			}
		}
	}
}

// TestPresenterGlyphsAreBlocks: every Unicode presenter state is a block
// element (U+2580..U+259F) that is no shade (░▒▓: a shade thins to grey
// at a distance), and none is the normal view's thin waiting line.
func TestPresenterGlyphsAreBlocks(t *testing.T) {
	for state, g := range stateGlyphs(PresenterGlyphs()) {
		r, _ := utf8.DecodeRuneInString(g)
		if r < 0x2580 || r > 0x259F || (r >= 0x2591 && r <= 0x2593) {
			t.Errorf("presenter %s glyph %q (%U) is no full- or half-height block pattern", state, g, r)
		}
	}
	for _, thin := range []string{"─", "·"} {
		for state, g := range stateGlyphs(PresenterGlyphs()) {
			if g == thin {
				t.Errorf("presenter %s glyph is the thin %q", state, thin)
			}
		}
	}
}

// TestPresenterStyles: the presenter set follows the terminal (ASCII
// glyphs on TERM=dumb, the background kept), marks itself Presenter, and
// draws what is muted elsewhere without the dim colour.
func TestPresenterStyles(t *testing.T) {
	for _, tt := range []struct {
		name string
		base Styles
		want Glyphs
	}{
		{"unicode dark", DefaultStyles(), PresenterGlyphs()},
		{"unicode light", DefaultStyles().WithDark(false), PresenterGlyphs()},
		{"ascii", DefaultStyles().WithASCII(), PresenterASCIIGlyphs()},
	} {
		p := tt.base.Presenter()
		if p.Glyphs != tt.want || !p.Present || p.ASCII != tt.base.ASCII || p.Dark != tt.base.Dark {
			t.Errorf("%s: Presenter() = glyphs %q presenter %v ascii %v dark %v, want %q true %v %v",
				tt.name, p.Glyphs.Running+p.Glyphs.Blocked, p.Present, p.ASCII, p.Dark, tt.want.Running+tt.want.Blocked, tt.base.ASCII, tt.base.Dark)
		}
		if tt.base.Present {
			t.Errorf("%s: the normal styles say Presenter", tt.name)
		}
		if fg := p.Muted.GetForeground(); fg != tt.base.Text.GetForeground() {
			t.Errorf("%s: presenter Muted colour = %v, want the plain text's %v", tt.name, fg, tt.base.Text.GetForeground())
		}
		if !p.Running.GetBold() || !p.Axis.GetBold() {
			t.Errorf("%s: presenter running bold %v, axis bold %v, want both bold", tt.name, p.Running.GetBold(), p.Axis.GetBold())
		}
		style, glyph := p.Span(trace.Span{State: trace.Waiting, On: trace.OnIO})
		if glyph != tt.want.Waiting || !style.GetBold() {
			t.Errorf("%s: Span(waiting) = %q bold %v, want %q bold", tt.name, glyph, style.GetBold(), tt.want.Waiting)
		}
	}
}
