package guess

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/spinner"
	"conclab/tui/internal/press"
	"conclab/tui/keymap"
	"conclab/tui/styles"
)

// typeKeys feeds names to the prompt and returns it with the last action.
func typeKeys(m Model, names ...string) (Model, Action) {
	k := keymap.DefaultKeyMap().Guess
	var act Action
	for _, n := range names {
		m, act = m.Update(press.Key(n), k)
	}
	return m, act
}

func TestFieldsFollowTheLab(t *testing.T) {
	st := styles.DefaultStyles()
	for _, tc := range []struct {
		lab   *labs.Lab
		shown []string
		want  int
	}{
		{chess.Lab(), []string{"sequential", "concurrent"}, 2},      // a total each
		{spinner.Lab(), []string{"loop-yield", "loop-blocking"}, 4}, // a total and frames each
	} {
		if got := len(New(st, tc.lab, tc.shown).fields); got != tc.want {
			t.Errorf("New(%s, %v) has %d fields, want %d", tc.lab.Name, tc.shown, got, tc.want)
		}
	}
}

func TestUpdate(t *testing.T) {
	st := styles.DefaultStyles()
	m := New(st, chess.Lab(), []string{"sequential", "concurrent"})
	if m2, act := typeKeys(m, "1"); act != None || len(m2.Guesses()) != 0 {
		t.Fatalf("a key before Start: action %v, guesses %v, want nothing typed", act, m2.Guesses())
	}
	m.Start()
	for _, tc := range []struct {
		keys   []string
		act    Action
		typing bool
		want   string // the guesses, as Key=Value
	}{
		{press.Text("12x"), None, true, ""},
		{[]string{"backspace", "h", "tab", "2"}, None, true, "sequential=12h"},
		{[]string{"enter"}, None, true, "sequential=12h"}, // "2" is refused: no unit
		{[]string{"h", "enter"}, Done, false, "sequential=12h concurrent=2h"},
	} {
		var act Action
		m, act = typeKeys(m, tc.keys...)
		var got []string
		for _, g := range m.Guesses() {
			got = append(got, g.Key()+"="+g.Value)
		}
		if act != tc.act || m.Typing() != tc.typing || strings.Join(got, " ") != tc.want {
			t.Errorf("keys %v = %v typing=%v %v, want %v typing=%v %q", tc.keys, act, m.Typing(), got, tc.act, tc.typing, tc.want)
		}
	}
	m.Start()
	if m, act := typeKeys(m, "space"); act != Pass || m.Typing() {
		t.Errorf("space while typing = %v typing=%v, want Pass and the keys back", act, m.Typing())
	}
}

func TestResults(t *testing.T) {
	st := styles.DefaultStyles()
	judged := []labs.Judged{
		{Guess: labs.Guess{Variant: "concurrent", Value: "1h"}, Question: "total", Truth: "1:00:55", Right: true, Why: "she walks on"},
		{Guess: labs.Guess{Variant: "concurrent", Fact: "x", Value: "3"}, Question: "x", Truth: "0", Off: 1e9, Why: "she walks on"},
	}
	lines := Results(st.WithASCII(), judged, 200)
	for i := range lines {
		lines[i] = ansi.Strip(lines[i])
	}
	if len(lines) != 2 {
		t.Fatalf("Results = %q, want a line each", lines)
	}
	for i, want := range []string{"concurrent total: you said 1h, it was 1:00:55, right. She walks on.", "concurrent x: you said 3, it was 0"} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("Results line %d = %q, want it to contain %q", i, lines[i], want)
		}
	}
	if strings.Contains(lines[1], "walks on") {
		t.Errorf("the same why is said twice: %q", lines[1])
	}
}
