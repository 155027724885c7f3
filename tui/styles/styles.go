// Package styles holds the look of conclab's TUI: one Styles value with every
// lipgloss style and glyph the screens and components use, made by
// DefaultStyles.
//
// Colours are the terminal's own 16 ANSI colours, so they follow the user's
// theme on dark and light backgrounds alike. Bubble Tea downsamples them to
// what the terminal supports: NO_COLOR keeps bold and reverse but drops
// colour, TERM=dumb drops every decoration. Every state of a task also has
// its own glyph, so nothing is told by colour alone; ASCII swaps in glyphs
// that a dumb terminal can show.
package styles

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"conclab/labs/trace"
)

// Glyphs are the characters the TUI draws with. Each is one terminal cell wide.
type Glyphs struct {
	// Running, Blocked, Waiting and Ready fill timeline cells in those task
	// states; Sync the cells of a task waiting for another task (a channel,
	// a lock, a WaitGroup: trace.Span.WaitsForTask), Waiting those of one
	// waiting for a timer or I/O.
	Running, Blocked, Waiting, Sync, Ready string
	// Axis is the line of the time axis, Tick a tick mark on it, Cursor the
	// playback cursor's mark on it.
	Axis, Tick, Cursor string
	// Box drawing: corners, horizontal and vertical lines.
	TopLeft, TopRight, BottomLeft, BottomRight, Horizontal, Vertical string
	// Pointer marks the selected item of a list; Mark the line an event came from.
	Pointer, Mark string
	// Play and Pause show the playback state; Done a finished lane.
	Play, Pause, Done string
	// Ellipsis ends a truncated text; Up and Down say there is more to scroll to.
	Ellipsis, Up, Down string
	// Checked and Unchecked are the boxes of a checklist.
	Checked, Unchecked string
	// Separator sits between items of a one-line list.
	Separator string
	// Refused marks an input that was refused.
	Refused string
	// Leaked ends the row of a task still alive when the program's main
	// returned; Deadlocked the row of a task asleep in a deadlock (and the
	// lane's total).
	Leaked, Deadlocked string
}

// UnicodeGlyphs are the glyphs for terminals that show Unicode (the default).
func UnicodeGlyphs() Glyphs {
	return Glyphs{
		Running: "█", Blocked: "▒", Waiting: "─", Sync: "·", Ready: "░",
		Axis: "─", Tick: "┬", Cursor: "▲",
		TopLeft: "╭", TopRight: "╮", BottomLeft: "╰", BottomRight: "╯", Horizontal: "─", Vertical: "│",
		Pointer: "▸", Mark: "▶",
		Play: "▶", Pause: "‖", Done: "✓",
		Ellipsis: "…", Up: "↑", Down: "↓",
		Checked: "[x]", Unchecked: "[ ]",
		Separator: " · ",
		Refused:   "✗",
		Leaked:    "∞", Deadlocked: "✗",
	}
}

// ASCIIGlyphs are the glyphs for TERM=dumb and other terminals without Unicode.
func ASCIIGlyphs() Glyphs {
	return Glyphs{
		Running: "#", Blocked: "=", Waiting: "-", Sync: ":", Ready: ".",
		Axis: "-", Tick: "+", Cursor: "^",
		TopLeft: "+", TopRight: "+", BottomLeft: "+", BottomRight: "+", Horizontal: "-", Vertical: "|",
		Pointer: ">", Mark: ">",
		Play: ">", Pause: "=", Done: "*",
		Ellipsis: "~", Up: "^", Down: "v",
		Checked: "[x]", Unchecked: "[ ]",
		Separator: " | ",
		Refused:   "x",
		Leaked:    "!", Deadlocked: "x",
	}
}

// Styles is every style of the TUI: a small handle on one Set, so that the
// models that hold it (every screen and component) stay small to copy. A
// Set never changes once made (WithDark and WithASCII make new ones), so
// copies may share it. The zero value is not usable; use DefaultStyles.
type Styles struct{ *Set }

