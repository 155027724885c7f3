package drive

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

type tickMsg struct{}
type addMsg int

// counter adds what it is sent; "+" asks for a batch of two adds and a tick.
type counter struct{ n, ticks int }

func (c counter) Update(msg tea.Msg) (counter, tea.Cmd) {
	switch msg := msg.(type) {
	case addMsg:
		c.n += int(msg)
	case tickMsg:
		c.ticks++
	case tea.KeyPressMsg:
		if msg.String() == "+" {
			return c, tea.Batch(func() tea.Msg { return addMsg(1) }, func() tea.Msg { return addMsg(2) },
				func() tea.Msg { return tickMsg{} })
		}
	}
	return c, nil
}

func TestKeysAndSettle(t *testing.T) {
	skipTicks := func(msg tea.Msg) bool { _, ok := msg.(tickMsg); return ok }
	tests := []struct {
		skip      func(tea.Msg) bool
		keys      []string
		wantN     int
		wantTicks int
	}{
		{nil, []string{"+"}, 3, 1},
		{skipTicks, []string{"+", "+"}, 6, 0},
		{skipTicks, []string{"x"}, 0, 0},
	}
	for _, tt := range tests {
		got := Keys(counter{}, tt.skip, tt.keys...)
		if got.n != tt.wantN || got.ticks != tt.wantTicks {
			t.Errorf("Keys(%v) = %+v, want n %d and %d ticks", tt.keys, got, tt.wantN, tt.wantTicks)
		}
	}
}

func TestView(t *testing.T) {
	if got := View(t, "\x1b[1mab\x1b[0m\ncd", 2, 2); got != "ab\ncd" {
		t.Errorf("View = %q, want %q", got, "ab\ncd")
	}
	inner := &failures{TB: t}
	View(inner, "abc\nd", 2, 3)
	if inner.n != 3 { // 2 lines, not 3; "abc" is 3 wide; "d" is 1 wide
		t.Errorf("View of \"abc\\nd\" at 2x3 reported %d failures, want 3", inner.n)
	}
}

// failures counts Errorf calls instead of failing the test.
type failures struct {
	testing.TB
	n int
}

func (f *failures) Helper()               {}
func (f *failures) Errorf(string, ...any) { f.n++ }
