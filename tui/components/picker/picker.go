// Package picker chooses which variants of a lab the lab screen shows: a
// checklist of the variants with their one-line summaries, one to MaxChosen
// of them checked. Applying sends ChosenMsg with the names in the lab's order.
package picker

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/tui/components/frame"
	"conclab/tui/screen"
)

// MaxChosen is the most variants shown side by side (on one clock; the
// lanes page with tab when they do not all fit): enough for every lab's
// default variants, so the lab screen shows what `conclab run` runs.
const MaxChosen = 6

// ChosenMsg carries the names of the chosen variants, in the lab's order.
type ChosenMsg struct{ Names []string }

// ChosenCmd returns a command that sends ChosenMsg.
func ChosenCmd(names []string) tea.Cmd {
	return func() tea.Msg { return ChosenMsg{Names: names} }
}

// CancelMsg says the picker was closed without a change.
type CancelMsg struct{}

// CancelCmd is a command that sends CancelMsg.
func CancelCmd() tea.Msg { return CancelMsg{} }

// Model is the picker. The zero value is not usable; use New.
type Model struct {
	c       screen.Common
	lab     *labs.Lab
	checked []bool
	cursor  int
	note    string
}

// New returns a picker of lab's variants with the names in shown checked.
func New(c screen.Common, lab *labs.Lab, shown []string) Model {
	m := Model{c: c, lab: lab, checked: make([]bool, len(lab.Variants))}
	for i, v := range lab.Variants {
		for _, n := range shown {
			if n == v.Name {
				m.checked[i] = true
			}
		}
	}
	return m
}

// SetSize sets the cells the picker fills.
func (m *Model) SetSize(width, height int) { m.c.Width, m.c.Height = width, height }

// Chosen returns the names of the checked variants, in the lab's order.
func (m Model) Chosen() []string {
	var names []string
	for i, v := range m.lab.Variants {
		if m.checked[i] {
			names = append(names, v.Name)
		}
	}
	return names
}

func (m Model) count() int { return len(m.Chosen()) }

// Update moves the cursor, toggles a variant (refusing a fifth or none),
// applies (enter) or cancels (esc).
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k := m.c.Keys.Picker
	press, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	m.note = ""
	switch {
	case key.Matches(press, k.Cancel):
		return m, CancelCmd
	case key.Matches(press, k.Apply):
		if m.count() == 0 {
			m.note = "choose at least one variant"
			return m, nil
		}
		return m, ChosenCmd(m.Chosen())
	case key.Matches(press, k.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(press, k.Down):
		m.cursor = min(m.cursor+1, len(m.checked)-1)
	case key.Matches(press, k.First):
		m.cursor = 0
	case key.Matches(press, k.Last):
		m.cursor = max(len(m.checked)-1, 0)
	case key.Matches(press, k.Toggle):
		if !m.checked[m.cursor] && m.count() >= MaxChosen {
			m.note = fmt.Sprintf("at most %d variants side by side: uncheck one first", MaxChosen)
			return m, nil
		}
		m.checked[m.cursor] = !m.checked[m.cursor]
	}
	return m, nil
}

// View draws the checklist, exactly as wide and high as its size.
func (m Model) View() string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	lines := []string{st.Title.Render("Variants of " + m.lab.Title)}
	intro := fmt.Sprintf("Check 1 to %d variants to run side by side on one clock; the first that does all its work is the baseline for speedups.", MaxChosen)
	for _, l := range strings.Split(ansi.Wordwrap(intro, max(m.c.Width, 1), ""), "\n") {
		lines = append(lines, st.Muted.Render(l))
	}
	lines = append(lines, "")
	for i, v := range m.lab.Variants {
		box := g.Unchecked
		if m.checked[i] {
			box = g.Checked
		}
		pointer, name := "  ", st.Text.Render(v.Name)
		if i == m.cursor {
			pointer, name = st.Selected.Render(g.Pointer+" "), st.Selected.Render(v.Name)
		}
		lines = append(lines, pointer+box+" "+name, "      "+st.Muted.Render(v.Summary))
	}
	if m.note != "" {
		lines = append(lines, "", st.Error.Render(m.note))
	}
	return frame.Block(lines, m.c.Width, m.c.Height, g.Ellipsis)
}
