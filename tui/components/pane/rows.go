package pane

import (
	"time"

	"conclab/labs/trace"
	"conclab/tui/components/timeline"
)

// SetFilter shows only the task rows whose name holds q (see timeline.SetFilter).
func (m *Model) SetFilter(q string) {
	m.timeline.SetFilter(q)
	m.layout()
}

// SetSort orders the task rows.
func (m *Model) SetSort(s timeline.Sort) { m.timeline.SetSort(s) }

// SetHighlight makes one state stand out in the timeline.
func (m *Model) SetHighlight(h timeline.Highlight) { m.timeline.SetHighlight(h) }

// ShowTask scrolls the task rows the least that shows the task called
// name; it reports false when the filter hides it.
func (m *Model) ShowTask(name string) bool {
	k := m.timeline.RowOf(name)
	m.timeline.ShowRow(k)
	return k >= 0
}

// EventIndex is the index, in the lane's trace, of the last event shown at
// the cursor; ok is false before the first.
func (m Model) EventIndex() (int, bool) {
	i := m.eventsUntil()
	return i - 1, i > 0
}

// wakeLinks are the wake-ups the event at the cursor took part in, drawn
// between rows: the wake itself (from the task that caused it), or the
// wakes it caused (a send that woke a receiver, an unlock, a return).
func (m Model) wakeLinks() []timeline.Link {
	i, ok := m.EventIndex()
	if !ok {
		return nil
	}
	ev := &m.result.Trace.Events
	at := ev.Time(i)
	if c, ok := ev.Cause(i); ok {
		if c.Kind.ByTask() {
			return []timeline.Link{{From: c.Task, To: ev.Task(i), At: at}}
		}
		return nil
	}
	var links []timeline.Link
	for j := range ev.Woken(i) {
		links = append(links, timeline.Link{From: ev.Task(i), To: ev.Task(j), At: at})
	}
	return links
}

// SpanAt says which span the cell (x, y) of the lane draws, (0, 0) being
// the lane's top left corner (its frame): the task's index in the trace
// and the span's index in its spans, and the first instant of the span in
// that cell. ok is false off the timeline's cells
// (the frame, the labels, the axis, what lies under the timeline, a lane
// showing its source or output).
func (m Model) SpanAt(x, y int) (task, span int, at time.Duration, ok bool) {
	if m.mode != TimelineMode || m.result.Trace == nil || y < 1 || y > m.timeline.Height() || x < 1 || x > m.innerWidth() {
		return 0, 0, 0, false
	}
	return m.timeline.CellAt(x-1, y-1)
}

// Trace is the lane's trace, or nil before its run is back.
func (m Model) Trace() *trace.Trace { return m.result.Trace }

// Rows says which task rows the timeline shows: the first, how many, and
// how many the filter lets through.
func (m Model) Rows() (first, shown, total int) { return m.timeline.Rows() }
