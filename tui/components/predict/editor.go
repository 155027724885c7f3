package predict

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
)

// editor is a small multi-line text input: the lines typed and the cursor.
// It does not blink (a blinking cursor would need a timer while idle).
type editor struct {
	lines    [][]rune
	row, col int
}

func newEditor() editor { return editor{lines: [][]rune{nil}} }

// Lines returns the text, one string per line.
func (e editor) Lines() []string {
	out := make([]string, len(e.lines))
	for i, l := range e.lines {
		out[i] = string(l)
	}
	return out
}

// Empty reports whether nothing but blanks was typed.
func (e editor) Empty() bool {
	for _, l := range e.lines {
		if strings.TrimSpace(string(l)) != "" {
			return false
		}
	}
	return true
}

// insert types text at the cursor; newlines split the line.
func (e *editor) insert(text string) {
	for _, r := range strings.ReplaceAll(text, "\r\n", "\n") {
		switch {
		case r == '\n' || r == '\r':
			e.newline()
		case r == '\t':
			e.insert("    ")
		case unicode.IsPrint(r):
			l := e.lines[e.row]
			l = append(l[:e.col], append([]rune{r}, l[e.col:]...)...)
			e.lines[e.row] = l
			e.col++
		}
	}
}

func (e *editor) newline() {
	l := e.lines[e.row]
	rest := append([]rune(nil), l[e.col:]...)
	e.lines[e.row] = l[:e.col:e.col]
	e.lines = append(e.lines[:e.row+1], append([][]rune{rest}, e.lines[e.row+1:]...)...)
	e.row, e.col = e.row+1, 0
}

// update edits the text for a key press or a paste.
func (e *editor) update(msg tea.Msg) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		e.insert(msg.Content)
	case tea.KeyPressMsg:
		l := e.lines[e.row]
		switch msg.String() {
		case "enter":
			e.newline()
		case "left", "ctrl+b":
			if e.col > 0 {
				e.col--
			} else if e.row > 0 {
				e.row--
				e.col = len(e.lines[e.row])
			}
		case "right", "ctrl+f":
			if e.col < len(l) {
				e.col++
			} else if e.row+1 < len(e.lines) {
				e.row, e.col = e.row+1, 0
			}
		case "up":
			if e.row > 0 {
				e.row--
				e.col = min(e.col, len(e.lines[e.row]))
			}
		case "down":
			if e.row+1 < len(e.lines) {
				e.row++
				e.col = min(e.col, len(e.lines[e.row]))
			}
		case "home", "ctrl+a":
			e.col = 0
		case "end", "ctrl+e":
			e.col = len(l)
		case "backspace", "ctrl+h":
			switch {
			case e.col > 0:
				e.lines[e.row] = append(l[:e.col-1], l[e.col:]...)
				e.col--
			case e.row > 0: // join with the line above
				prev := e.lines[e.row-1]
				e.col = len(prev)
				e.lines[e.row-1] = append(prev[:len(prev):len(prev)], l...)
				e.lines = append(e.lines[:e.row], e.lines[e.row+1:]...)
				e.row--
			}
		case "delete", "ctrl+d":
			switch {
			case e.col < len(l):
				e.lines[e.row] = append(l[:e.col], l[e.col+1:]...)
			case e.row+1 < len(e.lines):
				e.lines[e.row] = append(l[:len(l):len(l)], e.lines[e.row+1]...)
				e.lines = append(e.lines[:e.row+1], e.lines[e.row+2:]...)
			}
		case "ctrl+u":
			e.lines[e.row], e.col = l[e.col:], 0
		case "ctrl+k":
			e.lines[e.row] = l[:e.col]
		default:
			if msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
				e.insert(msg.Text)
			}
		}
	}
}

// clone returns a copy that shares no memory with e (models are values:
// an edit must not change a copy kept elsewhere).
func (e editor) clone() editor {
	lines := make([][]rune, len(e.lines))
	for i, l := range e.lines {
		lines[i] = append([]rune(nil), l...)
	}
	e.lines = lines
	return e
}
