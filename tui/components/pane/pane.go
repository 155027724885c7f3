// Package pane draws one lane of the lab screen: a variant's run in a titled
// frame. Inside are its timeline (or its source, toggled), the event at the
// playback cursor, the lab's facts and, when the trace carries them, the
// scheduler's queues at the cursor, then the output printed so far. The
// frame's title is the variant's name; its note is the total once the cursor
// has reached the lane's end.
package pane

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/components/frame"
	"conclab/tui/components/source"
	"conclab/tui/components/timeline"
	"conclab/tui/styles"
)

// Hooks let a lab add its own views to its lanes (labs never import the TUI,
// so the TUI keeps them by lab name). Every field may be nil.
type Hooks struct {
	// Output formats one output line; nil shows its time and text.
	Output func(st styles.Styles, l trace.Line) string
	// Live returns lines drawn under the timeline for the cursor's time (a
	// spinner's current frame, say), at most width cells each.
	Live func(st styles.Styles, r labs.Result, at time.Duration, width int) []string
}

// Model is one lane. The zero value is not usable; use New.
type Model struct {
	st       styles.Styles
	variant  labs.Variant
	hooks    Hooks
	result   labs.Result
	err      error
	loaded   bool
	timeline timeline.Model
	source   source.Model
	sourceOn bool
	focused  bool
	clockW   int // width of the widest output time, so output text lines up
	outRows  int // lines of output shown (set by layout)
	at       time.Duration
	width    int
	height   int
}

// New returns the lane of variant v, with no run yet.
func New(st styles.Styles, v labs.Variant, hooks Hooks) Model {
	return Model{st: st, variant: v, hooks: hooks, timeline: timeline.New(st), source: source.New(st, v.Source)}
}

// Name is the variant's name.
func (m Model) Name() string { return m.variant.Name }

// Variant is the lane's variant.
func (m Model) Variant() labs.Variant { return m.variant }

