package predict

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// FuzzEditorInsert: any pasted text is typed without a panic; the lines are
// the text split at its line ends (\r\n, \n, \r), tabs as four spaces and
// unprintable characters dropped (worked out here line by line, not
// character by character as the editor does), the cursor ends after the last
// character, and pasting the lines again gives the same lines (round trip).
func FuzzEditorInsert(f *testing.F) {
	for _, s := range []string{"", "line 1\nline 2", "a\r\nb\rc", "\ttab", "\x00\x1b[A", "é漢字🙂", "\xff", "\n\n", "0 1 4 9 16\nsum 30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		e := newEditor()
		e.insert(text)
		var want []string
		for _, line := range splitLines(strings.ReplaceAll(text, "\r\n", "\n")) {
			line = strings.ReplaceAll(line, "\t", "    ")
			want = append(want, strings.Map(func(r rune) rune {
				if unicode.IsPrint(r) {
					return r
				}
				return -1
			}, line))
		}
		got := e.Lines()
		if !slices.Equal(got, want) {
			t.Fatalf("insert(%q): lines %q, want %q", text, got, want)
		}
		if e.row != len(got)-1 || e.col != len([]rune(got[len(got)-1])) {
			t.Fatalf("insert(%q): cursor at %d:%d, want the end of %q", text, e.row, e.col, got)
		}
		again := newEditor()
		again.insert(strings.Join(got, "\n"))
		if !slices.Equal(again.Lines(), got) {
			t.Fatalf("pasting %q again gives %q", got, again.Lines())
		}
	})
}

// splitLines splits at every \n and \r, keeping empty lines (one line for "").
func splitLines(s string) []string {
	return strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n")
}
