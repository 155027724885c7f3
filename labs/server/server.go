// Package server is conclab's local slow server: it serves generated flag
// images at /flags/<cc>.gif and checker pages at /sites/<n>, each after a
// delay, with an optional rate of 418 I'm a teapot answers, and logs every
// request with the number of requests in flight. Real-run variants start it
// in-process on a random loopback port; `conclab serve` runs it alone for a
// classroom, for curl, a browser or the tutorials' own scripts.
//
// Every choice it makes is reproducible: a path's extra delay (jitter) and
// whether it fails are drawn from a hash of the seed and the path, so the
// same request gets the same answer every time. A request may also set its
// own delay and status with ?delay=1.5s&status=418 (tests and the real-run
// variants use this to replay a simulation's draws).
package server

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Config sets up a Server. The zero value answers at once, never fails, and logs nothing.
type Config struct {
	// Delay is how long every answer takes.
	Delay time.Duration
	// Jitter adds up to this much to a path's delay (drawn per path from Seed).
	Jitter time.Duration
	// ErrorRate is the share of paths (0..1) answered with 418 I'm a teapot.
	ErrorRate float64
	// Seed makes the jitter and the errors reproducible.
	Seed uint64
	// Log receives one line per request; nil logs nothing.
	Log io.Writer
	// Now is the clock used for the log's timestamps; nil is time.Now.
	Now func() time.Time
}

// Validate says, in one line, what is wrong with a configuration.
func (c Config) Validate() error {
	switch {
	case c.Delay < 0 || c.Delay > time.Hour:
		return fmt.Errorf("delay %s is out of range (allowed: 0s..1h)", c.Delay)
	case c.Jitter < 0 || c.Jitter > time.Hour:
		return fmt.Errorf("jitter %s is out of range (allowed: 0s..1h)", c.Jitter)
	case !(c.ErrorRate >= 0 && c.ErrorRate <= 1):
		return fmt.Errorf("error rate %v is out of range (allowed: 0..1)", c.ErrorRate)
	}
	return nil
}

// Stats counts requests; MaxInFlight is the most served at the same time.
type Stats struct {
	Requests, Errors, InFlight, MaxInFlight int64
}

// Server is an http.Handler. It is safe for concurrent use.
type Server struct {
	cfg      Config
	mux      *http.ServeMux
	logMu    sync.Mutex
	requests atomic.Int64
	errors   atomic.Int64
	inFlight atomic.Int64
	maxIn    atomic.Int64
}

// New returns a server; cfg must be valid (see Config.Validate).
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /flags/{file}", s.flag)
	s.mux.HandleFunc("GET /sites/{n}", s.site)
	s.mux.HandleFunc("GET /{$}", s.index)
	return s
}

// Stats returns the counts so far.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), Errors: s.errors.Load(), InFlight: s.inFlight.Load(), MaxInFlight: s.maxIn.Load()}
}

// ResetStats sets the counts back to zero (between two runs on one server).
func (s *Server) ResetStats() {
	s.requests.Store(0)
	s.errors.Store(0)
	s.maxIn.Store(s.inFlight.Load())
}

var flagFile = regexp.MustCompile(`^([a-z]{2})\.gif$`)

// ServeHTTP counts the request, lets the mux answer it and logs it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.inFlight.Add(1)
	for {
		m := s.maxIn.Load()
		if n <= m || s.maxIn.CompareAndSwap(m, n) {
			break
		}
	}
	s.requests.Add(1)
	start := time.Now()
	rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(rec, r)
	left := s.inFlight.Add(-1)
	if rec.status >= 400 {
		s.errors.Add(1)
	}
	if s.cfg.Log != nil {
		s.logMu.Lock()
		fmt.Fprintf(s.cfg.Log, "%s %s %s %d %s in-flight=%d\n", s.cfg.Now().Format("15:04:05.000"), r.Method, r.URL.RequestURI(),
			rec.status, time.Since(start).Round(time.Millisecond), left+1)
		s.logMu.Unlock()
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// draw returns a reproducible number in [0, 1) for the path and a purpose.
func (s *Server) draw(path, purpose string) float64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d|%s|%s", s.cfg.Seed, purpose, path)
	// FNV alone barely moves its high bits for paths that differ in their
	// last characters (/sites/1, /sites/2...): mix them (splitmix64's finaliser).
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>11) / (1 << 53)
}

