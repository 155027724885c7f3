package lab

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/labs/sched"
	"conclab/labs/trace"
	"conclab/tui/components/frame"
	"conclab/tui/components/playback"
	"conclab/tui/components/timeline"
	"conclab/tui/styles"
)

// rowsState is what the lab screen does with the lanes' task rows: the
// filter (/), the highlighted state (H), the order (S), the details panel
// (i, a click) and the way back from a jump to a waker (J).
type rowsState struct {
	filter    textinput.Model
	typing    bool
	sort      timeline.Sort
	highlight timeline.Highlight
	detail    *detailTarget // nil: the panel is closed
	back      *jumpMark     // where J goes back to, while the cursor is where J took it
	say       string        // what the last J or i did, said in the summary's place
	press     *mousePress   // a press that a release on the same cell makes a click
}

// detailTarget is the span the details panel shows: the cursor's (follow:
// the selected lane's task of the cursor's event, at the cursor) or the
// one clicked (lane, task, at).
type detailTarget struct {
	follow bool
	lane   int
	task   int
	at     time.Duration
}

// jumpMark is a jump to a waker: the cursor before it and where it landed.
type jumpMark struct {
	fromAt       time.Duration
	fromSub      int
	toAt         time.Duration
	toSub        int
	woken, waker string
	detail       *detailTarget // the panel before the jump, shown again on the way back
}

type mousePress struct{ x, y int }

// detailLines is the height of the panel's inside; a panel that does not
// fit over the lanes with minLanesUnder lines of them left says its span
// in one line instead.
const (
	detailLines   = 4
	minLanesUnder = 3
	detailWidth   = 76
)

// newRows is the rows' state with an empty filter. It also makes the runs
// record the lines their tasks wait at (sched.SetSites), which the panel
// shows.
func newRows(st styles.Styles) rowsState {
	sched.SetSites(true)
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "task name"
	in.KeyMap.Paste = key.NewBinding()
	s := textinput.DefaultStyles(st.Dark)
	s.Focused.Prompt, s.Focused.Text = st.Hint, st.Text
	s.Cursor = textinput.CursorStyle{}
	in.SetStyles(s)
	return rowsState{filter: in}
}

// applyRows gives every lane the filter, the order and the highlight.
func (m *Model) applyRows() {
	for i := range m.panes {
		m.panes[i].SetFilter(strings.TrimSpace(m.rows.filter.Value()))
		m.panes[i].SetSort(m.rows.sort)
		m.panes[i].SetHighlight(m.rows.highlight)
	}
	if d := m.rows.detail; d != nil && !d.follow && d.lane >= len(m.panes) {
		m.rows.detail = nil
	}
}

// rowsKey handles the keys of the rows (see rowsState) and, while the
// filter is typed, every key; it reports whether it took msg.
func (m *Model) rowsKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	if m.rows.typing {
		f := m.c.Keys.RowFilter
		switch {
		case key.Matches(msg, f.Apply):
			m.rows.typing = false
			m.rows.filter.Blur()
		case key.Matches(msg, f.Clear):
			m.rows.typing = false
			m.rows.filter.Blur()
			m.rows.filter.Reset()
		default:
			m.rows.filter, _ = m.rows.filter.Update(msg) // no command: the cursor does not blink
		}
		m.applyRows()
		return true, nil
	}
	m.rows.say = ""
	k, back := m.c.Keys.Lab.Rows, m.c.Keys.Lab.Back
	switch {
	case key.Matches(msg, k.Filter):
		m.rows.typing = true
		m.rows.filter.Focus()
		m.rows.filter.CursorEnd()
	case key.Matches(msg, k.Highlight):
		m.rows.highlight = m.rows.highlight.Next()
		m.applyRows()
		m.rows.say = "H: every state in its colour"
		if h := m.rows.highlight; h != timeline.NoHighlight {
			m.rows.say = "H: " + h.String() + " stands out, the other states dimmed (H: next)"
		}
	case key.Matches(msg, k.Sort):
		m.rows.sort = m.rows.sort.Next()
		m.applyRows()
		m.rows.say = "S: rows in " + m.rows.sort.String() + " (S: next)"
	case key.Matches(msg, k.Detail):
		if m.rows.detail != nil {
			m.rows.detail = nil
		} else {
			m.rows.detail = &detailTarget{follow: true}
		}
	case key.Matches(msg, k.Jump):
		m.jump()
	case key.Matches(msg, back) && m.rows.detail != nil:
		m.rows.detail = nil
	case key.Matches(msg, back) && m.rows.filter.Value() != "":
		m.rows.filter.Reset()
		m.applyRows()
	default:
		return false, nil
	}
	return true, nil
}

