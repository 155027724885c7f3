// Package predict is the "predict, then run" panel of a puzzle lab: the
// learner writes down, line by line (in a bubbles textarea), what a program
// will print; checking
// runs the program (in a command, never inside Update) and shows the diff of
// the prediction against the real output, line by line, with the
// explanation of the answer.
package predict

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"conclab/tui/components/frame"
	"conclab/tui/components/walkthrough"
	"conclab/tui/styles"
)

// Status is how one line of a prediction compares with the output.
type Status int

// The statuses of a verdict's lines.
const (
	// Match: the predicted line is the printed line.
	Match Status = iota
	// Differ: a line was predicted here but the program printed another.
	Differ
	// Missing: the program printed a line the prediction lacks.
	Missing
	// Extra: the prediction has a line the program did not print.
	Extra
)

// Line is one line of a verdict's diff.
type Line struct {
	Status Status
	// N is the line's number in the output, from 1 (0 for an Extra line).
	N int
	// Want is the printed line; Got the predicted one.
	Want, Got string
}

// Verdict is a checked prediction.
type Verdict struct {
	Correct bool
	// Matched lines of Want printed ones.
	Matched, Want int
	// Lines is the diff; empty when only Text is known.
	Lines []Line
	// Explanation is markdown: why the output is what it is.
	Explanation string
	// Text is the verdict as plain text, shown when Lines is empty.
	Text string
}

// Checker runs a puzzle and judges a prediction of its output.
type Checker func(puzzle string, prediction []string) (Verdict, error)

// CheckMsg is the verdict on a prediction of puzzle Puzzle.
type CheckMsg struct {
	Puzzle  string
	Verdict Verdict
	Err     error
}

// Background marks CheckMsg as a screen.Background message: a verdict
// reaches the puzzle lab even when its exercise was opened over it.
func (CheckMsg) Background() {}

// CheckCmd checks prediction of puzzle with check in a command (the check
// runs the program). A panic in the program is reported as an error.
func CheckCmd(check Checker, puzzle string, prediction []string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if p := recover(); p != nil {
				msg = CheckMsg{Puzzle: puzzle, Err: fmt.Errorf("puzzle %s panicked: %v", puzzle, p)}
			}
		}()
		v, err := check(puzzle, prediction)
		return CheckMsg{Puzzle: puzzle, Verdict: v, Err: err}
	}
}

// Model is the panel of one puzzle. The zero value is not usable; use New.
type Model struct {
	st       styles.Styles
	ed       textarea.Model
	checking bool
	verdict  *Verdict
	err      error
	why      []string // the verdict's explanation, rendered at the width
	offset   int
	width    int
	height   int
	wrong    int  // wrong verdicts so far
	revealed bool // the answer was asked for
}

// RevealAfter is how many wrong predictions show the answer: before
// that a verdict marks the learner's lines right or wrong, but does not
// print the program's lines or why, unless asked (Reveal).
const RevealAfter = 2

// Reveal shows the answer with every verdict from now on.
func (m *Model) Reveal() {
	m.revealed = true
	m.ScrollBy(0)
}

// Revealed reports whether verdicts show the answer: asked for, after
// RevealAfter wrong predictions, or once a prediction is right.
func (m Model) Revealed() bool {
	return m.revealed || m.wrong >= RevealAfter || m.Solved()
}

// New returns an empty panel.
func New(st styles.Styles) Model { return Model{st: st, ed: newEditor()} }

// SetSize sets the cells the panel fills.
func (m *Model) SetSize(width, height int) {
	resized := width != m.width
	m.width, m.height = width, height
	if resized {
		m.renderWhy()
	}
	m.ScrollBy(0)
	m.followCursor()
}

// renderWhy renders the verdict's explanation at the width (markdown
// rendering is too slow to do on every frame).
func (m *Model) renderWhy() {
	m.why = nil
	if m.verdict != nil && m.verdict.Explanation != "" && m.width > 0 {
		m.why = walkthrough.Render(m.st, m.verdict.Explanation, min(m.width, walkthrough.MaxTextWidth))
	}
}

