package challenge

import (
	"go/format"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// parse reads a schedule written as play takes it.
func parse(t *testing.T, s string) []Choice {
	t.Helper()
	var out []Choice
	for _, f := range strings.Split(s, ",") {
		g, c, _ := strings.Cut(f, ":")
		n, err := strconv.Atoi(g)
		if err != nil {
			t.Fatalf("bad schedule %q: %v", s, err)
		}
		k := 0
		if c != "" {
			if k, err = strconv.Atoi(c); err != nil {
				t.Fatalf("bad schedule %q: %v", s, err)
			}
		}
		out = append(out, Choice{G: n, Case: k})
	}
	return out
}

func program(t testing.TB, l *Level) *Program {
	t.Helper()
	p, err := l.Program()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLevels: every level compiles, is gofmt-clean, has what a level needs,
// and the levels come in a fixed order with unique names.
func TestLevels(t *testing.T) {
	if len(Levels()) < 14 {
		t.Errorf("len(Levels()) = %d, want at least 14", len(Levels()))
	}
	seen := map[string]bool{}
	safe := 0
	for _, l := range Levels() {
		program(t, l)
		if seen[l.Name] {
			t.Errorf("level %s twice", l.Name)
		}
		seen[l.Name] = true
		if got, err := format.Source([]byte(l.Source())); err != nil || string(got) != l.Source() {
			t.Errorf("level %s: the source is not gofmt-formatted (%v)", l.Name, err)
		}
		if l.Title == "" || l.Lesson == "" || l.GoalText() == "" {
			t.Errorf("level %s lacks a title, a lesson or a goal", l.Name)
		}
		if l.Safe {
			safe++
			if l.Winning != "" {
				t.Errorf("safe level %s has a winning schedule", l.Name)
			}
		} else if l.Winning == "" {
			t.Errorf("level %s has no winning schedule", l.Name)
		}
		if got, err := Get(l.Name); err != nil || got != l {
			t.Errorf("Get(%q) = %v, %v, want the level", l.Name, got, err)
		}
	}
	if safe < 2 {
		t.Errorf("%d safe levels, want at least 2", safe)
	}
	if _, err := Get("nope"); err == nil || !strings.Contains(err.Error(), "lost-update") {
		t.Errorf("Get(nope) = %v, want an error that lists the levels", err)
	}
}

// TestWinningSchedules: each level's stored schedule reaches its goal, at
// its last step.
func TestWinningSchedules(t *testing.T) {
	for _, l := range Levels() {
		if l.Safe {
			continue
		}
		t.Run(l.Name, func(t *testing.T) {
			sched := parse(t, l.Winning)
			g, err := Play(program(t, l), l.Config, sched)
			if err != nil {
				t.Fatalf("Play(%s) = %v", l.Winning, err)
			}
			f := g.Failure()
			if f == nil || f.Kind != l.Goal {
				for _, s := range g.Steps() {
					t.Logf("%v line %d: %s", s.Choice, s.Line, s.Text)
				}
				t.Fatalf("Play(%s).Failure() = %+v, want a %s", l.Winning, f, l.Goal)
			}
			g.Undo()
			if g.Failure() != nil {
				t.Errorf("Play(%s) failed before its last step: %+v", l.Winning, g.Failure())
			}
		})
	}
}

// TestLessonFixes: the fix each lesson suggests (testdata/fixes/LEVEL.go,
// and LEVEL-2.go for a second one) is a tested solution: no schedule breaks
// it. The lessons of lost-update, timeout-leak and cond-if also name a fix
// that a later level (mutex-counter, timeout-buffered, cond-for) is.
func TestLessonFixes(t *testing.T) {
	files, err := filepath.Glob("testdata/fixes/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixes: %v", err)
	}
	fixed := map[string]bool{"timeout-leak": true, "cond-if": true}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(f), ".go"), "-2")
		l, err := Get(name)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		fixed[name] = true
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Compile(f, string(src))
		if err != nil {
			t.Fatal(err)
		}
		if r := Explore(p, l.Config, Options{}); !r.Complete || r.Schedule != nil {
			t.Errorf("%s: Explore = %s (%+v), want no failing schedule", f, FormatSchedule(r.Schedule), r.Failure)
		}
	}
	for _, l := range Levels() {
		if !l.Safe && !fixed[l.Name] {
			t.Errorf("level %s: its lesson's fix is not tested (testdata/fixes/%s.go)", l.Name, l.Name)
		}
	}
}
