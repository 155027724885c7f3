package lab

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestBigText: the clock's characters drawn large, checked against their
// dots: every cell is the two dots above each other, every line as wide
// as the characters and the gaps between them, and no two digits alike.
func TestBigText(t *testing.T) {
	got, ok := bigText("10:2.5")
	want := [bigHeight]string{
		"▄█  █▀█ ▄ ▀▀█   █▀▀",
		" █  █ █ ▄ █▀▀   ▀▀█",
		"▀▀▀ ▀▀▀   ▀▀▀ ▀ ▀▀▀",
	}
	if !ok || got != want {
		t.Errorf("bigText(%q) =\n%s\nwant\n%s", "10:2.5", strings.Join(got[:], "\n"), strings.Join(want[:], "\n"))
	}
	seen := map[[bigHeight]string]rune{}
	for r := range bigFont {
		lines, ok := bigText(string(r))
		if !ok {
			t.Errorf("bigText(%q) is not ok", r)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) != len(bigFont[r][0]) {
				t.Errorf("bigText(%q) line %q is %d cells, want %d", r, l, ansi.StringWidth(l), len(bigFont[r][0]))
			}
		}
		if other, dup := seen[lines]; dup {
			t.Errorf("bigText(%q) = bigText(%q)", r, other)
		}
		seen[lines] = r
	}
	if _, ok := bigText("1h"); ok {
		t.Errorf("bigText(%q) is ok, want not (no h in the font)", "1h")
	}
}
