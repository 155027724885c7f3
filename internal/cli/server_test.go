package cli_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/require"

	"conclab/internal/classroom"
	"conclab/internal/cli"
	"conclab/internal/realrun"
)

// startServe runs conclab serve with args in the test (stopped at its
// end) and returns the URL it prints and its standard output so far.
func startServe(t *testing.T, args ...string) (url string, out *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	var errb syncBuffer
	done := make(chan int)
	go func() {
		done <- cli.Main(append([]string{"serve"}, args...), cli.Env{Stdout: out, Stderr: &errb, Stdin: strings.NewReader(""), Context: ctx})
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("conclab serve %v: exit %d: %s", args, code, errb.String())
		}
	})
	first := regexp.MustCompile(`conclab slow server on (http://\S+)`)
	require.Eventually(t, func() bool { return first.MatchString(out.String()) }, 10*time.Second, 5*time.Millisecond, "serve: %s", errb.String())
	return first.FindStringSubmatch(out.String())[1], out
}

// TestRunRealOnAServe: run --real --server sends a real run's requests to a
// running conclab serve (its log shows each, at the delay the virtual twin
// drew), and says so.
func TestRunRealOnAServe(t *testing.T) {
	url, log := startServe(t, "--addr", "127.0.0.1:0")
	code, out, errs := run("run", "flags", "--real", "--variant", "limited", "--set", "count=6", "--set", "limit=2",
		"--set", "delay=50ms", "--server", url+"/")
	if code != 0 {
		t.Fatalf("run flags --real --server %s: exit %d: %s", url, code, errs)
	}
	for _, re := range []string{
		`real runs: real goroutines, real HTTP, the wall clock;`,
		`requests to the conclab serve at ` + regexp.QuoteMeta(url) + ` \(not one of the run's own\);\nmax_in_flight and requests count this run's own\n`,
		`limited\s+0:00:00\.150\s+0:00:00\.\d+\s+\d+\.\d\dx\s+limited\s+max_in_flight=2 requests=6 server=` + regexp.QuoteMeta(url) + ` tally=\{"200":6\}`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("run flags --real --server: output lacks %s:\n%s", re, out)
		}
	}
	if !strings.Contains(errs, "requests go to the conclab serve at "+url+"\n") {
		t.Errorf("stderr = %q, want it to say the server", errs)
	}
	if n := strings.Count(log.String(), "?delay=50ms&status=200 200 "); n != 6 {
		t.Errorf("serve logged %d of the run's requests, want 6:\n%s", n, log)
	}
}

// TestRunRealServerRefused: a bad URL, a server that does not answer, and
// one that is not a conclab serve: one line each, exit 2, and no run.
func TestRunRealServerRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := ln.Addr().String()
	ln.Close()
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "<h1>hello</h1>") }))
	defer other.Close()
	tests := []struct {
		server, want string
	}{
		{"127.0.0.1:8001", `server "127.0.0.1:8001" is not a URL like http://192.168.1.10:8001 (the address conclab serve prints)`},
		{"http://" + closed, "cannot reach server http://" + closed + " (connection refused): is conclab serve running there, with --addr 0.0.0.0:PORT for other machines?"},
		{other.URL, "server " + other.URL + " answers, but it is not a conclab serve (GET / gave 200 OK, not conclab's slow server page)"},
	}
	for _, tt := range tests {
		code, out, errs := run("run", "flags", "--real", "--variant", "limited", "--set", "count=2", "--server", tt.server)
		if code != cli.ExitUsage || errs != "conclab: "+tt.want+"\n" || out != "" {
			t.Errorf("run flags --real --server %s = %d, stderr %q, stdout %q; want 2 and %q", tt.server, code, errs, out, tt.want)
		}
	}
	code, _, errs := run("run", "flags", "--server", "http://127.0.0.1:8001")
	if want := "conclab: --server is where real runs send their requests: add --real\n"; code != cli.ExitUsage || errs != want {
		t.Errorf("run flags --server without --real = %d %q, want 2 %q", code, errs, want)
	}
}

// TestServeOnEveryInterface: serve --addr 0.0.0.0:PORT prints the
// addresses other machines reach it at, and each of them answers as a
// conclab serve (from this machine).
func TestServeOnEveryInterface(t *testing.T) {
	url, out := startServe(t, "--addr", "0.0.0.0:0")
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("serve --addr 0.0.0.0:0 says it is on %s, want this machine's loopback", url)
	}
	if _, err := realrun.CheckServer(context.Background(), url); err != nil {
		t.Error(err)
	}
	text := out.String()
	_, others, ok := strings.Cut(text, "other machines reach it at ")
	if !ok {
		if !strings.Contains(text, "other machines: this machine has no network address but loopback") {
			t.Fatalf("serve --addr 0.0.0.0:0 says nothing of other machines:\n%s", text)
		}
		t.Skip("this machine has no network address but loopback")
	}
	others, _, _ = strings.Cut(others, "\n")
	port := url[strings.LastIndex(url, ":"):]
	for _, addr := range strings.Split(others, ", ") {
		if !strings.HasSuffix(addr, port) {
			t.Errorf("address %s: want port %s", addr, port)
		}
		if _, err := realrun.CheckServer(context.Background(), addr); err != nil {
			t.Errorf("serve says other machines reach it at %s, but: %v", addr, err)
		}
	}
}

// TestClassroomServer: classroom --server checks the serve once at start
// and says that every session's real runs use it; a URL where no conclab
// serve answers is one line, exit 2, and no classroom.
func TestClassroomServer(t *testing.T) {
	url, _ := startServe(t, "--addr", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	session := func(*classroom.Session) (tea.Model, []tea.ProgramOption) { return nil, nil }
	go func() {
		done <- cli.Main([]string{"classroom", "--addr", "127.0.0.1:0", "--dir", t.TempDir(), "--server", url},
			cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Context: ctx, Session: session})
	}()
	want := "real runs (R) of every session use the conclab serve at " + url + "\n"
	require.Eventually(t, func() bool { return strings.Contains(out.String(), want) }, 10*time.Second, 5*time.Millisecond,
		"classroom --server %s printed %q, want the line %q", url, out.String(), want)
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("conclab classroom --server = %d, stderr %q", code, errb.String())
	}

	var out2, errb2 syncBuffer
	code := cli.Main([]string{"classroom", "--addr", "127.0.0.1:0", "--dir", t.TempDir(), "--server", "http://127.0.0.1:1"},
		cli.Env{Stdout: &out2, Stderr: &errb2, Stdin: strings.NewReader(""), Session: session})
	line := errb2.String()
	if code != cli.ExitUsage || !strings.HasPrefix(line, "conclab: --server: ") || strings.Count(line, "\n") != 1 || out2.String() != "" {
		t.Errorf("classroom --server http://127.0.0.1:1 = %d, stdout %q, stderr %q; want 2, nothing, one line", code, out2.String(), line)
	}
}
