package challenge

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/charmbracelet/x/ansi"

	cg "conclab/internal/challenge"
	"conclab/tui/components/frame"
	"conclab/tui/styles"
)

// WideWidth is the width from which a level shows its source beside the
// state (and every step so far) rather than above it.
const WideWidth = 110

// View draws the screen, exactly Width x Height cells.
func (m Model) View() string {
	if m.c.Width <= 0 || m.c.Height <= 0 {
		return ""
	}
	if !m.playing {
		return frame.Block(m.listLines(), m.c.Width, m.c.Height, m.c.Styles.Glyphs.Ellipsis)
	}
	if m.c.Width >= WideWidth {
		return m.wideView()
	}
	return m.narrowView()
}

// wrap word-wraps text in style to width, as lines.
func wrap(style lipgloss.Style, text string, width int) []string {
	return strings.Split(style.Render(ansi.Wordwrap(text, max(width, 1), "")), "\n")
}

// --- the list ---

func (m Model) listIntro() []string {
	st, w := m.c.Styles, m.c.Width
	n := 0
	for _, l := range m.levels {
		if m.solved[l.Name].Solved {
			n++
		}
	}
	head := frame.Spread(st.App.Render("conclab")+st.Muted.Render(" › ")+st.Title.Render("Challenges")+st.Muted.Render(" — you are the scheduler"),
		st.Muted.Render(fmt.Sprintf("%d/%d solved", n, len(m.levels))), w, st.Glyphs.Ellipsis)
	lines := []string{head}
	lines = append(lines, wrap(st.Subtitle, "Each level is a small Go program. Choose which goroutine takes the next step until the program fails. Some programs are correct: no schedule breaks them, and you say so (s).", w)...)
	if m.note != "" {
		lines = append(lines, frame.Cut(st.Warning.Render(m.note), w, st.Glyphs.Ellipsis))
	}
	return append(lines, "")
}

// listRows is the number of levels the list shows at once.
func (m Model) listRows() int {
	return max(m.c.Height-len(m.listIntro())-len(m.listFooter()), 1)
}

func (m Model) listFooter() []string {
	st := m.c.Styles
	if len(m.levels) == 0 {
		return nil
	}
	l := m.levels[m.cursor]
	text := "Goal: " + l.GoalText() + "."
	if r := m.solved[l.Name]; r.Solved {
		if r.Schedule != "" {
			text += fmt.Sprintf(" Solved: broken in %d steps.", strings.Count(r.Schedule, ",")+1)
		} else {
			text += " Solved: no schedule breaks it."
		}
	}
	return append([]string{""}, wrap(st.Hint, text, m.c.Width)...)
}

// scrollList keeps the cursor's level in view.
func (m *Model) scrollList() {
	if m.c.Height <= 0 {
		return
	}
	per := m.listRows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+per {
		m.offset = m.cursor - per + 1
	}
	m.offset = max(0, min(m.offset, len(m.levels)-per))
}

func (m Model) listLines() []string {
	st, g, w := m.c.Styles, m.c.Styles.Glyphs, m.c.Width
	lines := m.listIntro()
	tw := 0
	for _, l := range m.levels {
		tw = max(tw, ansi.StringWidth(l.Title))
	}
	per := m.listRows()
	for i := m.offset; i < min(m.offset+per, len(m.levels)); i++ {
		l := m.levels[i]
		pointer, title := "  ", st.Text.Render(fmt.Sprintf("%-*s", tw, l.Title))
		if i == m.cursor {
			pointer, title = st.Selected.Render(g.Pointer+" "), st.Selected.Render(fmt.Sprintf("%-*s", tw, l.Title))
		}
		mark := "  "
		if m.solved[l.Name].Solved {
			mark = st.Success.Render(g.Done) + " "
		}
		row := pointer + mark + st.Muted.Render(fmt.Sprintf("%2d ", i+1)) + title
		if rest := w - frame.Width(row) - 2; rest >= 20 {
			row += "  " + st.Muted.Render(frame.Cut(l.GoalText(), rest, g.Ellipsis))
		}
		lines = append(lines, row)
	}
	for len(lines) < len(m.listIntro())+per {
		lines = append(lines, "")
	}
	if below := len(m.levels) - (m.offset + per); below > 0 {
		lines[len(lines)-1] = st.Muted.Render(fmt.Sprintf("  %s %d more", g.Down, below))
	}
	return append(lines, m.listFooter()...)
}

