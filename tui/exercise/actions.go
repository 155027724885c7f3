package exercise

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	tea "charm.land/bubbletea/v2"

	"conclab/internal/check"
	"conclab/tui/components/source"
)

// hint reveals the next hint and saves that it was shown.
func (m *Model) hint() tea.Cmd {
	n := len(m.ex.Hints)
	switch {
	case m.index < 0:
		m.note = m.unavailable()
		return nil
	case n == 0:
		m.note = m.ex.Name + " has no hints."
		return nil
	case m.rec.Hints >= n:
		m.note = fmt.Sprintf("Every hint is shown (%d of %d).", n, n)
		return nil
	}
	before := m.rec
	m.rec.Hints++ // shown now; the store's answer follows
	m.layout()
	m.scrollToHints()
	name := m.ex.Name
	return ProgressCmd(m.env.Store, name, before, func(p *check.Progress) { p.ShowHint(name, n) })
}

// showSolution shows the solved file, once the exercise has passed.
func (m *Model) showSolution() {
	if m.index < 0 || m.env.Root == "" {
		m.note = m.unavailable()
		return
	}
	if !m.rec.Solved {
		m.note = "The solution opens once your checks pass (h shows a hint)."
		return
	}
	b, err := check.Solution(m.env.Root, m.ex)
	if err != nil {
		m.note = err.Error()
		return
	}
	m.solution = source.New(m.c.Styles, string(b))
	m.solution.SetSize(m.c.Width, m.lay.bodyH)
	// Open at the answer, marked: the first line that differs from the
	// file as shipped, or (without git) from the learner's.
	from, err := check.Shipped(m.ctx, m.env.Root, m.ex)
	if err != nil {
		from, err = os.ReadFile(filepath.Join(m.env.Root, filepath.FromSlash(m.ex.Path())))
	}
	if err == nil {
		m.solution.SetMark(answerLine(from, b))
	}
	m.solutionOn = true
}

// answerLine is the first line (0-based) where solution differs from the
// file as shipped, import lines left out (a "sync" the answer needs is
// not the answer): where the answer starts. -1 when they are the same.
func answerLine(shipped, solution []byte) int {
	a, _ := codeLines(string(shipped))
	b, at := codeLines(string(solution))
	for i := range b {
		if i >= len(a) || a[i] != b[i] {
			return at[i]
		}
	}
	return -1
}

// importSpec is a line of an import block, or a one-line import.
var importSpec = regexp.MustCompile(`^\s*(import\s+)?([\w.]+\s+)?"[^"]*"\s*(//.*)?$`)

// codeLines are src's lines but its import lines, with the index of each.
func codeLines(src string) (lines []string, at []int) {
	for i, l := range strings.Split(src, "\n") {
		if !importSpec.MatchString(l) {
			lines, at = append(lines, l), append(at, i)
		}
	}
	return lines, at
}

// edit opens the file in the editor, at the line the verdict points at.
func (m *Model) edit() tea.Cmd {
	if m.index < 0 || m.env.Root == "" {
		m.note = m.unavailable()
		return nil
	}
	path := filepath.Join(m.env.Root, filepath.FromSlash(m.ex.Path()))
	core := ""
	if m.env.CoreEditor != nil {
		core = m.env.CoreEditor(m.env.Root)
	}
	args := Editor(m.env.Getenv, core, path, m.line())
	if args == nil {
		m.note = "No editor (set $VISUAL or $EDITOR; with TERM=dumb, vi is not tried): edit " + path
		return nil
	}
	return EditCmd(args)
}

// line is the line of the learner's file the verdict points at first (0: none).
func (m Model) line() int {
	if m.report == nil {
		return 0
	}
	for _, w := range m.report.Verdict.Where {
		if w.File == m.ex.Path() && w.Line > 0 {
			return w.Line
		}
	}
	return 0
}

// edited takes the editor's exit: the goal read again (it may have changed).
func (m *Model) edited(msg EditedMsg) {
	if msg.Err != nil {
		m.note = "The editor failed: " + msg.Err.Error()
		return
	}
	if m.env.Root != "" && m.index >= 0 {
		m.goal, m.goalErr = Goal(m.env.Root, m.ex)
	}
	if !m.watching {
		m.note = "Back from the editor: c runs the checks (w reruns them on every save)."
	}
}

// nextTest shows the next test's traces in the lanes.
func (m *Model) nextTest() {
	names := m.tests()
	if len(names) < 2 {
		m.note = "These checks have a single test with a trace."
		return
	}
	m.test = (m.test + 1) % len(names)
	atEnd := m.clock.AtEnd()
	m.buildLanes()
	if atEnd {
		m.clock.Seek(m.clock.End())
	}
}
