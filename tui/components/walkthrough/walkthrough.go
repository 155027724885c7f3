// Package walkthrough shows a lab's walkthrough one step at a time: a title
// line ("Step 2 of 5 · One board after another") and the step's markdown
// rendered by glamour, scrolled when it is taller than the room it has.
// Rendered steps are cached per width, so drawing a frame costs no markdown
// rendering.
package walkthrough

import (
	"fmt"
	"strings"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/tui/components/frame"
	tuistyles "conclab/tui/styles"
)

// Model is a walkthrough. The zero value shows nothing; use New.
type Model struct {
	st     tuistyles.Styles
	steps  []labs.Step
	step   int
	offset int
	width  int
	height int
	cache  map[cacheKey][]string
	custom StepView
	badge  string
}

// StepView draws a step its own way (a chart, say) at most width cells
// wide, or returns nil to leave it to the markdown.
type StepView func(step labs.Step, width int) []string

type cacheKey struct{ step, width int }

// MaxTextWidth is the widest the text is wrapped, however wide the screen:
// longer lines are hard to read.
const MaxTextWidth = 100

// New returns a walkthrough of steps at its first step.
func New(st tuistyles.Styles, steps []labs.Step) Model {
	return Model{st: st, steps: steps, cache: map[cacheKey][]string{}}
}

// SetStepView draws steps with v first (nil: markdown only). Rendered steps
// are forgotten, since v may draw them differently.
func (m *Model) SetStepView(v StepView) {
	m.custom = v
	m.cache = map[cacheKey][]string{}
	m.clamp()
}

// SetSize sets the cells the walkthrough fills, title line included.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.clamp()
}

// Step returns the current step (0-based) and how many there are.
func (m Model) Step() (i, n int) { return m.step, len(m.steps) }

// Next goes to the next step, from its top.
func (m *Model) Next() {
	if m.step+1 < len(m.steps) {
		m.step++
		m.offset = 0
	}
}

// GoTo goes to step i (0-based, clamped to the steps there are), from its top.
func (m *Model) GoTo(i int) {
	m.step = max(0, min(i, len(m.steps)-1))
	m.offset = 0
	m.clamp()
}

// SetBadge sets a few words the title line ends with ("✓ set up 1 of 2");
// "" removes them.
func (m *Model) SetBadge(s string) { m.badge = s }

// ScrollTo scrolls the step's text so that its first line holding text
// (ANSI stripped, spaces as they render) shows at the top, as far as the
// text goes; it reports whether it found one.
func (m *Model) ScrollTo(text string) bool {
	for i, l := range m.body() {
		if strings.Contains(ansi.Strip(l), text) {
			m.offset = i
			m.clamp()
			return true
		}
	}
	return false
}

// Prev goes to the previous step, from its top.
func (m *Model) Prev() {
	if m.step > 0 {
		m.step--
		m.offset = 0
	}
}

// ScrollBy scrolls the step's text by n lines (negative: up).
func (m *Model) ScrollBy(n int) {
	m.offset += n
	m.clamp()
}

func (m *Model) clamp() {
	m.offset = max(0, min(m.offset, len(m.body())-m.bodyHeight()))
}

func (m Model) bodyHeight() int { return max(m.height-1, 0) }

// body returns the rendered lines of the current step at the current width.
func (m Model) body() []string {
	if len(m.steps) == 0 || m.width <= 0 {
		return nil
	}
	w := min(m.width, MaxTextWidth)
	k := cacheKey{m.step, w}
	if lines, ok := m.cache[k]; ok {
		return lines
	}
	var lines []string
	if m.custom != nil {
		lines = m.custom(m.steps[m.step], w)
	}
	if lines == nil {
		lines = Render(m.st, m.steps[m.step].Body, w)
	}
	m.cache[k] = lines // the map is shared by copies of the model: a cache, not state
	return lines
}

// Render renders markdown to lines at most width cells wide, with glamour's
// style for the background (or plain ASCII for a dumb terminal). Blank lines
// at both ends are dropped. If glamour fails the text is shown as it is.
func Render(st tuistyles.Styles, md string, width int) []string {
	cfg := styles.DarkStyleConfig
	switch {
	case st.ASCII:
		cfg = styles.ASCIIStyleConfig
	case !st.Dark:
		cfg = styles.LightStyleConfig
	}
	// No document margin: the pane has its own, and every column counts.
	zero := uint(0)
	cfg.Document.Margin = &zero
	// Glamour indents list items past its wrap width; leave it room, and
	// wrap again whatever still sticks out.
	r, err := glamour.NewTermRenderer(glamour.WithStyles(cfg), glamour.WithWordWrap(max(width-2, 1)))
	var out string
	if err == nil {
		out, err = r.Render(md)
	}
	if err != nil {
		out = ansi.Wordwrap(md, width, "")
	}
	var lines []string
	for _, l := range frame.Lines(out) {
		if ansi.StringWidth(l) > width {
			lines = append(lines, strings.Split(ansi.Wrap(l, width, " "), "\n")...)
			continue
		}
		lines = append(lines, l)
	}
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[len(lines)-1])) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// Offset is the first line of the step's text shown.
func (m Model) Offset() int { return m.offset }

// ContentHeight is the number of lines the current step needs at the
// current width, title line included.
func (m Model) ContentHeight() int { return 1 + len(m.body()) }

// Title is the step line: "Step 2 of 5 · One board after another".
func (m Model) Title() string {
	if len(m.steps) == 0 {
		return "No walkthrough"
	}
	return fmt.Sprintf("Step %d of %d · %s", m.step+1, len(m.steps), m.steps[m.step].Title)
}

// View draws the title line and the visible part of the step, exactly
// width x height cells. The title says when there is more text above or below.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	body := m.body()
	h := m.bodyHeight()
	g := m.st.Glyphs
	title := m.st.Title.Render(m.Title())
	if m.badge != "" {
		title += "  " + m.st.Success.Render(m.badge)
	}
	var more []string
	if m.offset > 0 {
		more = append(more, g.Up)
	}
	if m.offset+h < len(body) {
		more = append(more, g.Down+" more (pgdn)")
	}
	if len(more) > 0 {
		title += "  " + m.st.Muted.Render(strings.Join(more, " "))
	}
	lines := append([]string{title}, body[m.offset:min(m.offset+h, len(body))]...)
	return frame.Block(lines, m.width, m.height, g.Ellipsis)
}
