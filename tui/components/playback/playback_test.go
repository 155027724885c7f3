package playback

import (
	"math"
	"testing"
	"time"

	"conclab/labs/trace"
)

const s = time.Second

// traces are two lanes: events at 0, 1, 3 and 0, 2, 6; output at 1 and 2, 6.
func traces() []*trace.Trace {
	ev := func(ats ...time.Duration) trace.Events {
		var out trace.Events
		for _, at := range ats {
			out.Add(trace.Event{At: at, Kind: trace.EventRun})
		}
		return out
	}
	return []*trace.Trace{
		{Total: 3 * s, Events: ev(0, s, 3*s), Output: []trace.Line{{At: s, Text: "a"}}},
		{Total: 6 * s, Events: ev(0, 2*s, 6*s), Output: []trace.Line{{At: 2 * s, Text: "b"}, {At: 6 * s, Text: "c"}}},
		nil, // a lane still running is skipped
	}
}

func TestStepping(t *testing.T) {
	tests := []struct {
		name  string
		moves func(*Model)
		want  time.Duration
	}{
		{"starts before the run", func(*Model) {}, Before},
		{"first step shows time 0", func(m *Model) { m.StepForward() }, 0},
		{"steps across lanes", func(m *Model) { m.StepForward(); m.StepForward(); m.StepForward() }, 2 * s},
		{"stops at the end", func(m *Model) {
			for range 10 {
				m.StepForward()
			}
		}, 6 * s},
		{"steps back", func(m *Model) { m.Seek(3 * s); m.StepBack() }, 2 * s},
		{"steps back from between events", func(m *Model) { m.Seek(2500 * time.Millisecond); m.StepBack() }, 2 * s},
		{"steps back to before the start", func(m *Model) { m.Seek(0); m.StepBack() }, Before},
		{"next output", func(m *Model) { m.NextOutput() }, s},
		{"next output twice", func(m *Model) { m.NextOutput(); m.NextOutput() }, 2 * s},
		{"no output after the last", func(m *Model) { m.Seek(6 * s); m.NextOutput() }, 6 * s},
		{"previous output", func(m *Model) { m.Seek(5 * s); m.PrevOutput() }, 2 * s},
		{"seek is clamped", func(m *Model) { m.Seek(time.Hour) }, 6 * s},
	}
	for _, tt := range tests {
		m := New(time.Millisecond)
		m.Load(traces())
		tt.moves(&m)
		if got := m.At(); got != tt.want {
			t.Errorf("%s: At() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestEventCount(t *testing.T) {
	m := New(time.Millisecond)
	m.Load(traces())
	tests := []struct {
		at   time.Duration
		i, n int
	}{{Before, 0, 5}, {0, 1, 5}, {1500 * time.Millisecond, 2, 5}, {6 * s, 5, 5}}
	for _, tt := range tests {
		m.Seek(tt.at)
		if i, n := m.Event(); i != tt.i || n != tt.n {
			t.Errorf("Event() at %v = %d/%d, want %d/%d", tt.at, i, n, tt.i, tt.n)
		}
	}
}

func TestAutoSpeed(t *testing.T) {
	tests := []struct {
		total time.Duration
		want  string
	}{
		{3 * s, "1 s/s"},
		{15 * s, "1 s/s"},
		{35 * s, "5 s/s"},
		{time.Hour + 55*s, "5 min/s"},
		{12 * time.Hour, "1 h/s"},
		{48 * time.Hour, "5 h/s"},
		{16666*time.Hour + 40*time.Minute, "100 days/s"}, // chess, boards=10000 moves=100
		{math.MaxInt64, "10 years/s"},
	}
	for _, tt := range tests {
		if got := Speeds[AutoSpeed(tt.total)].Name; got != tt.want {
			t.Errorf("AutoSpeed(%v) = %s, want %s", tt.total, got, tt.want)
		}
	}
}

// TestTopSpeed: the fastest speed offered plays the loaded run in a minute
// at most (and is 1 h/s for runs up to 15 hours); a run that would take
// longer than a minute at the chosen speed is sped up to AutoSpeed's.
func TestTopSpeed(t *testing.T) {
	tests := []struct {
		end       time.Duration
		top, auto string
	}{
		{12 * time.Hour, "1 h/s", "1 h/s"},
		{61 * time.Hour, "5 h/s", "5 h/s"},
		{16666*time.Hour + 40*time.Minute, "100 days/s", "100 days/s"},
		{200 * year, "10 years/s", "10 years/s"},    // the longest chess exhibition
		{math.MaxInt64, "10 years/s", "10 years/s"}, // the longest time.Duration
		{3 * s, "1 h/s", "1 h/s"},
		{time.Hour + 55*s, "1 h/s", "1 h/s"},
		{90 * 24 * time.Hour, "10 days/s", "10 days/s"},
		{3 * year, "100 days/s", "100 days/s"},
	}
	for _, tt := range tests {
		m := New(time.Millisecond)
		m.Load([]*trace.Trace{{Total: tt.end}})
		for range len(Speeds) {
			m.Faster()
		}
		if got := m.Speed().Name; got != tt.top {
			t.Errorf("fastest speed for %v = %s, want %s", tt.end, got, tt.top)
		}
		if got := time.Duration(float64(tt.end) / float64(m.Speed().PerSecond) * float64(time.Second)); got > time.Minute {
			t.Errorf("%v at the fastest speed plays in %v, want a minute at most", tt.end, got)
		}
		m = New(time.Millisecond)
		m.SetSpeed(hourPerSecond)
		m.Load([]*trace.Trace{{Total: tt.end}})
		if got := m.Speed().Name; got != tt.auto {
			t.Errorf("Load(%v) at 1 h/s: speed = %s, want %s", tt.end, got, tt.auto)
		}
	}
	m := New(time.Millisecond)
	m.SetSpeed(realTime)
	m.Load([]*trace.Trace{{Total: 50 * s}})
	if got := m.Speed().Name; got != "1 s/s" {
		t.Errorf("Load(50s) at real time: speed = %s, want 1 s/s (it plays in under a minute)", got)
	}
}

func TestSpeedsRange(t *testing.T) {
	m := New(time.Millisecond)
	for range len(Speeds) + 2 {
		m.Faster()
	}
	if got := m.Speed().PerSecond; got != time.Hour {
		t.Errorf("fastest speed = %v per second, want 1h", got)
	}
	for range len(Speeds) + 2 {
		m.Slower()
	}
	if got := m.Speed().PerSecond; got > time.Second {
		t.Errorf("slowest speed = %v per second, want real time or slower", got)
	}
}

// TestPlaying drives the clock with its own ticks: each advances one frame
// at the speed, the last stops at the end, and a paused clock ignores ticks.
func TestPlaying(t *testing.T) {
	m := New(100 * time.Millisecond)
	m.Load(traces())
	m.SetSpeed(AutoSpeed(m.End())) // real time: 100 ms a frame
	if cmd := m.Play(); cmd == nil || !m.Playing() {
		t.Fatal("Play() returned no tick or did not play")
	}
	id := m.id
	m, next := m.Update(TickMsg{id: id})
	if got := m.At(); got != 100*time.Millisecond {
		t.Errorf("after one tick At() = %v, want 100ms", got)
	}
	if next == nil {
		t.Error("a playing clock scheduled no next tick")
	}
	stale, _ := m.Update(TickMsg{id: id - 1})
	if stale.At() != m.At() {
		t.Errorf("a stale tick moved the cursor to %v", stale.At())
	}
	for i := 0; m.Playing() && i < 100; i++ {
		m, _ = m.Update(TickMsg{id: m.id})
	}
	if m.Playing() || m.At() != 6*s {
		t.Errorf("after playing to the end: playing=%v At()=%v, want stopped at 6s", m.Playing(), m.At())
	}
	m.Pause()
	if after, cmd := m.Update(TickMsg{id: m.id}); cmd != nil || after.At() != m.At() {
		t.Error("a paused clock scheduled a tick or moved")
	}
	// Play at the end starts again from before the start.
	m.Play()
	if m.At() != Before {
		t.Errorf("Play() at the end: At() = %v, want Before", m.At())
	}
}

func TestToggleAndSeekPause(t *testing.T) {
	m := New(time.Millisecond)
	m.Load(traces())
	if m.Toggle() == nil || !m.Playing() {
		t.Fatal("Toggle() did not start playing")
	}
	if m.Toggle() != nil || m.Playing() {
		t.Fatal("Toggle() did not pause")
	}
	m.Play()
	m.StepForward()
	if m.Playing() {
		t.Error("stepping did not pause playback")
	}
	empty := New(time.Millisecond)
	if empty.Play() != nil {
		t.Error("an empty clock started playing")
	}
}

// TestSteppingWithinAnInstant: lane one has three events at 1 s, lane two
// one; stepping shows them one at a time, in both lanes at once, and back.
func TestSteppingWithinAnInstant(t *testing.T) {
	evs := func(ats ...time.Duration) trace.Events {
		var out trace.Events
		for _, at := range ats {
			out.Add(trace.Event{At: at, Kind: trace.EventRun})
		}
		return out
	}
	lanes := []*trace.Trace{{Total: 2 * s, Events: evs(0, s, s, s, 2*s)}, {Total: 2 * s, Events: evs(0, s)}}
	type pos struct {
		at     time.Duration
		sub, i int
	}
	tests := []struct {
		name  string
		moves func(*Model)
		want  pos
	}{
		{"first step", func(m *Model) { m.StepForward() }, pos{0, All, 1}},
		{"into the instant", func(m *Model) { m.StepForward(); m.StepForward() }, pos{s, 1, 2}},
		{"second of three", func(m *Model) { m.Seek(0); m.StepForward(); m.StepForward() }, pos{s, 2, 3}},
		{"last of three is all", func(m *Model) { m.Seek(0); m.StepForward(); m.StepForward(); m.StepForward() }, pos{s, All, 4}},
		{"then the next time", func(m *Model) { m.Seek(s); m.StepForward() }, pos{2 * s, All, 5}},
		{"back inside the instant", func(m *Model) { m.Seek(s); m.StepBack() }, pos{s, 2, 3}},
		{"back out of the instant", func(m *Model) { m.Seek(0); m.StepForward(); m.StepBack() }, pos{0, All, 1}},
		{"back from the next time", func(m *Model) { m.Seek(2 * s); m.StepBack() }, pos{s, All, 4}},
		{"a seek shows every event", func(m *Model) { m.Seek(0); m.StepForward(); m.Seek(s) }, pos{s, All, 4}},
		{"between times", func(m *Model) { m.Seek(1500 * time.Millisecond) }, pos{1500 * time.Millisecond, All, 4}},
	}
	for _, tt := range tests {
		m := New(time.Millisecond)
		m.Load(lanes)
		tt.moves(&m)
		i, n := m.Event()
		if got := (pos{m.At(), m.Sub(), i}); got != tt.want || n != 5 {
			t.Errorf("%s: (at, sub, event) = %v of %d, want %v of 5", tt.name, got, n, tt.want)
		}
	}
}
