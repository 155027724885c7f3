// Package form is the parameter form of the lab screen: one text field (a
// bubbles textinput) per parameter of a lab, each with its kind, its
// allowed range and its help.
// Every keystroke checks the field with the parameter's own Parse, and the
// reason a value is refused is shown under it; submitting checks the values
// together with the lab's Resolve and sends SubmitMsg only when all is well.
package form

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/tui/components/frame"
	"conclab/tui/screen"
	"conclab/tui/styles"
)

// SubmitMsg carries the values the user submitted: as typed (Sets) and validated (Values).
type SubmitMsg struct {
	Sets   map[string]string
	Values labs.Values
}

// SubmitCmd returns a command that sends SubmitMsg.
func SubmitCmd(sets map[string]string, v labs.Values) tea.Cmd {
	return func() tea.Msg { return SubmitMsg{Sets: sets, Values: v} }
}

// CancelMsg says the user closed the form without submitting.
type CancelMsg struct{}

// CancelCmd is a command that sends CancelMsg.
func CancelCmd() tea.Msg { return CancelMsg{} }

// Model is the form. The zero value is not usable; use New.
type Model struct {
	c       screen.Common
	lab     *labs.Lab
	inputs  []textinput.Model
	fieldW  int
	errs    []error
	formErr error
	focus   int
}

// New returns the form of lab's parameters filled with current, the first field focused.
func New(c screen.Common, lab *labs.Lab, current labs.Values) Model {
	m := Model{c: c, lab: lab, inputs: make([]textinput.Model, len(lab.Params)), errs: make([]error, len(lab.Params))}
	for i, p := range lab.Params {
		v := current.String(p.Name)
		if v == "" {
			v = p.Default
		}
		m.inputs[i] = newInput(c.Styles, v)
	}
	m.setFocus(0)
	m.SetSize(c.Width, c.Height)
	return m
}

// SetSize sets the cells the form fills.
func (m *Model) SetSize(width, height int) {
	m.c.Width, m.c.Height = width, height
	m.fieldW = fieldWidth(width, m.labelWidth(), m.kindWidth())
	for i := range m.inputs {
		m.inputs[i].SetWidth(m.fieldW - 1) // a textinput draws one cell more: the cursor's after the text
	}
}

// newInput is the text field of one parameter, holding value with the
// cursor at its end: no prompt, the screen's text style, a cursor that does
// not blink (a blinking one would need a timer while idle), and no ctrl+v
// (the terminal's own paste arrives as a tea.PasteMsg).
func newInput(st styles.Styles, value string) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.KeyMap.Paste = key.NewBinding()
	s := textinput.DefaultStyles(st.Dark)
	s.Focused.Text, s.Blurred.Text = st.Text, st.Text
	s.Focused.Prompt, s.Blurred.Prompt = st.Text, st.Text
	s.Cursor = textinput.CursorStyle{}
	in.SetStyles(s)
	in.SetValue(value)
	in.CursorEnd()
	return in
}

// Field widths: a field is at least minField cells wide when the row has
// room, and grows with the window up to maxField.
const (
	minField = 24
	maxField = 80
)

// fieldWidth is the width of the fields of a row width cells wide whose
// names take label cells and kinds kind cells: the room they leave (the
// pointer, two gaps and the brackets take 8), at least minField (then the
// kind is cut at the right) and at most maxField.
func fieldWidth(width, label, kind int) int {
	room := width - label - 8 - kind
	return max(min(max(room, min(minField, width-label-8)), maxField), 4)
}

// kind is what the column after parameter p's field says: its kind and
// what is allowed.
func kind(p labs.Param) string { return p.Kind.String() + ", " + p.Range() }

// kindWidth is the width of the widest kind column.
func (m Model) kindWidth() int {
	w := 0
	for _, p := range m.lab.Params {
		w = max(w, ansi.StringWidth(kind(p)))
	}
	return w
}

func (m Model) labelWidth() int {
	w := 0
	for _, p := range m.lab.Params {
		w = max(w, len(p.Name))
	}
	return w
}

func (m *Model) setFocus(i int) {
	if len(m.inputs) == 0 {
		return
	}
	m.inputs[m.focus].Blur()
	m.focus = (i + len(m.inputs)) % len(m.inputs)
	m.inputs[m.focus].Focus() // its command starts a blink, and the cursor does not blink

}

// Focused is the index of the focused field.
func (m Model) Focused() int { return m.focus }

// Value returns field i's text.
func (m Model) Value(i int) string { return m.inputs[i].Value() }

// Err returns the error shown for field i, or for the whole form when i < 0.
func (m Model) Err(i int) error {
	if i < 0 {
		return m.formErr
	}
	return m.errs[i]
}

// check parses field i with its parameter and keeps the error.
func (m *Model) check(i int) {
	_, m.errs[i] = m.lab.Params[i].Parse(m.inputs[i].Value())
}

