// Package playback is the shared virtual clock of the lab screen: one cursor
// in virtual time that every lane shows, moved by playing (at a chosen speed,
// from real time to an hour per second), by stepping from event to event or
// from output line to output line across all traces, or by jumping to either
// end.
//
// Many scheduling events can happen at one instant (a timer fires, the task
// runs, prints and sleeps again, all at 0:00:04), so the cursor is a time
// and a count: how many of the events at that time have happened. Stepping
// reveals them one at a time, in every lane at once (lane i shows its first
// k events at that time, or all of them when it has fewer); playing and
// seeking show every event at the cursor's time.
//
// It ticks only while it plays: a paused clock schedules no timer and so
// causes no redraw.
package playback

import (
	"math"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"conclab/labs/trace"
)

// Speed is a playback speed: how much virtual time passes per real second,
// named in one unit everywhere: virtual time per second ("0.5 s/s", "1 s/s"
// is real time, "1 h/s", "10 years/s").
type Speed struct {
	Name      string
	PerSecond time.Duration
}

// Speeds are the playback speeds, slowest first: from a tenth of real time
// to an hour per second (12 simulated hours in 12 seconds), then, for the
// runs that need them, up to 10 years per second. The fastest a clock
// offers is AutoSpeed's for its run, which plays it in about 15 seconds, and
// never less than an hour per second (see Load): the longest run any lab
// allows (chess, 200 years one board after another) plays in 20 seconds at
// 10 years per second.
var Speeds = []Speed{
	{"0.1 s/s", 100 * time.Millisecond},
	{"0.25 s/s", 250 * time.Millisecond},
	{"0.5 s/s", 500 * time.Millisecond},
	{"1 s/s", time.Second},
	{"2 s/s", 2 * time.Second},
	{"5 s/s", 5 * time.Second},
	{"10 s/s", 10 * time.Second},
	{"30 s/s", 30 * time.Second},
	{"1 min/s", time.Minute},
	{"2 min/s", 2 * time.Minute},
	{"5 min/s", 5 * time.Minute},
	{"10 min/s", 10 * time.Minute},
	{"30 min/s", 30 * time.Minute},
	{"1 h/s", time.Hour},
	{"2 h/s", 2 * time.Hour},
	{"5 h/s", 5 * time.Hour},
	{"12 h/s", 12 * time.Hour},
	{"1 day/s", day},
	{"2 days/s", 2 * day},
	{"5 days/s", 5 * day},
	{"10 days/s", 10 * day},
	{"30 days/s", 30 * day},
	{"100 days/s", 100 * day},
	{"1 year/s", year},
	{"2 years/s", 2 * year},
	{"5 years/s", 5 * year},
	{"10 years/s", 10 * year},
}

const (
	day  = 24 * time.Hour
	year = 365 * day
)

// realTime is the index of real time (1 s/s) in Speeds; hourPerSecond that of 1 h/s.
const (
	realTime      = 3
	hourPerSecond = 13
)

// watchable is the longest a run should take to watch: Load speeds up a
// clock that would take longer.
const watchable = time.Minute

// Before is the cursor before the run starts: nothing has happened yet, not
// even what happens at time 0 (the first step forward shows that).
const Before = -time.Nanosecond

// All is the count of events shown at the cursor's time when every one of
// them is (after playing or seeking).
const All = math.MaxInt

// TickMsg advances a playing clock by one frame. A tick from an earlier
// play (before a pause, a seek or a reload) is ignored.
type TickMsg struct{ id int }

// Model is the clock. The zero value is not usable; use New.
type Model struct {
	at, end time.Duration
	sub     int             // events shown at time at: 1.., or All
	events  []time.Duration // distinct event times of every trace, sorted
	counts  []int32         // per event time, the most events any trace has at it
	before  []int32         // per event time, the sum of counts before it (a run has at most sched.DefaultMaxEvents)
	outputs []time.Duration // distinct output times of every trace, sorted
	playing bool
	speed   int
	top     int // the fastest speed offered for this run (see Speeds)
	frame   time.Duration
	id      int
}

// New returns a paused clock at 0 with nothing loaded, redrawing every frame while it plays.
func New(frame time.Duration) Model {
	if frame <= 0 {
		frame = 50 * time.Millisecond
	}
	return Model{frame: frame, speed: realTime, top: hourPerSecond, at: Before, sub: All}
}

