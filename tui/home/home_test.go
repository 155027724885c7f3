package home

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/exercises"
	"conclab/internal/check"
	"conclab/labs"
	"conclab/tui/challenge"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

// fakeLabs are a fixed list, so the goldens do not change when labs are added.
func fakeLabs() []*labs.Lab {
	mk := func(name, title, summary string) *labs.Lab {
		return &labs.Lab{Name: name, Title: title, Summary: summary}
	}
	return []*labs.Lab{
		mk("spinner", "Spinner", "A spinner beside a 3 s call: 30 frames when the wait gives way, none when it blocks the loop"),
		mk("countdown", "Countdowns", "Four countdowns on one loop: 6 s when each sleep yields, 12 s when it blocks"),
		mk("eventloop", "Build the event loop yourself", "A toy event loop in ~100 lines: step through its queues"),
		mk("flags", "Downloading flags", "20 flags from a slow server: 10 s one after another, 0.5 s all at once"),
		mk("checker", "Website checker", "Check 31 sites and tally the answers"),
		mk("chess", "Chess exhibition", "One master, 24 boards: 12 hours one board at a time, 1 hour going round the boards"),
	}
}

func drive(m Model, keys ...string) (Model, tea.Msg) {
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

func TestViewGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"80x24", 80, 24, nil},
		{"160x48", 160, 48, nil},
		{"80x24_filter", 80, 24, append([]string{"/"}, press.Text("ch")...)},
		{"80x24_no_match", 80, 24, append([]string{"/"}, press.Text("zzz")...)},
		{"60x16_scrolled", 60, 16, []string{"down", "down", "down", "down", "down"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := New(screen.NewCommon().Sized(tt.w, tt.h), fakeLabs())
			m, _ = drive(m, tt.keys...)
			view := m.View()
			lines := strings.Split(view, "\n")
			if len(lines) != tt.h {
				t.Errorf("View() has %d lines, want %d", len(lines), tt.h)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != tt.w {
					t.Errorf("line %d is %d cells wide, want %d", i, w, tt.w)
				}
			}
			golden.RequireEqual(t, ansi.Strip(view))
		})
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		name     string
		keys     []string
		selected string // "" for none
		open     string // the lab the last key opens, if any
		typing   bool
	}{
		{"starts on the first lab", nil, "spinner", "", false},
		{"down and up", []string{"down", "down", "up"}, "countdown", "", false},
		{"j and k", []string{"j", "j", "k"}, "countdown", "", false},
		{"stops at the ends", []string{"up", "up"}, "spinner", "", false},
		{"end goes to the last lab", []string{"end"}, "chess", "", false},
		{"G too, home back to the first", []string{"G", "home"}, "spinner", "", false},
		{"g too", []string{"down", "down", "g"}, "spinner", "", false},
		{"a page down and up", []string{"pgdown", "pgup"}, "spinner", "", false},
		{"enter opens", []string{"down", "enter"}, "countdown", "countdown", false},
		{"slash starts a filter", []string{"/"}, "spinner", "", true},
		{"the filter matches titles, names and summaries", append([]string{"/"}, press.Text("ches")...), "chess", "", true},
		{"the filter ignores case", append([]string{"/"}, press.Text("WEBSITE")...), "checker", "", true},
		{"enter opens the match", append(append([]string{"/"}, press.Text("flag")...), "enter"), "flags", "flags", false},
		{"arrows move in the matches", append(append([]string{"/"}, press.Text("ch")...), "down"), "checker", "", true},
		{"backspace widens the filter", append(append([]string{"/"}, press.Text("chessx")...), "backspace"), "chess", "", true},
		{"esc clears the filter", append(append([]string{"/"}, press.Text("chess")...), "esc"), "chess", "", false},
		{"q is typed into the filter", append([]string{"/"}, "q"), "eventloop", "", true}, // "queues"
		{"nothing matches", append(append([]string{"/"}, press.Text("zzz")...), "enter"), "", "", false},
	}
	for _, tt := range tests {
		m := New(screen.NewCommon().Sized(80, 24), fakeLabs())
		m, msg := drive(m, tt.keys...)
		got := ""
		if l := m.Selected(); l != nil {
			got = l.Name
		}
		if got != tt.selected {
			t.Errorf("%s: Selected() = %q, want %q", tt.name, got, tt.selected)
		}
		open := ""
		if o, ok := msg.(screen.OpenLabMsg); ok {
			open = o.Lab.Name
		}
		if open != tt.open {
			t.Errorf("%s: opened %q, want %q", tt.name, open, tt.open)
		}
		if m.Typing() != tt.typing {
			t.Errorf("%s: Typing() = %v, want %v", tt.name, m.Typing(), tt.typing)
		}
	}
}

