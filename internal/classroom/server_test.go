package classroom_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"

	"conclab/internal/check"
	"conclab/internal/classroom"
	"conclab/tui"
)

// libraryGoroutines are goroutines of libraries that outlive what started
// them, not the classroom's: chroma's regexp2 keeps a clock goroutine for a
// while after a match (the TUI highlights Go source); Bubble Tea v2.0.10's
// input reader can stay blocked handing on an event that arrived as its
// program quit (ultraviolet's TerminalReader.sendEvents; seen once under
// -race in CI).
var libraryGoroutines = []goleak.Option{
	goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"),
	goleak.IgnoreTopFunction("github.com/charmbracelet/ultraviolet.(*TerminalReader).sendEvents"),
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		serveChild(dir) // TestLoad's server
	}
	goleak.VerifyTestMain(m, libraryGoroutines...)
}

// TestTwoStudents: two students at once, each in their own conclab at
// their own size, each with their own progress file.
func TestTwoStudents(t *testing.T) {
	dir := t.TempDir()
	srv := serve(t, classroom.Config{Dir: dir, Model: tui.Session})
	ada := open(t, srv, "ada", 80, 24)
	bob := open(t, srv, "Bob", 100, 30) // kept as bob
	for _, tm := range []*term{ada, bob} {
		tm.waitFor(`conclab — an interactive concurrency lab`)
	}
	ada.send("\r")  // the first lab
	bob.send("j\r") // the second
	ada.waitFor(`conclab › Spinner`)
	bob.waitFor(`conclab › Countdowns`)
	if s := ada.Screen(); strings.Contains(s, "Countdowns") {
		t.Errorf("ada's screen shows bob's lab:\n%s", s)
	}
	if got := widest(ada.Screen()); got > 80 {
		t.Errorf("ada's screen is %d columns wide, want at most 80", got)
	}
	if got := widest(bob.Screen()); got <= 80 {
		t.Errorf("bob's screen is %d columns wide, want more than 80 (his terminal has 100)", got)
	}
	ada.send("n") // step 2
	ada.waitFor(`Step 2 of`)
	for _, tm := range []*term{ada, bob} {
		tm.send("q")
		if status, screen := tm.ended(); status != 0 || !strings.Contains(lastLine(screen), "conclab: goodbye") {
			t.Errorf("after q: status %d, last line %q, want 0 and a goodbye", status, lastLine(screen))
		}
	}
	for name, want := range map[string]check.LastLab{"ada": {Lab: "spinner", Step: 2}, "bob": {Lab: "countdown", Step: 1}} {
		p := progress(t, dir, name)
		if p.Last == nil || p.Last.Lab != want.Lab || p.Last.Step != want.Step {
			t.Errorf("%s's progress.json: last lab %+v, want %s at step %d", name, p.Last, want.Lab, want.Step)
		}
	}
}

// widest is the width of the widest line of screen.
func widest(screen string) int {
	w := 0
	for _, l := range strings.Split(screen, "\n") {
		w = max(w, len([]rune(strings.TrimRight(l, " "))))
	}
	return w
}

// progress reads DIR/students/NAME/progress.json.
func progress(t *testing.T, dir, name string) check.Progress {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "students", name, check.ProgressFile))
	if err != nil {
		t.Fatalf("%s's progress: %v", name, err)
	}
	var p check.Progress
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("%s's progress: %v", name, err)
	}
	return p
}

// TestShutdownSavesState: Close tells every session with a line, ends it
// with status 0 and keeps where each student was.
func TestShutdownSavesState(t *testing.T) {
	dir := t.TempDir()
	srv := serve(t, classroom.Config{Dir: dir, Model: tui.Session})
	ada := open(t, srv, "ada", 80, 24)
	ada.waitFor(`conclab — an interactive concurrency lab`)
	ada.send("\r")
	ada.waitFor(`conclab › Spinner`)
	ada.send("nn")
	ada.waitFor(`Step 3 of`)
	closed := make(chan struct{})
	go func() { closeServer(t, srv); close(closed) }()
	status, screen := ada.ended()
	ada.close() // as ssh does when its session ends
	<-closed
	if want := "conclab: the classroom is closing: your progress is kept. Goodbye, ada."; status != 0 || lastLine(screen) != want {
		t.Errorf("after Close: status %d, last line %q, want 0 and %q", status, lastLine(screen), want)
	}
	if p := progress(t, dir, "ada"); p.Last == nil || p.Last.Lab != "spinner" || p.Last.Step != 3 {
		t.Errorf("after Close, ada's last lab is %+v, want spinner at step 3", p.Last)
	}
	if _, err := dial(srv, "bob"); err == nil {
		t.Error("a login after Close was let in")
	}
}

// teacherKey writes an authorized_keys file with a new key and returns
// its path and the key's signer.
func teacherKey(t *testing.T) (string, gossh.Signer) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "teacher.pub")
	if err := os.WriteFile(path, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, signer
}