// Load gives the clock the traces of the lanes: their end and their event and
// output times. The cursor stays where it was, within the new end. Nil traces
// are skipped. The fastest speed becomes AutoSpeed's for the run (1 h/s at
// least), and a speed at which the run would take longer than a minute to
// watch becomes AutoSpeed's.
func (m *Model) Load(traces []*trace.Trace) {
	m.end, m.events, m.counts, m.before, m.outputs = 0, nil, nil, nil, nil // fresh slices: copies of the model may share the old ones
	for _, tr := range traces {
		if tr == nil {
			continue
		}
		m.end = max(m.end, tr.Total)
		for _, l := range tr.Output {
			m.outputs = append(m.outputs, l.At)
		}
	}
	stops := 0
	mergeStops(traces, m.end, func(stop) { stops++ })
	m.events = make([]time.Duration, 0, stops)
	m.counts = make([]int32, 0, stops)
	m.before = make([]int32, 0, stops)
	n := 0
	mergeStops(traces, m.end, func(s stop) {
		m.events = append(m.events, s.at)
		m.counts = append(m.counts, int32(s.n))
		m.before = append(m.before, int32(n))
		n += s.n
	})
	m.outputs = uniq(m.outputs)
	m.top = max(hourPerSecond, AutoSpeed(m.end))
	if watchTime(m.end, m.speed) > watchable {
		m.speed = AutoSpeed(m.end)
	}
	m.speed = min(m.speed, m.top)
	m.at = min(m.at, m.end)
	m.sub = All
	m.id++
}

func uniq(ds []time.Duration) []time.Duration {
	slices.Sort(ds)
	return slices.Compact(ds)
}

// Started reports whether the cursor is past Before.
func (m Model) Started() bool { return m.at > Before }

// At is the cursor: the virtual time every lane shows (Before until the run starts).
func (m Model) At() time.Duration { return m.at }

// End is the latest end of the loaded traces.
func (m Model) End() time.Duration { return m.end }

// Playing reports whether the clock is playing.
func (m Model) Playing() bool { return m.playing }

// AtEnd reports whether the cursor is at the end.
func (m Model) AtEnd() bool { return m.at >= m.end }

// Speed is the current playback speed.
func (m Model) Speed() Speed { return Speeds[m.speed] }

// Sub is how many of the events at the cursor's time have happened: All
// after playing or seeking, 1 and up while stepping through them.
func (m Model) Sub() int { return m.sub }

// Event says which event the cursor is at (1-based; 0 before the start) and
// how many there are: the events at one time count as many as the lane with
// the most of them has.
func (m Model) Event() (i, n int) {
	total := 0
	if k := len(m.events); k > 0 {
		total = int(m.before[k-1] + m.counts[k-1])
	}
	j, found := slices.BinarySearch(m.events, m.at)
	switch {
	case found:
		return int(m.before[j]) + min(m.sub, int(m.counts[j])), total
	case j < len(m.events):
		return int(m.before[j]), total
	}
	return total, total
}

// Seek moves the cursor to at (clamped to [Before, End]), with every event
// at that time shown, and pauses.
func (m *Model) Seek(at time.Duration) {
	m.at = max(Before, min(at, m.end))
	m.sub = All
	m.Pause()
}

// seekEvent moves the cursor to the k-th event (from 1) at event time i.
func (m *Model) seekEvent(i, k int) {
	m.Seek(m.events[i])
	if k < int(m.counts[i]) {
		m.sub = k
	}
}

// StepForward shows the next event: the next one at the cursor's time, or
// the first one at the next event time, across all traces.
func (m *Model) StepForward() {
	i, found := slices.BinarySearch(m.events, m.at)
	if found && m.sub < int(m.counts[i]) {
		m.seekEvent(i, m.sub+1)
		return
	}
	if found {
		i++
	}
	if i < len(m.events) {
		m.seekEvent(i, 1)
		return
	}
	m.Seek(m.end)
}

// StepBack hides the last event shown: back to the one before it at the
// cursor's time, or to the last one at the previous event time.
func (m *Model) StepBack() {
	i, found := slices.BinarySearch(m.events, m.at)
	if found && m.sub > 1 && int(m.counts[i]) > 1 {
		m.seekEvent(i, min(m.sub, int(m.counts[i]))-1)
		return
	}
	if i > 0 {
		m.Seek(m.events[i-1])
		return
	}
	m.Seek(Before)
}

// NextOutput moves to the time of the next output line after the cursor;
// it stays put when there is none.
func (m *Model) NextOutput() {
	i, found := slices.BinarySearch(m.outputs, m.at)
	if found {
		i++
	}
	if i < len(m.outputs) {
		m.Seek(m.outputs[i])
		return
	}
	m.Pause()
}

