package cli

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/internal/classroom"
)

// blank is a TUI with nothing in it: these tests are about the command.
type blank struct{}

func (blank) Init() tea.Cmd                         { return nil }
func (b blank) Update(tea.Msg) (tea.Model, tea.Cmd) { return b, tea.Quit }
func (blank) View() tea.View                        { return tea.NewView("") }

func blankSession(*classroom.Session) (tea.Model, []tea.ProgramOption) { return blank{}, nil }

func TestClassroomBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "nowhere"}, `conclab: --addr "nowhere" is not host:port (e.g. 127.0.0.1:2222)`},
		{[]string{"--max-sessions", "0"}, `conclab: --max-sessions "0" is not a whole number from 1 to 1000`},
		{[]string{"--max-sessions", "1001"}, `conclab: --max-sessions "1001" is not a whole number from 1 to 1000`},
		{[]string{"--idle", "-1s"}, `conclab: --idle "-1s" is not a duration >= 0 (e.g. 30m, 1h; 0 never)`},
		{[]string{"--idle", "soon"}, `conclab: --idle "soon" is not a duration >= 0 (e.g. 30m, 1h; 0 never)`},
		{[]string{"--password", ""}, `conclab: --password is empty: leave the flag out for a class without a password`},
		{[]string{"--dir", ""}, `conclab: --dir is empty: name a directory (e.g. --dir classroom)`},
		{[]string{"now"}, `conclab: classroom takes no arguments, got "now" (see conclab help classroom)`},
		{[]string{"--teacher-key", filepath.Join(t.TempDir(), "none.pub"), "--addr", "127.0.0.1:0", "--dir", t.TempDir()}, "conclab: teacher key: open "},
	} {
		var out, errb classBuffer
		code := Main(append([]string{"classroom"}, tc.args...), Env{Stdout: &out, Stderr: &errb, Session: blankSession})
		if code == 0 || !strings.HasPrefix(strings.TrimSpace(errb.String()), tc.want) || strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 {
			t.Errorf("conclab classroom %v = %d %q, want an error line starting %q", tc.args, code, errb.String(), tc.want)
		}
	}
}

// TestClassroomStartsAndCloses: the lines printed at start say how
// students and the teacher connect; the end of the context closes it
// with exit status 0.
func TestClassroomStartsAndCloses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "class")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb classBuffer
	done := make(chan int)
	go func() {
		done <- Main([]string{"classroom", "--addr", "127.0.0.1:0", "--dir", dir, "--max-sessions", "30", "--idle", "1h"},
			Env{Stdout: &out, Stderr: &errb, Context: ctx, Session: blankSession})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "ctrl+c closes") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("conclab classroom = %d, stderr %q", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		`^conclab classroom on 127\.0\.0\.1:(\d+)  \(progress in ` + regexp.QuoteMeta(dir) + `, host key ` + regexp.QuoteMeta(filepath.Join(dir, classroom.HostKeyFile)) + ` SHA256:\S+\)$`,
		`^students: ssh -p \d+ NAME@127\.0\.0\.1    \(no password\)$`,
		`^teacher:  ssh -p \d+ teacher@127\.0\.0\.1    password: [a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}  \(this run's token; --teacher-key for a key instead\)$`,
		`^at most 30 students at once; a session with no key for 1h ends; ctrl\+c closes the classroom$`,
		`^closing the classroom: telling the sessions, saving their progress\.\.\.$`,
		`^closed: 0 sessions served \(at most 0 at once\), 0 refused; progress in ` + regexp.QuoteMeta(filepath.Join(dir, "students")) + `$`,
	}
	if len(lines) != len(want) {
		t.Fatalf("conclab classroom printed:\n%s\nwant %d lines", out.String(), len(want))
	}
	for i, re := range want {
		if !regexp.MustCompile(re).MatchString(lines[i]) {
			t.Errorf("line %d = %q, want /%s/", i+1, lines[i], re)
		}
	}
	if errb.String() != "" {
		t.Errorf("stderr %q, want nothing on loopback", errb.String())
	}
	if _, err := os.Stat(filepath.Join(dir, classroom.HostKeyFile)); err != nil {
		t.Errorf("no host key: %v", err)
	}
}

// TestClassroomBeyondLoopback: listening on every interface warns, and
// says the addresses other machines use.
func TestClassroomBeyondLoopback(t *testing.T) {
	old := interfaceAddrs
	t.Cleanup(func() { interfaceAddrs = old })
	interfaceAddrs = func() ([]net.Addr, error) {
		var out []net.Addr
		for _, cidr := range []string{"127.0.0.1/8", "192.0.2.2/24", "fe80::1/64"} {
			ip, n, _ := net.ParseCIDR(cidr)
			n.IP = ip
			out = append(out, n)
		}
		return out, nil
	}
	srv, err := classroom.Start("127.0.0.1:0", classroom.Config{Dir: t.TempDir(), Model: blankSession})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(context.Background())
	var out, errb classBuffer
	env := Env{Stdout: &out, Stderr: &errb}
	cfg := classroom.Config{Dir: "class", TeacherKeys: "keys.pub", Password: "tuesday", MaxSessions: 1}
	printClassroom(env, "0.0.0.0:2222", srv, cfg)
	_, port, _ := net.SplitHostPort(srv.Addr().String())
	for _, want := range []string{
		"students: ssh -p " + port + " NAME@127.0.0.1    (password: the one you set with --password)",
		"          from other machines: ssh -p " + port + " NAME@192.0.2.2",
		"teacher:  ssh -p " + port + " teacher@127.0.0.1    with a key of keys.pub",
		"at most 1 student at once; ctrl+c closes the classroom",
	} {
		if !strings.Contains(out.String(), want+"\n") {
			t.Errorf("printed:\n%s\nwant a line %q", out.String(), want)
		}
	}
	if want := "conclab: warning: listening on 0.0.0.0:2222, beyond this machine\n"; errb.String() != want {
		t.Errorf("stderr %q, want %q", errb.String(), want)
	}
}

func TestShortDuration(t *testing.T) {
	for _, tc := range []struct {
		in   time.Duration
		want string
	}{{30 * time.Minute, "30m"}, {time.Hour, "1h"}, {90 * time.Second, "1m30s"}, {time.Hour + time.Minute, "1h1m"}, {400 * time.Millisecond, "400ms"}} {
		if got := shortDuration(tc.in); got != tc.want {
			t.Errorf("shortDuration(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// classBuffer is a bytes.Buffer safe for the server's goroutines.
type classBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (c *classBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.Write(p)
}

func (c *classBuffer) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.String()
}