// Set is every style and glyph of the TUI, reached through Styles.
type Set struct {
	Glyphs Glyphs
	// Dark says the terminal background is dark (glamour and help styles follow it).
	Dark bool
	// ASCII says the terminal shows no Unicode and no decoration (TERM=dumb).
	ASCII bool
	// Present says the set is the presenter view's (Styles.Presenter):
	// thick glyphs, high contrast, and labels in bold with room around them.
	Present bool

	// App is conclab's name in headers; Title a screen's title; Subtitle text under it.
	App, Title, Subtitle lipgloss.Style
	// Text is ordinary text; Muted is secondary text; Hint tells the user what to do.
	Text, Muted, Hint lipgloss.Style
	// Error is a refused input or a failed run; Warning a slow-task report; Success a finished lane.
	Error, Warning, Success lipgloss.Style
	// Selected is the selected item of a list; Match a filter's matching text.
	Selected, Match lipgloss.Style
	// Border is a pane's frame; BorderFocused the selected pane's.
	Border, BorderFocused lipgloss.Style
	// PaneTitle is a pane's name in its frame.
	PaneTitle lipgloss.Style

	// Running, Blocked, Waiting, Sync and Ready colour timeline cells by
	// task state (Sync: waiting for another task, see Glyphs.Sync).
	Running, Blocked, Waiting, Sync, Ready lipgloss.Style
	// Cursor marks the playback cursor (the timeline column and the axis mark).
	Cursor lipgloss.Style
	// Axis is the time axis and its labels.
	Axis lipgloss.Style

	// Keyword, String, Comment, Number, Func and Type highlight Go source.
	Keyword, String, Comment, Number, Func, Type lipgloss.Style
	// LineNumber is the gutter of the source view; CurrentLine the line an event came from.
	LineNumber, CurrentLine lipgloss.Style
	// Added and Removed are diff lines; DiffHeader a diff's file names and hunk headers.
	Added, Removed, DiffHeader lipgloss.Style

	// Help styles the help bar.
	Help help.Styles
}

// DefaultStyles returns the styles for a Unicode terminal with a dark background.
func DefaultStyles() Styles {
	return newStyles(UnicodeGlyphs(), true, false)
}

// WithDark returns the styles for a dark (true) or light (false) background.
func (s Styles) WithDark(dark bool) Styles {
	return newStyles(s.Glyphs, dark, s.ASCII)
}

// WithASCII returns the styles for a terminal without Unicode or decoration (TERM=dumb).
func (s Styles) WithASCII() Styles {
	return newStyles(ASCIIGlyphs(), s.Dark, true)
}

// FromEnv returns the styles for the terminal the environment describes:
// ASCII glyphs when TERM is "dumb". Colours need no care here: Bubble Tea
// downsamples them (NO_COLOR included).
func FromEnv(getenv func(string) string) Styles {
	s := DefaultStyles()
	if getenv("TERM") == "dumb" {
		s = s.WithASCII()
	}
	return s
}

func newStyles(g Glyphs, dark, ascii bool) Styles {
	c := func(n int) lipgloss.Style { return lipgloss.NewStyle().Foreground(lipgloss.ANSIColor(n)) }
	muted := c(8)
	if !dark {
		muted = c(244)
	}
	s := Styles{&Set{
		Glyphs: g, Dark: dark, ASCII: ascii,
		App:      c(5).Bold(true),
		Title:    lipgloss.NewStyle().Bold(true),
		Subtitle: muted,
		Text:     lipgloss.NewStyle(),
		Muted:    muted,
		Hint:     c(6),
		Error:    c(1).Bold(true),
		Warning:  c(3),
		Success:  c(2),
		Selected: c(5).Bold(true),
		Match:    lipgloss.NewStyle().Underline(true),

		Border:        muted,
		BorderFocused: c(5),
		PaneTitle:     lipgloss.NewStyle().Bold(true),

		Running: c(2),
		Blocked: c(1),
		Waiting: c(4),
		Sync:    c(6),
		Ready:   c(3),
		Cursor:  lipgloss.NewStyle().Reverse(true),
		Axis:    muted,

		Keyword: c(5), String: c(2), Comment: muted.Italic(true), Number: c(3), Func: c(4), Type: c(6),
		LineNumber:  muted,
		CurrentLine: lipgloss.NewStyle().Reverse(true),
		Added:       c(2),
		Removed:     c(1),
		DiffHeader:  c(6).Bold(true),

		Help: help.DefaultStyles(dark),
	}}
	return s
}