func newSigner(t *testing.T) gossh.Signer {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLogin: who gets in, and as whom.
func TestLogin(t *testing.T) {
	keys, key := teacherKey(t)
	other := newSigner(t)
	open := classroom.Config{Token: "tok-en"}
	withKey := classroom.Config{TeacherKeys: keys}
	class := classroom.Config{Password: "tuesday", Token: "tok-en"}
	for _, tc := range []struct {
		name    string
		cfg     classroom.Config
		user    string
		auth    []gossh.AuthMethod
		teacher bool // logged in as the teacher; else as a student, or refused when !in
		in      bool
	}{
		{"a student needs nothing", open, "ada", nil, false, true},
		{"the teacher with the token", open, "teacher", []gossh.AuthMethod{gossh.Password("tok-en")}, true, true},
		{"the teacher in capitals", open, "Teacher", []gossh.AuthMethod{gossh.Password("tok-en")}, true, true},
		{"the teacher with a wrong token", open, "teacher", []gossh.AuthMethod{gossh.Password("tok-em")}, false, false},
		{"the teacher with nothing", open, "teacher", nil, false, false},
		{"the teacher with the class password", class, "teacher", []gossh.AuthMethod{gossh.Password("tuesday")}, false, false},
		{"the teacher with the key", withKey, "teacher", []gossh.AuthMethod{gossh.PublicKeys(key)}, true, true},
		{"the teacher with another key", withKey, "teacher", []gossh.AuthMethod{gossh.PublicKeys(other)}, false, false},
		{"no token with a teacher key", withKey, "teacher", []gossh.AuthMethod{gossh.Password("")}, false, false},
		{"a student with the teacher's key is a student", withKey, "ada", []gossh.AuthMethod{gossh.PublicKeys(key)}, false, true},
		{"a student with the class password", class, "ada", []gossh.AuthMethod{gossh.Password("tuesday")}, false, true},
		{"a student with a wrong class password", class, "ada", []gossh.AuthMethod{gossh.Password("monday")}, false, false},
		{"a student without the class password", class, "ada", nil, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, tc.cfg)
			client, err := dial(srv, tc.user, tc.auth...)
			if !tc.in {
				if err == nil {
					client.Close()
					t.Fatalf("login as %s = let in, want refused", tc.user)
				}
				return
			}
			if err != nil {
				t.Fatalf("login as %s: %v", tc.user, err)
			}
			tm := start(t, client, 80, 24, func(s *gossh.Session) error {
				if err := s.RequestPty("xterm-256color", 24, 80, nil); err != nil {
					return err
				}
				return s.Shell()
			})
			tm.waitFor(`teacher=` + map[bool]string{true: "true", false: "false"}[tc.teacher] + ` size=80x24`)
		})
	}
}

// TestRefusals: what is turned away says why in one line, and exits 1.
func TestRefusals(t *testing.T) {
	srv := serve(t, classroom.Config{MaxSessions: 1, Token: "tok"})
	ada := open(t, srv, "ada", 80, 24)
	ada.waitFor(`name=ada`)
	withPty := func(s *gossh.Session) error {
		if err := s.RequestPty("xterm-256color", 24, 80, nil); err != nil {
			return err
		}
		return s.Shell()
	}
	for _, tc := range []struct {
		name, user string
		run        func(*gossh.Session) error
		want       string
	}{
		{"a bad name", "Ada Lovelace", withPty, `conclab: "Ada Lovelace" is not a name conclab takes: use 1 to 32 letters, digits, '.', '-' or '_', starting with a letter or a digit (e.g. ssh -p PORT ada@127.0.0.1)`},
		{"a name too long", strings.Repeat("a", 33), withPty, "is not a name conclab takes"},
		{"a full class", "bob", withPty, "conclab: the class is full (1 student connected, the most this classroom takes): try again later"},
		{"no terminal", "ada", func(s *gossh.Session) error { return s.Shell() }, "conclab: no terminal: connect with ssh -t -p PORT ada@127.0.0.1"},
		{"a command", "ada", func(s *gossh.Session) error { return s.Start("rm -rf /") }, "conclab: the classroom runs no commands: connect with ssh -p PORT ada@127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, err := dial(srv, tc.user)
			if err != nil {
				t.Fatal(err)
			}
			tm := start(t, client, 200, 5, tc.run)
			status, screen := tm.ended()
			want := strings.ReplaceAll(tc.want, "PORT", port(srv))
			if screen = strings.TrimRight(screen, "\n"); status != 1 || !strings.Contains(screen, want) || strings.Count(screen, "\n") > 0 {
				t.Errorf("%s: status %d, screen %q, want 1 and one line with %q", tc.name, status, screen, want)
			}
		})
	}
	// The teacher is not counted: a full class still lets them in.
	teacher := open(t, srv, "teacher", 80, 24, gossh.Password("tok"))
	teacher.waitFor(`teacher=true`)
	if st := srv.Stats(); st.Refused != 5 || st.Served != 2 {
		t.Errorf("Stats() = %+v, want 5 refused and 2 served", st)
	}
}

