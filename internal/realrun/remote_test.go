package realrun

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"conclab/internal/slowserver"
)

// serve starts conclab serve's slow server on a free loopback port, its log
// kept in the returned buffer, and stops it when the test ends.
func serve(t *testing.T) (url string, log *lockedBuffer) {
	t.Helper()
	log = &lockedBuffer{}
	r, err := slowserver.Start("127.0.0.1:0", slowserver.Config{Log: log, MaxDelay: time.Minute, MaxConns: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r.Close(ctx) //nolint:errcheck // the test is over
	})
	return r.URL, log
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// closedPort is a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestCheckServer(t *testing.T) {
	url, _ := serve(t)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "hello") }))
	defer other.Close()
	host := strings.TrimPrefix(url, "http://")
	closed := closedPort(t)
	tests := []struct {
		raw, want, err string
	}{
		{url, url, ""},
		{url + "/", url, ""},
		{"http://" + strings.Replace(host, "127.0.0.1", "localhost", 1), "http://" + strings.Replace(host, "127.0.0.1", "localhost", 1), ""},
		{host, "", `server "` + host + `" is not a URL like http://192.168.1.10:8001 (the address conclab serve prints)`},
		{"nowhere", "", `server "nowhere" is not a URL like http://192.168.1.10:8001 (the address conclab serve prints)`},
		{"https://" + host, "", `server "https://` + host + `": conclab serve speaks http, not https (e.g. http://` + host + ")"},
		{url + "/flags", "", `server "` + url + `/flags": give the server's address alone, ` + url + ", without a path, query or user"},
		{"http://127.0.0.1", "", `server "http://127.0.0.1": say the port, e.g. http://127.0.0.1:8001 (conclab serve's default)`},
		{"http://" + closed, "", "cannot reach server http://" + closed + " (connection refused): is conclab serve running there, with --addr 0.0.0.0:PORT for other machines?"},
		{other.URL, "", "server " + other.URL + " answers, but it is not a conclab serve (GET / gave 200 OK, not conclab's slow server page)"},
	}
	for _, tt := range tests {
		got, err := CheckServer(context.Background(), tt.raw)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if got != tt.want || msg != tt.err {
			t.Errorf("CheckServer(%q) = %q, %q; want %q, %q", tt.raw, got, msg, tt.want, tt.err)
		}
	}
}

// TestRunOnAServer: a real run with Options.Server sends its requests to
// that server (its log shows each, with the delay the virtual twin drew),
// counts them itself, says the server in its facts, and leaves the server
// running.
func TestRunOnAServer(t *testing.T) {
	url, log := serve(t)
	v, err := Lookup("flags", "limited")
	if err != nil {
		t.Fatal(err)
	}
	vals := values(t, "flags", map[string]string{"count": "6", "limit": "2", "delay": "50ms"})
	r, err := Start(context.Background(), v, vals, Options{Server: url})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if res.Facts[FactServer] != url || res.Facts["max_in_flight"] != int64(2) || res.Facts["requests"] != int64(6) {
		t.Errorf("facts = %v, want server %s, max_in_flight 2, requests 6", res.Facts, url)
	}
	if n := strings.Count(log.String(), "?delay=50ms&status=200 200 "); n != 6 {
		t.Errorf("the server logged %d requests of the run, want 6:\n%s", n, log)
	}
	if _, err := CheckServer(context.Background(), url); err != nil {
		t.Errorf("after the run: %v, want the server still running", err)
	}
}

// TestRemoteCounts: the counts of a shared server are this client's own:
// requests in flight until their answer's body is closed.
func TestRemoteCounts(t *testing.T) {
	url, _ := serve(t)
	rem := &remote{url: url}
	hc := &http.Client{Transport: rem.Transport(http.DefaultTransport)}
	defer hc.CloseIdleConnections()
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			resp, err := hc.Get(url + "/sites/1?delay=100ms")
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		})
	}
	wg.Wait()
	if st := rem.Stats(); st.Requests != 3 || st.MaxInFlight != 3 || st.InFlight != 0 {
		t.Errorf("after 3 requests at once: Stats() = %+v, want 3 requests, 3 at most in flight, none now", st)
	}
	rem.ResetStats()
	if st := rem.Stats(); st.Requests != 0 || st.MaxInFlight != 0 {
		t.Errorf("after ResetStats: Stats() = %+v, want zeros", st)
	}
	if _, err := hc.Get("http://" + closedPort(t) + "/"); err == nil {
		t.Fatal("a request to a closed port succeeded")
	}
	if st := rem.Stats(); st.Requests != 1 || st.InFlight != 0 {
		t.Errorf("after a failed request: Stats() = %+v, want 1 request, none in flight", st)
	}
}

func TestChildUsesTheServer(t *testing.T) {
	env, err := childSpec{program: "checker/racy", server: "http://192.0.2.1:8001"}.environ("")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, kv := range env {
		if strings.HasPrefix(kv, serverEnv+"=") {
			got = append(got, kv)
		}
	}
	if len(got) != 1 || got[0] != serverEnv+"=http://192.0.2.1:8001" {
		t.Errorf("environ() has %v, want %s=http://192.0.2.1:8001 once", got, serverEnv)
	}
	srv, err := childEnv{server: "http://192.0.2.1:8001"}.Server()
	if err != nil || srv.URL() != "http://192.0.2.1:8001" {
		t.Errorf("childEnv{server}.Server() = %v, %v; want the server at http://192.0.2.1:8001", srv, err)
	}
}