// --- a level ---

// header is the level's title, number and goal.
func (m Model) header(width int) []string {
	st, l := m.c.Styles, m.Level()
	right := ""
	if m.solved[l.Name].Solved {
		right = st.Success.Render(st.Glyphs.Done + " solved")
	}
	title := st.App.Render("conclab") + st.Muted.Render(" › challenges › ") + st.Title.Render(l.Title) +
		st.Muted.Render(fmt.Sprintf("  %d/%d", m.level+1, len(m.levels)))
	lines := []string{frame.Spread(title, right, width, st.Glyphs.Ellipsis)}
	return append(lines, wrap(st.Hint, "Goal: "+l.GoalText()+".", width)...)
}

// who names goroutine n: G2, or T3 for a timer.
func who(snap cg.Snapshot, n int) string {
	if n >= 1 && n <= len(snap.Goroutines) && snap.Goroutines[n-1].Timer {
		return "T" + strconv.Itoa(n)
	}
	return "G" + strconv.Itoa(n)
}

func whos(snap cg.Snapshot, ns []int) string {
	var out []string
	for _, n := range ns {
		out = append(out, who(snap, n))
	}
	return strings.Join(out, ", ")
}

// goroutineRows are one line per goroutine: its number, function, state,
// line and next step (or what it waits for).
func (m Model) goroutineRows(snap cg.Snapshot, width int, locals bool) []string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	nw := 4
	for _, gv := range snap.Goroutines {
		nw = max(nw, min(ansi.StringWidth(name(gv)), 14))
	}
	sync := map[string]bool{}
	for _, c := range snap.Chans {
		sync[c.Name] = true
	}
	for _, x := range snap.Mutexes {
		sync[x.Name] = true
	}
	for _, x := range snap.WaitGroups {
		sync[x.Name] = true
	}
	for _, x := range snap.Conds {
		sync[x.Name] = true
	}
	var rows []string
	for _, gv := range snap.Goroutines {
		id := who(snap, gv.N)
		head := fmt.Sprintf("%s %-*s ", id, nw, frame.Cut(name(gv), nw, g.Ellipsis))
		var state, rest string
		switch gv.State {
		case "ready":
			state = st.Selected.Render(fmt.Sprintf("%-7s", "ready"))
			rest = fmt.Sprintf("line %2d  next: %s", gv.Line, gv.Next)
			var held []string
			for _, h := range gv.Held {
				if !sync[h] {
					held = append(held, h)
				}
			}
			if len(held) > 0 {
				rest += ", holding " + strings.Join(held, ", ")
			}
			if gv.Critical {
				rest += " · in the critical section"
			}
		case "blocked":
			state = st.Warning.Render(fmt.Sprintf("%-7s", "blocked"))
			rest = fmt.Sprintf("line %2d  %s", gv.Line, gv.Why)
		case "failed":
			state = st.Error.Render(fmt.Sprintf("%-7s", "failed"))
			if f := snap.Failure; f != nil && f.Line > 0 {
				rest = fmt.Sprintf("line %2d", f.Line)
			}
		default:
			state = st.Muted.Render(fmt.Sprintf("%-7s", gv.State))
		}
		if locals {
			var ls []string
			for _, v := range gv.Locals {
				// A sync object is shown as what it is; nil is a local
				// not declared yet.
				if !sync[v.Value] && v.Value != v.Name && v.Value != "nil" {
					ls = append(ls, v.Name+"="+v.Value)
				}
			}
			if len(ls) > 0 && gv.State != "done" {
				rest += st.Muted.Render("  locals: " + strings.Join(ls, " "))
			}
		}
		rows = append(rows, frame.Cut(head+state+" "+rest, width, g.Ellipsis))
	}
	return rows
}

