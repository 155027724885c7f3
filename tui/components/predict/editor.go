package predict

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
)

// editorWidth is the width the prediction's textarea wraps at. The panel
// draws each line once, cut at its own width, so the textarea should not
// wrap: this is wider than any line a prediction needs, and small because
// the textarea pads every line to it on every key (a line longer than this
// wraps, and ↑/↓ then move along it).
const editorWidth = 256

// newEditor returns the textarea the prediction is typed in. The panel
// draws its lines itself (numbered as the verdict numbers the output), so
// the textarea keeps the text and the cursor and does the editing: no
// prompt, no line numbers, no limit on lines, no selection (it would not
// show) and no ctrl+v (the terminal's own paste arrives as a tea.PasteMsg).
func newEditor() textarea.Model {
	ed := textarea.New()
	ed.Prompt = ""
	ed.ShowLineNumbers = false
	ed.MaxHeight = 0
	ed.MaxWidth = 0
	none := key.NewBinding()
	km := &ed.KeyMap
	km.Paste, km.CopySelection, km.SelectAll = none, none, none
	km.SelectCharacterForward, km.SelectCharacterBackward = none, none
	km.SelectWordForward, km.SelectWordBackward = none, none
	km.SelectLineUp, km.SelectLineDown = none, none
	ed.SetWidth(editorWidth)
	return ed
}

// cloneEditor returns a copy of ed that shares no memory with it (models
// are values: an edit must not change a copy kept elsewhere, and a
// textarea's lines and viewport are shared by its copies), with the same
// text, cursor and focus.
func cloneEditor(ed textarea.Model) textarea.Model {
	lines := strings.Split(ed.Value(), "\n")
	row := ed.Line()
	col := min(ed.Column(), len([]rune(lines[row])))
	before := strings.Join(append(lines[:row:row], string([]rune(lines[row])[:col])), "\n")
	c := newEditor()
	// The text after the cursor first, then the text before it typed at the
	// start: the cursor ends where it was, in time linear in the text.
	c.SetValue(strings.TrimPrefix(ed.Value(), before))
	c.MoveToBegin()
	c.InsertString(before)
	if ed.Focused() {
		c.Focus()
	}
	return c
}

// printable is what of s may be typed: the printable characters, tabs
// (the textarea makes them four spaces) and line ends (\r\n, \n and \r each
// end a line); the rest (control characters, invalid UTF-8) is dropped.
func printable(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case r == utf8.RuneError || !unicode.IsPrint(r):
			return -1
		}
		return r
	}, s)
}

// typed is msg with only what may be typed of its text.
func typed(msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		msg.Content = printable(msg.Content)
		return msg
	case tea.KeyPressMsg:
		msg.Text = printable(msg.Text)
		return msg
	}
	return msg
}