// highlightShort names the highlighted state on the status line, in the
// legend's words.
var highlightShort = map[timeline.Highlight]string{
	timeline.HighlightRunning: "run", timeline.HighlightReady: "ready", timeline.HighlightSync: "sync",
	timeline.HighlightWaiting: "wait", timeline.HighlightBlocked: "blk",
}

// rowsTyping reports whether the filter is being typed.
func (m Model) rowsTyping() bool { return m.rows.typing }

// rowsParts are what the status line says of the rows: the filter, the
// highlighted state and the order, when they are not the defaults.
func (m Model) rowsParts() []string {
	var parts []string
	if q := strings.TrimSpace(m.rows.filter.Value()); q != "" && !m.rows.typing {
		parts = append(parts, fmt.Sprintf("filter %q", q))
	}
	if h := m.rows.highlight; h != timeline.NoHighlight {
		parts = append(parts, "highlight "+highlightShort[h])
	}
	if s := m.rows.sort; s != timeline.RunOrder {
		parts = append(parts, map[timeline.Sort]string{timeline.ByStart: "by start", timeline.ByReady: "by ready"}[s])
	}
	return parts
}

// rowsSummary is the line said in the summary's place: the filter being
// typed, what J did, or the details in one line when the panel does not
// fit; ok is false when there is none.
func (m Model) rowsSummary() (string, bool) {
	st := m.c.Styles
	switch {
	case m.rows.typing:
		in := m.rows.filter.View()
		if m.rows.filter.Value() == "" { // textinput shows one letter of its placeholder when it has no width
			in = st.Hint.Render(m.rows.filter.Prompt) + st.Muted.Render(m.rows.filter.Placeholder)
		}
		return in + st.Muted.Render("  enter keeps it · esc clears"), true
	case m.rows.say != "":
		return st.Hint.Render(m.rows.say), true
	case m.rows.detail != nil && !m.detailFits():
		d, tr, ok := m.detailSpan()
		if !ok {
			return st.Muted.Render(d.Name), true
		}
		return m.detailOneLine(d, tr), true
	}
	return "", false
}

// detailFits reports whether the panel fits over the lanes.
func (m Model) detailFits() bool { return m.lay.lanesH >= detailLines+2+minLanesUnder }

// detailSpan returns the span the panel shows and its lane's trace; when
// there is none, d.Name says why.
func (m Model) detailSpan() (d trace.SpanDetail, tr *trace.Trace, ok bool) {
	t := m.rows.detail
	lane, task, at := m.selected, -1, m.clock.At()
	if !t.follow {
		lane, task, at = t.lane, t.task, t.at
	}
	if lane >= len(m.panes) {
		return trace.SpanDetail{Name: "no lane"}, nil, false
	}
	p := m.panes[lane]
	tr = p.Trace()
	if tr == nil {
		return trace.SpanDetail{Name: "the run is not back yet"}, nil, false
	}
	event := -1
	if task < 0 {
		i, ok := p.EventIndex()
		if !ok {
			return trace.SpanDetail{Name: "step to an event (→) to see its task's span, or click a span"}, nil, false
		}
		event, task = i, tr.TaskIndex(tr.Events.Task(i))
	}
	if task < 0 || task >= len(tr.Tasks) {
		return trace.SpanDetail{Name: "no task"}, nil, false
	}
	d, ok = tr.Detail(task, at)
	if event >= 0 && (!ok || d.Span.State != trace.Running) {
		if inst, ok := instant(tr, task, event); ok {
			return inst, tr, true
		}
	}
	if spans := tr.Tasks[task].Spans; !ok && len(spans) > 0 && at >= spans[len(spans)-1].End {
		end := spans[len(spans)-1].End // it has returned: a span of its own, to the end of the run
		return trace.SpanDetail{Task: task, Name: tr.Tasks[task].Name, Index: len(spans), Wake: trace.NoEvent,
			Span: trace.Span{State: trace.Done, Worker: trace.NoWorker, Start: end, End: tr.Total}}, tr, true
	}
	if !ok {
		return trace.SpanDetail{Name: tr.Tasks[task].Name + " has not started at " + trace.Clock(max(at, 0))}, nil, false
	}
	return d, tr, true
}