// Editing reports whether keys go to the prediction.
func (m Model) Editing() bool { return m.ed.Focused() }

// SetEditing starts (true) or stops typing the prediction.
func (m *Model) SetEditing(on bool) {
	if on {
		m.ed.Focus() // no command: the cursor does not blink
		m.followCursor()
	} else {
		m.ed.Blur()
	}
}

// Prediction is the text typed, one string per line.
func (m Model) Prediction() []string { return strings.Split(m.ed.Value(), "\n") }

// empty reports whether nothing but blanks was typed.
func (m Model) empty() bool { return strings.TrimSpace(m.ed.Value()) == "" }

// Checking reports whether a check is running.
func (m Model) Checking() bool { return m.checking }

// StartCheck marks a check as running and stops typing; the old verdict
// stays until the new one is in.
func (m *Model) StartCheck() {
	m.checking = true
	m.ed.Blur()
}

// SetVerdict shows the verdict of a check, or why it failed.
func (m *Model) SetVerdict(v Verdict, err error) {
	m.checking = false
	m.err = err
	m.verdict = nil
	if err == nil {
		m.verdict = &v
		if !v.Correct {
			m.wrong++
		}
	}
	m.renderWhy()
	m.offset = 0
	m.ScrollBy(m.ed.LineCount() + 2) // to the verdict: past the title, the prediction and a blank line
}

// Verdict is the last verdict shown, or nil.
func (m Model) Verdict() *Verdict { return m.verdict }

// Update edits the prediction while typing: keys and pastes.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
	default:
		return m, nil
	}
	if !m.Editing() {
		return m, nil
	}
	m.ed = cloneEditor(m.ed)
	m.ed, _ = m.ed.Update(typed(msg)) // no command: no blink, no clipboard
	m.followCursor()
	return m, nil
}

// followCursor scrolls the panel, while the prediction is typed, so that
// the line with the cursor shows (above the "more lines" note, when there
// is more below it).
func (m *Model) followCursor() {
	if !m.Editing() || m.height <= 0 {
		return
	}
	row := 1 + m.ed.Line() // under the title
	last := m.offset + m.height - 1
	if len(m.lines())-m.offset-m.height > 0 {
		last-- // the last row says how many more lines there are
	}
	switch {
	case row < m.offset:
		m.offset = row
	case row > last:
		m.offset += row - last
	}
	m.ScrollBy(0)
}

// ScrollBy scrolls the panel by n lines (negative: up).
func (m *Model) ScrollBy(n int) {
	m.offset = max(0, min(m.offset+n, len(m.lines())-m.height))
}

// lines is everything the panel shows, before scrolling.
func (m Model) lines() []string {
	st, g := m.st, m.st.Glyphs
	muted := styles.PaintOf(st.Muted)
	var out []string
	editing := m.Editing()
	switch {
	case editing:
		out = append(out, st.Title.Render("Your prediction")+"  "+st.Hint.Render("ctrl+s checks · esc stops typing"))
	case m.empty():
		out = append(out, st.Title.Render("Your prediction")+"  "+st.Hint.Render("enter: write what it prints, line by line"))
	default:
		out = append(out, st.Title.Render("Your prediction")+"  "+st.Hint.Render("enter edits · ctrl+s checks"))
	}
	cursor := styles.PaintOf(st.Cursor)
	for i, text := range m.Prediction() {
		if editing && i == m.ed.Line() {
			l := []rune(text)
			c := min(m.ed.Column(), len(l))
			at, rest := " ", ""
			if c < len(l) {
				at, rest = string(l[c]), string(l[c+1:])
			}
			text = string(l[:c]) + cursor.Wrap(at) + rest
		}
		out = append(out, muted.Wrap(fmt.Sprintf("%3d %s ", i+1, g.Vertical))+text)
	}
	switch {
	case m.checking:
		out = append(out, "", st.Hint.Render("running the program"+g.Ellipsis))
	case m.err != nil:
		out = append(out, "", st.Error.Render("cannot check: "+m.err.Error()))
	case m.verdict != nil:
		out = append(out, "")
		out = append(out, m.verdictLines(*m.verdict)...)
	}
	return out
}

