package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/tui/home"
	"conclab/tui/internal/press"
	"conclab/tui/keymap"
	"conclab/tui/screen"
)

// note is a screen as a new one would be written (a legend, say): a model
// of its own pushed with screen.PushCmd, nothing in the root changed.
type note struct {
	w, h    int
	started bool
	keys    []string
	closed  *int // counts Close calls, shared by the copies
}

var closeKey = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))

func (n *note) Init() tea.Cmd             { n.started = true; return nil }
func (n *note) SetSize(width, height int) { n.w, n.h = width, height }
func (n *note) Close()                    { *n.closed++ }
func (n note) Typing() bool               { return false }
func (n note) Help() keymap.Bindings {
	return keymap.Bindings{Short: []key.Binding{closeKey}, Full: [][]key.Binding{{closeKey}}}
}
func (n note) View() string { return "a note " + strings.Join(n.keys, " ") }
func (n note) Update(msg tea.Msg) (note, tea.Cmd) {
	got := ""
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, closeKey) {
			return n, screen.BackCmd
		}
		got = msg.String()
	case everywhere:
		got = "everywhere"
	case onlyTop:
		got = "top"
	}
	if got != "" {
		n.keys = append(n.keys[:len(n.keys):len(n.keys)], got)
	}
	return n, nil
}

// everywhere is a Background message: every screen on the stack gets it;
// onlyTop is not.
type (
	everywhere struct{}
	onlyTop    struct{}
)

func (everywhere) Background() {}

// TestPushedScreen: a screen pushed with screen.PushCmd is sized (the
// window less the help bar), started, gets the keys and draws, its help
// is the help bar; esc pops it, closes it, and home is back as it was. A
// copy of the root kept before a message does not see it.
func TestPushedScreen(t *testing.T) {
	closed := 0
	m := newRoot(80, 24)
	before := m
	m = step(t, m, screen.PushMsg{Screen: screen.Of(note{closed: &closed})})
	n := topModel[note](t, m)
	if !n.started || n.w != 80 || n.h != 23 {
		t.Fatalf("pushed note: started %v, %dx%d; want started, 80x23", n.started, n.w, n.h)
	}
	m = drive(t, m, keys("a", "b")...)
	if got := ansi.Strip(m.Content()); !strings.HasPrefix(got, "a note a b") || !strings.HasSuffix(got, "esc back") {
		t.Errorf("the note's screen:\n%s", got)
	}
	kept := m
	m = drive(t, m, keys("c")...)
	if got := topModel[note](t, kept).keys; strings.Join(got, " ") != "a b" {
		t.Errorf("a copy kept before c holds keys %q, want a b", got)
	}
	if onTop(before) != "home" || len(before.stack) != 1 {
		t.Errorf("the root copied before the push has %d screens, the %s on top", len(before.stack), onTop(before))
	}
	m = drive(t, m, keys("esc")...)
	if got := ansi.Strip(m.Content()); onTop(m) != "home" || closed != 1 || !strings.Contains(got, "an interactive concurrency lab") {
		t.Errorf("esc: the %s screen on top, the note closed %d times; want home and once:\n%s", onTop(m), closed, got)
	}
	if next, _ := m.Update(screen.BackMsg{}); len(next.(Model).stack) != 1 {
		t.Error("BackMsg on the home screen popped it")
	}
}

// TestBackgroundReachesEveryScreen: a screen.Background message reaches
// the screens under the top one too (a lab's runs under its real runs, the
// home screen's marks under a lab); other messages only the top one.
func TestBackgroundReachesEveryScreen(t *testing.T) {
	closed := 0
	m := newRoot(80, 24)
	m = step(t, m, screen.PushMsg{Screen: screen.Of(note{closed: &closed})})
	m = step(t, m, screen.PushMsg{Screen: screen.Of(note{closed: &closed})})
	m = drive(t, m, home.ProgressMsg{Warning: "progress set aside"}, everywhere{}, onlyTop{}, press.Key("x"))
	if got := strings.Join(topModel[note](t, m).keys, " "); got != "everywhere top x" {
		t.Errorf("the note on top got %q, want everywhere top x", got)
	}
	m = drive(t, m, keys("esc")...)
	if got := strings.Join(topModel[note](t, m).keys, " "); got != "everywhere" {
		t.Errorf("the note under it got %q, want everywhere", got)
	}
	m = drive(t, m, keys("esc")...)
	if got := ansi.Strip(m.Content()); onTop(m) != "home" || closed != 2 || !strings.Contains(got, "progress set aside") {
		t.Errorf("the home screen under the notes (closed %d times) did not get its ProgressMsg:\n%s", closed, got)
	}
}
