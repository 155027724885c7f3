// Package home is conclab's first screen: its title, a hint of what to do
// first, and the labs as a list with their one-line summaries. `/` filters
// the list as you type, enter opens the selected lab.
package home

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/tui/challenge"
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
	filter    textinput.Model
	filtering bool
	progress  ProgressMsg
	placed    bool // the cursor was put on the last lab once
}

// New returns the home screen listing labs (in the order given).
func New(c screen.Common, all []*labs.Lab) Model {
	m := Model{c: c, all: all, filter: newFilter(c.Styles)}
	m.refilter()
	return m
}

// SetSize sets the cells the screen fills.
func (m *Model) SetSize(width, height int) {
	m.c.Width, m.c.Height = width, height
	m.scroll()
}

// Init starts nothing: the root reads the learner's progress.
func (m *Model) Init() tea.Cmd { return nil }

// Close does nothing: the screen runs nothing.
func (m *Model) Close() {}

// Typing reports whether keys go to the filter (global keys must not steal them).
func (m Model) Typing() bool { return m.filtering }

// Help is the help bar's bindings for the screen's current mode.
func (m Model) Help() keymap.Bindings {
	if m.filtering {
		return m.c.Keys.Filter.Bindings()
	}
	return m.c.Keys.Home.Bindings()
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
	q := strings.ToLower(strings.TrimSpace(m.filter.Value()))
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

// Update handles the keys of the list and of the filter, the learner's
// progress and the terminal's background colour.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k := m.c.Keys.Home
	switch msg := msg.(type) {
	case ProgressMsg:
		m.progress = msg
		if !m.placed && msg.Last != nil && !m.filtering && m.filter.Value() == "" {
			m.placed = true
			for i, l := range m.matches {
				if l.Name == msg.Last.Lab {
					m.cursor = i
					m.scroll()
				}
			}
		}
	case tea.BackgroundColorMsg:
		m.c.Styles = m.c.Styles.WithDark(msg.IsDark())
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.move(-1)
		case tea.MouseWheelDown:
			m.move(1)
		}
	case tea.PasteMsg:
		if m.filtering {
			m.filter, _ = m.filter.Update(msg) // on one line
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
			m.filtering = true
			m.filter.Reset() // a new filter each time
			m.filter.Focus()
			m.refilter()
		case key.Matches(msg, k.Clear):
			m.filter.Reset()
			m.refilter()
		}
	}
	return m, nil
}

// filterKey edits the filter (a textinput): enter opens the selected
// match, esc clears the filter, arrows still move.
func (m Model) filterKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.c.Keys.Filter
	switch {
	case key.Matches(msg, k.Apply):
		m.filtering = false
		m.filter.Blur()
		if l := m.Selected(); l != nil {
			return m, screen.OpenLabCmd(l)
		}
		return m, nil
	case key.Matches(msg, k.Clear):
		m.filtering = false
		m.filter.Blur()
		m.filter.Reset()
	case key.Matches(msg, k.Up):
		m.move(-1)
		return m, nil
	case key.Matches(msg, k.Down):
		m.move(1)
		return m, nil
	default: // typing
		m.filter, _ = m.filter.Update(msg) // no command: the cursor does not blink
	}
	m.refilter()
	return m, nil
}

