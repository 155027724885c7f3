package frame

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width is the number of cells s takes in a terminal, escape sequences not
// counted: ansi.StringWidth, with a fast path for the text the TUI draws
// most (ASCII, SGR colour codes, box drawing, blocks, arrows and Latin
// letters). Any other character, control code or escape sequence sends the
// whole string to ansi.StringWidth, so the answer is always the same.
func Width(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c == 0x1b:
			j := sgrEnd(s, i)
			if j < 0 {
				return ansi.StringWidth(s)
			}
			i = j
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !narrow(r) {
				return ansi.StringWidth(s)
			}
			n++
			i += size
		default: // a control code
			return ansi.StringWidth(s)
		}
	}
	return n
}

// sgrEnd returns the index just past the CSI sequence that starts at s[i]
// (ESC [ parameters final), or -1 when s[i:] starts any other escape.
func sgrEnd(s string, i int) int {
	if i+1 >= len(s) || s[i+1] != '[' {
		return -1
	}
	for j := i + 2; j < len(s); j++ {
		switch c := s[j]; {
		case c >= 0x30 && c <= 0x3f, c >= 0x20 && c <= 0x2f: // parameters, intermediates
		case c >= 0x40 && c <= 0x7e:
			return j + 1
		default:
			return -1
		}
	}
	return -1
}

// narrowRanges are runes one cell wide that never join a neighbour into one
// grapheme (TestNarrowRanges checks each against ansi.StringWidth).
var narrowRanges = [][2]rune{
	{0xa0, 0xac}, {0xae, 0x2ff}, // Latin-1 and Latin Extended (not the soft hyphen)
	{0x2010, 0x2027}, {0x2030, 0x205e}, // punctuation: dashes, bullets, …, ‖, ›
	{0x2190, 0x21ff}, // arrows
	{0x2500, 0x25fc}, // box drawing, blocks, geometric shapes
	{0x2713, 0x2718}, // ✓ ✔ ✕ ✖ ✗ ✘
}

func narrow(r rune) bool {
	for _, rg := range narrowRanges {
		if r < rg[0] {
			return false
		}
		if r <= rg[1] {
			return true
		}
	}
	return false
}