// verdictLines draws a verdict: the score, the diff line by line, and why.
func (m Model) verdictLines(v Verdict) []string {
	st, g := m.st, m.st.Glyphs
	muted := styles.PaintOf(st.Muted)
	var out []string
	if v.Correct {
		out = append(out, st.Success.Render(fmt.Sprintf("%s all %d lines right", g.Done, v.Want)))
	} else {
		out = append(out, st.Error.Render(fmt.Sprintf("%s %d of %d lines right", g.Refused, v.Matched, v.Want)))
	}
	if len(v.Lines) == 0 && v.Text != "" {
		out = append(out, frame.Lines(v.Text)...)
	}
	n := func(i int) string {
		if i == 0 {
			return "   "
		}
		return fmt.Sprintf("%3d", i)
	}
	if !m.Revealed() {
		return append(out, m.hiddenLines(v)...)
	}
	for _, l := range v.Lines {
		switch l.Status {
		case Match:
			out = append(out, st.Success.Render(n(l.N)+" "+g.Done)+" "+l.Want)
		case Differ:
			out = append(out, st.Error.Render(n(l.N)+" "+g.Refused)+" "+l.Want,
				"      "+muted.Wrap("you wrote: ")+l.Got)
		case Missing:
			out = append(out, st.Error.Render(n(l.N)+" "+g.Refused)+" "+l.Want+muted.Wrap("  (you left it out)"))
		case Extra:
			out = append(out, st.Error.Render(n(0)+" +")+" "+l.Got+muted.Wrap("  (not printed)"))
		}
	}
	if len(m.why) > 0 {
		out = append(out, "", st.Title.Render("Why"))
		out = append(out, m.why...)
	}
	return out
}

// hiddenLines are a wrong verdict's lines before the answer shows: which
// of the learner's lines are right, and how many are missing or extra,
// without the program's lines.
func (m Model) hiddenLines(v Verdict) []string {
	st, g := m.st, m.st.Glyphs
	muted := styles.PaintOf(st.Muted)
	var out []string
	missing := 0
	for _, l := range v.Lines {
		switch l.Status {
		case Match:
			out = append(out, st.Success.Render(fmt.Sprintf("%3d %s", l.N, g.Done))+" "+l.Got)
		case Differ:
			out = append(out, st.Error.Render(fmt.Sprintf("%3d %s", l.N, g.Refused))+" "+l.Got+muted.Wrap("  (not what it prints)"))
		case Missing:
			missing++
		case Extra:
			out = append(out, st.Error.Render("    +")+" "+l.Got+muted.Wrap("  (not printed)"))
		}
	}
	if missing > 0 {
		out = append(out, st.Error.Render(fmt.Sprintf("%d more line(s) printed that you left out", missing)))
	}
	left := RevealAfter - m.wrong
	return append(out, "", st.Hint.Render(fmt.Sprintf("Answer after %d more wrong %s; r: now", left, plural(left, "try", "tries"))))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// View draws the panel, exactly width x height cells; the title line says
// when there is more to scroll to.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	all := m.lines()
	shown := all[min(m.offset, len(all)):min(m.offset+m.height, len(all))]
	if more := len(all) - m.offset - m.height; more > 0 && len(shown) > 0 {
		shown = append([]string(nil), shown...)
		shown[len(shown)-1] = m.st.Muted.Render(fmt.Sprintf("%s %d more lines (pgdn)", m.st.Glyphs.Down, more))
	}
	return frame.Block(shown, m.width, m.height, m.st.Glyphs.Ellipsis)
}

// Solved reports whether the last verdict was right.
func (m Model) Solved() bool { return m.verdict != nil && m.verdict.Correct }

// Summary is one line about the panel's state for a status bar.
func (m Model) Summary() string {
	switch {
	case m.verdict == nil:
		return "not checked yet"
	case m.verdict.Correct:
		return "solved"
	}
	return strings.TrimSpace(fmt.Sprintf("%d of %d lines right", m.verdict.Matched, m.verdict.Want))
}
