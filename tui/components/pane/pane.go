// Package pane draws one lane of the lab screen: a variant's run in a titled
// frame. Inside are its timeline (or its source, or its whole output, as
// toggled), the event at the playback cursor, the lab's facts and, when the
// trace carries them, the scheduler's queues at the cursor, a lab's own live
// view, then the output printed so far. The frame's title is the variant's
// name; its note is the total once the cursor has reached the lane's end.
//
// A run that deadlocked says so: ✗ beside its total, its cycle under the
// timeline ("t1 holds A, waits for B; t2 holds B, waits for A"), and a ✗
// at the end of each sleeping task's row; a task still alive when the
// program's main returned (a leaked goroutine) ends its row in a mark too.
//
// The room inside is shared out by what teaches most: the timeline's rows
// first (every task when they fit, at least three), then the output, then
// the run's ending: the deadlock and the facts, wrapped (up to maxEndRows
// lines) rather than cut.
package pane

import (
	"math"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/components/frame"
	"conclab/tui/components/source"
	"conclab/tui/components/timeline"
	"conclab/tui/styles"
)

// Hooks let a lab add its own views to its lanes (labs never import the TUI,
// so the TUI keeps them by lab name). Every field may be zero.
type Hooks struct {
	// Output formats one output line; nil shows its time and text.
	Output func(st styles.Styles, l trace.Line) string
	// Live returns the lines drawn under the timeline for the cursor's time
	// (a spinner's current frame, say), at most width cells each. printed
	// is how many of the trace's output lines are out at the cursor: those
	// of the print events not stepped through yet at its instant are not,
	// as the output below leaves them out.
	Live func(st styles.Styles, r labs.Result, at time.Duration, printed, width int) []string
	// LiveRows is how many lines Live returns, always the same (the lane
	// keeps that many for it, so nothing moves while playing).
	LiveRows int
	// OutputRows is how many output lines the lab wants shown beside the
	// timeline (0: a few); the timeline keeps at least its MinHeight.
	OutputRows int
}

// Mode is what the lane shows above its event line.
type Mode int

// The modes of a lane; ToggleSource and ToggleOutput switch between them.
const (
	// TimelineMode shows the timeline and the last output lines.
	TimelineMode Mode = iota
	// SourceMode shows the variant's source, the running line marked.
	SourceMode
	// OutputMode shows the output printed so far, as a terminal would.
	OutputMode
)

// defaultOutputRows is the output a lane keeps beside its timeline when the
// lab asks for nothing else.
const defaultOutputRows = 3

// Model is one lane. The zero value is not usable; use New.
type Model struct {
	st       styles.Styles
	variant  labs.Variant
	short    []string // shorter titles, tried in order when the name and note do not fit
	hooks    Hooks
	result   labs.Result
	err      error
	loaded   bool
	timeline timeline.Model
	source   source.Model
	mode     Mode
	focused  bool
	clockW   int // width of the widest output time, so output text lines up
	outRows  int // lines of output shown (set by layout)
	endRows  int // lines of the ending shown: the deadlock and the facts (set by layout)
	at       time.Duration
	sub      int // events shown at time at (see SetCursorStep)
	width    int
	height   int
	muted    styles.Paint
	axisNote string // said after the name in the title (see SetAxisNote)
	fewNote  string // the same while its run takes few columns
}

// New returns the lane of variant v, with no run yet.
func New(st styles.Styles, v labs.Variant, hooks Hooks) Model {
	return Model{st: st, variant: v, hooks: hooks, timeline: timeline.New(st), source: source.New(st, v.Source),
		sub: math.MaxInt, muted: styles.PaintOf(st.Muted)}
}

// Name is the variant's name.
func (m Model) Name() string { return m.variant.Name }

// SetShortNames gives the lane shorter titles, tried in order when its
// name and its total do not fit in the top border together (the row range
// is dropped first).
func (m *Model) SetShortNames(names ...string) { m.short = names }

// Variant is the lane's variant.
func (m Model) Variant() labs.Variant { return m.variant }

// SetResult shows a run's result; err is why the run failed (its trace, if
// any, is still shown up to where it stopped).
func (m *Model) SetResult(r labs.Result, err error) {
	m.result, m.err, m.loaded = r, err, true
	m.timeline.SetTrace(r.Trace)
	m.timeline.SetMarks(marks(r))
	m.clockW = 0
	if r.Trace != nil {
		for _, l := range r.Trace.Output {
			m.clockW = max(m.clockW, len(trace.Clock(l.At)))
		}
		for _, w := range r.Trace.Warnings {
			m.clockW = max(m.clockW, len(trace.Clock(w.At+w.Held)))
		}
	}
	m.SetCursorStep(m.at, m.sub)
	m.layout()
}

