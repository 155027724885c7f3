package challenge

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"go.uber.org/goleak"

	cg "conclab/internal/challenge"
	"conclab/internal/check"
	"conclab/tui/internal/drive"
	"conclab/tui/screen"
)

func TestMain(m *testing.M) {
	now = func() time.Time { return time.Date(2026, 12, 6, 22, 0, 0, 0, time.UTC) }
	// chroma's regexp engine keeps a clock goroutine of its own.
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"))
}

// open is the screen at w x h with its progress read from store (nil: none).
func open(t testing.TB, w, h int, store *check.Store) Model {
	t.Helper()
	m := New(screen.NewCommon().Sized(w, h), store)
	return drive.Settle(m, m.Init(), nil)
}

func keys(m Model, names ...string) Model { return drive.Keys(m, nil, names...) }

// view is the stripped view, checked to be exactly the screen's size.
func view(t *testing.T, m Model) string {
	t.Helper()
	return drive.View(t, m.View(), m.c.Width, m.c.Height)
}

// scheduleKeys are the keys that play a schedule ("1,1,2").
func scheduleKeys(t testing.TB, schedule []cg.Choice) []string {
	t.Helper()
	var out []string
	for _, c := range schedule {
		if c.Case > 0 {
			t.Fatalf("schedule has a select case (%s): not a key of its own", c)
		}
		out = append(out, fmt.Sprint(c.G))
	}
	return out
}

// explored is the explorer's shortest failing schedule of the level named name.
func explored(t testing.TB, name string) []cg.Choice {
	t.Helper()
	l, err := cg.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := l.Program()
	if err != nil {
		t.Fatal(err)
	}
	r := cg.Explore(p, l.Config, cg.Options{})
	if r.Schedule == nil {
		t.Fatalf("Explore(%s) found no failing schedule", name)
	}
	return r.Schedule
}

// openLevel opens the level named name from the list.
func openLevel(t testing.TB, m Model, name string) Model {
	t.Helper()
	for i, l := range m.levels {
		if l.Name == name {
			m = keys(m, "home")
			for range i {
				m = keys(m, "down")
			}
			m = keys(m, "enter")
			if !m.Playing() || m.Level().Name != name {
				t.Fatalf("enter on level %d opened %v %q, want %q", i+1, m.Playing(), m.Level().Name, name)
			}
			return m
		}
	}
	t.Fatalf("no level %q", name)
	return m
}

func TestViewGolden(t *testing.T) {
	lost := explored(t, "lost-update")
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}, {60, 17}} {
		for _, tt := range []struct {
			name  string
			level string // "" stays on the list
			keys  []string
		}{
			{"list", "", nil},
			{"list_solved", "", nil}, // lost-update won first, the cursor on it
			{"start", "lost-update", nil},
			{"mid_play", "lost-update", []string{"1", "1", "1", "2", "1", "3", "2"}},
			{"won", "lost-update", scheduleKeys(t, lost)},
			{"blocked", "early-return", []string{"1", "1", "1", "1", "1", "2", "2", "2", "2", "2", "2", "3"}},
			{"safe_verdict", "mutex-counter", []string{"s"}},
			{"wrong_verdict", "flag", []string{"s"}},
		} {
			t.Run(fmt.Sprintf("%dx%d_%s", size.w, size.h, tt.name), func(t *testing.T) {
				m := open(t, size.w, size.h, nil)
				if tt.name == "list_solved" {
					m = openLevel(t, m, "lost-update")
					m = keys(m, scheduleKeys(t, lost)...)
					m = keys(m, "esc")
				}
				if tt.level != "" {
					m = openLevel(t, m, tt.level)
				}
				m = keys(m, tt.keys...)
				golden.RequireEqual(t, view(t, m))
			})
		}
	}
}

