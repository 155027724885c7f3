package export

import (
	"bufio"
	"fmt"
	"image/color"
	"io"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// Screen sizes the picture of a terminal screen.
type Screen struct {
	// Width and Height are the screen's size in cells; text beyond them is cut.
	Width, Height int
	// NoColor draws every cell in the default colours (NO_COLOR): bold,
	// faint, italic, underline and reverse stay.
	NoColor bool
}

// The size of a cell of a screen picture, in pixels (a 15 px monospace font).
const (
	cellW      = 9
	cellH      = 18
	screenFont = 15
)

// WriteScreenSVG draws the ANSI text content (what a Bubble Tea program's
// View drew) as the terminal shows it, in an SVG document: each cell's
// character in its colours and attributes on a dark terminal background
// (the 16 ANSI colours as Palette, 256-colour and true colours as they say).
// Runs of cells of one style are one text element, stretched to their
// cells' width so that columns line up in any monospace font; a line's
// text joined is what the screen shows on it, trailing spaces cut.
func WriteScreenSVG(w io.Writer, content string, sc Screen) error {
	if sc.Width <= 0 || sc.Height <= 0 {
		return fmt.Errorf("a screen is at least 1x1 cells, not %dx%d", sc.Width, sc.Height)
	}
	buf := uv.NewScreenBuffer(sc.Width, sc.Height)
	uv.NewStyledString(strings.ReplaceAll(content, "\r\n", "\n")).Draw(buf, buf.Bounds())
	s := &svgWriter{w: bufio.NewWriter(w)}
	width, height := float64(sc.Width)*cellW+2*margin, float64(sc.Height*cellH+2*margin)
	s.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	s.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" font-size="%d">`+"\n", num(width), num(height), num(width), num(height), fontFamily, screenFont)
	s.printf(`<rect class="background" x="0" y="0" width="%s" height="%s" fill="%s" rx="6"/>`+"\n", num(width), num(height), background)
	for y := range sc.Height {
		s.printf(`<g class="line" data-y="%d">`, y)
		runs := screenRuns(buf, y, sc.NoColor)
		last := -1 // the last run with more than spaces: the line's text ends there
		for i, r := range runs {
			if strings.TrimSpace(r.text) != "" || r.underline {
				last = i
			}
		}
		for i, r := range runs {
			x := float64(margin) + float64(r.x)*cellW
			top := float64(margin + y*cellH)
			if r.bg != "" {
				s.printf(`<rect x="%s" y="%s" width="%s" height="%d" fill="%s"/>`, num(x), num(top), num(float64(r.cells)*cellW), cellH, r.bg)
			}
			if i > last {
				continue
			}
			s.printf(`<text x="%s" y="%s" textLength="%s" lengthAdjust="spacingAndGlyphs" xml:space="preserve" fill="%s"%s>%s</text>`,
				num(x), num(top+14), num(float64(r.cells)*cellW), r.fg, r.attrs, esc(r.text))
		}
		s.printf("</g>\n")
	}
	s.printf("</svg>\n")
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

// run is cells of one line in one style.
type run struct {
	x, cells  int
	text      string
	fg, bg    string // bg "" is the background's
	attrs     string
	underline bool
	key       string
}

// screenRuns splits line y of buf into runs of one style.
func screenRuns(buf uv.ScreenBuffer, y int, noColor bool) []run {
	var out []run
	width := buf.Width()
	for x := 0; x < width; {
		c := buf.CellAt(x, y)
		text, w := " ", 1
		var st uv.Style
		if c != nil {
			st = c.Style
			if c.Width > 0 {
				text, w = c.Content, c.Width
			}
			if text == "" {
				text = " "
			}
		}
		r := styleRun(st, noColor)
		r.x, r.cells, r.text = x, w, text
		if n := len(out); n > 0 && out[n-1].key == r.key {
			out[n-1].cells += w
			out[n-1].text += text
		} else {
			out = append(out, r)
		}
		x += w
	}
	return out
}

// styleRun is the paint of a style: colours (reverse swapped) and attributes.
func styleRun(st uv.Style, noColor bool) run {
	fg, bg := foreground, ""
	if !noColor {
		if st.Fg != nil {
			fg = hex(st.Fg)
		}
		if st.Bg != nil {
			bg = hex(st.Bg)
		}
	}
	if st.Attrs&uv.AttrReverse != 0 {
		b := bg
		if b == "" {
			b = background
		}
		fg, bg = b, fg
	}
	var attrs strings.Builder
	if st.Attrs&uv.AttrBold != 0 {
		attrs.WriteString(` font-weight="bold"`)
	}
	if st.Attrs&uv.AttrFaint != 0 {
		attrs.WriteString(` fill-opacity="0.6"`)
	}
	if st.Attrs&uv.AttrItalic != 0 {
		attrs.WriteString(` font-style="italic"`)
	}
	underline := st.Underline != 0
	if underline || st.Attrs&uv.AttrStrikethrough != 0 {
		deco := "underline"
		if !underline {
			deco = "line-through"
		}
		attrs.WriteString(` text-decoration="` + deco + `"`)
	}
	return run{fg: fg, bg: bg, attrs: attrs.String(), underline: underline, key: fg + "|" + bg + "|" + attrs.String()}
}

// hex is a colour as #rrggbb: the 16 ANSI colours as Palette has them.
func hex(c color.Color) string {
	switch c := c.(type) {
	case ansi.BasicColor:
		if c < 16 {
			return Palette[c]
		}
	case ansi.IndexedColor:
		if c < 16 {
			return Palette[c]
		}
	}
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}
