package tui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"go.uber.org/goleak"

	"conclab/internal/classroom"
	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/coroutines"
	"conclab/labs/countdown"
	"conclab/tui/components/playback"
	"conclab/tui/internal/press"
	"conclab/tui/lab"
	"conclab/tui/room"
	"conclab/tui/screen"
)

// polled is a seat whose Wait does not wait: the test hands each session
// its news itself (session.deliver), as the runtime's waiting command would.
type polled struct{ *classroom.Seat }

func (p polled) Wait() tea.Msg { return p.Poll() }

// session is one TUI session of a classroom, driven in-process.
type session struct {
	t    *testing.T
	m    Model
	seat *classroom.Seat
}

// sent is when the teacher's session sends its leads in these tests.
var sent = time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)

// join starts a session of name in r on countdown and chess, w x h cells.
func join(t *testing.T, r *classroom.Room, name string, teacher bool, w, h int) *session {
	t.Helper()
	seat, err := r.Join(name, teacher)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(seat.Leave)
	m := New(WithLabs([]*labs.Lab{countdown.Lab(), chess.Lab(), coroutines.Lab()}), WithFrame(time.Millisecond), WithSeat(polled{seat}))
	m.room.now = func() time.Time { return sent }
	m = drive(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	s := &session{t: t, m: settleAll(t, m, m.seatInit()), seat: seat}
	s.deliver()
	return s
}

// press presses keys on the session.
func (s *session) press(keys ...string) {
	s.t.Helper()
	s.m = pressAll(s.t, s.m, keys...)
}

// deliver hands the session the news its seat holds.
func (s *session) deliver() {
	s.t.Helper()
	for msg := s.seat.Poll(); msg != nil; msg = s.seat.Poll() {
		s.m = settleAll(s.t, s.m, func() tea.Msg { return msg })
	}
}

// labOn is the lab screen on top of the session (it fails the test when there is none).
func (s *session) labOn() lab.Model {
	s.t.Helper()
	lm, ok := screen.As[lab.Model](s.m.top().s)
	if !ok {
		s.t.Fatalf("%s: the screen on top is %s, not a lab", s.seat.Name(), onTop(s.m))
	}
	return lm
}

// where is the session's lab, lanes, parameters, step and clock, as text.
func (s *session) where() string {
	s.t.Helper()
	lm := s.labOn()
	st := lm.State()
	c := lm.ClockAt()
	sub := fmt.Sprint(c.Sub)
	if c.Sub == playback.All {
		sub = "all"
	}
	return fmt.Sprintf("%s %s %s step %d at %v/%s playing %v speed %d", lm.Lab().Name, strings.Join(st.Variants, ","),
		setText(lm.Lab(), st.Set), st.Step, c.At, sub, c.Playing, c.Speed)
}

func setText(l *labs.Lab, set map[string]string) string {
	var parts []string
	for _, p := range l.Params {
		if v, ok := set[p.Name]; ok {
			parts = append(parts, p.Name+"="+v)
		}
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// newRoom opens a room in a temporary directory, closed at the end of the test.
func newRoom(t *testing.T) *classroom.Room {
	t.Helper()
	r, err := classroom.OpenRoom(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Error(err)
		}
	})
	return r
}

// TestFollowTheTeacher: a student's screen follows the teacher's lab,
// parameters, step and clock (stepping and playing); a key that would
// leave it is refused while following; ctrl+f steps away (the teacher's
// moves no longer reach it) and ctrl+f again comes back to where the
// teacher is.
func TestFollowTheTeacher(t *testing.T) {
	r := newRoom(t)
	teacher := join(t, r, "teacher", true, 100, 30)
	alice := join(t, r, "alice", false, 100, 30)

	teacher.press("down", "enter", "e", "ctrl+u", "1", "2", "enter") // chess, boards=12
	alice.deliver()
	if got, want := alice.where(), teacher.where(); got != want {
		t.Fatalf("alice follows chess with boards=12: alice is on %s, want %s", got, want)
	}
	if !strings.Contains(alice.where(), "{boards=12}") {
		t.Errorf("alice's parameters: %s, want boards=12", alice.where())
	}

	teacher.press("n", "n", "right", "right", "right")
	alice.deliver()
	if got, want := alice.where(), teacher.where(); got != want || !strings.Contains(got, "step 3") {
		t.Errorf("after the teacher's n n → → →: alice on %s, want %s (step 3)", got, want)
	}

	// The teacher plays; alice's session gets the lead a second after it
	// was sent: her clock plays from where the teacher's was a second ago,
	// one second further at the teacher's speed.
	at := teacher.labOn().ClockAt().At
	teacher.press("space")
	tc := teacher.labOn().ClockAt()
	alice.m.room.now = func() time.Time { return sent.Add(time.Second) }
	alice.deliver()
	ac := alice.labOn().ClockAt()
	want := max(at, 0) + playback.Speeds[tc.Speed].PerSecond
	if !ac.Playing || ac.Speed != tc.Speed || ac.At != want {
		t.Errorf("alice's clock a second after the teacher played = %+v, want playing at %v, speed %d", ac, want, tc.Speed)
	}
	teacher.press("space") // pause: both at the teacher's cursor
	alice.deliver()
	if got, want := alice.where(), teacher.where(); got != want {
		t.Errorf("after the teacher paused: alice on %s, want %s", got, want)
	}

	before := alice.where()
	alice.press("right", "p")
	if got := alice.where(); got != before {
		t.Errorf("following, alice's → p moved her screen: %s, want %s", got, before)
	}
	if line := ansi.Strip(alice.m.roomLine()); !strings.Contains(line, "ctrl+f step away first") {
		t.Errorf("room line after a refused key = %q, want it to say ctrl+f step away first", line)
	}

	alice.press("s") // her first lane's source: her screen stays with the teacher's
	if lanes := alice.labOn().Panes(); !lanes[0].SourceOn() || alice.where() != before {
		t.Errorf("following, alice's s: source shown %v, on %s; want the source, on %s", lanes[0].SourceOn(), alice.where(), before)
	}

	alice.press("ctrl+f", "p")
	if line := ansi.Strip(alice.m.roomLine()); line != "on your own · ctrl+f follow the teacher" {
		t.Errorf("room line on her own = %q", line)
	}
	teacher.press("n")
	alice.deliver()
	if got := alice.labOn().State().Step; got != 2 {
		t.Errorf("on her own, alice's step after her p and the teacher's n = %d, want 2", got)
	}
	if m := r.Members(); len(m) != 2 || m[1].Name != "alice" || m[1].Place.Following || m[1].Place.Step != 2 {
		t.Errorf("the room sees alice as %+v, want on her own at step 2", m)
	}

	alice.press("ctrl+f")
	if got, want := alice.where(), teacher.where(); got != want || !strings.Contains(got, "step 4") {
		t.Errorf("alice back to following: on %s, want %s (step 4)", got, want)
	}
	if line := ansi.Strip(alice.m.roomLine()); line != "following the teacher · ctrl+f step away" {
		t.Errorf("room line following = %q", line)
	}

	teacher.press("esc") // home: alice goes home too
	alice.deliver()
	if onTop(alice.m) != "home" {
		t.Errorf("the teacher went home; alice is on %s", onTop(alice.m))
	}

	teacher.seat.Leave()
	alice.deliver()
	if line := ansi.Strip(alice.m.roomLine()); !strings.HasPrefix(line, "no teacher is leading yet") {
		t.Errorf("room line once the teacher left = %q", line)
	}
	alice.press("enter") // free to move: nobody leads
	if onTop(alice.m) != "lab" {
		t.Errorf("with no teacher, alice's enter opened %s, want the lab", onTop(alice.m))
	}
}

// TestDashboard: the teacher's dashboard lists both students with where
// they are and, for the prompt of the teacher's lanes (countdown's
// yielding and blocking), a histogram of their guesses against the truth.
// The truths are derived from the lab's description, not from its runs:
// yielding countdowns interleave (the total is the longest, 3 × 2 s = 6 s;
// the shortest delay, C's 300 ms, prints first: C3); blocking ones run one
// after another (3 × (0.7 + 2 + 0.3 + 1) s = 12 s; A, started first,
// prints first: A3).
func TestDashboard(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 36}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			r := newRoom(t)
			teacher := join(t, r, "teacher", true, size.w, size.h)
			alice := join(t, r, "alice", false, size.w, size.h)
			bob := join(t, r, "bob", false, size.w, size.h)
			teacher.press("enter") // countdown: yielding and blocking
			alice.deliver()
			bob.deliver()
			// alice right four times; bob half the truth, a wrong word, 2.5× the truth, a right word
			alice.press("P", "6", "s", "tab", "C", "3", "tab", "1", "2", "s", "tab", "A", "3", "enter")
			bob.press("P", "3", "s", "tab", "A", "3", "tab", "3", "0", "s", "tab", "a", "3", "enter")
			teacher.deliver()
			teacher.press("D")
			if onTop(teacher.m) != "dashboard" {
				t.Fatalf("D opened %s, want the dashboard", onTop(teacher.m))
			}
			c := ansi.Strip(teacher.m.Content())
			for _, want := range []string{
				"2 students connected · teacher on countdown step 1",
				"alice    countdown step 1",
				"bob      countdown step 1",
				"yielding total · truth 0:00:06 · 2 guesses, 1 right",
				"blocking first line · truth A3 · 2 guesses, 2 right",
			} {
				if !strings.Contains(c, want) {
					t.Errorf("the dashboard does not say %q:\n%s", want, c)
				}
			}
			bins := map[string]string{ // a guess → the line of its bin
				"alice 6s": "right (±10 %)", "bob 3s": "≤ ½ the truth", "alice 12s": "right (±10 %)", "bob 30s": "≥ 2× the truth",
			}
			for who, bin := range bins {
				found := false
				for _, l := range strings.Split(c, "\n") {
					if strings.Contains(l, bin) && strings.Contains(l, who) {
						found = true
					}
				}
				if !found {
					t.Errorf("%q is not in the bin %q:\n%s", who, bin, c)
				}
			}
			golden.RequireEqual(t, c)
			teacher.press("end")
			if c := ansi.Strip(teacher.m.Content()); !strings.Contains(c, "Not guessed yet: goroutines total, goroutines first line") {
				t.Errorf("the dashboard's end does not list what nobody guessed:\n%s", c)
			}
			teacher.press("home")

			bob.press("ctrl+f", "n")
			teacher.deliver()
			if c := ansi.Strip(teacher.m.Content()); !strings.Contains(c, "bob      countdown step 2 (own)") {
				t.Errorf("bob stepped away to step 2; the dashboard says:\n%s", c)
			}
			teacher.press("esc")
			if onTop(teacher.m) != "lab" {
				t.Errorf("esc on the dashboard went to %s, want the lab", onTop(teacher.m))
			}
		})
	}
}

