package pane

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/components/frame"
	"conclab/tui/components/timeline"
)

// marks are the end marks of r's rows: its leaked tasks', and its tasks
// asleep in a deadlock.
func marks(r labs.Result) map[string]timeline.Mark {
	if len(r.Leaked) == 0 && r.Deadlock == nil {
		return nil
	}
	out := map[string]timeline.Mark{}
	for _, s := range r.Leaked {
		out[s.Task] = timeline.Leaked
	}
	if r.Deadlock != nil {
		for _, s := range r.Deadlock.Asleep {
			out[s.Task] = timeline.Deadlocked
		}
	}
	return out
}

// queueRows is the number of lines the scheduler's queues take.
const queueRows = 3

// Event returns the lane's last event shown at the cursor, its place k
// (from 1) among the events at that time and their number n.
func (m Model) Event() (ev trace.Event, k, n int, ok bool) {
	tr := m.result.Trace
	i := m.eventsUntil()
	if i == 0 {
		return trace.Event{}, 0, 0, false
	}
	ev = tr.Events.At(i - 1)
	first := i - 1
	for first > 0 && tr.Events.Time(first-1) == ev.At {
		first--
	}
	last := i
	for last < tr.Events.Len() && tr.Events.Time(last) == ev.At {
		last++
	}
	return ev, i - first, last - first, true
}

// eventsUntil is the number of events shown: those before the cursor's
// time, and the first sub of those at it.
func (m Model) eventsUntil() int {
	tr := m.result.Trace
	if tr == nil {
		return 0
	}
	before := tr.Events.Search(m.at)   // the first event at the cursor's time or later
	upTo := tr.Events.Search(m.at + 1) // the first one after it
	return before + min(upTo-before, m.sub)
}

// queues returns the scheduler's queues after the last event shown.
func (m Model) queues() *trace.Queues {
	tr := m.result.Trace
	for i := m.eventsUntil() - 1; i >= 0; i-- {
		if q := tr.Events.Queues(i); q != nil {
			return q
		}
	}
	return nil
}

func (m Model) hasQueues() bool {
	tr := m.result.Trace
	return tr != nil && tr.Events.Len() > 0 && tr.Events.Queues(0) != nil
}

// errorLines are why the run failed, wrapped, up to three lines.
func (m Model) errorLines() []string {
	w := m.innerWidth()
	if m.err == nil || w <= 0 {
		return nil
	}
	wrapped := strings.Split(ansi.Wrap("error: "+m.err.Error(), w, " "), "\n")
	lines := make([]string, 0, 3)
	for _, l := range wrapped[:min(len(wrapped), 3)] {
		lines = append(lines, m.st.Error.Render(l))
	}
	return lines
}

// eventLine is the last event shown: "▶ 0:00:04 [2/9] C sleep 1s", where
// [2/9] says it is the second of nine events at that time.
func (m Model) eventLine() string {
	ev, k, n, ok := m.Event()
	if !ok {
		return m.muted.Wrap("not started: nothing has happened yet")
	}
	text := trace.Clock(ev.At) + " "
	if n > 1 {
		text += m.muted.Wrap("["+itoa(k)+"/"+itoa(n)+"]") + " "
	}
	text += ev.Task + " " + ev.Kind
	if ev.Detail != "" {
		text += " " + ev.Detail
	}
	return m.st.Glyphs.Mark + " " + text
}

// maxEndRows is the most lines the run's ending takes.
const maxEndRows = 8

// endLines is the run's ending in full, wrapped to the lane's width: a
// deadlock's cycle, the tasks leaked, then the facts. Until the cursor reaches the end they
// are results not to give away (a deadlock, a count of lost updates): a
// note says when they come, and blank lines keep their room.
func (m Model) endLines() []string {
	w := m.innerWidth()
	if w <= 0 || !m.loaded {
		return nil
	}
	var lines []string
	if d := m.result.Deadlock; d != nil {
		items := slices.Clone(d.Cycle)
		if len(items) == 0 {
			for _, s := range d.Asleep {
				items = append(items, s.String())
			}
		}
		head := m.st.Glyphs.Deadlocked + " deadlock:"
		if frame.Width(head+" "+items[0]) <= w {
			items[0] = head + " " + items[0]
		} else {
			lines = append(lines, m.st.Error.Render(head)) // the cycle's first step on a line of its own
		}
		for _, l := range wrapItems(items, "; ", w) {
			lines = append(lines, m.st.Error.Render(l))
		}
	}
	if left := m.result.Leaked; len(left) > 0 {
		items := make([]string, len(left))
		for i, s := range left {
			items[i] = s.Task
		}
		items[0] = m.st.Glyphs.Leaked + " leaked when main returned: " + items[0]
		for _, l := range wrapItems(items, ", ", w) {
			lines = append(lines, m.st.Warning.Render(l))
		}
	}
	if len(m.result.Facts) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(m.result.Facts)) {
			parts = append(parts, k+" "+m.st.Title.Render(FormatFact(m.result.Facts[k])))
		}
		lines = append(lines, wrapItems(parts, m.muted.Wrap(m.st.Glyphs.Separator), w)...)
	}
	return lines
}