// name is a goroutine's function, or "timer".
func name(gv cg.GoroutineView) string {
	if gv.Timer {
		return "timer"
	}
	return gv.Name
}

// stateItems are the shared variables, channels, locks, WaitGroups, Conds
// and what was printed, one item each.
func (m Model) stateItems(snap cg.Snapshot) []string {
	var out []string
	for _, v := range snap.Vars {
		out = append(out, v.Name+" = "+v.Value)
	}
	for _, c := range snap.Chans {
		s := c.Name + ": "
		if c.Cap == 0 {
			s += "unbuffered"
		} else {
			s += fmt.Sprintf("[%s] (cap %d)", strings.Join(c.Buf, " "), c.Cap)
		}
		if c.Closed {
			s += ", closed"
		}
		if len(c.Senders) > 0 {
			s += ", " + whos(snap, c.Senders) + " waits to send"
		}
		if len(c.Receivers) > 0 {
			s += ", " + whos(snap, c.Receivers) + " waits to receive"
		}
		out = append(out, s)
	}
	for _, x := range snap.Mutexes {
		if x.Holder == 0 {
			out = append(out, x.Name+": unlocked")
		} else {
			out = append(out, x.Name+": locked by "+who(snap, x.Holder))
		}
	}
	for _, x := range snap.WaitGroups {
		s := fmt.Sprintf("%s: counter %d", x.Name, x.Counter)
		if len(x.Waiters) > 0 {
			s += ", " + whos(snap, x.Waiters) + " in Wait"
		}
		out = append(out, s)
	}
	for _, x := range snap.Conds {
		s := fmt.Sprintf("%s (on %s): ", x.Name, x.Lock)
		if len(x.Waiters) == 0 {
			s += "nobody waits"
		} else {
			s += whos(snap, x.Waiters) + " in Wait"
		}
		out = append(out, s)
	}
	if len(snap.Output) > 0 {
		out = append(out, "printed: "+strings.Join(snap.Output, " / "))
	}
	return out
}

// pack puts items on lines of width, separated by sep.
func pack(items []string, sep string, width int, tail string) []string {
	var lines []string
	cur := ""
	for _, it := range items {
		switch {
		case cur == "":
			cur = it
		case frame.Width(cur)+frame.Width(sep)+frame.Width(it) <= width:
			cur += sep + it
		default:
			lines = append(lines, frame.Cut(cur, width, tail))
			cur = it
		}
	}
	if cur != "" {
		lines = append(lines, frame.Cut(cur, width, tail))
	}
	return lines
}

// scheduleLine is the schedule so far.
func (m Model) scheduleLine(snap cg.Snapshot, width int) string {
	st := m.c.Styles
	if len(snap.Steps) == 0 {
		return st.Muted.Render("Schedule: no step yet")
	}
	s := cg.FormatSchedule(m.game.Schedule())
	label := fmt.Sprintf("Schedule (%d steps): ", len(snap.Steps))
	if room := width - len(label); len(s) > room && room > 1 {
		s = st.Glyphs.Ellipsis + s[len(s)-room+1:] // the latest steps
	}
	return st.Muted.Render(label) + s
}

// lastStep says what the last step did.
func (m Model) lastStep(snap cg.Snapshot) string {
	if len(snap.Steps) == 0 {
		return ""
	}
	s := snap.Steps[len(snap.Steps)-1]
	return fmt.Sprintf("Step %d: %s line %d: %s", len(snap.Steps), who(snap, s.G), s.Line, s.Text)
}

