package predict

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/tui/internal/press"
	"conclab/tui/styles"
)

// edit types keys into a fresh panel and returns its lines and cursor.
func edit(keys ...string) (string, int, int) {
	m := New(styles.DefaultStyles())
	m.SetEditing(true)
	for _, k := range keys {
		m, _ = m.Update(press.Key(k))
	}
	return strings.Join(m.Prediction(), "|"), m.ed.Line(), m.ed.Column()
}

func TestEditor(t *testing.T) {
	tests := []struct {
		keys     []string
		want     string
		row, col int
	}{
		{press.Text("ab"), "ab", 0, 2},
		{[]string{"a", "enter", "b"}, "a|b", 1, 1},
		{[]string{"a", "b", "left", "enter"}, "a|b", 1, 0},
		{[]string{"a", "enter", "backspace"}, "a", 0, 1},                            // joins the lines
		{[]string{"a", "enter", "b", "up", "end", "delete"}, "ab", 0, 1},            // joins the next line
		{[]string{"a", "b", "c", "left", "left", "ctrl+u"}, "bc", 0, 0},             // clears before the cursor
		{[]string{"a", "b", "c", "home", "right", "ctrl+k"}, "a", 0, 1},             // clears after it
		{[]string{"a", "enter", "b", "c", "up", "down"}, "a|bc", 1, 1},              // the column is kept where it can be
		{[]string{"a", "ctrl+x"}, "a", 0, 1},                                        // a control key types nothing
		{[]string{"a", "enter", "b", "home", "left", "left", "right"}, "a|b", 0, 1}, // left and right cross lines
		{[]string{"a", " ", "b", "c", "alt+backspace"}, "a ", 0, 2},                 // deletes a word
		{[]string{"a", "b", "shift+left", "c"}, "abc", 0, 3},                        // no selection: shift+← selects nothing
	}
	for _, tt := range tests {
		got, row, col := edit(tt.keys...)
		if got != tt.want || row != tt.row || col != tt.col {
			t.Errorf("edit(%v) = %q at %d:%d, want %q at %d:%d", tt.keys, got, row, col, tt.want, tt.row, tt.col)
		}
	}
}

func TestPaste(t *testing.T) {
	m := New(styles.DefaultStyles())
	m.SetEditing(true)
	m, _ = m.Update(tea.PasteMsg{Content: "one\r\ntwo\tx"})
	if got := strings.Join(m.Prediction(), "|"); got != "one|two    x" {
		t.Errorf("pasted: %q, want one|two    x", got)
	}
}

// TestValueSemantics: a copy of the panel kept before an edit does not see
// the edit (Bubble Tea models are values; a textarea's copies share its lines).
func TestValueSemantics(t *testing.T) {
	m := New(styles.DefaultStyles())
	m.SetEditing(true)
	m, _ = m.Update(press.Key("a"))
	before := m
	for _, k := range []string{"b", "enter", "c", "left"} {
		m, _ = m.Update(press.Key(k))
	}
	if got := strings.Join(before.Prediction(), "|"); got != "a" || before.ed.Line() != 0 || before.ed.Column() != 1 {
		t.Errorf("the copy holds %q at %d:%d, want a at 0:1", got, before.ed.Line(), before.ed.Column())
	}
	if got := strings.Join(m.Prediction(), "|"); got != "ab|c" || m.ed.Line() != 1 || m.ed.Column() != 0 {
		t.Errorf("the edited panel holds %q at %d:%d, want ab|c at 1:0", got, m.ed.Line(), m.ed.Column())
	}
}

// TestCursorShows: while a prediction longer than the panel is typed, the
// line with the cursor is on screen, going down and coming back up.
func TestCursorShows(t *testing.T) {
	m := New(styles.DefaultStyles())
	m.SetSize(40, 5) // the title and four rows
	m.SetEditing(true)
	for i := 1; i <= 9; i++ {
		m, _ = m.Update(press.Key(strconv.Itoa(i)))
		if i < 9 {
			m, _ = m.Update(press.Key("enter"))
		}
		if v := ansi.Strip(m.View()); !strings.Contains(v, "│ "+strconv.Itoa(i)) {
			t.Errorf("after typing line %d the panel shows\n%s\nwant the line with the cursor", i, v)
		}
	}
	for i := 8; i >= 1; i-- {
		m, _ = m.Update(press.Key("up"))
		if v := ansi.Strip(m.View()); !strings.Contains(v, "│ "+strconv.Itoa(i)) {
			t.Errorf("back up on line %d the panel shows\n%s\nwant the line with the cursor", i, v)
		}
	}
}

