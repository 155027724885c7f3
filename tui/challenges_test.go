package tui

import (
	"strings"
	"testing"

	"conclab/tui/challenge"
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
