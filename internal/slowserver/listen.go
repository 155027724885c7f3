package slowserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// Running is a server listening on a socket.
type Running struct {
	*Server
	// URL is the base address, e.g. http://127.0.0.1:8001.
	URL  string
	srv  *http.Server
	ln   *capListener
	done chan error
	once sync.Once
	err  error
}

// Start listens on addr ("127.0.0.1:0" picks a free loopback port) and serves until Close.
func Start(addr string, cfg Config) (*Running, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return StartOn(ln, cfg)
}

// StartOn serves on ln, which the caller made (Start makes a TCP one; tests
// pass an in-memory one), until Close; Close closes ln.
func StartOn(ln net.Listener, cfg Config) (*Running, error) {
	if err := cfg.Validate(); err != nil {
		ln.Close()
		return nil, err
	}
	s := New(cfg)
	idle := cfg.IdleTimeout
	if idle == 0 {
		idle = DefaultIdleTimeout
	}
	cl := &capListener{Listener: ln, s: s, max: int64(cfg.MaxConns), refusing: make(chan struct{}, maxRefusing)}
	run := &Running{Server: s, URL: "http://" + ln.Addr().String(), ln: cl, done: make(chan error, 1),
		srv: &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: idle}}
	go func() { run.done <- run.srv.Serve(cl) }()
	return run, nil
}

// Close stops listening and waits for the requests in flight to finish, until
// ctx is done; then it cuts the remaining connections (their requests are
// logged as cut) and waits a moment for their log lines. Calling it again
// returns the first call's result.
func (r *Running) Close(ctx context.Context) error {
	r.once.Do(func() {
		r.stopping.Store(true)
		err := r.srv.Shutdown(ctx)
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			err = r.srv.Close()
		}
		if serr := <-r.done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
		waitAtMost(time.Second, &r.handlers) // a cut request returns at once: this is its log line
		waitAtMost(time.Second, &r.ln.refusers)
		r.err = err
	})
	return r.err
}

func waitAtMost(d time.Duration, wg *sync.WaitGroup) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// maxRefusing is how many refused connections are answered 503 at once; more
// are closed without an answer (a flood gets no more goroutines than this).
const maxRefusing = 64

// capListener counts the connections open and, past max (when max > 0),
// answers each new one 503 Service Unavailable with a message and closes it,
// instead of letting it wait unseen in the accept queue
// (netutil.LimitListener's way).
type capListener struct {
	net.Listener
	s        *Server
	max      int64
	refusing chan struct{}
	refusers sync.WaitGroup
}

func (l *capListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if n := l.s.conns.Add(1); l.max == 0 || n <= l.max {
			return &countedConn{Conn: c, s: l.s}, nil
		}
		l.s.conns.Add(-1)
		l.s.refused.Add(1)
		l.s.logf("refused a connection from %s: %d open already, the most allowed 503", c.RemoteAddr(), l.max)
		select {
		case l.refusing <- struct{}{}:
			l.refusers.Go(func() {
				defer func() { <-l.refusing }()
				refuse(c, l.max)
			})
		default:
			c.Close()
		}
	}
}

// refuse answers c 503 with a message, lets the client finish sending its
// request (closing with it unread would reset the connection before the
// client reads the answer), and closes it; a second at most.
func refuse(c net.Conn, max int64) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Second)) //nolint:errcheck // a conn that refuses deadlines just closes sooner or later
	body := fmt.Sprintf("503 Service Unavailable: this server has %d connections open, its most (conclab serve --max-conns); close some and try again\n", max)
	fmt.Fprintf(c, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	if tc, ok := c.(interface{ CloseWrite() error }); ok {
		tc.CloseWrite() //nolint:errcheck // the answer is out; the close follows
	}
	io.Copy(io.Discard, io.LimitReader(c, 64<<10)) //nolint:errcheck // draining until the client closes or the second is up
}

// countedConn gives its place back when it closes.
type countedConn struct {
	net.Conn
	s    *Server
	once sync.Once
}

func (c *countedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.s.conns.Add(-1) })
	return err
}