// ending is the first n lines of the run's ending, the last ending in an
// ellipsis when some did not fit; before the cursor reaches the end, a
// note that they will come, then blank lines.
func (m Model) ending(n int) []string {
	if n <= 0 {
		return nil
	}
	if !m.Done() {
		out := make([]string, n)
		out[0] = m.muted.Wrap("its facts appear when this lane finishes")
		return out
	}
	lines := m.endLines()
	if len(lines) <= n {
		return lines
	}
	lines = slices.Clone(lines[:n])
	w, ell := m.innerWidth(), m.st.Glyphs.Ellipsis
	lines[n-1] = frame.Cut(lines[n-1], w-frame.Width(ell), "") + ell
	return lines
}

// wrapItems lays items out on lines of at most width cells, separated by
// sep within a line and ending in sep's mark (sep without its spaces) when
// the next item is on the next line: an item starts a new line when it
// does not fit on the current one; an item wider than a line follows on
// the current one and wraps at its spaces.
func wrapItems(items []string, sep string, width int) []string {
	mark := strings.TrimRight(sep, " ")
	var lines []string
	line := ""
	for i, it := range items {
		room := width // what the line may take with it: its mark too, unless it is the last item
		if i < len(items)-1 {
			room -= frame.Width(mark)
		}
		switch {
		case line == "":
			line = it
		case frame.Width(line+sep+it) <= room || frame.Width(it) > width:
			line += sep + it
		default:
			lines = append(lines, line+mark)
			line = it
		}
		if frame.Width(line) > width {
			parts := strings.Split(ansi.Wrap(line, width, ""), "\n")
			lines = append(lines, parts[:len(parts)-1]...)
			line = parts[len(parts)-1]
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// FormatFact formats a fact's value: maps as {key: value, ...} sorted by
// key, lists of text joined by spaces (an empty one as none), durations as
// clocks, floats in at most four digits, anything else as fmt prints it.
func FormatFact(v any) string {
	switch v := v.(type) {
	case time.Duration:
		return trace.Clock(v)
	case float64:
		return fmt.Sprintf("%.4g", v)
	case []string:
		if len(v) == 0 {
			return "none"
		}
		if slices.ContainsFunc(v, func(s string) bool { return strings.Contains(s, " ") }) {
			return strings.Join(v, ", ") // phrases: "B waits on chan results, C waits on chan results"
		}
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

// queueLines are the scheduler's queues after the last event shown: who
// runs on each worker, the ready queue in order, and the timer heap in the
// order the timers fire (as trace.Queues.Text writes them).
func (m Model) queueLines() []string {
	q := m.queues().Text()
	label := m.muted.Wrap
	return []string{
		label("running: ") + m.st.Running.Render(q.Running),
		label("ready: ") + q.Ready,
		label("timers: ") + q.Timers,
	}
}

// output returns the last n output lines and warnings printed up to the
// cursor, formatted, oldest first.
func (m Model) output(n int) []string {
	tr := m.result.Trace
	if tr == nil || n <= 0 {
		return nil
	}
	upTo := m.printed()
	out := tr.Output[max(upTo-n, 0):upTo]
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

// printed is how many of the trace's output lines are out at the cursor:
// those at or before its time, less the unprinted ones.
func (m Model) printed() int {
	tr := m.result.Trace
	upTo, _ := slices.BinarySearchFunc(tr.Output, m.at, func(l trace.Line, at time.Duration) int {
		if l.At <= at {
			return -1
		}
		return 1
	})
	return upTo - m.unprinted(upTo)
}

// unprinted is how many of the output lines at the cursor's time (the
// first upTo lines being those at or before it) come from print events not
// shown yet, while the clock steps through the events of that instant.
func (m Model) unprinted(upTo int) int {
	tr := m.result.Trace
	at := 0
	for i := upTo - 1; i >= 0 && tr.Output[i].At == m.at; i-- {
		at++
	}
	if at == 0 {
		return 0
	}
	shown, prints := m.eventsUntil(), 0
	hidden := 0
	for i := shown - 1; i >= 0 && tr.Events.Time(i) == m.at; i-- {
		if tr.Events.Kind(i) == trace.EventPrint {
			prints++
		}
	}
	for i := shown; i < tr.Events.Len() && tr.Events.Time(i) == m.at; i++ {
		if tr.Events.Kind(i) == trace.EventPrint {
			hidden++
		}
	}
	if prints+hidden != at { // lines and print events do not pair up: show every line
		return 0
	}
	return hidden
}

// clock formats an output time padded to the lane's widest.
func (m Model) clock(at time.Duration) string {
	c := trace.Clock(at)
	if pad := m.clockW - len(c); pad > 0 {
		c += strings.Repeat(" ", pad)
	}
	return c
}

// outputLine is an output line with its time, and its task's name when the
// text does not already say it ("A  T-minus 1", but "board 1: game over").
func (m Model) outputLine(l trace.Line) string {
	text := l.Text
	if l.Task != "" && !mentions(l.Text, l.Task) {
		text = m.muted.Wrap(l.Task+":") + " " + text
	}
	return m.muted.Wrap(m.clock(l.At)) + " " + text
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

func itoa(n int) string { return strconv.Itoa(n) }