// messages are what the learner should read now: the last key's error,
// the verdict of a broken or finished program or of "no schedule breaks
// it", or how to begin.
func (m Model) messages(snap cg.Snapshot, width int) []string {
	st, l := m.c.Styles, m.Level()
	var out []string
	if m.err != "" {
		out = append(out, wrap(st.Error, m.err, width)...)
	}
	if m.choosing > 0 {
		gv := snap.Goroutines[m.choosing-1]
		out = append(out, wrap(st.Hint, fmt.Sprintf("%s's select has several ready cases: which one? (esc: none)", who(snap, gv.N)), width)...)
		for _, c := range gv.Cases {
			out = append(out, frame.Cut(fmt.Sprintf("  %d  line %d: %s", c.N, c.Line, c.Text), width, st.Glyphs.Ellipsis))
		}
		return out
	}
	switch f := snap.Failure; {
	case f != nil:
		where := ""
		if f.Line > 0 {
			where = fmt.Sprintf(" (line %d, %s)", f.Line, who(snap, f.G))
		}
		out = append(out, wrap(st.Success, fmt.Sprintf("You broke it in %d steps: %s%s.", len(snap.Steps), f.Message, where), width)...)
		if l.Goal != "" && f.Kind != l.Goal {
			out = append(out, wrap(st.Muted, "(The goal was to "+l.GoalText()+"; any failure breaks the program.)", width)...)
		}
		if l.Lesson != "" {
			out = append(out, wrap(st.Text, "Lesson: "+l.Lesson, width)...)
		}
		out = append(out, wrap(st.Muted, m.shortest(len(snap.Steps)), width)...)
		if m.level+1 < len(m.levels) {
			out = append(out, wrap(st.Hint, "n: next level · u: undo · r: play it again", width)...)
		}
		return out
	case m.declared:
		out = append(out, m.verdict(width)...)
		return out
	case snap.Over:
		out = append(out, wrap(st.Hint, "The program finished without failing. u undoes a step, r starts again. If you think no schedule breaks it, press s.", width)...)
	case len(snap.Steps) == 0:
		first := "G1"
		if len(snap.Goroutines) > 0 {
			first = "G1 (" + snap.Goroutines[0].Name + ")"
		}
		out = append(out, wrap(st.Hint, "You are the scheduler. Press 1 to run one step of "+first+", shift+1 (or alt+1) to run it to its next shared access; goroutines get the next numbers as they start. Break the program to win.", width)...)
	}
	return out
}

// shortest compares the learner's steps with the explorer's shortest
// failing schedule.
func (m Model) shortest(yours int) string {
	r := m.result
	switch {
	case r == nil:
		return "The explorer is trying every interleaving…"
	case r.Schedule == nil:
		return ""
	}
	s := fmt.Sprintf("The shortest failing schedule takes %d steps", len(r.Schedule))
	if yours == len(r.Schedule) {
		s += " (as yours)"
	}
	if r.Interleavings != nil {
		s += fmt.Sprintf("; %s of the %s interleavings fail", r.Failing, r.Interleavings)
	}
	return s + "."
}

// verdict answers "no schedule breaks it" with the explorer's result.
func (m Model) verdict(width int) []string {
	st, l, r := m.c.Styles, m.Level(), m.result
	switch {
	case r == nil:
		return wrap(st.Muted, "You say no schedule breaks it: the explorer is trying every interleaving…", width)
	case r.Schedule != nil:
		s := fmt.Sprintf("Not so: a schedule breaks it. The shortest failing one takes %d steps", len(r.Schedule))
		if r.Interleavings != nil {
			s += fmt.Sprintf(", and %s of the %s interleavings fail", r.Failing, r.Interleavings)
		}
		return wrap(st.Error, s+". Keep looking (r starts again).", width)
	case !r.Complete:
		return wrap(st.Warning, fmt.Sprintf("The explorer gave up after %d distinct states without finding a failing schedule: it cannot say.", r.States), width)
	}
	s := "Right: no schedule breaks it. The explorer tried "
	if r.Interleavings != nil {
		s += fmt.Sprintf("all %s interleavings (through %d distinct states).", r.Interleavings, r.States)
	} else {
		s += fmt.Sprintf("every interleaving: unboundedly many, since a loop can go round for ever (%d distinct states).", r.States)
	}
	out := wrap(st.Success, s, width)
	if l.Lesson != "" {
		out = append(out, wrap(st.Text, "Why: "+l.Lesson, width)...)
	}
	if m.level+1 < len(m.levels) {
		out = append(out, wrap(st.Hint, "n: next level", width)...)
	}
	return out
}

// --- the source ---