// State returns the style and glyph of a task state; Done and unknown states
// are blank.
func (s Styles) State(st trace.State) (lipgloss.Style, string) {
	switch st {
	case trace.Running:
		return s.Running, s.Glyphs.Running
	case trace.Blocked:
		return s.Blocked, s.Glyphs.Blocked
	case trace.Waiting:
		return s.Waiting, s.Glyphs.Waiting
	case trace.Ready:
		return s.Ready, s.Glyphs.Ready
	}
	return lipgloss.NewStyle(), " "
}

// Span returns the style and glyph of a span: its state's, but Sync's for a
// wait for another task (trace.Span.WaitsForTask).
func (s Styles) Span(sp trace.Span) (lipgloss.Style, string) {
	if sp.WaitsForTask() {
		return s.Sync, s.Glyphs.Sync
	}
	return s.State(sp.State)
}

// legendEntry is one glyph of the legend and its long and short names.
type legendEntry struct {
	span        trace.Span
	long, short string
}

var legend = []legendEntry{
	{trace.Span{State: trace.Running}, "running", "run"},
	{trace.Span{State: trace.Blocked}, "blocked", "blk"},
	{trace.Span{State: trace.Waiting, On: trace.OnIO}, "waiting", "wait"},
	{trace.Span{State: trace.Waiting, On: trace.WaitOn("chan")}, "sync: on a goroutine", "sync"},
	{trace.Span{State: trace.Ready}, "ready", "ready"},
}

// Legend is the one-line key of the timeline glyphs: "██ running  ▒▒
// blocked  ── waiting  ·· sync: on a goroutine  ░░ ready  ▲ now".
func (s Styles) Legend() string {
	out := ""
	for i, e := range legend {
		style, glyph := s.Span(e.span)
		if i > 0 {
			out += "  "
		}
		out += style.Render(glyph+glyph) + " " + e.long
	}
	return out + "  " + s.Cursor.Render(s.Glyphs.Cursor) + " now"
}

// CompactLegend is the legend in a few cells: "█run ▒blk ─wait ·sync ░ready".
func (s Styles) CompactLegend() string {
	parts := make([]string, len(legend))
	for i, e := range legend {
		style, glyph := s.Span(e.span)
		parts[i] = style.Render(glyph) + e.short
	}
	return strings.Join(parts, " ")
}

// Paint is a style split around its text: the codes that open it and those
// that close it. Wrapping single-line text in them gives what the style's
// Render gives, at the cost of a concatenation, which matters in the parts
// drawn on every frame. The zero value wraps nothing.
type Paint struct{ Open, Close string }

// PaintOf splits style s around its text.
func PaintOf(s lipgloss.Style) Paint {
	out := s.Render("X")
	i := strings.Index(out, "X")
	if i < 0 {
		return Paint{}
	}
	return Paint{Open: out[:i], Close: out[i+1:]}
}

// Wrap returns text (one line, no tabs) in the paint.
func (p Paint) Wrap(text string) string { return p.Open + text + p.Close }

// WriteTo writes text (one line, no tabs) in the paint to b.
func (p Paint) WriteTo(b *strings.Builder, text string) {
	b.WriteString(p.Open)
	b.WriteString(text)
	b.WriteString(p.Close)
}
