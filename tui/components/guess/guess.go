// Package guess is the prediction prompt of a timeline lab: before the
// lanes play, one field per shown variant's total and per fact the lab
// asks of it (labs.Lab.Guessable), typed as the learner would write them
// (1h, 61m, 3655s, 0:30:25; a count; a word). It is a panel under the
// lanes, not a modal: it takes the keys only after the learner chose to
// type (P), and even then space plays and ←/→ step. When the lanes have
// finished, Results draws each guess beside the truth and why.
package guess

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/tui/components/frame"
	"conclab/tui/keymap"
	"conclab/tui/styles"
)

// field is one guess to type.
type field struct {
	variant, fact, question string
	value                   string
}

// Model is the prompt. The zero value has no fields (a lab with nothing
// to guess): it draws nothing and takes no keys.
type Model struct {
	st     styles.Styles
	lab    *labs.Lab
	fields []field
	focus  int
	typing bool
	note   string
}

// New returns the prompt of lab l for the shown variants, empty.
func New(st styles.Styles, l *labs.Lab, shown []string) Model {
	m := Model{st: st, lab: l}
	for _, n := range shown {
		for _, f := range l.Guessable(n) {
			m.fields = append(m.fields, field{variant: n, fact: f.Name, question: f.Question})
		}
	}
	return m
}

// Any reports whether the lab asks for any guess.
func (m Model) Any() bool { return len(m.fields) > 0 }

// Typing reports whether the prompt takes the keys (a field has the cursor).
func (m Model) Typing() bool { return m.typing }

// Start puts the cursor in the first empty field (or the first).
func (m *Model) Start() {
	if !m.Any() {
		return
	}
	m.typing, m.note = true, ""
	m.focus = 0
	for i, f := range m.fields {
		if f.value == "" {
			m.focus = i
			break
		}
	}
}

// Guesses are the guesses typed and valid, in the fields' order.
func (m Model) Guesses() []labs.Guess {
	var out []labs.Guess
	for _, f := range m.fields {
		g := labs.Guess{Variant: f.variant, Fact: f.fact, Value: strings.TrimSpace(f.value)}
		if g.Value != "" && m.lab.CheckGuess(g) == nil {
			out = append(out, g)
		}
	}
	return out
}

// Action is what a key pressed while typing asks of the screen.
type Action int

// The actions of Update.
const (
	// None: the key was the prompt's (typed, moved, refused).
	None Action = iota
	// Done: the guesses are in; the prompt let go of the keys.
	Done
	// Pass: the guesses are in and the key is the clock's (play, step): the screen handles it too.
	Pass
)

// Update handles a key while typing.
func (m Model) Update(msg tea.KeyPressMsg, k keymap.Guess) (Model, Action) {
	if !m.typing {
		return m, None
	}
	f := &m.fields[m.focus]
	switch {
	case key.Matches(msg, k.Next):
		m.focus = (m.focus + 1) % len(m.fields)
	case key.Matches(msg, k.Prev):
		m.focus = (m.focus - 1 + len(m.fields)) % len(m.fields)
	case key.Matches(msg, k.Done):
		if bad, i := m.refused(); bad != "" {
			m.note, m.focus = bad, i
			return m, None
		}
		m.typing, m.note = false, ""
		return m, Done
	case key.Matches(msg, k.Stop):
		m.typing, m.note = false, ""
		return m, Done
	case key.Matches(msg, k.PlayPause, k.StepForward, k.StepBack):
		m.typing = false
		m.note, _ = m.refused()
		if m.note != "" {
			m.note += " (not counted)"
		}
		return m, Pass
	case key.Matches(msg, k.Erase):
		if r := []rune(f.value); len(r) > 0 {
			f.value = string(r[:len(r)-1])
		}
	case msg.Text != "" && len([]rune(f.value)) < 20:
		f.value += msg.Text
	}
	return m, None
}

// Paste types pasted text into the field with the cursor (its first line).
func (m *Model) Paste(text string) {
	if !m.typing {
		return
	}
	line, _, _ := strings.Cut(text, "\n")
	f := &m.fields[m.focus]
	f.value = string([]rune(f.value + strings.TrimSpace(line))[:min(20, len([]rune(f.value+strings.TrimSpace(line))))])
}

// refused is why the first typed value that does not parse is refused,
// and its field; "" when all parse.
func (m Model) refused() (string, int) {
	for i, f := range m.fields {
		g := labs.Guess{Variant: f.variant, Fact: f.fact, Value: strings.TrimSpace(f.value)}
		if g.Value == "" {
			continue
		}
		if err := m.lab.CheckGuess(g); err != nil {
			return f.variant + " " + f.question + ": " + err.Error(), i
		}
	}
	return "", 0
}