// Update handles keys: moving between fields, typing, resetting to the
// defaults, submitting (enter) and cancelling (esc).
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k := m.c.Keys.Form
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Cancel):
			return m, CancelCmd
		case key.Matches(msg, k.Run):
			return m.submit()
		case key.Matches(msg, k.NextField):
			m.setFocus(m.focus + 1)
			return m, nil
		case key.Matches(msg, k.PrevField):
			m.setFocus(m.focus - 1)
			return m, nil
		case key.Matches(msg, k.Reset):
			for i, p := range m.lab.Params {
				m.inputs[i].SetValue(p.Default)
				m.inputs[i].CursorEnd()
				m.errs[i] = nil
			}
			m.formErr = nil
			return m, nil
		}
	}
	if len(m.inputs) == 0 {
		return m, nil
	}
	before := m.inputs[m.focus].Value()
	m.inputs[m.focus], _ = m.inputs[m.focus].Update(msg) // no command: the cursor does not blink
	if m.inputs[m.focus].Value() != before {
		m.check(m.focus)
		m.formErr = m.together()
	}
	return m, nil
}

// together is the lab's check of the values together (wait / chunk, limit
// <= count) when every field passes alone, so that it shows as the value is
// typed, not only after enter; nil when it passes or a field is refused.
func (m Model) together() error {
	sets := make(map[string]string, len(m.inputs))
	for i, p := range m.lab.Params {
		if m.errs[i] != nil {
			return nil
		}
		sets[p.Name] = strings.TrimSpace(m.inputs[i].Value())
	}
	if _, err := m.lab.Resolve(sets); err != nil {
		return err
	}
	return nil
}

// submit checks every field, then the values together; it sends SubmitMsg
// only when all of them pass, and otherwise focuses the first refused field.
func (m Model) submit() (Model, tea.Cmd) {
	sets := make(map[string]string, len(m.inputs))
	first := -1
	for i, p := range m.lab.Params {
		m.check(i)
		if m.errs[i] != nil && first < 0 {
			first = i
		}
		sets[p.Name] = strings.TrimSpace(m.inputs[i].Value())
	}
	if first >= 0 {
		m.setFocus(first)
		m.formErr = fmt.Errorf("fix the value of %s first", m.lab.Params[first].Name)
		return m, nil
	}
	v, err := m.lab.Resolve(sets)
	if err != nil {
		m.formErr = err
		return m, nil
	}
	m.formErr = nil
	return m, SubmitCmd(sets, v)
}

// View draws the form, exactly as wide and high as its size; the focused
// field is kept in view when the form is taller than the room.
func (m Model) View() string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	lw := m.labelWidth()
	head := []string{st.Title.Render("Parameters of " + m.lab.Title)}
	intro := "Change any value, then enter runs every lane again; the old run stays on screen until the new one is ready."
	for _, l := range strings.Split(ansi.Wordwrap(intro, max(m.c.Width, 1), ""), "\n") {
		head = append(head, st.Muted.Render(l))
	}
	head = append(head, "")
	var fields []string
	focusLine := 0
	for i, p := range m.lab.Params {
		pointer := "  "
		name := st.Text.Render(fmt.Sprintf("%-*s", lw, p.Name))
		if i == m.focus {
			pointer = st.Selected.Render(g.Pointer + " ")
			name = st.Selected.Render(fmt.Sprintf("%-*s", lw, p.Name))
			focusLine = len(fields)
		}
		field := "[" + m.inputs[i].View() + "]"
		fields = append(fields, pointer+name+"  "+field+"  "+st.Muted.Render(kind(p)))
		indent := strings.Repeat(" ", lw+4)
		help := p.Help
		if len(p.Variants) > 0 && !namesAll(help, p.Variants) {
			help = "only " + strings.Join(p.Variants, ", ") + ": " + help
		}
		if help != "" {
			fields = append(fields, wrap(help, indent, m.c.Width, st.Muted)...)
		}
		if m.errs[i] != nil {
			fields = append(fields, wrap(g.Refused+" "+m.errs[i].Error(), indent, m.c.Width, st.Error)...)
		}
	}
	var foot []string
	if m.formErr != nil {
		foot = append(append(foot, ""), wrap(g.Refused+" "+m.formErr.Error(), "", m.c.Width, st.Error)...)
	}
	room := m.c.Height - len(head) - len(foot)
	if room < len(fields) && room > 0 {
		start := max(0, min(focusLine-room/3, len(fields)-room))
		fields = fields[start : start+room]
	}
	lines := append(append(head, fields...), foot...)
	return frame.Block(lines, m.c.Width, m.c.Height, g.Ellipsis)
}

// namesAll reports whether help names every one of variants already.
func namesAll(help string, variants []string) bool {
	for _, v := range variants {
		if !strings.Contains(help, v) {
			return false
		}
	}
	return true
}

// wrap wraps text to width cells, each line after indent and in style s:
// an error or a help line is read whole, not cut at the window's edge.
func wrap(text, indent string, width int, s lipgloss.Style) []string {
	w := max(width-ansi.StringWidth(indent), 10)
	var out []string
	for _, l := range strings.Split(ansi.Wrap(text, w, " "), "\n") {
		out = append(out, indent+s.Render(l))
	}
	return out
}