// TestNotEditingIgnoresKeys: keys reach the prediction only while typing.
func TestNotEditingIgnoresKeys(t *testing.T) {
	m := New(styles.DefaultStyles())
	m, _ = m.Update(press.Key("a"))
	if got := m.Prediction(); len(got) != 1 || got[0] != "" {
		t.Errorf("a key while not typing changed the prediction to %q", got)
	}
}

func TestVerdictView(t *testing.T) {
	m := New(styles.DefaultStyles())
	m.SetSize(40, 20)
	m.SetEditing(true)
	for _, k := range []string{"a", "enter", "x"} {
		m, _ = m.Update(press.Key(k))
	}
	m.StartCheck()
	if m.Editing() || !m.Checking() || !strings.Contains(ansi.Strip(m.View()), "running the program") {
		t.Errorf("a check in flight: editing=%v checking=%v, view:\n%s", m.Editing(), m.Checking(), ansi.Strip(m.View()))
	}
	wrong := Verdict{Matched: 1, Want: 2, Lines: []Line{
		{Status: Match, N: 1, Want: "a", Got: "a"},
		{Status: Differ, N: 2, Want: "b", Got: "x"},
		{Status: Extra, Got: "y"},
	}}
	m.SetVerdict(wrong, nil)
	got := ansi.Strip(m.View())
	for _, want := range []string{"✗ 1 of 2 lines right", "  1 ✓ a", "  2 ✗ x  (not what it prints)", "    + y  (not printed)", "Answer after 1 more wrong try; r: now"} {
		if !strings.Contains(got, want) {
			t.Errorf("the first wrong verdict does not show %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "b") || m.Revealed() {
		t.Errorf("the first wrong verdict reveals the answer (b):\n%s", got)
	}
	m.SetVerdict(wrong, nil) // the second wrong try shows the answer
	got = ansi.Strip(m.View())
	for _, want := range []string{"✗ 1 of 2 lines right", "  1 ✓ a", "  2 ✗ b", "you wrote: x", "    + y  (not printed)"} {
		if !strings.Contains(got, want) {
			t.Errorf("the second wrong verdict does not show %q:\n%s", want, got)
		}
	}
	asked := New(styles.DefaultStyles())
	asked.SetSize(40, 20)
	asked.SetVerdict(wrong, nil)
	asked.Reveal()
	if got := ansi.Strip(asked.View()); !strings.Contains(got, "  2 ✗ b") {
		t.Errorf("Reveal after one wrong try does not show the answer:\n%s", got)
	}
	if m.Solved() || m.Summary() != "1 of 2 lines right" {
		t.Errorf("Solved() = %v, Summary() = %q, want false and 1 of 2 lines right", m.Solved(), m.Summary())
	}
	m.SetVerdict(Verdict{}, errors.New("boom"))
	if got := ansi.Strip(m.View()); !strings.Contains(got, "cannot check: boom") {
		t.Errorf("a failed check does not say why:\n%s", got)
	}
}

func TestCheckCmdRecoversPanics(t *testing.T) {
	msg := CheckCmd(func(string, []string) (Verdict, error) { panic("oops") }, "p", nil)().(CheckMsg)
	if msg.Err == nil || !strings.Contains(msg.Err.Error(), "puzzle p panicked: oops") {
		t.Errorf("CheckCmd of a panicking check = %v, want the panic as an error", msg.Err)
	}
}

// BenchmarkTypeKey: one key typed at the end of a 20-line prediction (the
// panel copies its textarea on every edit).
func BenchmarkTypeKey(b *testing.B) {
	m := New(styles.DefaultStyles())
	m.SetSize(60, 30)
	m.SetEditing(true)
	m, _ = m.Update(tea.PasteMsg{Content: strings.Repeat("T-minus 3 from task A\n", 20)})
	key := press.Key("x")
	b.ReportAllocs()
	for b.Loop() {
		next, _ := m.Update(key)
		_ = next.View()
	}
}