// sourceLines are the level's source lines, highlighted.
func (m Model) sourceLines() (plain, lit []string) {
	plain = frame.Lines(m.Level().Source())
	return plain, highlight(m.c.Styles, strings.Join(plain, "\n"), len(plain))
}

// marks are, per line (1-based), the goroutines whose next step is there.
func marks(snap cg.Snapshot) map[int][]cg.GoroutineView {
	out := map[int][]cg.GoroutineView{}
	for _, gv := range snap.Goroutines {
		if gv.Line > 0 && !gv.Timer {
			out[gv.Line] = append(out[gv.Line], gv)
		}
	}
	return out
}

// sourceOffset is the first line shown in height rows: where the learner
// scrolled, or else where the goroutines' lines show (all of them if they
// fit, else the last goroutine to move).
func (m Model) sourceOffset(snap cg.Snapshot, n, height int) int {
	clamp := func(o int) int { return max(0, min(o, n-height)) }
	if m.scrolled {
		return clamp(m.scroll)
	}
	lo, hi := n, 0
	for line := range marks(snap) {
		lo, hi = min(lo, line-1), max(hi, line-1)
	}
	if f := snap.Failure; f != nil && f.Line > 0 {
		lo, hi = min(lo, f.Line-1), max(hi, f.Line-1)
	}
	if hi < lo {
		return clamp(m.scroll)
	}
	if hi-lo < height {
		return clamp(lo - (height-(hi-lo+1))/2)
	}
	focus := lo
	if len(snap.Steps) > 0 {
		last := snap.Steps[len(snap.Steps)-1].G
		if last <= len(snap.Goroutines) && snap.Goroutines[last-1].Line > 0 {
			focus = snap.Goroutines[last-1].Line - 1
		}
	}
	return clamp(focus - height/3)
}

// sourceView draws the source in width x height cells: line numbers, then
// the numbers of the goroutines whose next step is on the line.
func (m Model) sourceView(snap cg.Snapshot, width, height int) []string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	plain, lit := m.sourceLines()
	at := marks(snap)
	mw := 2
	for _, gs := range at {
		mw = max(mw, 2*len(gs))
	}
	failLine := 0
	if snap.Failure != nil && snap.Failure.Line > 0 {
		failLine = snap.Failure.Line
	}
	digits := len(strconv.Itoa(len(plain)))
	off := m.sourceOffset(snap, len(plain), height)
	var out []string
	for i := off; i < min(off+height, len(plain)); i++ {
		var nums []string
		for _, gv := range at[i+1] {
			style := st.Selected
			if gv.State == "blocked" {
				style = st.Warning
			}
			nums = append(nums, style.Render(strconv.Itoa(gv.N)))
		}
		mark := strings.Join(nums, ",")
		if len(nums) > 0 {
			mark = st.Selected.Render(g.Mark) + mark
		}
		if i+1 == failLine {
			mark = st.Error.Render(g.Refused)
		}
		gutter := st.LineNumber.Render(fmt.Sprintf("%*d ", digits, i+1)) + frame.Fit(mark, mw, "") + " "
		text := lit[i]
		if len(nums) > 0 || i+1 == failLine {
			text = st.CurrentLine.Render(plain[i])
		}
		out = append(out, frame.Cut(gutter+text, width, g.Ellipsis))
	}
	return out
}

// highlight styles Go source token by token, as the source component does.
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
		lines = lines[:len(lines)-1]
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

// --- layouts ---

