package classroom

import (
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"conclab/internal/classroom/roomfile"
	"conclab/labs"
	"conclab/tui/room"
)

func openRoom(t *testing.T) (*Room, string) {
	t.Helper()
	dir := t.TempDir()
	r, err := OpenRoom(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r, dir
}

// TestLeadReachesStudents: a student who joins follows; the teacher's
// lead reaches every student (the last one only, when several came
// before the student looked), not the teacher; a teacher who leaves stops
// leading; Close ends every seat's wait.
func TestLeadReachesStudents(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"), // chroma's clock and Bubble Tea's input reader, from another test's TUI
		goleak.IgnoreTopFunction("github.com/charmbracelet/ultraviolet.(*TerminalReader).sendEvents"))
	r, _ := openRoom(t)
	teacher, _ := r.Join("teacher", true)
	alice, _ := r.Join("alice", false)
	if got := alice.Poll(); got != nil {
		t.Errorf("alice's news before any lead = %#v, want none", got)
	}
	teacher.Lead(room.Lead{Lab: "countdown", Setup: labs.Setup{Step: 1}})
	teacher.Lead(room.Lead{Lab: "countdown", Setup: labs.Setup{Step: 2}})
	bob, _ := r.Join("bob", false) // joins after the lead: gets it at once
	for _, s := range []*Seat{alice, bob} {
		got, ok := s.Poll().(room.LeadMsg)
		if !ok || !got.OK || got.Lead.Lab != "countdown" || got.Lead.Setup.Step != 2 {
			t.Errorf("%s's news = %#v, want the lead to countdown step 2", s.Name(), got)
		}
		if more := s.Poll(); more != nil {
			t.Errorf("%s's news after the lead = %#v, want none (the older lead is overtaken)", s.Name(), more)
		}
	}
	if got := teacher.Poll(); got != (room.ChangedMsg{}) {
		t.Errorf("the teacher's news after students joined = %#v, want ChangedMsg", got)
	}
	alice.Lead(room.Lead{Lab: "chess"}) // a student cannot lead
	if l, ok := r.Lead(); !ok || l.Lab != "countdown" {
		t.Errorf("after a student's Lead, the room's lead = %+v, %v; want countdown", l, ok)
	}
	teacher.Leave()
	if got, ok := alice.Poll().(room.LeadMsg); !ok || got.OK {
		t.Errorf("alice's news once the teacher left = %#v, want LeadMsg without a lead", got)
	}
	done := make(chan any)
	go func() { done <- alice.Wait() }()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if got := <-done; got != (room.EndedMsg{}) {
		t.Errorf("alice's Wait when the class ended = %#v, want EndedMsg", got)
	}
	if got := bob.Poll(); got == nil {
		t.Errorf("bob has no news when the class ended, want the teacher's leaving then the end")
	}
	alice.Leave()
	bob.Leave()
	if got := bob.Wait(); got != nil {
		t.Errorf("bob's Wait once he left = %#v, want nil", got)
	}
	if _, err := r.Join("carol", false); err != ErrClosed {
		t.Errorf("Join after Close = %v, want ErrClosed", err)
	}
}

// TestRoomFile: room.json says who is where, teachers first; Close saves
// it as ended.
func TestRoomFile(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"), // chroma's clock and Bubble Tea's input reader, from another test's TUI
		goleak.IgnoreTopFunction("github.com/charmbracelet/ultraviolet.(*TerminalReader).sendEvents"))
	r, dir := openRoom(t)
	bob, _ := r.Join("bob", false)
	teacher, _ := r.Join("teacher", true)
	alice, _ := r.Join("alice", false)
	teacher.Lead(room.Lead{Lab: "countdown", Setup: labs.Setup{Variants: []string{"yielding"}, Step: 2}})
	alice.Report(room.Place{Lab: "countdown", Variants: []string{"yielding"}, Step: 2, Following: true,
		Guesses: []labs.Guess{{Variant: "yielding", Value: "6s"}}, Exercises: room.Count{Solved: 2, Total: 12}})
	bob.Report(room.Place{Lab: "chess", Set: map[string]string{"boards": "12"}, Step: 1})
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	f, err := roomfile.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range f.Seats {
		got = append(got, fmt.Sprintf("%s teacher=%v %s/%d %v %v following=%v %v ex=%v", s.Name, s.Teacher, s.Lab, s.Step, s.Variants, s.Set, s.Following, s.Guesses, s.Exercises))
	}
	want := []string{
		"teacher teacher=true /0 [] map[] following=false [] ex={0 0}",
		"alice teacher=false countdown/2 [yielding] map[] following=true [{yielding  6s}] ex={2 12}",
		"bob teacher=false chess/1 [] map[boards:12] following=false [] ex={0 0}",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("room.json seats =\n%v\nwant\n%v", got, want)
	}
	if f.Teacher != "teacher" || f.Lead == nil || f.Lead.Lab != "countdown" || f.Lead.Step != 2 || f.Ended {
		t.Errorf("room.json lead = %q %+v, ended %v", f.Teacher, f.Lead, f.Ended)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if f, err := roomfile.Read(dir); err != nil || !f.Ended || len(f.Seats) != 3 {
		t.Errorf("room.json after Close: ended %v, %d seats, %v; want ended, 3 seats", f.Ended, len(f.Seats), err)
	}
	for _, s := range []*Seat{alice, bob, teacher} {
		s.Leave()
	}
}

// TestConcurrentSeats: thirty students and a teacher report, lead, wait
// and leave at once (run with -race), with the saver writing room.json
// meanwhile; nothing is left running (goleak) and the file read at the
// end is whole.
func TestConcurrentSeats(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"), // chroma's clock and Bubble Tea's input reader, from another test's TUI
		goleak.IgnoreTopFunction("github.com/charmbracelet/ultraviolet.(*TerminalReader).sendEvents"))
	r, dir := openRoom(t)
	teacher, _ := r.Join("teacher", true)
	var wg sync.WaitGroup
	for i := range 30 {
		s, err := r.Join(fmt.Sprintf("student%02d", i), false)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(2)
		go func() { // the session's waiting command, run again after each answer
			defer wg.Done()
			for {
				if msg := s.Wait(); msg == nil || msg == (room.EndedMsg{}) {
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for step := range 20 {
				s.Report(room.Place{Lab: "countdown", Step: step + 1, Following: step%2 == 0})
				_ = s.Members()
			}
			if i%2 == 0 {
				s.Leave()
			}
		}()
		if i%2 == 1 {
			defer s.Leave()
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for step := range 50 {
			teacher.Lead(room.Lead{Lab: "countdown", Setup: labs.Setup{Step: step}})
			teacher.Poll()
		}
	}()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	// The students who stay wait until the class ends.
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	<-done
	teacher.Leave()
	f, err := roomfile.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Ended {
		t.Errorf("room.json after Close is not ended")
	}
}