// TestClassroomPrograms runs a teacher's and a student's sessions as real
// Bubble Tea programs on one room (as the SSH server runs them, without
// SSH): the seats' waiting commands run in the programs' goroutines, the
// teacher's keys reach the student's screen, and once both quit and their
// seats are left, nothing is left running.
func TestClassroomPrograms(t *testing.T) {
	defer goleak.VerifyNone(t,
		goleak.IgnoreTopFunction("os/signal.signal_recv"),
		goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"),
		goleak.IgnoreAnyFunction("github.com/charmbracelet/x/exp/teatest/v2.NewTestModel.func2"))
	r, err := classroom.OpenRoom(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	start := func(name string, teacher bool) (*teatest.TestModel, *classroom.Seat) {
		seat, err := r.Join(name, teacher)
		if err != nil {
			t.Fatal(err)
		}
		m := New(WithLabs([]*labs.Lab{countdown.Lab(), chess.Lab()}), WithFrame(time.Millisecond), WithSeat(seat))
		return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30)), seat
	}
	teacher, teacherSeat := start("teacher", true)
	alice, aliceSeat := start("alice", false)
	stop := func(tm *teatest.TestModel, seat *classroom.Seat) Model {
		_ = tm.Quit()
		m := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
		seat.Leave()
		return m
	}
	waitFor := func(tm *teatest.TestModel, s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	waitFor(alice, "following the teacher")
	// until reports the room's members once ok says they are as wanted.
	until := func(what string, ok func(teacher, alice room.Place) bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if m := r.Members(); len(m) == 2 && ok(m[0].Place, m[1].Place) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the room is %+v", what, r.Members())
			}
		}
	}
	teacher.Send(press.Key("enter"))
	until("the teacher opens countdown", func(tp, _ room.Place) bool { return tp.Lab == "countdown" })
	teacher.Send(press.Key("n"))
	until("alice follows to countdown step 2", func(_, ap room.Place) bool { return ap.Lab == "countdown" && ap.Step == 2 })
	final := stop(alice, aliceSeat)
	stop(teacher, teacherSeat)
	lm, ok := screen.As[lab.Model](final.top().s)
	if !ok || lm.Lab().Name != "countdown" || lm.State().Step != 2 {
		t.Errorf("alice's final screen is %s, want countdown step 2", onTop(final))
	}
}

// TestFollowPuzzle: in a predict-then-run lab, a student follows the
// teacher's puzzle and step.
func TestFollowPuzzle(t *testing.T) {
	r := newRoom(t)
	teacher := join(t, r, "teacher", true, 100, 30)
	alice := join(t, r, "alice", false, 100, 30)
	teacher.press("down", "down", "enter", "tab", "tab", "n")
	alice.deliver()
	tl, al := teacher.labOn(), alice.labOn()
	third := coroutines.Lab().Variants[2].Name
	if tl.Lab().Name != "coroutines" || fmt.Sprint(al.State()) != fmt.Sprint(tl.State()) || tl.State().Step != 2 || tl.State().Variants[0] != third {
		t.Errorf("the teacher on %s %+v; alice on %s %+v; want both on coroutines, the third puzzle, step 2",
			tl.Lab().Name, tl.State(), al.Lab().Name, al.State())
	}
}
