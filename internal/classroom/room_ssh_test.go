package classroom_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"conclab/internal/classroom"
	"conclab/internal/classroom/roomfile"
	"conclab/tui"
)

// TestTeacherLeadsOverSSH: over SSH (x/crypto/ssh clients on loopback),
// the teacher's lab and step reach a student's screen, which says it
// follows; the teacher's dashboard lists the student; room.json has them
// both, and says the class ended once the server closed.
func TestTeacherLeadsOverSSH(t *testing.T) {
	dir := t.TempDir()
	srv := serve(t, classroom.Config{Dir: dir, Model: tui.Session, Token: "tok-en"})
	ada := open(t, srv, "ada", 100, 30)
	ada.waitFor(`no teacher is leading yet`)
	teacher := open(t, srv, "teacher", 100, 30, gossh.Password("tok-en"))
	teacher.waitFor(`teacher · your screen leads the students'`)
	ada.waitFor(`following the teacher · ctrl\+f step away`)
	teacher.send("j\r") // countdown
	teacher.waitFor(`conclab › Countdowns`)
	teacher.send("n")
	teacher.waitFor(`Step 2 of`)
	ada.waitFor(`conclab › Countdowns`)
	ada.waitFor(`Step 2 of`)
	teacher.send("D")
	teacher.waitFor(`Classroom dashboard · 1 student connected · teacher on countdown step 2`)
	teacher.waitFor(`ada +countdown step 2 `)
	// room.json is saved a moment after a change (at most every 250 ms).
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		f, err := roomfile.Read(dir)
		if err == nil && len(f.Seats) == 2 && f.Seats[0].Name == "teacher" && f.Seats[1].Name == "ada" && f.Seats[1].Step == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("room.json = %+v, %v; want the teacher and ada at step 2", f, err)
		}
	}
	closeServer(t, srv)
	if f, err := roomfile.Read(dir); err != nil || !f.Ended {
		t.Errorf("room.json after Close: ended %v, %v; want ended", f.Ended, err)
	}
}

// TestFollowingIsNotIdle: a student who only watches the teacher's lead is
// not sent away after the idle timeout while the teacher leads; a student
// who stepped away and types nothing is.
func TestFollowingIsNotIdle(t *testing.T) {
	const idle = 1500 * time.Millisecond
	srv := serve(t, classroom.Config{Dir: t.TempDir(), Model: tui.Session, Token: "tok-en", IdleTimeout: idle})
	ada := open(t, srv, "ada", 100, 30)
	bob := open(t, srv, "bob", 100, 30)
	teacher := open(t, srv, "teacher", 100, 30, gossh.Password("tok-en"))
	ada.waitFor(`following the teacher · ctrl\+f step away`)
	bob.waitFor(`following the teacher · ctrl\+f step away`)
	bob.send("\x06") // ctrl+f: bob steps away, then types nothing
	bob.waitFor(`on your own · ctrl\+f follow the teacher`)
	teacher.send("j\r") // countdown
	teacher.waitFor(`conclab › Countdowns`)
	ada.waitFor(`conclab › Countdowns`)
	start := time.Now()
	for time.Since(start) < 2*idle {
		teacher.send("l") // the next event: a new lead each time
		time.Sleep(idle / 6)
	}
	if got := ada.Screen(); !strings.Contains(got, "following the teacher") {
		t.Errorf("ada, following, was sent away after %s:\n%s", time.Since(start), got)
	}
	if status, screen := bob.ended(); status != 0 || !strings.Contains(lastLine(screen), "no key for 1.5s: this session ends") {
		t.Errorf("bob, on his own and quiet, ended with %d and %q; want 0 and the idle line", status, lastLine(screen))
	}
}

// TestRealServerReachesSessions: Config.RealServer is on every session's
// Session, for the TUI's real runs (tui.Session gives it to WithRealServer).
func TestRealServerReachesSessions(t *testing.T) {
	got := make(chan string, 1)
	model := func(s *classroom.Session) (tea.Model, []tea.ProgramOption) {
		got <- s.RealServer
		return echoModel(s)
	}
	srv := serve(t, classroom.Config{RealServer: "http://127.0.0.1:8001", Model: model})
	ada := open(t, srv, "ada", 80, 24)
	ada.waitFor(`name=ada`)
	if s := <-got; s != "http://127.0.0.1:8001" {
		t.Errorf("Session.RealServer = %q, want the classroom's http://127.0.0.1:8001", s)
	}
}

