package room

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/tui/components/frame"
	"conclab/tui/keymap"
	"conclab/tui/screen"
)

// Dashboard is the teacher's dashboard: who is connected, on which lab
// and step, what each one solved, and for the prediction prompt on the
// teacher's screen a histogram of the room's guesses against the truth.
// It reads the room again on every ChangedMsg. The zero value is not
// usable; use NewDashboard.
type Dashboard struct {
	c       screen.Common
	seat    Seat
	lead    Lead
	lab     *labs.Lab
	results map[string]labs.Result
	members []Member
	offset  int
}

// NewDashboard returns the dashboard of seat's room; lead is where the
// teacher's screen is, lab its lab (nil on the home screen) and results
// its lanes' runs by variant (the truth the guesses are judged against;
// empty when the lanes have not run).
func NewDashboard(c screen.Common, seat Seat, lead Lead, lab *labs.Lab, results map[string]labs.Result) Dashboard {
	return Dashboard{c: c, seat: seat, lead: lead, lab: lab, results: results, members: seat.Members()}
}

// Init does nothing: the room's news comes through the root's WaitCmd.
func (d *Dashboard) Init() tea.Cmd { return nil }

// SetSize sets the cells the dashboard fills.
func (d *Dashboard) SetSize(width, height int) {
	d.c.Width, d.c.Height = width, height
	d.scroll(0)
}

// Close does nothing: the dashboard runs nothing.
func (d *Dashboard) Close() {}

// Typing is false: the dashboard has no text field.
func (d Dashboard) Typing() bool { return false }

// Help is the dashboard's key map.
func (d Dashboard) Help() keymap.Bindings { return d.c.Keys.Dashboard.Bindings() }

// Update reads the room again on ChangedMsg and scrolls or closes on keys.
func (d Dashboard) Update(msg tea.Msg) (Dashboard, tea.Cmd) {
	switch msg := msg.(type) {
	case ChangedMsg:
		d.members = d.seat.Members()
		d.scroll(0)
	case tea.KeyPressMsg:
		k := d.c.Keys.Dashboard
		switch {
		case key.Matches(msg, k.Close):
			return d, screen.BackCmd
		case key.Matches(msg, k.Up):
			d.scroll(-1)
		case key.Matches(msg, k.Down):
			d.scroll(1)
		case key.Matches(msg, k.PageUp):
			d.scroll(-max(d.c.Height-2, 1))
		case key.Matches(msg, k.PageDown):
			d.scroll(max(d.c.Height-2, 1))
		case key.Matches(msg, k.Top):
			d.scroll(-1 << 30)
		case key.Matches(msg, k.Bottom):
			d.scroll(1 << 30)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			d.scroll(-1)
		case tea.MouseWheelDown:
			d.scroll(1)
		}
	}
	return d, nil
}

// scroll moves the body by n lines, within what there is.
func (d *Dashboard) scroll(n int) {
	d.offset = max(0, min(d.offset+n, len(d.body())-d.bodyHeight()))
}

func (d Dashboard) bodyHeight() int { return max(d.c.Height-1, 0) }

// Students are the members that are not teachers.
func (d Dashboard) students() []Member {
	var out []Member
	for _, m := range d.members {
		if !m.Teacher {
			out = append(out, m)
		}
	}
	return out
}

// View draws the title line and the body from the scroll offset.
func (d Dashboard) View() string {
	st := d.c.Styles
	n := len(d.students())
	title := st.Title.Render("Classroom dashboard") + st.Muted.Render(fmt.Sprintf(" · %d %s connected · teacher on %s", n, plural(n, "student", "students"), d.leadText()))
	body := d.body()
	h := d.bodyHeight()
	end := min(d.offset+h, len(body))
	lines := append([]string{title}, body[d.offset:end]...)
	if end < len(body) && h > 0 {
		lines[len(lines)-1] = st.Muted.Render(fmt.Sprintf("%s %d more lines (↓/pgdn)", st.Glyphs.Down, len(body)-end))
	}
	return frame.Block(lines, d.c.Width, d.c.Height, st.Glyphs.Ellipsis)
}

// leadText is where the teacher is, in a few words: "countdown step 2".
func (d Dashboard) leadText() string {
	if d.lead.Lab == "" {
		return "the home screen"
	}
	return placeText(d.lead.Lab, d.lead.Setup.Step)
}

func placeText(lab string, step int) string {
	if lab == "" {
		return "home"
	}
	if step > 0 {
		return fmt.Sprintf("%s step %d", lab, step)
	}
	return lab
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// body is the table of students, then the prompt's histograms.
func (d Dashboard) body() []string {
	st := d.c.Styles
	students := d.students()
	lines := []string{""}
	if len(students) == 0 {
		lines = append(lines, st.Hint.Render("No student is connected yet: they join with ssh NAME@HOST -p PORT."))
	} else {
		nameW := len("student")
		for _, m := range students {
			nameW = max(nameW, frame.Width(m.Name))
		}
		header := fmt.Sprintf("  %-*s  %-22s %-10s %-9s %-10s %s", nameW, "student", "where", "exercises", "puzzles", "challenges", "guesses")
		lines = append(lines, st.Muted.Render(header))
		for _, m := range students {
			lines = append(lines, d.row(m, nameW))
		}
	}
	lines = append(lines, "")
	return append(lines, d.histograms()...)
}

// row is one student's line: following or not, where, solved, guesses.
func (d Dashboard) row(m Member, nameW int) string {
	st := d.c.Styles
	p := m.Place
	mark := " "
	if p.Following {
		mark = st.Glyphs.Pointer
	}
	where := placeText(p.Lab, p.Step)
	if !p.Following {
		where += " (own)"
	}
	count := func(c Count) string {
		if c.Total == 0 {
			return "-"
		}
		return fmt.Sprintf("%d/%d", c.Solved, c.Total)
	}
	guesses := st.Muted.Render("none")
	if len(p.Guesses) > 0 {
		var gs []string
		last := ""
		for _, g := range p.Guesses {
			if g.Variant != last {
				gs = append(gs, g.Variant)
				last = g.Variant
			}
			if g.Fact != "" {
				gs[len(gs)-1] += " " + d.question(g) + ":"
			}
			gs[len(gs)-1] += " " + g.Value
		}
		guesses = strings.Join(gs, st.Muted.Render(st.Glyphs.Separator))
	}
	return fmt.Sprintf("%s %-*s  %-22s %-10s %-9s %-10s %s", mark, nameW, m.Name, frame.Cut(where, 22, st.Glyphs.Ellipsis),
		count(p.Exercises), count(p.Puzzles), count(p.Challenges), guesses)
}

// question is what a guess guesses: "total" or the fact's few words.
func (d Dashboard) question(g labs.Guess) string {
	if g.Fact == "" || d.lab == nil {
		if g.Fact != "" {
			return g.Fact
		}
		return "total"
	}
	for _, f := range d.lab.Guessable(g.Variant) {
		if f.Name == g.Fact {
			return f.Question
		}
	}
	return g.Fact
}
