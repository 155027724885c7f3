package form

import (
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/countdown"
	"conclab/labs/spinner"
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

// TestFieldEditing: the focused field is a text input: the cursor moves,
// typing inserts at it, backspace deletes before it, a paste goes in on one
// line, and every change is checked at once.
func TestFieldEditing(t *testing.T) {
	m, _ := newForm(t) // master_move, the second field, holds 5s
	m, _ = send(m, "tab", "left", "left", "1")
	if got := m.Value(1); got != "15s" || m.Err(1) != nil {
		t.Errorf("typing at the start = %q (err %v), want 15s", got, m.Err(1))
	}
	m, _ = send(m, "backspace")
	if got := m.Value(1); got != "5s" {
		t.Errorf("backspace = %q, want 5s", got)
	}
	m, _ = m.Update(tea.PasteMsg{Content: "700ms\n"})
	if got := m.Value(1); got != "700ms 5s" || m.Err(1) == nil {
		t.Errorf("paste = %q (err %v), want 700ms 5s, refused", got, m.Err(1))
	}
	m, _ = send(m, "ctrl+w", "ctrl+w", "end")
	if got := m.Value(1); got != "5s" || m.Err(1) != nil {
		t.Errorf("ctrl+w twice = %q (err %v), want 5s, accepted", got, m.Err(1))
	}
	m, _ = send(m, "ctrl+a", "ctrl+k")
	if got := m.Value(1); got != "" || m.Err(1) == nil {
		t.Errorf("ctrl+a ctrl+k = %q (err %v), want it empty and refused", got, m.Err(1))
	}
	m, _ = send(m, "ctrl+x", "alt+b")
	if got := m.Value(1); got != "" {
		t.Errorf("ctrl+x alt+b typed %q, want nothing", got)
	}
}

// TestLongValue: a value longer than its field scrolls inside it; the form
// keeps its width.
func TestLongValue(t *testing.T) {
	m, _ := newForm(t)
	m, _ = send(m, append([]string{"ctrl+u"}, press.Text(strings.Repeat("9", 40))...)...)
	view := m.View()
	for i, l := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(l); w != 80 {
			t.Errorf("line %d is %d cells wide, want 80: %q", i, w, ansi.Strip(l))
		}
	}
	if got := m.Value(0); got != strings.Repeat("9", 40) {
		t.Errorf("typed 40 nines, the field holds %q", got)
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

// TestCrossCheckAsTyped: the lab's check of the values together shows as
// soon as every field passes alone, before enter; a parameter that changes
// only some variants says which.
func TestCrossCheckAsTyped(t *testing.T) {
	l := spinner.Lab()
	v, err := l.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := New(screen.NewCommon().Sized(100, 24), l, v)
	keys := append([]string{"ctrl+u"}, press.Text("10m")...)
	keys = append(keys, "tab", "tab", "ctrl+u")
	m, msg := send(m, append(keys, press.Text("1ms")...)...)
	if msg != nil {
		t.Fatalf("typing sent %T, want nothing", msg)
	}
	want := "spinner: wait / chunk = 600000 chunks is too many to simulate in loop-cpu-yield (at most 100000)"
	if err := m.Err(-1); err == nil || err.Error() != want {
		t.Errorf("Err(-1) before enter = %v, want %q", err, want)
	}
	view := ansi.Strip(m.View())
	for _, s := range []string{want, "CPU work between two yields in loop-cpu-yield"} {
		if !strings.Contains(view, s) {
			t.Errorf("the view does not show %q:\n%s", s, view)
		}
	}
	m, _ = send(m, "ctrl+u", "1", "0", "0", "m", "s")
	if err := m.Err(-1); err != nil {
		t.Errorf("Err(-1) after chunk = 100ms is %v, want none", err)
	}
}

func TestFieldWidth(t *testing.T) {
	tests := []struct {
		width, label, kind, want int
	}{
		{80, 5, 28, 39},  // room beside the kind
		{200, 5, 28, 80}, // at most maxField
		{60, 5, 28, 24},  // at least minField, the kind cut
		{20, 5, 28, 7},   // a narrow window: what is left
		{5, 5, 28, 4},    // never less than 4
	}
	for _, tt := range tests {
		if got := fieldWidth(tt.width, tt.label, tt.kind); got != tt.want {
			t.Errorf("fieldWidth(%v, %v, %v) = %v, want %v", tt.width, tt.label, tt.kind, got, tt.want)
		}
	}
}

// TestWideGolden: the countdown form at 80 and 120 columns: the tasks field
// widens with the window (its whole value in view), the kind column says
// what is allowed, and a long error wraps instead of being cut.
func TestWideGolden(t *testing.T) {
	for _, width := range []int{80, 120} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			l := countdown.Lab()
			v, err := l.Resolve(nil)
			if err != nil {
				t.Fatal(err)
			}
			m := New(screen.NewCommon().Sized(width, 16), l, v)
			m, _ = send(m, append([]string{"tab", "ctrl+u"}, press.Text("1000")...)...)
			m, _ = send(m, "tab")
			m, _ = send(m, press.Text(",日本=500ms")...)
			view := m.View()
			if !strings.Contains(ansi.Strip(view), "[A=700ms,B=2s,C=300ms,D=1s,日本=500ms") {
				t.Errorf("the tasks field does not show its whole value:\n%s", ansi.Strip(view))
			}
			golden.RequireEqual(t, ansi.Strip(view))
		})
	}
}
