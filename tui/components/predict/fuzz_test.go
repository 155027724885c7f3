package predict

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"conclab/tui/styles"
)

// FuzzEditorInsert: any pasted text is typed without a panic; the lines are
// the text split at its line ends (\r\n, \n, \r), tabs as four spaces and
// unprintable characters and invalid UTF-8 dropped (worked out here line by
// line, not as the textarea does it), the cursor ends after the last
// character, and pasting the lines again gives the same lines (round trip).
func FuzzEditorInsert(f *testing.F) {
	for _, s := range []string{"", "line 1\nline 2", "a\r\nb\rc", "\ttab", "\x00\x1b[A", "é漢字🙂", "\xff", "\n\n", "0 1 4 9 16\nsum 30", "a\u200bb\u00a0c"} {
		f.Add(s)
	}
	paste := func(text string) Model {
		m := New(styles.DefaultStyles())
		m.SetEditing(true)
		m, _ = m.Update(tea.PasteMsg{Content: text})
		return m
	}
	f.Fuzz(func(t *testing.T, text string) {
		m := paste(text)
		var want []string
		for _, line := range splitLines(strings.ReplaceAll(text, "\r\n", "\n")) {
			line = strings.ReplaceAll(line, "\t", "    ")
			want = append(want, strings.Map(func(r rune) rune {
				if unicode.IsPrint(r) && r != utf8.RuneError {
					return r
				}
				return -1
			}, line))
		}
		got := m.Prediction()
		if !slices.Equal(got, want) {
			t.Fatalf("paste(%q): lines %q, want %q", text, got, want)
		}
		if m.ed.Line() != len(got)-1 || m.ed.Column() != len([]rune(got[len(got)-1])) {
			t.Fatalf("paste(%q): cursor at %d:%d, want the end of %q", text, m.ed.Line(), m.ed.Column(), got)
		}
		if again := paste(strings.Join(got, "\n")).Prediction(); !slices.Equal(again, got) {
			t.Fatalf("pasting %q again gives %q", got, again)
		}
	})
}

// splitLines splits at every \n and \r, keeping empty lines (one line for "").
func splitLines(s string) []string {
	return strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n")
}