// SetResult shows a run's result; err is why the run failed (its trace, if
// any, is still shown up to where it stopped).
func (m *Model) SetResult(r labs.Result, err error) {
	m.result, m.err, m.loaded = r, err, true
	m.timeline.SetTrace(r.Trace)
	m.clockW = 0
	if r.Trace != nil {
		for _, l := range r.Trace.Output {
			m.clockW = max(m.clockW, len(trace.Clock(l.At)))
		}
		for _, w := range r.Trace.Warnings {
			m.clockW = max(m.clockW, len(trace.Clock(w.At+w.Held)))
		}
	}
	m.SetCursor(m.at)
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

// SetCursor moves the lane to the shared cursor.
func (m *Model) SetCursor(at time.Duration) {
	m.at = at
	m.timeline.SetCursor(at)
	if ev, _, ok := m.Event(); ok {
		m.source.SetMark(source.LineOf(m.variant.Source, ev.Kind))
	} else {
		m.source.SetMark(-1)
	}
}

// SetWindow sets the span of time the timeline's width covers (shared by all lanes).
func (m *Model) SetWindow(from, to time.Duration) { m.timeline.SetWindow(from, to) }

// SetFocused marks the lane as the selected one.
func (m *Model) SetFocused(f bool) { m.focused = f }

// ToggleSource switches between the timeline and the variant's source.
func (m *Model) ToggleSource() {
	m.sourceOn = !m.sourceOn
	m.layout()
}

// SourceOn reports whether the lane shows its source.
func (m Model) SourceOn() bool { return m.sourceOn }

// SetOffset scrolls the timeline so that task n is its first row.
func (m *Model) SetOffset(n int) { m.timeline.SetOffset(n) }

// Offset is the first task row shown.
func (m Model) Offset() int { return m.timeline.Offset() }

// ScrollBy scrolls what the lane shows: its source lines or its task rows.
func (m *Model) ScrollBy(n int) {
	if m.sourceOn {
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

// Event returns the lane's last event at or before the cursor and how many
// events happened at that same time.
func (m Model) Event() (trace.Event, int, bool) {
	tr := m.result.Trace
	i := m.eventsUntil()
	if i == 0 {
		return trace.Event{}, 0, false
	}
	ev := tr.Events[i-1]
	n := 0
	for j := i - 1; j >= 0 && tr.Events[j].At == ev.At; j-- {
		n++
	}
	return ev, n, true
}

// eventsUntil is the number of events at or before the cursor.
func (m Model) eventsUntil() int {
	tr := m.result.Trace
	if tr == nil {
		return 0
	}
	i, _ := slices.BinarySearchFunc(tr.Events, m.at, func(e trace.Event, at time.Duration) int {
		if e.At <= at {
			return -1
		}
		return 1
	})
	return i
}

// queues returns the scheduler's queues after the last event at or before the cursor.
func (m Model) queues() *trace.Queues {
	tr := m.result.Trace
	for i := m.eventsUntil() - 1; i >= 0; i-- {
		if q := tr.Events[i].Queues; q != nil {
			return q
		}
	}
	return nil
}

func (m Model) hasQueues() bool {
	tr := m.result.Trace
	return tr != nil && len(tr.Events) > 0 && tr.Events[0].Queues != nil
}

// inner sizes: the frame takes one cell on each side.
func (m Model) innerWidth() int  { return max(m.width-2, 0) }
func (m Model) innerHeight() int { return max(m.height-2, 0) }

// extras are the lines between the timeline and the output: the event at
// the cursor, the facts, the queues, a lab's live view.
func (m Model) extras() []string {
	w := m.innerWidth()
	var lines []string
	if m.err != nil && w > 0 { // the reason matters: wrapped, up to three lines
		wrapped := strings.Split(ansi.Wrap("error: "+m.err.Error(), w, " "), "\n")
		for _, l := range wrapped[:min(len(wrapped), 3)] {
			lines = append(lines, m.st.Error.Render(l))
		}
	}
	lines = append(lines, m.eventLine())
	if f := m.facts(); f != "" {
		lines = append(lines, f)
	} else if len(m.result.Facts) > 0 {
		lines = append(lines, m.st.Muted.Render("results appear when this lane finishes"))
	}
	if m.hasQueues() {
		lines = append(lines, m.queueLines()...)
	}
	if m.hooks.Live != nil && m.result.Trace != nil {
		lines = append(lines, m.hooks.Live(m.st, m.result, m.at, w)...)
	}
	return lines
}

// outputRows is how many lines of output the lane shows.
func (m Model) outputRows(extras int) int {
	ih := m.innerHeight()
	rest := ih - extras - (timeline.AxisHeight + 2)
	return max(0, min(rest, max(1, ih/4), 8))
}

// layout shares the inside out: the extras first, then the timeline as
// high as its rows need (at most what leaves the output its share), then the
// output the rest.
func (m *Model) layout() {
	w, ih := m.innerWidth(), m.innerHeight()
	extras := len(m.extras())
	th := max(ih-extras-m.outputRows(extras), 0)
	m.source.SetSize(w, th)
	m.timeline.SetSize(w, min(th, m.timeline.Needs()))
	m.outRows = ih - extras - m.timeline.Height()
	if m.sourceOn {
		m.outRows = ih - extras - th
	}
}

func (m Model) eventLine() string {
	ev, n, ok := m.Event()
	if !ok {
		return m.st.Muted.Render("not started: nothing has happened yet")
	}
	text := trace.Clock(ev.At) + " " + ev.Task + " " + ev.Kind
	if ev.Detail != "" {
		text += " " + ev.Detail
	}
	if n > 1 {
		text += fmt.Sprintf(" (+%d)", n-1)
	}
	return m.st.Glyphs.Mark + " " + text
}

// facts formats Result.Facts once the lane is done (they are results: shown
// earlier they would give the answer away): "boards 24 · masters 1", keys sorted.
func (m Model) facts() string {
	if len(m.result.Facts) == 0 || !m.Done() {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m.result.Facts)) {
		parts = append(parts, k+" "+m.st.Title.Render(FormatFact(m.result.Facts[k])))
	}
	return strings.Join(parts, m.st.Muted.Render(m.st.Glyphs.Separator))
}

// FormatFact formats a fact's value: maps as {key: value, ...} sorted by
// key, lists of text joined by spaces, durations as clocks, floats in at most
// four digits, anything else as fmt prints it.
func FormatFact(v any) string {
	switch v := v.(type) {
	case time.Duration:
		return trace.Clock(v)
	case float64:
		return fmt.Sprintf("%.4g", v)
	case []string:
		return strings.Join(v, " ")
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Map {
		keys := rv.MapKeys()
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprint(k.Interface()) + ": " + FormatFact(rv.MapIndex(k).Interface())
		}
		slices.Sort(parts)
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

func (m Model) queueLines() []string {
	q := m.queues()
	label := func(s string) string { return m.st.Muted.Render(s) }
	if q == nil {
		return []string{label("running: ") + "-", label("ready: ") + "-", label("timers: ") + "-"}
	}
	running := make([]string, len(q.Running))
	for i, r := range q.Running {
		running[i] = r
		if r == "" {
			running[i] = "idle"
		}
	}
	timers := make([]string, len(q.Timers))
	for i, t := range q.Timers {
		timers[i] = t.Task + "@" + trace.Clock(t.At)
	}
	list := func(xs []string) string {
		if len(xs) == 0 {
			return "-"
		}
		return strings.Join(xs, ", ")
	}
	return []string{
		label("running: ") + m.st.Running.Render(list(running)),
		label("ready: ") + list(q.Ready),
		label("timers: ") + list(timers),
	}
}

// output returns the last n output lines and warnings printed up to the
// cursor, formatted, oldest first.
func (m Model) output(n int) []string {
	tr := m.result.Trace
	if tr == nil || n <= 0 {
		return nil
	}
	out := tr.OutputUntil(m.at)
	out = out[max(len(out)-n, 0):]
	// A warning is known when the worker is given back: At + Held.
	var warns []trace.Warning
	for _, w := range tr.Warnings {
		if w.At+w.Held <= m.at {
			warns = append(warns, w)
		}
	}
	warns = warns[max(len(warns)-n, 0):]
	lines := make([]string, 0, len(out)+len(warns))
	for len(out) > 0 || len(warns) > 0 {
		if len(warns) > 0 && (len(out) == 0 || warns[0].At+warns[0].Held <= out[0].At) {
			lines = append(lines, m.warning(warns[0]))
			warns = warns[1:]
			continue
		}
		if m.hooks.Output != nil {
			lines = append(lines, m.hooks.Output(m.st, out[0]))
		} else {
			lines = append(lines, m.outputLine(out[0]))
		}
		out = out[1:]
	}
	return lines[max(len(lines)-n, 0):]
}

// clock formats an output time padded to the lane's widest.
func (m Model) clock(at time.Duration) string {
	return fmt.Sprintf("%-*s", m.clockW, trace.Clock(at))
}

// outputLine is an output line with its time, and its task's name when the
// text does not already say it ("A  T-minus 1", but "board 1: game over").
func (m Model) outputLine(l trace.Line) string {
	text := l.Text
	if l.Task != "" && !mentions(l.Text, l.Task) {
		text = m.st.Muted.Render(l.Task+":") + " " + text
	}
	return m.st.Muted.Render(m.clock(l.At)) + " " + text
}

// mentions reports whether text holds name as a whole word.
func mentions(text, name string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(name)
		if (j == 0 || !isWord(text[j-1])) && (end == len(text) || !isWord(text[end])) {
			return true
		}
		i = j + 1
	}
}

func isWord(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// warning is a slow-task report of debug mode, at the time it is known:
// when the task gave its worker back.
func (m Model) warning(w trace.Warning) string {
	return m.st.Warning.Render(fmt.Sprintf("%s slow: %s held its worker %s", m.clock(w.At+w.Held), w.Task, w.Held))
}

// note is the frame's right-hand note: the rows shown and, once the cursor
// reached the end, the total.
func (m Model) note() string {
	var parts []string
	if !m.sourceOn {
		if first, shown, total := m.timeline.Rows(); shown < total {
			parts = append(parts, fmt.Sprintf("%d-%d/%d", first+1, first+shown, total))
		}
	}
	switch total, ok := m.Total(); {
	case !m.loaded:
		parts = append(parts, "running"+m.st.Glyphs.Ellipsis)
	case m.err != nil:
		parts = append(parts, m.st.Error.Render("failed"))
	case ok && m.at >= total:
		parts = append(parts, m.st.Success.Render(m.st.Glyphs.Done+" "+trace.Clock(total)))
	}
	return strings.Join(parts, " ")
}

// View draws the lane, exactly width x height cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	extras := m.extras()
	outRows := m.outRows
	var body []string
	if m.sourceOn {
		body = append(body, frame.Lines(m.source.View())...)
	} else {
		body = append(body, frame.Lines(m.timeline.View())...)
	}
	body = append(body, extras...)
	out := m.output(outRows)
	if len(out) == 0 && outRows > 0 {
		out = []string{m.st.Muted.Render("(no output yet)")}
	}
	body = append(body, out...)
	if len(body) > m.innerHeight() { // too short for everything: keep the timeline and the newest lines
		body = body[:m.innerHeight()]
	}
	title := m.variant.Name
	if m.sourceOn {
		title += " (source)"
	}
	return frame.Box(m.st, title, m.note(), body, m.width, m.height, m.focused)
}