// Result is the lane's result and error; ok is false before the first run.
func (m Model) Result() (r labs.Result, err error, ok bool) { return m.result, m.err, m.loaded }

// Total is the lane's total time; ok is false without a trace.
func (m Model) Total() (d time.Duration, ok bool) {
	if m.result.Trace == nil {
		return 0, false
	}
	return m.result.Trace.Total, true
}

// Done reports whether the cursor has reached the end of the lane's run.
func (m Model) Done() bool {
	total, ok := m.Total()
	return ok && m.at >= total
}

// SetCursor moves the lane to the shared cursor, every event at that time shown.
func (m *Model) SetCursor(at time.Duration) { m.SetCursorStep(at, math.MaxInt) }

// SetCursorStep moves the lane to the shared cursor with only the first k
// events at time at shown (all of them when the lane has k or fewer), as
// the clock steps through the events of one instant.
func (m *Model) SetCursorStep(at time.Duration, k int) {
	done := m.Done()
	m.at, m.sub = at, max(k, 1)
	if m.Done() != done {
		defer m.layout() // the ending shows in full, or folds back to its note
	}
	m.timeline.SetCursor(at)
	if ev, _, _, ok := m.Event(); ok {
		m.source.SetMark(source.LineOfEvent(m.variant.Source, ev.Kind, ev.Detail))
		m.timeline.SetMarked(ev.Task)
	} else {
		m.source.SetMark(-1)
		m.timeline.SetMarked("")
	}
	m.timeline.SetLinks(m.wakeLinks()) // after the marked task, which it keeps shown
}

// SetWindow sets the span of time the timeline's width covers (shared by all lanes).
func (m *Model) SetWindow(from, to time.Duration) { m.timeline.SetWindow(from, to) }

// SetFocused marks the lane as the selected one.
func (m *Model) SetFocused(f bool) { m.focused = f }

// ToggleSource switches between the timeline and the variant's source.
func (m *Model) ToggleSource() { m.toggle(SourceMode) }

// ToggleOutput switches between the timeline and the whole output.
func (m *Model) ToggleOutput() { m.toggle(OutputMode) }

func (m *Model) toggle(mode Mode) {
	if m.mode == mode {
		mode = TimelineMode
	}
	m.mode = mode
	m.layout()
}

// Mode is what the lane shows.
func (m Model) Mode() Mode { return m.mode }

// SourceOn reports whether the lane shows its source.
func (m Model) SourceOn() bool { return m.mode == SourceMode }

// SetOffset scrolls the timeline so that task n is its first row.
func (m *Model) SetOffset(n int) { m.timeline.SetOffset(n) }

// Offset is the first task row shown.
func (m Model) Offset() int { return m.timeline.Offset() }

// ScrollBy scrolls what the lane shows: its source lines or its task rows.
func (m *Model) ScrollBy(n int) {
	if m.mode == SourceMode {
		m.source.ScrollBy(n)
		return
	}
	m.timeline.SetOffset(m.timeline.Offset() + n)
}

// SetSize sets the cells the lane fills, frame included.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.layout()
}

// Wants is the height the lane needs to show every task row and its
// output beside them, frame included.
func (m Model) Wants() int {
	return m.allRows() + m.outputWant() + m.endWant()
}

// Complete is the height that shows every task row with one line of
// output and the facts, frame included: less than Wants, which leaves the
// output room for several lines.
func (m Model) Complete() int { return m.allRows() + 1 + 1 }

// allRows is the frame, the fixed lines and every row of the timeline.
func (m Model) allRows() int { return 2 + m.fixedRows() + m.timeline.Needs() }

// inner sizes: the frame takes one cell on each side.
func (m Model) innerWidth() int  { return max(m.width-2, 0) }
func (m Model) innerHeight() int { return max(m.height-2, 0) }

// fixedRows are the lines that are always shown: the error, the event line,
// the queues and the lab's live view.
func (m Model) fixedRows() int {
	n := len(m.errorLines()) + 1 + m.hooks.LiveRows
	if m.hasQueues() {
		n += queueRows
	}
	return n
}

// endWant is how many lines the run's ending takes in full (see
// endLines), at most maxEndRows.
func (m Model) endWant() int { return min(len(m.endLines()), maxEndRows) }

// endNow is how many lines the ending takes at the cursor: in full once
// the lane is done, else the one line that says it will come.
func (m Model) endNow() int {
	if m.Done() {
		return m.endWant()
	}
	return min(m.endWant(), 1)
}

func (m Model) outputWant() int {
	if m.hooks.OutputRows > 0 {
		return m.hooks.OutputRows
	}
	return defaultOutputRows
}