// TestPictureOverSSH: ctrl+p in a student's session saves the screen under
// the classroom's directory (DIR/students/NAME/pictures, made when
// missing), not in the server's working directory, and the notice names
// it from the classroom's directory and says where it is; the teacher's
// go to DIR/teacher/pictures.
func TestPictureOverSSH(t *testing.T) {
	dir := t.TempDir()
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	before, _ := filepath.Glob(filepath.Join(cwd, "conclab-*.svg"))
	srv := serve(t, classroom.Config{Dir: dir, Model: tui.Session, Token: "tok-en"})
	ada := open(t, srv, "ada", 200, 30)
	ada.waitFor(`no teacher is leading yet`)
	ada.send("\x10") // ctrl+p
	screen := ada.waitFor(`screen saved as students/ada/pictures/conclab-home-\d{8}-\d{6}\.svg`)
	if !strings.Contains(screen, "(an SVG picture on the classroom's machine: the teacher has it; any key goes on)") {
		t.Errorf("the notice does not say where the picture is:\n%s", screen)
	}
	pics, _ := filepath.Glob(filepath.Join(dir, "students", "ada", "pictures", "conclab-home-*.svg"))
	if len(pics) != 1 {
		t.Fatalf("DIR/students/ada/pictures holds %v, want one picture", pics)
	}
	if b, err := os.ReadFile(pics[0]); err != nil || !strings.Contains(string(b), "<svg") {
		t.Errorf("the picture %s = %.40q, %v; want an SVG", pics[0], b, err)
	}
	teacher := open(t, srv, "teacher", 160, 30, gossh.Password("tok-en"))
	teacher.waitFor(`teacher · your screen leads`)
	teacher.send("\x10")
	teacher.waitFor(`screen saved as teacher/pictures/conclab-home-\d{8}-\d{6}\.svg \(an SVG picture in the classroom's directory; any key`)
	if pics, _ := filepath.Glob(filepath.Join(dir, "teacher", "pictures", "*.svg")); len(pics) != 1 {
		t.Errorf("DIR/teacher/pictures holds %v, want one picture", pics)
	}
	if after, _ := filepath.Glob(filepath.Join(cwd, "conclab-*.svg")); len(after) != len(before) {
		t.Errorf("pictures in the server's working directory: %v, want none new", after)
	}
}

// TestReconnectResumes: a student whose connection drops (the client goes
// without quitting) and who connects again comes back as they were: one
// who had stepped away is on their own, and enter opens their own step
// (not the teacher's); one who followed follows again.
func TestReconnectResumes(t *testing.T) {
	srv := serve(t, classroom.Config{Dir: t.TempDir(), Model: tui.Session, Token: "tok-en"})
	teacher := open(t, srv, "teacher", 100, 30, gossh.Password("tok-en"))
	ada := open(t, srv, "ada", 100, 30)
	bob := open(t, srv, "bob", 100, 30)
	teacher.send("j\r") // countdown
	teacher.waitFor(`conclab › Countdowns`)
	teacher.send("n")
	teacher.waitFor(`Step 2 of`)
	ada.waitFor(`Step 2 of`)
	bob.waitFor(`Step 2 of`)
	ada.send("\x06") // ctrl+f: ada steps away
	ada.waitFor(`on your own · ctrl\+f follow the teacher`)
	ada.send("nn")
	ada.waitFor(`Step 4 of`)
	gone := func(name string) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); slices.Contains(srv.Connected(), name); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s is still connected after the client went: %v", name, srv.Connected())
			}
		}
	}
	ada.close() // the connection drops: no q
	bob.close()
	gone("ada")
	gone("bob")

	ada = open(t, srv, "ada", 100, 30)
	ada.waitFor(`on your own · ctrl\+f follow the teacher`)
	ada.waitFor(`Welcome back: enter opens countdown as you left it`)
	ada.send("\r")
	ada.waitFor(`Step 4 of`)
	bob = open(t, srv, "bob", 100, 30)
	bob.waitFor(`following the teacher · ctrl\+f step away`)
	bob.waitFor(`Step 2 of`)
}
