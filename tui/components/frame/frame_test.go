package frame

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"conclab/tui/styles"
)

func TestFit(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"abc", 5, "abc  "},
		{"abcdef", 4, "abc…"},
		{"abc", 3, "abc"},
		{"", 2, "  "},
		{"abc", 0, ""},
		{"日本語", 5, "日本…"}, // a wide glyph is never cut in half
		{"日本語", 4, "日… "},
		{"\x1b[31mred text\x1b[m", 5, "red …"},
	}
	for _, tt := range tests {
		got := Fit(tt.in, tt.width, "…")
		if ansi.Strip(got) != tt.want || ansi.StringWidth(got) != max(tt.width, 0) {
			t.Errorf("Fit(%q, %d) = %q (width %d), want %q", tt.in, tt.width, ansi.Strip(got), ansi.StringWidth(got), tt.want)
		}
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"abc", 5, "abc"},
		{"abcdef", 4, "abc…"},
		{"abcdef", 1, "a"}, // no room for the tail
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		if got := Cut(tt.in, tt.width, "…"); got != tt.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

func TestBlockIsExactlyTheSizeAsked(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {10, 3}, {4, 6}} {
		w, h := size[0], size[1]
		got := Block([]string{"a long first line", "b"}, w, h, "…")
		lines := strings.Split(got, "\n")
		if len(lines) != h {
			t.Fatalf("Block(%dx%d) has %d lines, want %d", w, h, len(lines), h)
		}
		for i, l := range lines {
			if ansi.StringWidth(l) != w {
				t.Errorf("Block(%dx%d) line %d = %q is %d wide, want %d", w, h, i, l, ansi.StringWidth(l), w)
			}
		}
	}
}

func TestBox(t *testing.T) {
	st := styles.DefaultStyles()
	got := ansi.Strip(Box(st, "sequential", "✓ 12:00:00", []string{"worker ▒▒▒", "a line far too long to fit in the box"}, 30, 4, false))
	want := strings.Join([]string{
		"╭─ sequential ── ✓ 12:00:00 ─╮",
		"│worker ▒▒▒                  │",
		"│a line far too long to fit …│",
		"╰────────────────────────────╯",
	}, "\n")
	if got != want {
		t.Errorf("Box() =\n%s\nwant\n%s", got, want)
	}
	// A title too long for the box leaves out the note and is cut.
	got = ansi.Strip(Box(st, "a very long variant name indeed", "note", nil, 16, 2, true))
	want = "╭─ a very lo… ─╮\n╰──────────────╯"
	if got != want {
		t.Errorf("Box(long title) =\n%s\nwant\n%s", got, want)
	}
}

func TestLinesExpandsTabs(t *testing.T) {
	got := Lines("func f() {\n\treturn\n}\n")
	want := []string{"func f() {", "    return", "}"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Lines() = %q, want %q", got, want)
	}
}

func TestWidth(t *testing.T) {
	tests := []string{
		"", "abc", "\x1b[31mred\x1b[m text", "╭─ sequential ─╮", "█▒─░ ▲ ✓ 12:00:00 · ‖ ›",
		"日本語", "▶️ emoji", "e\u0301", "tab\there", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x1b[38;2;1;2;3mrgb\x1b[0m",
		"\x1b[", "a\x1b", "ñandú × ÷", "👍🏽", "\u00ad",
	}
	for _, s := range tests {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestNarrowRanges checks that every rune of the fast path is one cell wide.
func TestNarrowRanges(t *testing.T) {
	for _, rg := range narrowRanges {
		for r := rg[0]; r <= rg[1]; r++ {
			if w := ansi.StringWidth(string(r)); w != 1 {
				t.Errorf("ansi.StringWidth(%U %q) = %d, want 1 (it must leave narrowRanges)", r, string(r), w)
			}
		}
	}
}

func BenchmarkWidth(b *testing.B) {
	line := "\x1b[32m" + strings.Repeat("█", 20) + "\x1b[m\x1b[34m" + strings.Repeat("─", 30) + "\x1b[m board 12"
	for b.Loop() {
		Width(line)
	}
}

func TestSpread(t *testing.T) {
	tests := []struct {
		left, right string
		width       int
		want        string
	}{
		{"ab", "cd", 8, "ab    cd"},
		{"ab", "", 8, "ab"},
		{"ab", "cdefgh", 6, "ab  c…"},
		{"abcdefgh", "x", 5, "abcd…"},
		{"abc", "x", 4, "abc"},
	}
	for _, tt := range tests {
		if got := Spread(tt.left, tt.right, tt.width, "…"); got != tt.want {
			t.Errorf("Spread(%q, %q, %d) = %q, want %q", tt.left, tt.right, tt.width, got, tt.want)
		}
	}
}