// newFilter is the filter's text input: "/ " before it, a cursor that does
// not blink (a blinking one would need a timer while idle), no ctrl+v (the
// terminal's paste arrives as a tea.PasteMsg).
func newFilter(st styles.Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.KeyMap.Paste = key.NewBinding()
	s := textinput.DefaultStyles(st.Dark)
	s.Focused.Prompt, s.Focused.Text = st.Hint, st.Text
	s.Cursor = textinput.CursorStyle{}
	in.SetStyles(s)
	return in
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
	hint := "New here? Press enter to open the first lab, then space to play it."
	if last := m.progress.Last; last != nil && m.known(last.Lab) {
		hint = "Welcome back: enter opens " + last.Lab + " as you left it (the cursor is on it)."
	}
	lines = append(lines, wrap(st.Hint, hint)...)
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
		lines = append(lines, m.filter.View())
	case m.filter.Value() != "":
		lines = append(lines, st.Muted.Render("filter: ")+m.filter.Value()+st.Muted.Render("  (esc clears)"))
	case m.progress.Err != nil:
		lines = append(lines, st.Warning.Render(m.progress.Err.Error()))
	case m.progress.Warning != "":
		lines = append(lines, st.Warning.Render(m.progress.Warning))
	default:
		// The challenges and the meta demo are listed with the labs but
		// are not labs.
		n, demos, challenges := 0, 0, false
		for _, l := range m.all {
			switch l.Name {
			case meta.Name:
				demos++
			case challenge.Name:
				challenges = true
			default:
				n++
			}
		}
		parts := []string{fmt.Sprintf("%d labs", n)}
		if challenges {
			parts = append(parts, "the challenges")
		}
		if demos > 0 {
			parts = append(parts, fmt.Sprintf("%d demo", demos))
		}
		count := parts[0]
		if len(parts) > 1 {
			count = strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
		}
		if p := m.progress; p.Total > 0 {
			count += fmt.Sprintf(" · %d/%d exercises solved", p.Solved, p.Total)
			if p.HasNext {
				count += " · next: " + p.Next.Name + " (x on " + p.Next.Lab + ")"
			}
		}
		if last := m.progress.Last; last != nil && m.known(last.Lab) {
			where := last.Lab
			if last.Step > 0 {
				where += fmt.Sprintf(" at step %d", last.Step)
			}
			count += " · last time: " + where
		}
		lines = append(lines, st.Muted.Render(count))
	}
	per := max(m.listHeight()/2, 1)
	if len(m.matches) == 0 {
		lines = append(lines, "", st.Muted.Render("No lab matches "+fmt.Sprintf("%q", m.filter.Value())+"."))
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

// known reports whether a lab called name is listed.
func (m Model) known(name string) bool {
	for _, l := range m.all {
		if l.Name == name {
			return true
		}
	}
	return false
}

// mark is a lab's progress after its name: its puzzles ("  3/9 puzzles")
// and its exercises ("✓ exercise solved", "exercise 0/1", and " · next" on
// the lab of the path's next exercise: x opens it there), nothing for a
// lab without either; for the challenges, "  3/16 solved" (after
// "challenges", the entry's name).
func (m Model) mark(lab string) string {
	st := m.c.Styles
	x, ok := m.progress.Puzzles[lab]
	if !ok || x.Total == 0 {
		return m.exerciseMark(lab, "  ")
	}
	puzzles := st.Muted.Render(fmt.Sprintf("  %d/%d puzzles", x.Solved, x.Total))
	if x.Solved == x.Total {
		puzzles = "  " + st.Success.Render(st.Glyphs.Done+" all puzzles")
	}
	if x.FirstTry > 0 {
		puzzles += st.Muted.Render(fmt.Sprintf(" (%d first try)", x.FirstTry))
	}
	if ex := m.exerciseMark(lab, ", "); ex != "" {
		return puzzles + ex
	}
	return puzzles
}

// exerciseMark is a lab's exercise progress (see mark).
func (m Model) exerciseMark(lab, lead string) string {
	st := m.c.Styles
	if lab == challenge.Name {
		x := m.progress.Challenges
		switch {
		case x.Total == 0:
			return ""
		case x.Solved == x.Total:
			return lead + st.Success.Render(st.Glyphs.Done+" all solved")
		}
		return st.Muted.Render(fmt.Sprintf("%s%d/%d solved", lead, x.Solved, x.Total))
	}
	x, ok := m.progress.ByLab[lab]
	if !ok || x.Total == 0 {
		return ""
	}
	noun := "exercise"
	if x.Total > 1 {
		noun = "exercises"
	}
	if m.progress.HasNext && m.progress.Next.Lab == lab {
		return st.Muted.Render(fmt.Sprintf("%s%s %d/%d", lead, noun, x.Solved, x.Total)) + st.Hint.Render(" · next: "+m.progress.Next.Name)
	}
	if x.Solved == x.Total {
		return lead + st.Success.Render(st.Glyphs.Done+" "+noun+" solved")
	}
	return st.Muted.Render(fmt.Sprintf("%s%s %d/%d", lead, noun, x.Solved, x.Total))
}