// instant is the detail of a task that runs for no time at the instant
// of its event e (a run, a resume, a print or a spawn between two waits):
// a span of no length, woken out of the wait that ended then.
func instant(tr *trace.Trace, task, e int) (trace.SpanDetail, bool) {
	switch tr.Events.Kind(e) {
	case trace.EventRun, trace.EventResume, trace.EventPrint, trace.EventSpawn:
	default:
		return trace.SpanDetail{}, false
	}
	at := tr.Events.Time(e)
	d := trace.SpanDetail{Task: task, Name: tr.Tasks[task].Name, Index: -1, Wake: trace.NoEvent,
		Span: trace.Span{State: trace.Running, Worker: tr.Events.Worker(e), Start: at, End: at}}
	// The wait that ended then (Detail cuts a span of waits back to back).
	if w, ok := tr.Detail(task, at-1); ok && w.Span.State == trace.Waiting && w.Span.End == at && w.Wake != trace.NoEvent {
		d.Wake, d.WokenBy, d.Span.On = w.Wake, w.WokenBy, w.Span.On
	}
	return d, true
}

// stateWords says what a task does during span sp.
func stateWords(sp trace.Span) string {
	switch sp.State {
	case trace.Running:
		if sp.Duration() == 0 {
			return fmt.Sprintf("running on worker %d, for no time at this instant", sp.Worker+1)
		}
		return fmt.Sprintf("running on worker %d", sp.Worker+1)
	case trace.Ready:
		return "ready: it waits for a free worker"
	case trace.Blocked:
		return fmt.Sprintf("blocked in a call (%s), holding worker %d", sp.On, sp.Worker+1)
	case trace.Waiting:
		switch {
		case sp.WaitsForTask():
			return "waiting on " + sp.On.String() + ", for another task"
		case sp.On == trace.OnTimer:
			return "waiting for a timer (a sleep)"
		case sp.On == trace.OnIO:
			return "waiting for I/O (a blocking call)"
		}
		return "waiting"
	case trace.Done:
		return "done: it has returned"
	}
	return sp.State.String()
}

// wokeWords says who or what woke the task out of d's span.
func wokeWords(d trace.SpanDetail, tr *trace.Trace) string {
	on := d.Span.On.String()
	c := d.WokenBy
	switch {
	case d.Wake == trace.NoEvent && d.Span.State == trace.Waiting && d.Span.End >= tr.Total:
		return "nothing: it still waits at the end of the run"
	case d.Wake == trace.NoEvent && d.Span.State == trace.Waiting:
		return "— (this trace does not say)"
	case d.Wake == trace.NoEvent && d.Span.State == trace.Blocked:
		return "— (a blocking call holds its worker: it returns at " + trace.Clock(d.Span.End) + ")"
	case d.Wake == trace.NoEvent:
		return "— (not a wait)"
	case !c.Kind.ByTask():
		if c.Kind == trace.CauseIO {
			return "its blocking call returned, at " + trace.Clock(d.Span.End)
		}
		return "its timer fired, at " + trace.Clock(d.Span.End)
	}
	return fmt.Sprintf("%s (its %s at %s): it %s", c.Task, tr.Events.Kind(c.Event), trace.Clock(tr.Events.Time(c.Event)), causeWhat(c.Kind, on))
}

// causeWhat says what the task that woke another did, to on (the channel,
// mutex or signal the woken task waited on; "" when not known).
func causeWhat(k trace.CauseKind, on string) string {
	if on == "" {
		on = map[trace.CauseKind]string{trace.CauseUnlock: "the mutex", trace.CauseFire: "signal"}[k]
		if on == "" {
			on = "the channel"
		}
	}
	switch k {
	case trace.CauseSend:
		return "sent on " + on
	case trace.CauseRecv:
		return "received from " + on + " (made room)"
	case trace.CauseClose:
		return "closed " + on
	case trace.CauseUnlock:
		return "unlocked " + on + " and handed it over"
	case trace.CauseDone:
		return "returned, the last task it waited for"
	case trace.CauseFire:
		return "fired the " + on + " (cancelled)"
	}
	return k.String()
}

func siteWords(d trace.SpanDetail) string {
	if !d.HasSite {
		return "—"
	}
	return d.Site.String()
}

// detailBody is the panel's lines: state, time, who woke it, the line.
func (m Model) detailBody(d trace.SpanDetail, tr *trace.Trace) []string {
	st := m.c.Styles
	label := func(s string) string { return st.Muted.Render(fmt.Sprintf("%-9s", s)) }
	sp := d.Span
	when := trace.Clock(sp.Start) + " → " + trace.Clock(sp.End) + " (" + trace.Seconds(sp.Duration()) + "s)"
	if sp.State == trace.Done {
		when = "returned at " + trace.Clock(sp.Start)
	}
	return []string{
		label("state") + stateWords(sp),
		label("time") + when,
		label("woken by") + wokeWords(d, tr),
		label("at") + siteWords(d),
	}
}