// PrevOutput moves to the time of the previous output line before the cursor.
func (m *Model) PrevOutput() {
	i, _ := slices.BinarySearch(m.outputs, m.at)
	if i > 0 {
		m.Seek(m.outputs[i-1])
		return
	}
	m.Pause()
}

// watchTime is how long end takes to play at Speeds[speed].
func watchTime(end time.Duration, speed int) time.Duration {
	secs := float64(end) / float64(Speeds[speed].PerSecond)
	if secs >= math.MaxInt64/float64(time.Second) {
		return math.MaxInt64
	}
	return time.Duration(secs * float64(time.Second))
}

// Faster picks the next faster speed, up to the fastest offered for the
// loaded run (see Load); Slower the next slower one.
func (m *Model) Faster() { m.speed = min(m.speed+1, m.top) }

// Slower picks the next slower speed.
func (m *Model) Slower() { m.speed = max(m.speed-1, 0) }

// SetSpeed picks Speeds[i] (clamped to the speeds offered for the loaded run).
func (m *Model) SetSpeed(i int) { m.speed = max(0, min(i, m.top)) }

// SpeedIndex is the index of the current speed in Speeds.
func (m Model) SpeedIndex() int { return m.speed }

// AutoSpeed returns the index of the slowest speed at which total plays in
// at most about 15 seconds (real time for short runs, 1 h/s for 12 hours,
// 50 days/s for the 16 667 hours of chess at boards=10000 moves=100).
func AutoSpeed(total time.Duration) int {
	for i := realTime; i < len(Speeds); i++ {
		if watchTime(total, i) <= 15*time.Second {
			return i
		}
	}
	return len(Speeds) - 1
}

// Play starts playing (from the start when at the end) and returns the first tick.
func (m *Model) Play() tea.Cmd {
	if m.end == 0 {
		return nil
	}
	if m.AtEnd() {
		m.at = Before
	}
	m.sub = All
	m.playing = true
	m.id++
	return m.tick()
}

// Pause stops playing; ticks already scheduled are then ignored.
func (m *Model) Pause() {
	if m.playing {
		m.playing = false
		m.id++
	}
}

// Toggle plays when paused and pauses when playing.
func (m *Model) Toggle() tea.Cmd {
	if m.playing {
		m.Pause()
		return nil
	}
	return m.Play()
}

// Frame is the tick a playing clock waits for next, without the wait: for a
// host that drives frames itself (tests, recordings). Sent to a paused
// clock it does nothing.
func (m Model) Frame() TickMsg { return TickMsg{id: m.id} }

func (m Model) tick() tea.Cmd {
	id := m.id
	return tea.Tick(m.frame, func(time.Time) tea.Msg { return TickMsg{id: id} })
}

// Update advances a playing clock by one frame on its own TickMsg and
// schedules the next one; it stops at the end.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	t, ok := msg.(TickMsg)
	if !ok || !m.playing || t.id != m.id {
		return m, nil
	}
	step := time.Duration(float64(Speeds[m.speed].PerSecond) * m.frame.Seconds())
	m.at = min(max(m.at, 0)+max(step, 1), m.end)
	m.sub = All
	if m.AtEnd() {
		m.Pause()
		return m, nil
	}
	return m, m.tick()
}

// Keys are the bindings that move a clock (the lab's and the exercise's
// key maps in package keymap hold the app's).
type Keys struct {
	PlayPause, StepForward, StepBack, NextOutput, PrevOutput, Faster, Slower, Start, End key.Binding
}

// Key does what msg asks of the clock: play/pause, one event forward or
// back, the next or previous output line, faster or slower, start or end.
// ok is false, and nothing changes, when msg is none of keys.
func (m *Model) Key(msg tea.KeyPressMsg, keys Keys) (cmd tea.Cmd, ok bool) {
	switch {
	case key.Matches(msg, keys.PlayPause):
		return m.Toggle(), true
	case key.Matches(msg, keys.StepForward):
		m.StepForward()
	case key.Matches(msg, keys.StepBack):
		m.StepBack()
	case key.Matches(msg, keys.NextOutput):
		m.NextOutput()
	case key.Matches(msg, keys.PrevOutput):
		m.PrevOutput()
	case key.Matches(msg, keys.Faster):
		m.Faster()
	case key.Matches(msg, keys.Slower):
		m.Slower()
	case key.Matches(msg, keys.Start):
		m.Seek(Before)
	case key.Matches(msg, keys.End):
		m.Seek(m.End())
	default:
		return nil, false
	}
	return nil, true
}
