package classroom_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"conclab/internal/classroom"
)

// A term is one student's terminal: an SSH client (golang.org/x/crypto/ssh)
// with a pty, whose output a terminal emulator (charmbracelet/x/vt) draws,
// so that tests read the screen the student sees. The emulator's answers
// to the program's queries (its background colour...) go back as input,
// as a real terminal's do.
type term struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session

	inMu  sync.Mutex
	stdin io.WriteCloser

	mu     sync.Mutex
	screen *vt.Emulator

	output    chan struct{} // closed when the session's output ends
	closeOnce sync.Once
	exit      chan error // the session's end (nil: exit status 0)
}

// dial logs in as user, checking the server's host key.
func dial(srv *classroom.Server, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", srv.Addr().String(), &gossh.ClientConfig{
		User: user,
		Auth: auth,
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			if got := gossh.FingerprintSHA256(key); got != srv.Fingerprint() {
				return fmt.Errorf("host key %s, want %s", got, srv.Fingerprint())
			}
			return nil
		},
		Timeout: 5 * time.Second,
	})
}

// open logs in as user, asks for a w×h pty and a shell, and starts drawing.
func open(t testing.TB, srv *classroom.Server, user string, w, h int, auth ...gossh.AuthMethod) *term {
	t.Helper()
	client, err := dial(srv, user, auth...)
	if err != nil {
		t.Fatalf("log in as %s: %v", user, err)
	}
	tm := start(t, client, w, h, func(s *gossh.Session) error {
		if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
			return err
		}
		return s.Shell()
	})
	return tm
}

// start opens a session on client, run asks for what it runs, and its
// output is drawn on a w×h screen.
func start(t testing.TB, client *gossh.Client, w, h int, run func(*gossh.Session) error) *term {
	t.Helper()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	tm := &term{t: t, client: client, sess: sess, screen: vt.NewEmulator(w, h), output: make(chan struct{}), exit: make(chan error, 1)}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := sess.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if tm.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); io.Copy(tm, stdout) }() //nolint:errcheck // ends with the session
	go func() { defer wg.Done(); io.Copy(tm, stderr) }() //nolint:errcheck
	go func() { wg.Wait(); close(tm.output) }()
	go func() { // the terminal's answers to the program's queries
		buf := make([]byte, 256)
		for {
			n, err := tm.screen.Read(buf)
			if n > 0 {
				tm.send(string(buf[:n]))
			}
			if err != nil {
				return
			}
		}
	}()
	if err := run(sess); err != nil {
		t.Fatalf("start the session: %v", err)
	}
	go func() { tm.exit <- sess.Wait() }()
	t.Cleanup(tm.close)
	return tm
}

// Write draws the session's output.
func (tm *term) Write(p []byte) (int, error) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.screen.Write(p)
}

// send types s.
func (tm *term) send(s string) {
	tm.inMu.Lock()
	defer tm.inMu.Unlock()
	io.WriteString(tm.stdin, s) //nolint:errcheck // a closed session takes no keys; the screen shows it
}

// Screen is the screen as text.
func (tm *term) Screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.screen.String()
}

// waitFor waits until the screen matches re, and returns it.
func (tm *term) waitFor(re string) string {
	tm.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := tm.Screen()
		if rx.MatchString(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed /%s/; it shows:\n%s", re, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ended waits for the session to end and returns its exit status and the
// screen it left.
func (tm *term) ended() (status int, screen string) {
	tm.t.Helper()
	select {
	case err := <-tm.exit:
		tm.exit <- err
		<-tm.output
		var ee *gossh.ExitError
		switch {
		case err == nil:
		case errors.As(err, &ee):
			status = ee.ExitStatus()
		default:
			tm.t.Fatalf("the session ended without an exit status: %v", err)
		}
		return status, tm.Screen()
	case <-time.After(5 * time.Second):
		tm.t.Fatalf("the session did not end; the screen:\n%s", tm.Screen())
	}
	return 0, ""
}

// close ends the client and the goroutines reading for it (again: nothing).
func (tm *term) close() {
	tm.closeOnce.Do(tm.closeNow)
}

func (tm *term) closeNow() {
	tm.sess.Close()
	tm.client.Close()
	<-tm.output
	tm.screen.InputPipe().(*io.PipeWriter).Close() // ends the answering goroutine
}

// lastLine is the last line of the screen with text (a line the
// terminal wrapped is joined again).
func lastLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n "), "\n")
	i := len(lines) - 1
	for i > 0 && !strings.HasPrefix(lines[i], "conclab:") && len([]rune(lines[i-1])) >= 80 {
		i-- // a wrapped line: the one before it fills the width
	}
	return strings.Join(lines[i:], "")
}

// echo is a model that shows who it serves, its size and the keys it got,
// and quits on q: the server's tests need nothing more of a TUI.
type echo struct {
	s    *classroom.Session
	w, h int
	keys string
}

func echoModel(s *classroom.Session) (tea.Model, []tea.ProgramOption) { return echo{s: s}, nil }

func (e echo) Init() tea.Cmd { return nil }

func (e echo) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		e.w, e.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		if msg.String() == "q" {
			return e, tea.Quit
		}
		e.keys += msg.String()
	}
	return e, nil
}

func (e echo) View() tea.View {
	v := tea.NewView(fmt.Sprintf("name=%s teacher=%v size=%dx%d keys=%s TERM=%s", e.s.Name, e.s.Teacher, e.w, e.h, e.keys, e.s.Getenv("TERM")))
	v.AltScreen = true
	return v
}

// serve starts a classroom on a loopback port with cfg (Dir: a temporary
// directory unless set; Model: echo unless set), closed at the end of the
// test.
func serve(t testing.TB, cfg classroom.Config) *classroom.Server {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir = t.TempDir()
	}
	if cfg.Model == nil {
		cfg.Model = echoModel
	}
	srv, err := classroom.Start("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeServer(t, srv) })
	return srv
}

func closeServer(t testing.TB, srv *classroom.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Close(ctx); err != nil {
		t.Errorf("Close() = %v, want nil", err)
	}
}