// detailOneLine is the panel in one line, for a screen too small for it.
func (m Model) detailOneLine(d trace.SpanDetail, tr *trace.Trace) string {
	sp := d.Span
	parts := []string{m.c.Styles.Title.Render(d.Name) + " " + stateWords(sp), trace.Clock(sp.Start) + "→" + trace.Clock(sp.End)}
	if d.Wake != trace.NoEvent {
		parts = append(parts, "woken by "+wokeWords(d, tr))
	}
	parts = append(parts, "at "+siteWords(d))
	return strings.Join(parts, m.c.Styles.Muted.Render(m.c.Styles.Glyphs.Separator))
}

// withDetail draws the details panel over the bottom of the lanes (lanes
// is their block, lanesH lines of the screen's width), at the left edge of
// its lane, when it is open and fits.
func (m Model) withDetail(lanes string) string {
	if m.rows.detail == nil || !m.detailFits() {
		return lanes
	}
	st := m.c.Styles
	lane := m.selected
	if !m.rows.detail.follow {
		lane = m.rows.detail.lane
	}
	x0, _, _ := m.laneOrigin(lane)
	w := min(m.c.Width, max(min(detailWidth, m.c.Width), m.laneWidth(lane%max(m.lay.perRow, 1))))
	x0 = max(0, min(x0, m.c.Width-w))
	d, tr, ok := m.detailSpan()
	title := d.Name
	var body []string
	if ok {
		body = m.detailBody(d, tr)
		if len(m.panes) > 1 {
			title += " · " + m.panes[lane].Name()
		}
	} else {
		body = []string{st.Muted.Render(d.Name)}
		title = "details"
	}
	keys := m.c.Keys.Lab.Rows.Detail.Help().Key + "/esc close"
	box := frame.Lines(frame.Box(st, title, st.Muted.Render(keys), body, w, detailLines+2, true))
	lines := frame.Lines(lanes)
	top := len(lines) - len(box)
	for i, b := range box {
		if y := top + i; y >= 0 && y < len(lines) {
			lines[y] = ansi.Truncate(lines[y], x0, "") + "\x1b[m" + b + ansi.TruncateLeft(lines[y], x0+w, "")
		}
	}
	return strings.Join(lines, "\n")
}

// mouseDetail opens the details of the span under a click: a press and a
// release on the same cell (a release with no press seen counts, when the
// drag-to-zoom took the press and let the release through). It reports
// whether it took msg.
func (m *Model) mouseDetail(msg tea.Msg) (handled bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return false, nil
		}
		m.rows.press = &mousePress{msg.X, msg.Y}
		return false, nil // the press alone does nothing: a drag may follow
	case tea.MouseReleaseMsg:
		p := m.rows.press
		m.rows.press = nil
		if p != nil && (p.x != msg.X || p.y != msg.Y) {
			return false, nil // a drag
		}
		return m.clickAt(msg.X, msg.Y), nil
	}
	return false, nil
}

// clickAt opens the details of the span drawn at screen cell (x, y), if any.
func (m *Model) clickAt(x, y int) bool {
	l := m.lay
	if m.puzzles != nil || m.overlay != noOverlay || y < l.lanesTop || y >= l.lanesTop+l.lanesH || len(m.panes) == 0 {
		return false
	}
	i := m.laneAt(x, y)
	x0, y0, shown := m.laneOrigin(i)
	if !shown || x < x0 || y < y0 || y >= y0+m.laneHeight(i) {
		return false
	}
	task, _, at, ok := m.panes[i].SpanAt(x-x0, y-y0)
	if !ok {
		return false
	}
	m.rows.detail = &detailTarget{lane: i, task: task, at: at}
	m.rows.say = ""
	if i != m.selected {
		m.selectLane(i)
		m.sync()
	}
	return true
}

