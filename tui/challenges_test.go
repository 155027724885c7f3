package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	cg "conclab/internal/challenge"
	"conclab/internal/check"
	"conclab/labs"
	"conclab/labs/chess"
	"conclab/tui/challenge"
	"conclab/tui/exercise"
	"conclab/tui/home"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

// TestChallengesEntry: the challenges are listed on the home screen just
// before the meta demo; enter opens their list, enter a level, esc goes
// back to the list and esc again home.
func TestChallengesEntry(t *testing.T) {
	m := screenRoot(80, 24)
	all := topModel[home.Model](t, m).Matches()
	if len(all) < 2 || all[len(all)-2].Name != challenge.Name {
		t.Fatalf("home lists %d entries, want the challenges second to last", len(all))
	}
	m = screenStep(t, m, screen.OpenLabMsg{Lab: all[len(all)-2]})
	if _, ok := screen.As[challenge.Model](m.top().s); !ok || len(m.stack) != 2 {
		t.Fatalf("opening the challenges: %s on top of %d, want the challenge screen over home", onTop(m), len(m.stack))
	}
	if got := screenContent(m); !strings.Contains(got, "conclab › Challenges") || !strings.Contains(got, "Lost update") {
		t.Errorf("the challenge list lacks its title or its first level:\n%s", got)
	}
	m = screenStep(t, m, press.Key("enter"))
	if got := screenContent(m); !strings.Contains(got, "challenges › Lost update") || !strings.Contains(got, "1-4 step") {
		t.Errorf("enter did not open the first level with its keys:\n%s", got)
	}
	m = screenStep(t, m, press.Key("esc"))
	m = screenStep(t, m, press.Key("esc"))
	if onTop(m) != "home" {
		t.Errorf("esc esc: %s on top, want home", onTop(m))
	}
}

// runAll runs cmd and feeds every message it leads to back through m (the
// home and challenge screens start nothing that ticks).
func runAll(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			m = runAll(t, m, c)
		}
	default:
		next, cmd := m.Update(msg)
		m = runAll(t, next.(Model), cmd)
	}
	return m
}

// TestChallengeProgressOnHome: a level won on the challenge screen is
// saved in the progress store, and the home screen's entry counts it once
// the challenges close.
func TestChallengeProgressOnHome(t *testing.T) {
	store := check.Store{Dir: t.TempDir()}
	m := New(WithLabs([]*labs.Lab{chess.Lab(), challenge.Entry()}), WithExercises(exercise.Env{Store: &store}), WithProgress(store.Load))
	next, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m = runAll(t, next.(Model), next.(Model).Init())
	total := len(cg.Levels())
	if got := screenContent(m); !strings.Contains(got, fmt.Sprintf("challenges  0/%d solved", total)) {
		t.Fatalf("home does not count the challenges:\n%s", got)
	}
	l, _ := cg.Get("lost-update")
	keys := append([]string{"down", "enter", "enter"}, strings.Split(l.Winning, ",")...)
	for _, k := range append(keys, "esc", "esc") {
		next, cmd := m.Update(press.Key(k))
		m = runAll(t, next.(Model), cmd)
	}
	if onTop(m) != "home" || !strings.Contains(screenContent(m), fmt.Sprintf("challenges  1/%d solved", total)) {
		t.Errorf("after winning lost-update and esc esc, %s on top:\n%s", onTop(m), screenContent(m))
	}
	p, _, err := store.Load()
	if err != nil || !p.Challenge("lost-update").Solved {
		t.Errorf("the store has %+v (%v), want lost-update solved", p.Challenge("lost-update"), err)
	}
}