func TestWheel(t *testing.T) {
	m := New(screen.NewCommon().Sized(80, 24), fakeLabs())
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if got := m.Selected().Name; got != "countdown" {
		t.Errorf("after wheel down, down, up: Selected() = %q, want countdown", got)
	}
}

func TestCount(t *testing.T) {
	p := &check.Progress{}
	p.Checked("chess", check.Passed, time.Now())
	p.Checked("countdown", check.Failed, time.Now())
	all := []exercises.Exercise{{Name: "chess", Lab: "chess"}, {Name: "countdown", Lab: "countdown"}, {Name: "countdown-2", Lab: "countdown"}}
	got := Count(p, all)
	want := map[string]Exercises{"chess": {1, 1}, "countdown": {0, 2}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Count() = %v, want %v", got, want)
	}
}

// TestProgressMarks: labs with exercises say how far the learner got; a
// progress file set aside is said instead of the lab count.
func TestProgressMarks(t *testing.T) {
	c := screen.NewCommon().Sized(100, 24)
	m := New(c, fakeLabs())
	m, _ = m.Update(ProgressMsg{ByLab: map[string]Exercises{"chess": {1, 1}, "countdown": {0, 1}, "flags": {1, 2}}})
	v := ansi.Strip(m.View())
	for _, want := range []string{"Chess exhibition  chess  ✓ exercise solved", "Countdowns  countdown  exercise 0/1", "flags  exercises 1/2"} {
		if !strings.Contains(v, want) {
			t.Errorf("home does not show %q:\n%s", want, v)
		}
	}
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "Spinner  spinner") && strings.Contains(l, "exercise") {
			t.Errorf("a lab without exercises has a mark: %q", l)
		}
	}
	m, _ = m.Update(ProgressMsg{Warning: "warning: your progress file was unreadable"})
	if v := ansi.Strip(m.View()); !strings.Contains(v, "warning: your progress file was unreadable") {
		t.Errorf("home does not show the progress warning:\n%s", v)
	}
}

func TestLoadProgressCmd(t *testing.T) {
	msg := LoadProgressCmd(func() (*check.Progress, string, error) { return nil, "", errors.New("read your progress: denied") })().(ProgressMsg)
	if msg.Err == nil || msg.ByLab != nil {
		t.Errorf("a failed load = %+v, want its error and no marks", msg)
	}
	msg = LoadProgressCmd(func() (*check.Progress, string, error) { return &check.Progress{}, "", nil })().(ProgressMsg)
	if msg.Err != nil || len(msg.ByLab) == 0 {
		t.Errorf("an empty progress = %+v, want every lab with exercises counted, none solved", msg)
	}
	for lab, x := range msg.ByLab {
		if x.Solved != 0 || x.Total == 0 {
			t.Errorf("empty progress: %s = %+v, want 0 of at least 1", lab, x)
		}
	}
}

// TestChallengesMark: the challenges entry counts the solved levels read
// from the progress file, and is not counted as a lab.
func TestChallengesMark(t *testing.T) {
	p := &check.Progress{}
	p.SolvedChallenge("lost-update", "1,2", time.Now())
	p.SolvedChallenge("no-such-level", "1", time.Now()) // a newer conclab's: not counted
	msg := LoadProgressCmd(func() (*check.Progress, string, error) { return p, "", nil })().(ProgressMsg)
	if msg.Challenges.Solved != 1 || msg.Challenges.Total < 14 {
		t.Fatalf("challenges counted %+v, want 1 solved of every level", msg.Challenges)
	}
	all := append(fakeLabs(), challenge.Entry())
	m := New(screen.NewCommon().Sized(100, 30), all)
	m, _ = m.Update(msg)
	v := ansi.Strip(m.View())
	want := fmt.Sprintf("Challenges — you are the scheduler  challenges  1/%d solved", msg.Challenges.Total)
	for _, w := range []string{want, "6 labs and the challenges"} {
		if !strings.Contains(v, w) {
			t.Errorf("home does not show %q:\n%s", w, v)
		}
	}
}
