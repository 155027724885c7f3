package picker

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/labs"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

func sevenVariants() *labs.Lab {
	l := &labs.Lab{Name: "seven", Title: "Seven"}
	for _, n := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		l.Variants = append(l.Variants, labs.Variant{Name: n, Summary: "variant " + n})
	}
	return l
}

func run(m Model, keys ...string) (Model, tea.Msg) {
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

func TestChoose(t *testing.T) {
	tests := []struct {
		name  string
		shown []string
		keys  []string
		want  []string // nil: no ChosenMsg
		note  string
	}{
		{"keeps the order of the lab", []string{"c", "a"}, []string{"enter"}, []string{"a", "c"}, ""},
		{"toggles on and off", []string{"a"}, []string{"down", "space", "up", "space", "enter"}, []string{"b"}, ""},
		{"refuses a seventh", []string{"a", "b", "c", "d", "e", "f"}, []string{"down", "down", "down", "down", "down", "down", "space"}, nil, "at most 6 variants"},
		{"refuses none", []string{"a"}, []string{"space", "enter"}, nil, "choose at least one"},
		{"x toggles too", nil, []string{"x", "enter"}, []string{"a"}, ""},
		{"end goes to the last", nil, []string{"end", "space", "enter"}, []string{"g"}, ""},
		{"G too, home and g to the first", nil, []string{"G", "home", "space", "G", "g", "down", "space", "enter"}, []string{"a", "b"}, ""},
	}
	for _, tt := range tests {
		m := New(screen.NewCommon().Sized(80, 20), sevenVariants(), tt.shown)
		m, msg := run(m, tt.keys...)
		if tt.want == nil {
			if msg != nil {
				t.Errorf("%s: sent %v, want nothing", tt.name, msg)
			}
		} else if c, ok := msg.(ChosenMsg); !ok || !slices.Equal(c.Names, tt.want) {
			t.Errorf("%s: sent %v, want ChosenMsg %v", tt.name, msg, tt.want)
		}
		if tt.note != "" && !strings.Contains(ansi.Strip(m.View()), tt.note) {
			t.Errorf("%s: the view does not say %q", tt.name, tt.note)
		}
	}
	m := New(screen.NewCommon().Sized(80, 20), sevenVariants(), []string{"a"})
	if _, msg := run(m, "esc"); msg != (CancelMsg{}) {
		t.Errorf("esc sent %v, want CancelMsg", msg)
	}
}