// TestWinLostUpdate plays the explorer's shortest schedule of the
// lost-update level with the number keys: the assertion fails, the level
// is won and saved in the progress file, and the home screen's count (read
// from the same file) says so.
func TestWinLostUpdate(t *testing.T) {
	store := &check.Store{Dir: t.TempDir()}
	m := openLevel(t, open(t, 80, 24, store), "lost-update")
	sched := explored(t, "lost-update")
	m = keys(m, scheduleKeys(t, sched)...)
	f := m.Game().Failure()
	if f == nil || f.Kind != cg.Assert {
		t.Fatalf("after %s the failure is %+v, want the assertion false", cg.FormatSchedule(sched), f)
	}
	if !m.Solved("lost-update") {
		t.Errorf("lost-update not marked solved after winning")
	}
	got := view(t, m)
	for _, want := range []string{"You broke it in", "Lesson: counter++ is three steps", "✓ solved"} {
		if !strings.Contains(strings.Join(strings.Fields(got), " "), want) {
			t.Errorf("the won level lacks %q:\n%s", want, got)
		}
	}
	p, warning, err := store.Load()
	if err != nil || warning != "" {
		t.Fatalf("Load() = %q, %v", warning, err)
	}
	want := check.ChallengeRecord{Solved: true, SolvedAt: now().UTC(), Schedule: cg.FormatSchedule(sched)}
	if r := p.Challenge("lost-update"); r != want {
		t.Errorf("progress file: Challenge(lost-update) = %+v, want %+v", r, want)
	}
	// A new screen reads it back.
	again := open(t, 80, 24, store)
	if !again.Solved("lost-update") || !strings.Contains(view(t, again), "1/16 solved") {
		t.Errorf("a new screen does not show lost-update solved:\n%s", view(t, again))
	}
}

// TestUndoRestart: u takes back one step (the schedule and the state with
// it), u with no step says so and changes nothing, r takes back every
// step; a step of a goroutine that does not exist is one line and changes
// nothing.
func TestUndoRestart(t *testing.T) {
	m := openLevel(t, open(t, 80, 24, nil), "lost-update")
	m = keys(m, "1", "1", "1", "2")
	if got := cg.FormatSchedule(m.Game().Schedule()); got != "1,1,1,2" {
		t.Fatalf("schedule after 1 1 1 2 = %q, want 1,1,1,2", got)
	}
	before := m.Game().Snapshot()
	m2 := keys(m, "2")
	if m.Game().Snapshot().Goroutines[1].Next != before.Goroutines[1].Next {
		t.Errorf("a key changed the screen it was given to (the game is shared)")
	}
	m2 = keys(m2, "u")
	if got := cg.FormatSchedule(m2.Game().Schedule()); got != "1,1,1,2" {
		t.Errorf("schedule after 2 u = %q, want 1,1,1,2", got)
	}
	if got, want := m2.Game().Snapshot().Goroutines[1].Next, before.Goroutines[1].Next; got != want {
		t.Errorf("G2's next step after 2 u = %q, want %q", got, want)
	}
	m2 = keys(m2, "4")
	if !strings.Contains(view(t, m2), "There is no goroutine 4") || len(m2.Game().Schedule()) != 4 {
		t.Errorf("4: schedule %v, screen\n%s\nwant one line and nothing changed", m2.Game().Schedule(), view(t, m2))
	}
	m2 = keys(m2, "r")
	if n := len(m2.Game().Schedule()); n != 0 {
		t.Errorf("r left %d steps, want 0", n)
	}
	m2 = keys(m2, "u")
	if !strings.Contains(view(t, m2), "Nothing to undo") {
		t.Errorf("u at the start does not say there is nothing to undo:\n%s", view(t, m2))
	}
}

