package lab

import (
	"testing"
	"time"

	"conclab/labs/chess"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

// TestLongRunPlaysInAMinute: a rerun 250 000 hours long (10 boards, 1000
// moves of 25 h), started from the 1 h/s the first run chose, plays to its
// end in under a minute of frames, and + offers no speed beyond the one
// that plays it in about 15 s.
func TestLongRunPlaysInAMinute(t *testing.T) {
	c := screen.NewCommon().Sized(120, 40) // frames of 50 ms, as on a terminal
	m := New(c, chess.Lab())
	m = settle(t, m, m.Init())
	edit := append(append([]string{"e", "ctrl+u"}, press.Text("10")...), "tab", "ctrl+u")
	edit = append(append(edit, press.Text("1h")...), "tab", "ctrl+u")
	edit = append(append(edit, press.Text("24h")...), "tab", "ctrl+u")
	edit = append(append(edit, press.Text("1000")...), "enter")
	m = keys(t, m, edit...)
	if got, want := m.clock.End(), 250_000*time.Hour; got != want {
		t.Fatalf("rerun end = %v, want %v", got, want)
	}
	m = keys(t, m, "+", "+", "+", "+", "+", "+")
	top := m.clock.Speed()
	frames := 0
	for m.clock.Playing() {
		m, _ = m.Update(m.clock.Frame())
		frames++
	}
	if watch := time.Duration(frames) * c.Frame; frames == 0 || watch > time.Minute || !m.clock.AtEnd() {
		t.Errorf("250 000 h at %s: played %v (%d frames), at end %v; want the end within a minute", top.Name, watch, frames, m.clock.AtEnd())
	}
	if top.PerSecond <= time.Hour {
		t.Errorf("top speed %s, want faster than 1 h/s for 250 000 hours", top.Name)
	}
}