// layout shares the inside out: the fixed lines, the timeline as high as
// its rows need (leaving the output what the lab wants, unless that would
// leave the timeline under its minimum), then the run's ending as many of
// its lines as leave the output one, the output the rest.
func (m *Model) layout() {
	w, ih := m.innerWidth(), m.innerHeight()
	rest := max(ih-m.fixedRows(), 0)
	th := 0
	end := m.endNow()
	switch m.mode {
	case TimelineMode:
		th = min(m.timeline.Needs(), rest-m.outputWant())
		if th < m.timeline.MinHeight() {
			th = min(m.timeline.MinHeight(), rest-1)
		}
	case SourceMode:
		th = rest - max(1, min(m.outputWant(), rest/4))
	}
	th = max(th, 0)
	m.timeline.SetSize(w, th)
	m.source.SetSize(w, th)
	m.outRows = rest - th
	switch {
	case m.outRows >= 2:
		m.endRows = min(end, m.outRows-1)
	case m.mode == OutputMode:
		m.endRows = min(end, m.outRows)
	default:
		m.endRows = 0
	}
	m.outRows -= m.endRows
}

// View draws the lane, exactly width x height cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	body := make([]string, 0, m.innerHeight())
	switch m.mode {
	case SourceMode:
		body = append(body, frame.Lines(m.source.View())...)
	case TimelineMode:
		if m.timeline.Height() > 0 {
			body = append(body, frame.Lines(m.timeline.View())...)
		}
	}
	body = append(body, m.errorLines()...)
	body = append(body, m.eventLine())
	body = append(body, m.ending(m.endRows)...)
	if m.hasQueues() {
		body = append(body, m.queueLines()...)
	}
	if m.hooks.Live != nil && m.hooks.LiveRows > 0 && m.result.Trace != nil {
		live := m.hooks.Live(m.st, m.result, m.at, m.printed(), m.innerWidth())
		for i := range m.hooks.LiveRows {
			if i < len(live) {
				body = append(body, live[i])
			} else {
				body = append(body, "")
			}
		}
	}
	out := m.output(m.outRows)
	if len(out) == 0 && m.outRows > 0 {
		empty := "(no output yet)"
		if m.Done() && len(m.result.Trace.Output) == 0 && len(m.result.Trace.Warnings) == 0 {
			empty = "(no output)" // the run is over and printed nothing
		}
		out = []string{m.muted.Wrap(empty)}
	}
	body = append(body, out...)
	title, note := m.top()
	return frame.Box(m.st, title, note, body, m.width, m.height, m.focused)
}

// top is the frame's title and note: the name, the rows shown and the
// state when they all fit in the top border; else the row range goes
// first, then the name gives way to its short forms (the last one is cut
// if even it does not fit, the state kept whole when the name keeps a few
// cells).
func (m Model) top() (title, note string) {
	suffix := ""
	switch m.mode {
	case SourceMode:
		suffix = " (source)"
	case OutputMode:
		suffix = " (output)"
	}
	if n := m.axisTitle(); n != "" {
		suffix += " " + n
	}
	rows, state := m.note()
	full := state
	if rows != "" {
		full = strings.TrimSpace(rows + " " + state)
	}
	names := append([]string{m.variant.Name}, m.short...)
	if title := names[0] + suffix; m.fits(title, full) {
		return title, full
	}
	for _, n := range names {
		if m.fits(n+suffix, state) {
			return n + suffix, state
		}
	}
	last := names[len(names)-1] + suffix
	if room := m.innerWidth() - 7 - frame.Width(state); state != "" && room >= 6 {
		return frame.Cut(last, room, m.st.Glyphs.Ellipsis), state // the name cut, the total whole
	}
	return last, state
}

// fits reports whether title and note both show whole in the top border
// (see frame.Box: "╭─ title ─…─ note ─╮").
func (m Model) fits(title, note string) bool {
	inner := m.innerWidth()
	if note == "" {
		return frame.Width(title) <= inner-4
	}
	return 3+frame.Width(title)+frame.Width(note)+4 <= inner
}

// note is the frame's right-hand note in two parts: the rows shown (when
// not all are) and the state — running, failed or, once the cursor reached
// the end, the total.
func (m Model) note() (rows, state string) {
	if m.mode == TimelineMode && m.timeline.Height() > 0 {
		if first, shown, total := m.timeline.Rows(); shown < total {
			rows = itoa(first+1) + "-" + itoa(first+shown) + "/" + itoa(total)
		}
	}
	switch total, ok := m.Total(); {
	case !m.loaded:
		state = "running" + m.st.Glyphs.Ellipsis
	case m.err != nil:
		state = m.st.Error.Render("failed")
	case ok && m.at >= total && m.result.Deadlock != nil:
		state = m.st.Error.Render(m.st.Glyphs.Deadlocked + " " + trace.Clock(total))
	case ok && m.at >= total:
		state = m.st.Success.Render(m.st.Glyphs.Done + " " + trace.Clock(total))
	}
	return rows, state
}
