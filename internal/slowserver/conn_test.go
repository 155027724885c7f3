package slowserver_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"conclab/internal/slowserver"
)

// pipeListener is an in-memory listener: Dial hands the server one end of a
// net.Pipe. Its connections block on channels, not sockets, so a server on
// it runs inside a synctest bubble, on the bubble's clock.
type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// Dial connects a client: the server accepts the other end.
func (l *pipeListener) Dial() net.Conn {
	srv, cli := net.Pipe()
	l.conns <- srv
	return cli
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// client is one keep-alive connection to the server.
type client struct {
	conn net.Conn
	r    *bufio.Reader
}

func dial(l *pipeListener) *client {
	c := l.Dial()
	return &client{conn: c, r: bufio.NewReader(c)}
}

// get sends one GET on the connection and reads the answer.
func (c *client) get(t *testing.T, target string) (status int, body string) {
	t.Helper()
	go io.WriteString(c.conn, "GET "+target+" HTTP/1.1\r\nHost: pipe\r\n\r\n") //nolint:errcheck // the read below fails if it did
	resp, err := http.ReadResponse(c.r, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(b)
}

// closedByServer reports whether the server has closed the connection.
func (c *client) closedByServer() bool {
	c.conn.SetReadDeadline(time.Now()) //nolint:errcheck // pipes take deadlines
	_, err := c.r.Peek(1)
	c.conn.SetReadDeadline(time.Time{}) //nolint:errcheck
	return errors.Is(err, io.EOF)
}

// TestIdleConnectionsClose holds 3 000 keep-alive connections after one
// request each, on the bubble's clock: all are open a nanosecond before the
// real idle timeout (30 s), none after it.
func TestIdleConnectionsClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ln := newPipeListener()
		run, err := slowserver.StartOn(ln, slowserver.Config{})
		if err != nil {
			t.Fatal(err)
		}
		defer run.Close(context.Background())
		const n = 3000
		clients := make([]*client, n)
		for i := range clients {
			clients[i] = dial(ln)
			if status, _ := clients[i].get(t, "/sites/1"); status != http.StatusOK {
				t.Fatalf("GET /sites/1 = %d, want 200", status)
			}
		}
		synctest.Wait()
		if got := run.Stats().Conns; got != n {
			t.Fatalf("Stats().Conns = %d after %d requests, want %d", got, n, n)
		}
		time.Sleep(slowserver.DefaultIdleTimeout - time.Nanosecond)
		synctest.Wait()
		if got := run.Stats().Conns; got != n {
			t.Errorf("Stats().Conns = %d just before the idle timeout, want %d", got, n)
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		closed := 0
		for _, c := range clients {
			if c.closedByServer() {
				closed++
			}
			c.conn.Close()
		}
		if got := run.Stats().Conns; closed != n || got != 0 {
			t.Errorf("after the idle timeout: %d of %d connections closed by the server, Stats().Conns = %d; want all closed and 0", closed, n, got)
		}
	})
}

// TestConnectionCap: past MaxConns a connection gets 503 with a message at
// once (not a wait in the accept queue); once one closes, the next is served.
func TestConnectionCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ln := newPipeListener()
		var log syncBuffer
		run, err := slowserver.StartOn(ln, slowserver.Config{MaxConns: 10, Log: &log})
		if err != nil {
			t.Fatal(err)
		}
		defer run.Close(context.Background())
		var held []*client
		for range 10 {
			c := dial(ln)
			if status, _ := c.get(t, "/sites/2"); status != http.StatusOK {
				t.Fatalf("connection %d: GET = %d, want 200", len(held)+1, status)
			}
			held = append(held, c)
		}
		extra := dial(ln)
		status, body := extra.get(t, "/sites/2")
		if status != http.StatusServiceUnavailable || !strings.Contains(body, "10 connections open") {
			t.Errorf("the 11th connection: %d %q, want 503 saying 10 connections are open", status, body)
		}
		extra.conn.Close()
		held[0].conn.Close()
		synctest.Wait()
		next := dial(ln)
		if status, _ := next.get(t, "/sites/2"); status != http.StatusOK {
			t.Errorf("after one closed: GET = %d, want 200", status)
		}
		next.conn.Close()
		for _, c := range held[1:] {
			c.conn.Close()
		}
		if st := run.Stats(); st.Refused != 1 {
			t.Errorf("Stats().Refused = %d, want 1", st.Refused)
		}
		synctest.Wait()
		if !strings.Contains(log.String(), "refused a connection from pipe: 10 open already") {
			t.Errorf("log = %q, want the refusal", log.String())
		}
	})
}