// narrowLayout is the narrow screen's parts above and below the source,
// and the source's height.
func (m Model) narrowLayout(snap cg.Snapshot) (top, bottom []string, srcH int) {
	w, h, tail := m.c.Width, m.c.Height, m.c.Styles.Glyphs.Ellipsis
	st := m.c.Styles
	top = m.header(w)
	const minSrc = 3
	rows := m.goroutineRows(snap, w, false)
	if snap.Over && h-len(top)-len(rows)-len(m.messages(snap, w))-3 < minSrc {
		rows = nil // the run is over: its verdict matters more than who is done
	}
	bottom = append(bottom, rows...)
	bottom = append(bottom, pack(m.stateItems(snap), st.Muted.Render(" · "), w, tail)...)
	bottom = append(bottom, m.scheduleLine(snap, w))
	if last := m.lastStep(snap); last != "" && snap.Failure == nil && !m.declared {
		bottom = append(bottom, frame.Cut(st.Muted.Render(last), w, tail))
	}
	bottom = append(bottom, m.messages(snap, w)...)
	srcH = h - len(top) - len(bottom)
	if srcH < minSrc {
		// the messages give way first, their last line saying so
		cut := minSrc - srcH
		keep := max(len(bottom)-cut, 0)
		bottom = bottom[:keep]
		if keep > 0 {
			bottom[keep-1] = strings.TrimRight(frame.Cut(ansi.Strip(bottom[keep-1]), w-1, ""), " ") + tail
		}
		srcH = h - len(top) - len(bottom)
	}
	return top, bottom, max(srcH, 0)
}

func (m Model) narrowView() string {
	snap := m.game.Snapshot()
	top, bottom, srcH := m.narrowLayout(snap)
	lines := append(top, m.sourceView(snap, m.c.Width, srcH)...)
	for len(lines) < len(top)+srcH {
		lines = append(lines, "")
	}
	lines = append(lines, bottom...)
	return frame.Block(lines, m.c.Width, m.c.Height, m.c.Styles.Glyphs.Ellipsis)
}

// wideColumns are the widths of the source box and of the column beside it.
func (m Model) wideColumns() (left, right int) {
	plain, _ := m.sourceLines()
	sw := 0
	for _, l := range plain {
		sw = max(sw, ansi.StringWidth(l))
	}
	digits := len(strconv.Itoa(len(plain)))
	left = min(sw+digits+1+4+1+2+1, m.c.Width*45/100)
	return left, m.c.Width - left - 2
}

func (m Model) wideView() string {
	st, g := m.c.Styles, m.c.Styles.Glyphs
	snap := m.game.Snapshot()
	w, h := m.c.Width, m.c.Height
	top := m.header(w)
	top = append(top, "")
	bodyH := h - len(top)
	left, right := m.wideColumns()
	src := m.sourceView(snap, left-2, bodyH-2)
	box := frame.Box(st, m.Level().Name+".go", "", src, left, bodyH, true)

	var col []string
	col = append(col, st.PaneTitle.Render("Goroutines"))
	col = append(col, m.goroutineRows(snap, right, true)...)
	col = append(col, "", st.PaneTitle.Render("Shared state"))
	items := m.stateItems(snap)
	if len(items) == 0 {
		items = []string{st.Muted.Render("none")}
	}
	for _, it := range items {
		col = append(col, frame.Cut(it, right, g.Ellipsis))
	}
	msgs := m.messages(snap, right)
	col = append(col, "", st.PaneTitle.Render("Steps")+"  "+m.scheduleLine(snap, right-7))
	room := bodyH - len(col) - len(msgs) - 1
	steps := snap.Steps
	from := 0
	if len(steps) > room && room >= 1 {
		from = len(steps) - room + 1
		col = append(col, st.Muted.Render(fmt.Sprintf("  %s %d earlier", g.Up, from)))
	}
	if room >= 1 {
		for i := from; i < len(steps); i++ {
			s := steps[i]
			col = append(col, frame.Cut(fmt.Sprintf("%4d  %-3s %4d  %s", i+1, who(snap, s.G), s.Line, s.Text), right, g.Ellipsis))
		}
	}
	if len(msgs) > 0 {
		col = append(col, "")
		col = append(col, msgs...)
	}
	body := lipgloss.JoinHorizontal(lipgloss.Top, box, "  ", frame.Block(col, right, bodyH, g.Ellipsis))
	return frame.Block(append(top, strings.Split(body, "\n")...), w, h, g.Ellipsis)
}

// sourceHeight is the number of source lines the level shows now.
func (m Model) sourceHeight() int {
	if m.c.Width >= WideWidth {
		return max(m.c.Height-len(m.header(m.c.Width))-1-2, 0)
	}
	_, _, h := m.narrowLayout(m.game.Snapshot())
	return h
}
