package meta

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"conclab/tui/components/frame"
	"conclab/tui/components/source"
)

// spinner frames: Unicode and ASCII.
var (
	spinUnicode = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}
	spinASCII   = []string{"|", "/", "-", `\`}
)

// minSourceWidth is the narrowest a source pane gets side by side; below,
// the two stack.
const minSourceWidth = 36

// layout wraps the sources for the width (View gives them their height).
func (m *Model) layout() {
	w := m.c.Width
	if w >= 2*minSourceWidth {
		m.freezeSrc.SetSize(w/2-2, 1)
		m.cmdSrc.SetSize(w-w/2-2, 1)
		return
	}
	m.freezeSrc.SetSize(w-2, 1)
	m.cmdSrc.SetSize(w-2, 1)
}

// View draws the screen, exactly Width x Height cells.
func (m Model) View() string {
	w, h := m.c.Width, m.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := m.text()
	lines = append(lines, m.sources(max(h-len(lines), 0))...)
	return frame.Block(lines, w, h, m.c.Styles.Glyphs.Ellipsis)
}

// text is everything above the sources: the header, what the screen is,
// the spinner and the measures, the keys, and what the last key did.
func (m Model) text() []string {
	st, g, w := m.c.Styles, m.c.Styles.Glyphs, m.c.Width
	wrap := func(s string) []string { return strings.Split(ansi.Wordwrap(s, max(w, 1), ""), "\n") }
	lines := []string{st.App.Render("conclab") + st.Muted.Render(" › ") + st.Title.Render(Entry().Title)}
	for _, l := range wrap("This screen is an event loop: one goroutine takes each message (a key, a spinner tick), calls Update, then draws View. While Update runs, nothing else does.") {
		lines = append(lines, st.Subtitle.Render(l))
	}
	spin := spinUnicode
	if st.ASCII {
		spin = spinASCII
	}
	frameGlyph := spin[max(m.frames-1, 0)%len(spin)]
	lines = append(lines, "",
		"  "+st.Cursor.Render(" "+frameGlyph+" ")+"  "+st.Muted.Render("frames ")+st.Title.Render(fmt.Sprint(m.frames))+
			st.Muted.Render(g.Separator+"keys pressed ")+st.Title.Render(fmt.Sprint(m.keys))+
			st.Muted.Render(fmt.Sprintf("%slast pause %s (one frame every %s)", g.Separator, seconds(m.lastGap), seconds(SpinFrame))),
		"  "+st.Muted.Render("longest pause between frames: ")+m.pause(m.longest),
		"")
	lines = append(lines,
		"  "+st.Title.Render("b")+"  sleep "+seconds(m.work)+" inside Update: the spinner and the keyboard freeze",
		"  "+st.Title.Render("c")+"  the same "+seconds(m.work)+" of work as a tea.Cmd: nothing freezes"+m.busy(), "")
	switch {
	case m.armed:
		for _, l := range wrap("Sure? Next, b sleeps " + seconds(m.work) + " INSIDE Update: the spinner and the keyboard freeze. Press b again to do it (any other key: don't).") {
			lines = append(lines, st.Warning.Render(l))
		}
	case m.said != "":
		for _, l := range wrap(m.said) {
			lines = append(lines, st.Hint.Render(l))
		}
	default:
		lines = append(lines, st.Hint.Render("Press b, then b again; then press c. Watch the spinner, and type while it works."))
	}
	return append(lines, "")
}

// pause formats the longest pause, as a warning when it is a freeze (more
// than two frames without one).
func (m Model) pause(d time.Duration) string {
	if d > 2*SpinFrame {
		return m.c.Styles.Warning.Render(seconds(d) + " — the loop was frozen")
	}
	return m.c.Styles.Success.Render(seconds(d))
}

// busy says how many commands of c are working.
func (m Model) busy() string {
	if m.working == 0 {
		return ""
	}
	return m.c.Styles.Hint.Render(fmt.Sprintf("  (%d working%s)", m.working, m.c.Styles.Glyphs.Ellipsis))
}

// sources are the two handlers' code in panes, side by side or stacked, in
// height lines (none when fewer than five are left).
func (m Model) sources(height int) []string {
	st, w := m.c.Styles, m.c.Width
	if height < 5 {
		return nil
	}
	wide := w >= 2*minSourceWidth
	inner := w - 2
	if wide {
		inner = w/2 - 2
	}
	need := max(rows(freezeSource, inner), rows(cmdSource, inner)) + 2
	if !wide {
		need *= 2
	}
	height = min(height, need)
	box := func(src source.Model, title string, width, height int, focused bool) []string {
		src.SetSize(width-2, height-2) // a copy: the wrapped lines are kept for the width
		return strings.Split(frame.Box(st, title, "", frame.Lines(src.View()), width, height, focused), "\n")
	}
	if !wide {
		return append(box(m.freezeSrc, freezeTitle, w, height/2, m.armed),
			box(m.cmdSrc, cmdTitle, w, height-height/2, m.working > 0)...)
	}
	l := box(m.freezeSrc, freezeTitle, w/2, height, m.armed)
	r := box(m.cmdSrc, cmdTitle, w-w/2, height, m.working > 0)
	for i := range l {
		l[i] += r[i]
	}
	return l
}

// rows is the number of rows src takes in a source view width cells wide
// (its lines wrapped as the view wraps them, beside a gutter of four cells).
func rows(src string, width int) int {
	n := 0
	for _, l := range frame.Lines(src) {
		n += len(strings.Split(ansi.Wrap(l, max(width-4, 1), " "), "\n"))
	}
	return n
}

// The source panes' titles.
const (
	freezeTitle = "b: inside Update"
	cmdTitle    = "c: in a tea.Cmd"
)

// seconds formats d in seconds with one decimal: "3.0 s".
func seconds(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }
