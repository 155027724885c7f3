package lab

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs/chess"
	"conclab/labs/spinner"
	"conclab/tui/components/guess"
	"conclab/tui/internal/press"
)

// guessKeys types guesses into the prompt: P, then each value, tab between.
func guessKeys(values ...string) []string {
	out := []string{"P"}
	for i, v := range values {
		if i > 0 {
			out = append(out, "tab")
		}
		out = append(out, press.Text(v)...)
	}
	return out
}

// TestGuessGolden: the predict prompt while typing, the guesses beside the
// truth when the lanes finish, and the legend, at both sizes.
func TestGuessGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		for _, tt := range []struct {
			name string
			lab  string
			keys []string
		}{
			{"prompt", "chess", guessKeys("12h", "1h")},
			{"result", "chess", append(guessKeys("12h", "2h"), "enter", "end")},
			{"legend", "chess", []string{"L"}},
			{"spinner_prompt", "spinner", guessKeys("3s", "30", "3s", "3")},
			{"spinner_result", "spinner", append(guessKeys("3s", "30", "3s", "3"), "enter", "end")},
			{"spinner_legend", "spinner", []string{"L", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down"}},
		} {
			t.Run(fmt.Sprintf("%dx%d_%s", size.w, size.h, tt.name), func(t *testing.T) {
				l := chess.Lab()
				if tt.lab == "spinner" {
					l = spinner.Lab()
				}
				m := keys(t, open(t, l, size.w, size.h), tt.keys...)
				golden.RequireEqual(t, view(t, m))
			})
		}
	}
}

// judgedOf runs cmd (and a batch's commands) and returns the JudgedMsg it sends, if any.
func judgedOf(cmd tea.Cmd) (guess.JudgedMsg, bool) {
	if cmd == nil {
		return guess.JudgedMsg{}, false
	}
	switch msg := cmd().(type) {
	case guess.JudgedMsg:
		return msg, true
	case tea.BatchMsg:
		for _, c := range msg {
			if j, ok := judgedOf(c); ok {
				return j, true
			}
		}
	}
	return guess.JudgedMsg{}, false
}

// TestGuessKeys: the prompt takes keys only after P; space and → still
// play and step while typing; a bad value is refused on enter; the
// lanes' end judges the guesses once (JudgedMsg); a change of parameters
// asks again instead of playing.
func TestGuessKeys(t *testing.T) {
	m := open(t, chess.Lab(), 120, 40)
	if m.Typing() || !m.guess.Any() {
		t.Fatalf("a new chess screen: typing=%v any=%v, want a prompt offered, not typing", m.Typing(), m.guess.Any())
	}
	if m = keys(t, m, "right"); !m.clock.Started() {
		t.Error("→ before P does not step")
	}
	m = open(t, chess.Lab(), 120, 40)
	m = keys(t, m, guessKeys("2")...)
	if !m.Typing() || m.Help().Short[0].Help().Key != "tab" {
		t.Fatalf("P: typing=%v, want the prompt's keys", m.Typing())
	}
	m = keys(t, m, "enter")
	if !m.Typing() || !strings.Contains(view(t, m), `needs a unit`) {
		t.Errorf("enter on 2: typing=%v, want it refused with why on screen\n%s", m.Typing(), view(t, m))
	}
	m = keys(t, m, press.Text("h")...)
	m = keys(t, m, "tab")
	m = keys(t, m, press.Text("1h")...)
	m = keys(t, m, "right")
	if m.Typing() || !m.clock.Started() {
		t.Fatalf("→ while typing: typing=%v started=%v, want the guesses in and one step", m.Typing(), m.clock.Started())
	}
	if got := m.guess.Guesses(); len(got) != 2 || got[0].Value != "2h" || got[1].Value != "1h" {
		t.Fatalf("guesses = %v, want sequential 2h, concurrent 1h", got)
	}
	m, cmd := m.Update(press.Key("end"))
	j, ok := judgedOf(cmd)
	if !ok || len(j.Judged) != 2 || j.Lab != "chess" {
		t.Fatalf("end: JudgedMsg %+v (sent %v), want both guesses judged", j, ok)
	}
	if j.Judged[0].Right || j.Judged[0].Truth != "12:00:00" || !j.Judged[1].Right || j.Judged[1].Truth != "1:00:55" {
		t.Errorf("judged %+v, want 2h wrong for 12:00:00 and 1h right for 1:00:55", j.Judged)
	}
	if _, again := judgedOf(func() tea.Cmd { _, c := m.Update(press.Key("end")); return c }()); again {
		t.Error("the same finished lanes were judged twice")
	}
	v := view(t, m)
	for _, want := range []string{"✗ sequential total: you said 2h, it was 12:00:00, 83 % too low.", "✓ concurrent total: you said 1h, it was 1:00:55, right."} {
		if !strings.Contains(v, want) {
			t.Errorf("the end screen lacks %q:\n%s", want, v)
		}
	}
	// A new setup asks again, paused, since this learner predicts.
	m = keys(t, m, "e", "ctrl+u")
	m = keys(t, m, press.Text("6")...)
	m = keys(t, m, "enter")
	if !m.Typing() || m.clock.Playing() || len(m.guess.Guesses()) != 0 {
		t.Errorf("after boards=6: typing=%v playing=%v guesses=%v, want a fresh prompt, paused", m.Typing(), m.clock.Playing(), m.guess.Guesses())
	}
	m = keys(t, m, "esc")
	if m.Typing() {
		t.Error("esc did not leave the prompt")
	}
	m = keys(t, m, "space")
	if !m.clock.Playing() {
		t.Error("space after esc does not play")
	}
}

// TestLegendKeys: L opens the legend over the lanes, esc and L close it.
func TestLegendKeys(t *testing.T) {
	for _, closer := range []string{"esc", "L"} {
		m := keys(t, open(t, chess.Lab(), 80, 24), "L")
		if m.overlay != legendOverlay || !strings.Contains(view(t, m), "blocked") {
			t.Fatalf("L: overlay %v, want the legend", m.overlay)
		}
		if m = keys(t, m, closer); m.overlay != noOverlay {
			t.Errorf("%s: overlay %v, want closed", closer, m.overlay)
		}
	}
}