// jump moves the cursor from a span that waits for another task to the
// event of the task that woke it (J), or back from there: J again, while
// the cursor is where the jump left it. The span is the one the panel shows
// when a click opened it, else the cursor's (the selected lane's task of
// the cursor's event); the cursor on a wake jumps to that wake's cause.
func (m *Model) jump() {
	if b := m.rows.back; b != nil && m.clock.At() == b.toAt && m.clock.Sub() == b.toSub {
		m.rows.back = nil
		m.seekSub(b.fromAt, b.fromSub)
		m.centerZoom()
		if m.rows.detail != nil {
			m.rows.detail = b.detail
		}
		if m.selected < len(m.panes) {
			m.panes[m.selected].ShowTask(b.woken)
		}
		m.rows.say = "back to " + b.woken + ", which " + b.waker + " woke"
		return
	}
	m.rows.back = nil
	if m.selected >= len(m.panes) || m.panes[m.selected].Trace() == nil {
		return
	}
	p := &m.panes[m.selected]
	tr := p.Trace()
	d, ok := m.jumpFrom(p)
	if !ok {
		m.rows.say = d.Name
		return
	}
	target, woken := d.WokenBy.Event, d.Name
	fromAt, fromSub := m.clock.At(), m.clock.Sub()
	m.seekEvent(tr, target)
	m.centerZoom()
	waker := tr.Events.Task(target)
	// Both rows when they fit, else the waker's; the rows the filter hides are said.
	var hidden []string
	for _, name := range []string{woken, waker} {
		if !p.ShowTask(name) {
			hidden = append(hidden, name)
		}
	}
	m.rows.back = &jumpMark{fromAt: fromAt, fromSub: fromSub, toAt: m.clock.At(), toSub: m.clock.Sub(), woken: woken, waker: waker, detail: m.rows.detail}
	if m.rows.detail != nil {
		m.rows.detail = &detailTarget{follow: true}
	}
	m.rows.say = fmt.Sprintf("%s woke %s here: it %s; J goes back", waker, woken, causeWhat(d.WokenBy.Kind, d.Span.On.String()))
	if len(hidden) > 0 {
		m.rows.say = fmt.Sprintf("%s woke %s here, the filter %q hides %s; J goes back", waker, woken, strings.TrimSpace(m.rows.filter.Value()), strings.Join(hidden, " and "))
	}
}

// jumpFrom is the span J jumps from, with its waker; when there is none,
// d.Name says why.
func (m Model) jumpFrom(p interface {
	EventIndex() (int, bool)
	Trace() *trace.Trace
}) (trace.SpanDetail, bool) {
	tr := p.Trace()
	task, at := -1, m.clock.At()
	if t := m.rows.detail; t != nil && !t.follow && t.lane == m.selected {
		task, at = t.task, t.at
	} else {
		i, ok := p.EventIndex()
		if !ok {
			return trace.SpanDetail{Name: "J jumps from a waiting span: step to an event first (→)"}, false
		}
		if c, ok := tr.Events.Cause(i); ok && c.Kind.ByTask() { // the cursor is on a wake: to its cause
			d := trace.SpanDetail{Name: tr.Events.Task(i), WokenBy: c, Wake: i}
			at := tr.Events.Time(i) // the wait it ends, for what the waker did to what
			if w, ok := tr.Detail(tr.TaskIndex(d.Name), at-1); ok && w.Span.State == trace.Waiting && w.Span.End == at {
				d.Span = w.Span
			}
			return d, true
		}
		task = tr.TaskIndex(tr.Events.Task(i))
	}
	d, ok := tr.Detail(task, at)
	switch {
	case !ok:
		return trace.SpanDetail{Name: "J: " + tr.Tasks[task].Name + " has no span here"}, false
	case !d.Span.WaitsForTask():
		return trace.SpanDetail{Name: "J jumps from a wait for another task; " + d.Name + " is " + stateWords(d.Span)}, false
	case d.Wake == trace.NoEvent:
		return trace.SpanDetail{Name: "J: " + d.Name + " waits on " + d.Span.On.String() + " to the end: nothing woke it"}, false
	case !d.WokenBy.Kind.ByTask():
		return trace.SpanDetail{Name: "J: " + d.Name + " was woken by " + d.WokenBy.Kind.String() + ", not by a task"}, false
	}
	return d, true
}

// seekEvent moves the cursor to event e of tr: its time, with the events
// of that instant up to e shown in tr's lane.
func (m *Model) seekEvent(tr *trace.Trace, e int) {
	at := tr.Events.Time(e)
	m.seekSub(at, e-tr.Events.Search(at)+1)
}

// seekSub moves the cursor to time at with sub events of that instant
// shown (playback.All: all of them), by the clock's own steps.
func (m *Model) seekSub(at time.Duration, sub int) {
	if sub == playback.All {
		m.clock.Seek(at)
		return
	}
	m.clock.Seek(at - 1)
	for range 1 << 20 {
		if m.clock.At() >= at && m.clock.Sub() >= sub || m.clock.AtEnd() {
			break
		}
		m.clock.StepForward()
	}
}
