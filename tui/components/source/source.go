// Package source shows a variant's Go source with line numbers and syntax
// highlighting (chroma's Go lexer, coloured with conclab's own styles), and
// marks the line the playback cursor's last event came from when that line
// can be told from the source (see LineOf).
package source

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/charmbracelet/x/ansi"

	"conclab/labs/trace"
	"conclab/tui/components/frame"
	"conclab/tui/styles"
)

// Model is a scrollable, highlighted source view. The zero value shows
// nothing; use New.
type Model struct {
	st      styles.Styles
	lines   []string // highlighted, tabs expanded
	plain   []string
	mark    int
	offset  int
	width   int
	height  int
	wrapped []row // the lines wrapped to the width (set by SetSize)
}

// New returns a view of src (Go source) with no line marked.
func New(st styles.Styles, src string) Model {
	plain := frame.Lines(src)
	return Model{st: st, plain: plain, lines: highlight(st, strings.Join(plain, "\n"), len(plain)), mark: -1}
}

// highlight styles Go source token by token and returns n lines; if the
// lexer fails the lines are returned plain.
func highlight(st styles.Styles, src string, n int) []string {
	plain := strings.Split(src, "\n")
	it, err := lexers.Go.Tokenise(nil, src)
	if err != nil {
		return plain
	}
	lines := make([]string, 1, n)
	for tok := it(); tok != chroma.EOF; tok = it() {
		style, ok := tokenStyle(st, tok.Type)
		for i, piece := range strings.Split(tok.Value, "\n") {
			if i > 0 {
				lines = append(lines, "")
			}
			if piece == "" {
				continue
			}
			if ok {
				piece = style.Render(piece)
			}
			lines[len(lines)-1] += piece
		}
	}
	for len(lines) > n {
		lines = lines[:len(lines)-1] // the lexer ends the text with a newline
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return lines
}

func tokenStyle(st styles.Styles, t chroma.TokenType) (lipgloss.Style, bool) {
	switch {
	case t == chroma.KeywordType || t == chroma.NameBuiltin:
		return st.Type, true
	case t.InCategory(chroma.Keyword):
		return st.Keyword, true
	case t.InCategory(chroma.Comment):
		return st.Comment, true
	case t.InSubCategory(chroma.LiteralString):
		return st.String, true
	case t.InSubCategory(chroma.LiteralNumber):
		return st.Number, true
	case t == chroma.NameFunction:
		return st.Func, true
	}
	return lipgloss.Style{}, false
}

// SetSize sets the cells the view fills.
func (m *Model) SetSize(width, height int) {
	if width != m.width {
		m.wrapped = m.wrap(width) // a new slice: copies of the model keep theirs
	}
	m.width, m.height = width, height
	m.clamp()
}

// SetMark marks line i (0-based; -1 for none) and scrolls it into view.
func (m *Model) SetMark(i int) {
	if i >= len(m.lines) {
		i = -1
	}
	m.mark = i
	if i >= 0 {
		rows := m.rows()
		r := 0
		for r < len(rows) && rows[r].line < i {
			r++
		}
		last := r
		for last+1 < len(rows) && rows[last+1].line == i {
			last++
		}
		if r < m.offset || last >= m.offset+m.height {
			m.offset = r - m.height/3
		}
	}
	m.clamp()
}

// Mark is the marked line (0-based), or -1.
func (m Model) Mark() int { return m.mark }

// ScrollBy scrolls by n rows (negative: up).
func (m *Model) ScrollBy(n int) {
	m.offset += n
	m.clamp()
}

func (m *Model) clamp() { m.offset = max(0, min(m.offset, len(m.rows())-m.height)) }

// row is one screen row of the view: a part of a source line (long lines
// wrap rather than lose their end in a narrow lane).
type row struct {
	line  int
	first bool
	text  string
	plain string
}

// gutterWidth is the width of the line number gutter: mark, number, space.
func (m Model) gutterWidth() int { return len(fmt.Sprint(len(m.lines))) + 3 }

// rows are the lines wrapped to the width left by the gutter.
func (m Model) rows() []row { return m.wrapped }

// wrap wraps the lines to width minus the gutter.
func (m Model) wrap(width int) []row {
	w := width - m.gutterWidth()
	if w <= 0 {
		return nil
	}
	var rows []row
	for i, l := range m.lines {
		parts := strings.Split(ansi.Wrap(l, w, " "), "\n")
		plain := strings.Split(ansi.Wrap(m.plain[i], w, " "), "\n")
		for k, p := range parts {
			r := row{line: i, first: k == 0, text: p}
			if k < len(plain) {
				r.plain = plain[k]
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// View draws the visible rows with a gutter of line numbers, exactly width x height cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	digits := m.gutterWidth() - 3
	rows := m.rows()
	out := make([]string, 0, m.height)
	for _, r := range rows[min(m.offset, len(rows)):min(m.offset+m.height, len(rows))] {
		gutter := strings.Repeat(" ", digits+3)
		if r.first {
			gutter = fmt.Sprintf("  %*d ", digits, r.line+1)
		}
		if r.line == m.mark {
			if r.first {
				gutter = m.st.Glyphs.Mark + gutter[1:]
			}
			out = append(out, m.st.Selected.Render(gutter)+m.st.CurrentLine.Render(r.plain))
			continue
		}
		out = append(out, m.st.LineNumber.Render(gutter)+r.text)
	}
	return frame.Block(out, m.width, m.height, m.st.Glyphs.Ellipsis)
}

// calls maps an event kind to the scheduler calls that record it.
var calls = map[string]*regexp.Regexp{
	trace.EventSleep:   regexp.MustCompile(`\.(Sleep|SleepUntil)\(`),
	trace.EventBlock:   regexp.MustCompile(`\.Block\(`),
	trace.EventCompute: regexp.MustCompile(`\.Compute\(`),
	trace.EventPrint:   regexp.MustCompile(`\.Printf?\(`),
	trace.EventSpawn:   regexp.MustCompile(`\.Go\(`),
	trace.EventWait:    regexp.MustCompile(`\.(Wait|Gather|Recv|Send|Await)\(`),
}

// LineOf returns the line (0-based) of src that records an event of kind:
// the only line that makes the matching scheduler call (t.Sleep for
// "sleep", t.Block for "block" ...). It returns -1 when no line or more than
// one line does, rather than guess.
func LineOf(src, kind string) int { return LineOfEvent(src, kind, "") }

// LineOfEvent is LineOf for an event that says more (trace.Event.Detail):
// when several lines make the call of a print event, the one whose format
// (its first string literal, each verb standing for any text) gives the
// printed text detail, if only one does. -1 when it cannot tell.
func LineOfEvent(src, kind, detail string) int {
	re, ok := calls[kind]
	if !ok {
		return -1
	}
	var found []int
	lines := strings.Split(src, "\n")
	for i, line := range lines {
		code, _, _ := strings.Cut(line, "//")
		if re.MatchString(code) {
			found = append(found, i)
		}
	}
	switch {
	case len(found) == 1:
		return found[0]
	case len(found) == 0 || kind != trace.EventPrint || detail == "":
		return -1
	}
	line := -1
	for _, i := range found {
		if f := format(lines[i]); f != nil && f.MatchString(strings.TrimSpace(detail)) {
			if line >= 0 {
				return -1
			}
			line = i
		}
	}
	return line
}

var (
	// literal is the first interpreted string literal of a line.
	literal = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	// verb is a fmt verb, with its flags, width and precision.
	verb = regexp.MustCompile(`%[-+# 0]*[0-9*]*(?:\.[0-9*]*)?[a-zA-Z%]`)
)

// format is the pattern of the text printed by the call on line: its first
// string literal, each verb any text, anchored at the end (the printed
// text may carry a prefix); nil when the line has no literal.
func format(line string) *regexp.Regexp {
	m := literal.FindStringSubmatch(line)
	if m == nil {
		return nil
	}
	lit, err := strconv.Unquote(`"` + m[1] + `"`)
	if err != nil {
		return nil
	}
	var b strings.Builder
	last := 0
	for _, loc := range verb.FindAllStringIndex(lit, -1) {
		b.WriteString(regexp.QuoteMeta(lit[last:loc[0]]))
		if lit[loc[0]:loc[1]] == "%%" {
			b.WriteString("%")
		} else {
			b.WriteString(".*")
		}
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(strings.TrimSpace(lit[last:])))
	return regexp.MustCompile(b.String() + `$`)
}