// Lines draws the prompt in width cells: one line when the keys are the
// lab's (what was guessed, or the invitation), a line per variant and a
// help line while typing.
func (m Model) Lines(width int) []string {
	st := m.st
	if !m.Any() {
		return nil
	}
	tail := st.Glyphs.Ellipsis
	if !m.typing {
		gs := m.Guesses()
		if len(gs) == 0 {
			return []string{frame.Fit(st.Hint.Render("Predict first: press P to guess the totals")+st.Muted.Render(", or space to play, → to step."), width, tail)}
		}
		var parts []string
		for _, g := range gs {
			parts = append(parts, g.Variant+" "+m.question(g)+" "+st.Title.Render(g.Value))
		}
		line := st.Muted.Render("Your guesses: ") + strings.Join(parts, st.Muted.Render(st.Glyphs.Separator)) + st.Muted.Render(" (P changes them)")
		out := []string{frame.Fit(line, width, tail)}
		if m.note != "" {
			out = append(out, frame.Fit(st.Error.Render(m.note), width, tail))
		}
		return out
	}
	var out []string
	var line strings.Builder
	last := ""
	flush := func() {
		if line.Len() > 0 {
			out = append(out, frame.Fit(line.String(), width, tail))
			line.Reset()
		}
	}
	for i, f := range m.fields {
		if f.variant != last {
			flush()
			fmt.Fprintf(&line, "%-*s", m.nameWidth(), f.variant)
			last = f.variant
		}
		box := "[" + f.value
		if i == m.focus {
			box += "▏"
		}
		box = fmt.Sprintf("%-11s]", box)
		style := st.Muted
		if i == m.focus {
			style = st.Title
		}
		line.WriteString("  " + f.question + " " + style.Render(box))
	}
	flush()
	if m.note != "" {
		out = append(out, frame.Fit(st.Error.Render(m.note), width, tail))
	}
	help := "1h, 61m, 3655s or a count · tab next · enter done · space play · esc stop"
	return append(out, frame.Fit(st.Hint.Render(help), width, tail))
}

func (m Model) question(g labs.Guess) string {
	for _, f := range m.fields {
		if f.variant == g.Variant && f.fact == g.Fact {
			return f.question
		}
	}
	return ""
}

func (m Model) nameWidth() int {
	w := 0
	for _, f := range m.fields {
		w = max(w, len(f.variant))
	}
	return w
}

// Results draws judged guesses in width cells: per guess, the guess, the
// truth, a mark (right within labs.Tolerance) and why (once: a why
// already said is not repeated), wrapped on at most two lines.
//
//	✓ concurrent total: you said 1h, it was 1:00:55, right. She moves and
//	  walks on: a lap costs only her moves, and the replies come while…
func Results(st styles.Styles, judged []labs.Judged, width int) []string {
	out := make([]string, 0, 2*len(judged))
	said := map[string]bool{} // a why said once is not said again (a variant's total and facts often share one)
	for _, j := range judged {
		mark, style := st.Glyphs.Refused, st.Error
		if j.Right {
			mark, style = st.Glyphs.Done, st.Success
		}
		truth := j.Truth
		if truth == "" {
			truth = "-"
		}
		head := mark + " " + j.Variant + " " + j.Question + ": you said " + j.Value + ", it was " + truth + ", " + j.Mark() + "."
		text := head
		if j.Why != "" && !said[j.Why] {
			said[j.Why] = true
			text += " " + strings.ToUpper(j.Why[:1]) + j.Why[1:] + "."
		}
		lines := strings.Split(ansi.Wrap(text, max(width, 20), " "), "\n")
		if len(lines) > 2 {
			lines = append(lines[:1], strings.Join(lines[1:], " "))
		}
		for i, l := range lines {
			switch {
			case i == 0 && strings.HasPrefix(l, head):
				l = style.Render(head) + st.Muted.Render(strings.TrimPrefix(l, head))
			case i == 0:
				l = style.Render(l)
			default:
				l = st.Muted.Render("  " + l)
			}
			out = append(out, frame.Fit(l, width, st.Glyphs.Ellipsis))
		}
	}
	return out
}

// JudgedMsg says that the lanes finished and the learner's guesses were
// judged: what a front end may keep (the learner's progress). Values are
// the parameters of the run, as name=value in the lab's order.
type JudgedMsg struct {
	Lab    string
	Values []string
	Judged []labs.Judged
}

// JudgedCmd returns msg as a command.
func JudgedCmd(msg JudgedMsg) tea.Cmd { return func() tea.Msg { return msg } }