// TestCutRequestsAreLoggedCut: a request still waiting for its delay when the
// server stops, or when its client goes away, is logged as cut, not 200.
func TestCutRequestsAreLoggedCut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ln := newPipeListener()
		var log syncBuffer
		run, err := slowserver.StartOn(ln, slowserver.Config{Log: &log})
		if err != nil {
			t.Fatal(err)
		}
		gone := dial(ln)
		go io.WriteString(gone.conn, "GET /sites/1?delay=10m HTTP/1.1\r\nHost: pipe\r\n\r\n") //nolint:errcheck
		stays := dial(ln)
		go io.WriteString(stays.conn, "GET /sites/2?delay=10m HTTP/1.1\r\nHost: pipe\r\n\r\n") //nolint:errcheck
		time.Sleep(time.Second)
		synctest.Wait()
		gone.conn.Close()
		synctest.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := run.Close(ctx); err != nil {
			t.Errorf("Close = %v, want nil", err)
		}
		stays.conn.Close()
		lines := log.String()
		for _, want := range []string{"GET /sites/1?delay=10m cut (the client went away)", "GET /sites/2?delay=10m cut (the server stopped)"} {
			if !strings.Contains(lines, want) {
				t.Errorf("log = %q, want a line with %q", lines, want)
			}
		}
		if strings.Contains(lines, " 200 ") {
			t.Errorf("log = %q: a cut request logged 200", lines)
		}
		if st := run.Stats(); st.Cut != 2 {
			t.Errorf("Stats().Cut = %d, want 2", st.Cut)
		}
	})
}

// TestEvery4xxSaysWhy: each 4xx answer's body says what was wrong.
func TestEvery4xxSaysWhy(t *testing.T) {
	s := slowserver.New(slowserver.Config{ErrorRate: 1, Seed: 3, MaxDelay: time.Minute})
	tests := []struct {
		method, target string
		status         int
		says           string
	}{
		{"GET", "/flags/br.gif?delay=abc", 400, `bad delay "abc" (want a duration from 0s to 1m)`},
		{"GET", "/flags/br.gif?delay=2m", 400, `bad delay "2m" (want a duration from 0s to 1m)`},
		{"GET", "/sites/1?status=abc", 400, `bad status "abc" (want a number from 200 to 599)`},
		{"GET", "/sites/1?delay=%zz", 400, `bad query "delay=%zz"`},
		{"GET", "/nope", 404, "not found: /nope is none of /flags/<cc>.gif, /flags/<cc>/<cc>.gif, /sites/<n> or /"},
		{"GET", "/flags/br/br.gif?delay=abc", 400, `bad delay "abc" (want a duration from 0s to 1m)`},
		{"GET", "/flags/br/us.gif", 404, "the same lowercase two-letter country code twice"},
		{"GET", "/flags/BR.gif", 404, "lowercase two-letter country code"},
		{"GET", "/sites/x", 404, "sites are /sites/<n> with n >= 0"},
		{"POST", "/flags/br.gif", 405, "method POST not allowed: this server answers GET (and HEAD) only"},
		{"DELETE", "/", 405, "method DELETE not allowed"},
		{"GET", "/sites/1?delay=0s", 418, "this server answers 418 to 100% of its paths, and /sites/1 is one of them"},
		{"GET", "/sites/1?delay=0s&status=404", 404, "404 Not Found: the request asked for it with ?status=404"},
	}
	for _, tt := range tests {
		rec := &recorder{header: http.Header{}}
		s.ServeHTTP(rec, mustRequest(t, tt.method, tt.target))
		if rec.status != tt.status || !strings.Contains(rec.body.String(), tt.says) {
			t.Errorf("%s %s = %d %q, want %d saying %q", tt.method, tt.target, rec.status, rec.body.String(), tt.status, tt.says)
		}
	}
}

func mustRequest(t *testing.T, method, target string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, "http://pipe"+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return r.body.Write(b)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