// TestSharedStep: shift+N (and its forms "!", "alt+N") runs goroutine N to
// its next shared access: G2's counter++ begins with the load.
func TestSharedStep(t *testing.T) {
	for _, k := range []string{"@", "shift+2", "alt+2"} {
		m := openLevel(t, open(t, 80, 24, nil), "lost-update")
		m = keys(m, "!") // G1 runs up to its first shared access: the WaitGroup's Add
		if got := cg.FormatSchedule(m.Game().Schedule()); got != "1,1" {
			t.Fatalf("! = schedule %q, want 1,1 (the var, then wg.Add)", got)
		}
		m = keys(m, "1", k)
		steps := m.Game().Steps()
		last := steps[len(steps)-1]
		if last.G != 2 || !last.Shared || !strings.HasPrefix(last.Text, "load counter") {
			t.Errorf("%s: last step %+v, want G2's load of counter", k, last)
		}
	}
}

// TestSafeVerdict: s on a correct level is confirmed by the explorer and
// solves it; on a breakable one it is refused and solves nothing.
func TestSafeVerdict(t *testing.T) {
	m := openLevel(t, open(t, 80, 24, nil), "mutex-counter")
	m = keys(m, "s")
	got := strings.Join(strings.Fields(view(t, m)), " ")
	if !m.Solved("mutex-counter") || !strings.Contains(got, "Right: no schedule breaks it. The explorer tried all 539 interleavings") {
		t.Errorf("s on mutex-counter: solved %v, screen\n%s", m.Solved("mutex-counter"), view(t, m))
	}
	m = keys(m, "esc")
	m = openLevel(t, m, "flag")
	m = keys(m, "s")
	got = strings.Join(strings.Fields(view(t, m)), " ")
	if m.Solved("flag") || !strings.Contains(got, "Not so: a schedule breaks it") {
		t.Errorf("s on flag: solved %v, screen\n%s", m.Solved("flag"), view(t, m))
	}
}

// TestSelectCase: a select with several ready cases asks which one; the
// case key takes it, esc takes none.
func TestSelectCase(t *testing.T) {
	src := `package main

func main() {
	a := make(chan int, 1)
	b := make(chan int, 1)
	a <- 1
	b <- 2
	select {
	case v := <-a:
		assert(v == 2)
	case <-b:
	}
}
`
	l, err := cg.Custom("sel", src)
	if err != nil {
		t.Fatal(err)
	}
	m := NewWith(screen.NewCommon().Sized(80, 24), nil, []*cg.Level{l})
	m = keys(m, "enter", "1", "1", "1", "1")
	m = keys(m, "1")
	if m.choosing != 1 || !strings.Contains(view(t, m), "several ready cases") {
		t.Fatalf("1 at the select: choosing %d, screen\n%s", m.choosing, view(t, m))
	}
	m = keys(m, "esc")
	if m.choosing != 0 || len(m.Game().Schedule()) != 4 {
		t.Errorf("esc: choosing %d, %d steps, want none chosen and 4 steps", m.choosing, len(m.Game().Schedule()))
	}
	m = keys(m, "1", "1", "1")
	if got := cg.FormatSchedule(m.Game().Schedule()); got != "1,1,1,1,1:1,1" || m.Game().Failure() == nil {
		t.Errorf("1 1 1: schedule %s, failure %v, want 1,1,1,1,1:1,1 and the assertion false", got, m.Game().Failure())
	}
}

// TestSizes: every level, start and end, draws exactly its size from
// 60x17 to 200x59 (the root's smallest and a large terminal).
func TestSizes(t *testing.T) {
	for _, size := range []struct{ w, h int }{{60, 17}, {80, 24}, {109, 30}, {110, 30}, {200, 59}} {
		m := open(t, size.w, size.h, nil)
		view(t, m)
		for _, l := range cg.Levels() {
			m = openLevel(t, m, l.Name)
			view(t, m)
			if l.Winning != "" {
				m = keys(m, strings.Split(l.Winning, ",")...)
				if m.Game().Failure() == nil {
					t.Errorf("%s: the stored winning schedule %s did not win from the keys", l.Name, l.Winning)
				}
			} else {
				m = keys(m, "s")
			}
			if !m.Solved(l.Name) {
				t.Errorf("%s not solved", l.Name)
			}
			view(t, m)
			m = keys(m, "esc")
		}
	}
}
