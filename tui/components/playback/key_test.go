package playback

import (
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func TestKey(t *testing.T) {
	b := func(k string) key.Binding { return key.NewBinding(key.WithKeys(k)) }
	keys := Keys{PlayPause: b("space"), StepForward: b("right"), StepBack: b("left"), NextOutput: b(">"),
		PrevOutput: b("<"), Faster: b("+"), Slower: b("-"), Start: b("home"), End: b("end")}
	press := func(code rune, text string) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code, Text: text} }
	tests := []struct {
		name        string
		msg         tea.KeyPressMsg
		wantOK      bool
		wantAt      time.Duration
		wantPlaying bool
	}{
		{"space plays", press(tea.KeySpace, " "), true, Before, true},
		{"right steps", press(tea.KeyRight, ""), true, 0, false},
		{"> goes to the next output line", press('>', ">"), true, s, false},
		{"end", press(tea.KeyEnd, ""), true, 6 * s, false},
		{"home", press(tea.KeyHome, ""), true, Before, false},
		{"+ is speed only", press('+', "+"), true, Before, false},
		{"another key is not the clock's", press('x', "x"), false, Before, false},
	}
	for _, tt := range tests {
		m := New(time.Millisecond)
		m.Load(traces())
		_, ok := m.Key(tt.msg, keys)
		if ok != tt.wantOK || m.At() != tt.wantAt || m.Playing() != tt.wantPlaying {
			t.Errorf("%s: Key(%q) = ok %v, At %v, Playing %v; want %v, %v, %v",
				tt.name, tt.msg.String(), ok, m.At(), m.Playing(), tt.wantOK, tt.wantAt, tt.wantPlaying)
		}
	}
}
