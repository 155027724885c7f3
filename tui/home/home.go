// Package home is conclab's first screen: its title, a hint of what to do
// first, and the labs as a list with their one-line summaries. `/` filters
// the list as you type, enter opens the selected lab.
package home

import (
	"fmt"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/tui/components/frame"
	"conclab/tui/keymap"
	"conclab/tui/meta"
	"conclab/tui/screen"
	"conclab/tui/styles"
)

// Model is the home screen. The zero value is not usable; use New.
type Model struct {
	c         screen.Common
	all       []*labs.Lab
	matches   []*labs.Lab
	cursor    int
	offset    int
	filter    string
	filtering bool
	progress  ProgressMsg
}

// New returns the home screen listing labs (in the order given).
func New(c screen.Common, all []*labs.Lab) Model {
	m := Model{c: c, all: all}
	m.refilter()
	return m
}

// SetSize sets the cells the screen fills.
func (m *Model) SetSize(width, height int) {
	m.c.Width, m.c.Height = width, height
	m.scroll()
}

// Typing reports whether keys go to the filter (global keys must not steal them).
func (m Model) Typing() bool { return m.filtering }

// Help is the help bar's bindings for the screen's current mode.
func (m Model) Help() keymap.Bindings {
	if m.filtering {
		return m.c.Keys.FilterHelp()
	}
	return m.c.Keys.HomeHelp()
}

// Selected is the lab under the cursor, or nil when no lab matches the filter.
func (m Model) Selected() *labs.Lab {
	if m.cursor < len(m.matches) {
		return m.matches[m.cursor]
	}
	return nil
}

// Matches are the labs the filter lets through, in order.
func (m Model) Matches() []*labs.Lab { return m.matches }

// refilter keeps the labs whose name, title or summary contain the filter
// (ignoring case) and keeps the cursor on the same lab when it still matches.
func (m *Model) refilter() {
	sel := m.Selected()
	q := strings.ToLower(strings.TrimSpace(m.filter))
	m.matches = m.matches[:0:0]
	for _, l := range m.all {
		if q == "" || strings.Contains(strings.ToLower(l.Name+" "+l.Title+" "+l.Summary), q) {
			m.matches = append(m.matches, l)
		}
	}
	m.cursor = 0
	for i, l := range m.matches {
		if l == sel {
			m.cursor = i
		}
	}
	m.scroll()
}

// Update handles the keys of the list and of the filter.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k := m.c.Keys
	switch msg := msg.(type) {
	case ProgressMsg:
		m.progress = msg
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.move(-1)
		case tea.MouseWheelDown:
			m.move(1)
		}
	case tea.PasteMsg:
		if m.filtering {
			m.filter += strings.ReplaceAll(msg.Content, "\n", " ")
			m.refilter()
		}
	case tea.KeyPressMsg:
		if m.filtering {
			return m.filterKey(msg)
		}
		switch {
		case key.Matches(msg, k.Up):
			m.move(-1)
		case key.Matches(msg, k.Down):
			m.move(1)
		case key.Matches(msg, k.Start):
			m.move(-len(m.matches))
		case key.Matches(msg, k.End):
			m.move(len(m.matches))
		case key.Matches(msg, k.PageUp):
			m.move(-max(m.listHeight()/2, 1)) // two lines an item
		case key.Matches(msg, k.PageDown):
			m.move(max(m.listHeight()/2, 1))
		case key.Matches(msg, k.Open):
			if l := m.Selected(); l != nil {
				return m, screen.OpenLabCmd(l)
			}
		case key.Matches(msg, k.Exercise):
			if l := m.Selected(); l != nil {
				return m, screen.OpenExerciseCmd(l.Name)
			}
		case key.Matches(msg, k.Filter):
			m.filtering, m.filter = true, "" // a new filter each time
			m.refilter()
		case key.Matches(msg, k.Back):
			m.filter = ""
			m.refilter()
		}
	}
	return m, nil
}

// filterKey edits the filter: enter opens the selected match, esc clears
// the filter, arrows still move.
func (m Model) filterKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch msg.String() {
	case "enter":
		m.filtering = false
		if l := m.Selected(); l != nil {
			return m, screen.OpenLabCmd(l)
		}
		return m, nil
	case "esc":
		m.filtering, m.filter = false, ""
	case "up":
		m.move(-1)
		return m, nil
	case "down":
		m.move(1)
		return m, nil
	case "backspace", "ctrl+h":
		if r := []rune(m.filter); len(r) > 0 {
			m.filter = string(r[:len(r)-1])
		}
	case "ctrl+u":
		m.filter = ""
	default:
		if msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
			for _, r := range msg.Text {
				if unicode.IsPrint(r) {
					m.filter += string(r)
				}
			}
		}
	}
	m.refilter()
	return m, nil
}