func port(srv *classroom.Server) string {
	a := srv.Addr().String()
	return a[strings.LastIndex(a, ":")+1:]
}

// TestReconnectTakesOver: the same name connecting again ends its older
// session, which says where from; the class stays within its limit.
func TestReconnectTakesOver(t *testing.T) {
	srv := serve(t, classroom.Config{MaxSessions: 1})
	old := open(t, srv, "ada", 80, 24)
	old.waitFor(`name=ada`)
	again := open(t, srv, "ada", 80, 24)
	again.waitFor(`name=ada`)
	status, screen := old.ended()
	if !strings.Contains(lastLine(screen), "conclab: ada connected again from 127.0.0.1:") || status != 0 {
		t.Errorf("the older session ended with status %d and %q", status, lastLine(screen))
	}
	if got := srv.Connected(); len(got) != 1 || got[0] != "ada" {
		t.Errorf("Connected() = %v, want [ada]", got)
	}
}

// TestIdle: a session with no key for the idle timeout ends with a line
// that says so; keys keep it open.
func TestIdle(t *testing.T) {
	const idle = 600 * time.Millisecond
	srv := serve(t, classroom.Config{IdleTimeout: idle})
	typing := open(t, srv, "ada", 80, 24)
	quiet := open(t, srv, "bob", 80, 24)
	typing.waitFor(`name=ada`)
	quiet.waitFor(`name=bob`)
	start := time.Now()
	for i := 0; time.Since(start) < 2*idle; i++ {
		typing.send("x")
		time.Sleep(idle / 6)
	}
	status, screen := quiet.ended()
	if want := "conclab: no key for 600ms: this session ends (your progress is kept: ssh -p " + port(srv) + " bob@127.0.0.1 to go on)"; status != 0 || lastLine(screen) != want {
		t.Errorf("the quiet session ended with %d and %q, want 0 and %q", status, lastLine(screen), want)
	}
	if got := typing.Screen(); !strings.Contains(got, "name=ada") {
		t.Errorf("the typing session ended after %s:\n%s", time.Since(start), got)
	}
}

// TestHostKey: the host key is created once (0600) and kept: the same
// fingerprint on the next start.
func TestHostKey(t *testing.T) {
	dir := t.TempDir()
	first := serve(t, classroom.Config{Dir: dir})
	st, err := os.Stat(filepath.Join(dir, classroom.HostKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %v, want 0600", st.Mode().Perm())
	}
	closeServer(t, first)
	second := serve(t, classroom.Config{Dir: dir})
	if first.Fingerprint() != second.Fingerprint() || !strings.HasPrefix(first.Fingerprint(), "SHA256:") {
		t.Errorf("fingerprints %q then %q, want the same SHA256:...", first.Fingerprint(), second.Fingerprint())
	}
	if _, err := classroom.Start("127.0.0.1:0", classroom.Config{Dir: dir, HostKey: dir, Model: echoModel}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("a directory as the host key: %v", err)
	}
}

func TestBadTeacherKeys(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	junk := filepath.Join(dir, "junk")
	os.WriteFile(empty, []byte("# no key\n"), 0o644)
	os.WriteFile(junk, []byte("ssh-ed25519 notakey\n"), 0o644)
	for path, want := range map[string]string{
		filepath.Join(dir, "missing"): "no such file",
		empty:                         "has no key in it",
		junk:                          "line 1: not a public key",
	} {
		_, err := classroom.Start("127.0.0.1:0", classroom.Config{Dir: dir, TeacherKeys: path, Model: echoModel})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Start(TeacherKeys %s) = %v, want an error with %q", filepath.Base(path), err, want)
		}
	}
}

func TestNameOf(t *testing.T) {
	for _, tc := range []struct {
		user, want string
		ok         bool
	}{
		{"ada", "ada", true},
		{"Ada", "ada", true},
		{"j.doe-2_x", "j.doe-2_x", true},
		{"7", "7", true},
		{"", "", false},
		{".hidden", "", false},
		{"-x", "", false},
		{"a/b", "", false},
		{"..", "", false},
		{"ada lovelace", "", false},
		{"zoë", "", false},
		{strings.Repeat("a", 32), strings.Repeat("a", 32), true},
		{strings.Repeat("a", 33), "", false},
	} {
		got, err := classroom.NameOf(tc.user)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("NameOf(%q) = %q, %v, want %q, ok %v", tc.user, got, err, tc.want, tc.ok)
		}
	}
}

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok := classroom.NewToken()
		if len(tok) != 14 || strings.Count(tok, "-") != 2 || bytes.ContainsAny([]byte(tok), "01ilo") {
			t.Fatalf("NewToken() = %q, want 3 groups of 4 unambiguous characters", tok)
		}
		if seen[tok] {
			t.Fatalf("NewToken() repeated %q", tok)
		}
		seen[tok] = true
	}
}