// PathDelay is how long the server waits before answering path (without a ?delay override).
func (s *Server) PathDelay(path string) time.Duration {
	if s.cfg.Jitter == 0 {
		return s.cfg.Delay // no draw to make
	}
	return s.cfg.Delay + time.Duration(s.draw(path, "jitter")*float64(s.cfg.Jitter))
}

// PathFails reports whether the server answers path with 418 (without a ?status override).
func (s *Server) PathFails(path string) bool {
	return s.cfg.ErrorRate > 0 && s.draw(path, "error") < s.cfg.ErrorRate
}

// wait applies the delay and decides the status; false means the client gave up.
// The path's own draws are made only for what the query does not set.
func (s *Server) wait(w http.ResponseWriter, r *http.Request) (status int, ok bool) {
	q := r.URL.Query()
	var delay time.Duration
	if d := q.Get("delay"); d != "" {
		v, err := time.ParseDuration(d)
		if err != nil || v < 0 || v > time.Hour {
			http.Error(w, "bad delay "+strconv.Quote(d)+" (want a duration from 0s to 1h)", http.StatusBadRequest)
			return 0, false
		}
		delay = v
	} else {
		delay = s.PathDelay(r.URL.Path)
	}
	status = http.StatusOK
	if st := q.Get("status"); st != "" {
		v, err := strconv.Atoi(st)
		if err != nil || v < 200 || v > 599 {
			http.Error(w, "bad status "+strconv.Quote(st), http.StatusBadRequest)
			return 0, false
		}
		status = v
	} else if s.PathFails(r.URL.Path) {
		status = http.StatusTeapot
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return status, true
	case <-r.Context().Done():
		return 0, false // the client cancelled: nobody reads an answer
	}
}

// answer waits as wait does, then answers an error status itself; true
// means the handler writes the 200 body.
func (s *Server) answer(w http.ResponseWriter, r *http.Request) bool {
	status, ok := s.wait(w, r)
	if ok && status != http.StatusOK {
		http.Error(w, http.StatusText(status), status)
		return false
	}
	return ok
}

func (s *Server) flag(w http.ResponseWriter, r *http.Request) {
	m := flagFile.FindStringSubmatch(r.PathValue("file"))
	if m == nil {
		http.Error(w, "not found: flags are /flags/<cc>.gif with a lowercase two-letter country code", http.StatusNotFound)
		return
	}
	if !s.answer(w, r) {
		return
	}
	w.Header().Set("Content-Type", "image/gif")
	w.Write(FlagGIF(m[1])) //nolint:errcheck // a client that went away is not an error here
}

func (s *Server) site(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 {
		http.Error(w, "not found: sites are /sites/<n> with n >= 0", http.StatusNotFound)
		return
	}
	if !s.answer(w, r) {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!doctype html><title>site %d</title><p>Site %d is up.</p>\n", n, n)
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "conclab slow server\n\nGET /flags/<cc>.gif  a flag (e.g. /flags/br.gif)\nGET /sites/<n>       a checker page\n"+
		"each answer waits %s (+ up to %s jitter); error rate %v (418 I'm a teapot)\n"+
		"?delay=1.5s and ?status=418 override them per request\n", s.cfg.Delay, s.cfg.Jitter, s.cfg.ErrorRate)
}

// Running is a server listening on a socket.
type Running struct {
	*Server
	// URL is the base address, e.g. http://127.0.0.1:8001.
	URL  string
	srv  *http.Server
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
	s := New(cfg)
	run := &Running{Server: s, URL: "http://" + ln.Addr().String(), done: make(chan error, 1),
		srv: &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}}
	go func() { run.done <- run.srv.Serve(ln) }()
	return run, nil
}

// Close stops listening and waits for the requests in flight to finish, until
// ctx is done; then it cuts the remaining connections. Calling it again
// returns the first call's result.
func (r *Running) Close(ctx context.Context) error {
	r.once.Do(func() {
		err := r.srv.Shutdown(ctx)
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			err = r.srv.Close()
		}
		if serr := <-r.done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
		r.err = err
	})
	return r.err
}