func (m *Model) move(n int) {
	m.cursor = max(0, min(m.cursor+n, len(m.matches)-1))
	m.scroll()
}

// intro is the title block above the list.
func (m Model) intro() []string {
	st := m.c.Styles
	wrap := func(style lipgloss.Style, text string) []string {
		return strings.Split(style.Render(ansi.Wordwrap(text, max(m.c.Width, 1), "")), "\n")
	}
	lines := []string{st.App.Render("conclab") + st.Muted.Render(" — an interactive concurrency lab")}
	lines = append(lines, wrap(st.Subtitle, "Watch small programs wait, block and take turns on a virtual clock; change their numbers and rerun them side by side.")...)
	lines = append(lines, wrap(st.Hint, "New here? Press enter to open the first lab, then space to play it.")...)
	return append(lines, "")
}

// listHeight is the number of lines left for the list items.
func (m Model) listHeight() int { return max(m.c.Height-len(m.intro())-2, 0) }

// scroll keeps the cursor's item (two lines) in view.
func (m *Model) scroll() {
	per := max(m.listHeight()/2, 1)
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+per {
		m.offset = m.cursor - per + 1
	}
	m.offset = max(0, min(m.offset, len(m.matches)-per))
}

// View draws the screen, exactly Width x Height cells.
func (m Model) View() string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	lines := m.intro()
	switch {
	case m.filtering:
		lines = append(lines, st.Hint.Render("/ ")+m.filter+st.Cursor.Render(" "))
	case m.filter != "":
		lines = append(lines, st.Muted.Render("filter: ")+m.filter+st.Muted.Render("  (esc clears)"))
	case m.progress.Err != nil:
		lines = append(lines, st.Warning.Render(m.progress.Err.Error()))
	case m.progress.Warning != "":
		lines = append(lines, st.Warning.Render(m.progress.Warning))
	default:
		// The meta demo is listed with the labs but is not one of them.
		n := 0
		for _, l := range m.all {
			if l.Name != meta.Name {
				n++
			}
		}
		count := fmt.Sprintf("%d labs", n)
		if n < len(m.all) {
			count += fmt.Sprintf(" and %d demo", len(m.all)-n)
		}
		lines = append(lines, st.Muted.Render(count))
	}
	per := max(m.listHeight()/2, 1)
	if len(m.matches) == 0 {
		lines = append(lines, "", st.Muted.Render("No lab matches "+fmt.Sprintf("%q", m.filter)+"."))
	}
	for i := m.offset; i < min(m.offset+per, len(m.matches)); i++ {
		l := m.matches[i]
		pointer, title := "  ", st.Title.Render(l.Title)
		if i == m.cursor {
			pointer, title = st.Selected.Render(g.Pointer+" "), st.Selected.Render(l.Title)
		}
		lines = append(lines, pointer+title+st.Muted.Render("  "+l.Name)+m.mark(l.Name), "    "+st.Muted.Render(l.Summary))
	}
	if below := len(m.matches) - (m.offset + per); below > 0 {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("  %s %d more", g.Down, below)))
	}
	return frame.Block(lines, m.c.Width, m.c.Height, g.Ellipsis)
}

// mark is a lab's exercise progress after its name: "  ✓ exercise solved",
// "  exercise 0/1", nothing for a lab without exercises.
func (m Model) mark(lab string) string {
	st := m.c.Styles
	x, ok := m.progress.ByLab[lab]
	if !ok || x.Total == 0 {
		return ""
	}
	noun := "exercise"
	if x.Total > 1 {
		noun = "exercises"
	}
	if x.Solved == x.Total {
		return "  " + st.Success.Render(st.Glyphs.Done+" "+noun+" solved")
	}
	return st.Muted.Render(fmt.Sprintf("  %s %d/%d", noun, x.Solved, x.Total))
}

// SetStyles restyles the screen (after the terminal told its background).
func (m *Model) SetStyles(st styles.Styles) { m.c.Styles = st }
