package form

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs"
	"conclab/labs/chess"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

func newForm(t *testing.T) (Model, *labs.Lab) {
	t.Helper()
	l := chess.Lab()
	v, err := l.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	return New(screen.NewCommon().Sized(80, 20), l, v), l
}

// send sends keys and returns the form and the message of the last command, if any.
func send(m Model, keys ...string) (Model, tea.Msg) {
	var msg tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(press.Key(k))
		msg = nil
		if cmd != nil {
			msg = cmd()
		}
	}
	return m, msg
}

func TestEditAndSubmit(t *testing.T) {
	m, _ := newForm(t)
	m, msg := send(m, append(append([]string{"ctrl+u"}, press.Text("12")...), "enter")...)
	sub, ok := msg.(SubmitMsg)
	if !ok {
		t.Fatalf("enter sent %T, want SubmitMsg", msg)
	}
	if got := sub.Values.Int("boards"); got != 12 {
		t.Errorf("submitted boards = %d, want 12", got)
	}
	if got := sub.Sets["opponent_move"]; got != "55s" {
		t.Errorf("submitted opponent_move = %q, want the unchanged 55s", got)
	}
	_ = m
}

func TestRefusedInline(t *testing.T) {
	tests := []struct {
		name    string
		keys    []string
		field   int
		wantErr string
	}{
		{"not a number", append([]string{"ctrl+u"}, press.Text("many")...), 0, `boards = "many" is not a whole number (allowed: 1..10000)`},
		{"out of range", append([]string{"ctrl+u"}, press.Text("0")...), 0, "boards = 0 is out of range (allowed: 1..10000)"},
		{"bad duration", append([]string{"tab", "ctrl+u"}, press.Text("5 s")...), 1, `master_move = "5 s" is not a duration (allowed: 1ms..1h)`},
	}
	for _, tt := range tests {
		m, _ := newForm(t)
		m, _ = send(m, tt.keys...)
		if err := m.Err(tt.field); err == nil || err.Error() != tt.wantErr {
			t.Errorf("%s: Err(%d) = %v, want %q", tt.name, tt.field, err, tt.wantErr)
		}
		if !strings.Contains(ansi.Strip(m.View()), tt.wantErr) {
			t.Errorf("%s: the view does not show %q", tt.name, tt.wantErr)
		}
		m, msg := send(m, "tab", "enter")
		if msg != nil {
			t.Errorf("%s: enter with a refused value sent %T, want nothing", tt.name, msg)
		}
		if m.Focused() != tt.field {
			t.Errorf("%s: after a refused submit the focus is on field %d, want %d", tt.name, m.Focused(), tt.field)
		}
	}
}

// TestCrossCheck: each value alone is fine, but together they are refused by
// the lab's Check, and the reason shows under the form.
func TestCrossCheck(t *testing.T) {
	m, _ := newForm(t)
	keys := append([]string{"ctrl+u"}, press.Text("10000")...)
	keys = append(keys, "tab", "tab", "tab", "ctrl+u")
	keys = append(keys, press.Text("1000")...)
	m, msg := send(m, append(keys, "enter")...)
	if msg != nil {
		t.Fatalf("enter sent %T, want nothing", msg)
	}
	want := "chess: boards x moves = 10000000 moves is too many to simulate (at most 1000000)"
	if err := m.Err(-1); err == nil || err.Error() != want {
		t.Errorf("Err(-1) = %v, want %q", err, want)
	}
}

func TestResetAndCancel(t *testing.T) {
	m, _ := newForm(t)
	m, _ = send(m, "ctrl+u", "x", "ctrl+r")
	if got := m.Value(0); got != "24" || m.Err(0) != nil {
		t.Errorf("after ctrl+r boards = %q (err %v), want 24", got, m.Err(0))
	}
	if _, msg := send(m, "esc"); msg != (CancelMsg{}) {
		t.Errorf("esc sent %v, want CancelMsg", msg)
	}
}

func TestFieldEditing(t *testing.T) {
	f := newField("5s")
	for _, k := range []string{"left", "left"} {
		f.update(press.Key(k))
	}
	f.update(press.Key("1"))
	if got := f.String(); got != "15s" {
		t.Errorf("typing at the start = %q, want 15s", got)
	}
	f.update(press.Key("backspace"))
	if got := f.String(); got != "5s" {
		t.Errorf("backspace = %q, want 5s", got)
	}
	f.update(tea.PasteMsg{Content: "700ms\n"})
	if got := f.String(); got != "700ms 5s" {
		t.Errorf("paste = %q, want 700ms 5s", got)
	}
}

func TestViewGolden(t *testing.T) {
	m, _ := newForm(t)
	m, _ = send(m, append([]string{"ctrl+u"}, press.Text("0")...)...)
	view := m.View()
	for i, l := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(l); w != 80 {
			t.Errorf("line %d is %d cells wide, want 80", i, w)
		}
	}
	golden.RequireEqual(t, ansi.Strip(view))
}
