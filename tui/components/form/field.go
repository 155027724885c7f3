package form

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// field is a one-line text input: the runes typed and the cursor position.
// It is small on purpose (no clipboard, no blinking): parameters are short.
type field struct {
	value   []rune
	pos     int
	focused bool
}

func newField(s string) field {
	f := field{}
	f.set(s)
	return f
}

func (f *field) set(s string) {
	f.value = []rune(s)
	f.pos = len(f.value)
}

func (f field) String() string { return string(f.value) }

// insert puts text at the cursor, keeping printable characters only.
func (f *field) insert(text string) {
	var rs []rune
	for _, r := range text {
		if unicode.IsPrint(r) {
			rs = append(rs, r)
		}
	}
	f.value = append(f.value[:f.pos], append(rs, f.value[f.pos:]...)...)
	f.pos += len(rs)
}

// update edits the field for a key or a paste.
func (f *field) update(msg tea.Msg) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(strings.ReplaceAll(msg.Content, "\n", " "))
	case tea.KeyPressMsg:
		switch msg.String() {
		case "left", "ctrl+b":
			f.pos = max(f.pos-1, 0)
		case "right", "ctrl+f":
			f.pos = min(f.pos+1, len(f.value))
		case "home", "ctrl+a":
			f.pos = 0
		case "end", "ctrl+e":
			f.pos = len(f.value)
		case "backspace", "ctrl+h":
			if f.pos > 0 {
				f.value = append(f.value[:f.pos-1], f.value[f.pos:]...)
				f.pos--
			}
		case "delete", "ctrl+d":
			if f.pos < len(f.value) {
				f.value = append(f.value[:f.pos], f.value[f.pos+1:]...)
			}
		case "ctrl+u":
			f.value, f.pos = f.value[f.pos:], 0
		case "ctrl+k":
			f.value = f.value[:f.pos]
		case "ctrl+w", "alt+backspace":
			i := f.pos
			for i > 0 && f.value[i-1] == ' ' {
				i--
			}
			for i > 0 && f.value[i-1] != ' ' {
				i--
			}
			f.value, f.pos = append(f.value[:i], f.value[f.pos:]...), i
		default:
			if msg.Text != "" && msg.Mod&^typedMods == 0 {
				f.insert(msg.Text)
			}
		}
	}
}

// typedMods is the only modifier a typed character may carry.
const typedMods = tea.ModShift

// view draws the field in width cells, scrolled to keep the cursor in view;
// a focused field shows the cursor as a reversed cell.
func (f field) view(width int, cursor lipgloss.Style) string {
	if width <= 0 {
		return ""
	}
	start := max(0, f.pos-width+1)
	end := min(len(f.value), start+width)
	var b strings.Builder
	for i := start; i < end; i++ {
		if f.focused && i == f.pos {
			b.WriteString(cursor.Render(string(f.value[i])))
			continue
		}
		b.WriteRune(f.value[i])
	}
	n := end - start
	if f.focused && f.pos == end && n < width {
		b.WriteString(cursor.Render(" "))
		n++
	}
	b.WriteString(strings.Repeat(" ", width-n))
	return b.String()
}
