// Package slowserver is conclab's local slow server: it serves generated flag
// images at /flags/<cc>.gif (and at /flags/<cc>/<cc>.gif, where Fluent
// Python's flags clients ask for them) and checker pages at /sites/<n>, each after a
// delay, with an optional rate of 418 I'm a teapot answers, and logs every
// request with the number of requests in flight. Real-run variants start it
// in-process on a random loopback port; `conclab serve` runs it alone for a
// classroom, for curl, a browser or the tutorials' own scripts.
//
// Every choice it makes is reproducible: a path's extra delay (jitter) and
// whether it fails are drawn from a hash of the seed and the path, so the
// same request gets the same answer every time. A request may also set its
// own delay and status with ?delay=1.5s&status=418 (tests and the real-run
// variants use this to replay a simulation's draws), up to Config.MaxDelay.
//
// A running server closes a connection left idle for Config.IdleTimeout,
// answers 503 with a message to connections beyond Config.MaxConns, logs
// a request it could not answer (the client went away, or the server
// stopped) as cut, not 200, and says in every 4xx body what was wrong.
package slowserver

import (
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
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
	// MaxDelay caps the delay a request asks for with ?delay=; 0 means 1h
	// (what the real runs replay needs; conclab serve says 1m unless told).
	MaxDelay time.Duration
	// IdleTimeout closes a keep-alive connection that sends no request for
	// this long; 0 means DefaultIdleTimeout. At most 30s.
	IdleTimeout time.Duration
	// MaxConns caps the connections open at once: one more is answered 503
	// Service Unavailable with a message and closed. 0 means no cap (the
	// real runs open one per download).
	MaxConns int
}

// DefaultIdleTimeout is how long a running server keeps an idle
// keep-alive connection open when Config.IdleTimeout is 0.
const DefaultIdleTimeout = 30 * time.Second

// maxDelay is the cap of ?delay when Config.MaxDelay is 0.
const maxDelay = time.Hour

func (c Config) maxDelay() time.Duration {
	if c.MaxDelay == 0 {
		return maxDelay
	}
	return c.MaxDelay
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
	case c.MaxDelay < 0 || c.MaxDelay > maxDelay:
		return fmt.Errorf("max delay %s is out of range (allowed: 0s..1h)", c.MaxDelay)
	case c.IdleTimeout < 0 || c.IdleTimeout > DefaultIdleTimeout:
		return fmt.Errorf("idle timeout %s is out of range (allowed: 0s..30s)", c.IdleTimeout)
	case c.MaxConns < 0 || c.MaxConns > MaxConns:
		return fmt.Errorf("max conns %d is out of range (allowed: 0..%d)", c.MaxConns, MaxConns)
	}
	return nil
}

// MaxConns is the largest Config.MaxConns.
const MaxConns = 100_000

// Stats counts requests; MaxInFlight is the most served at the same time.
// Cut counts the requests that ended without an answer (the client went
// away, or the server stopped first); Conns is the connections open now and
// Refused those answered 503 at the door (Config.MaxConns).
type Stats struct {
	Requests, Errors, InFlight, MaxInFlight int64
	Cut, Conns, Refused                     int64
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
	cut      atomic.Int64
	conns    atomic.Int64
	refused  atomic.Int64
	stopping atomic.Bool    // Running.Close has begun: a request cut now was cut by the stop
	handlers sync.WaitGroup // requests being served (Close waits for their log lines)
}

// New returns a server; cfg must be valid (see Config.Validate).
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /flags/{file}", s.flag)
	s.mux.HandleFunc("GET /flags/{cc}/{file}", s.bookFlag)
	s.mux.HandleFunc("GET /sites/{n}", s.site)
	s.mux.HandleFunc("GET /{$}", s.index)
	s.mux.HandleFunc("/", s.notFound)
	return s
}

// Stats returns the counts so far.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), Errors: s.errors.Load(), InFlight: s.inFlight.Load(), MaxInFlight: s.maxIn.Load(),
		Cut: s.cut.Load(), Conns: s.conns.Load(), Refused: s.refused.Load()}
}

// ResetStats sets the counts back to zero (between two runs on one server).
func (s *Server) ResetStats() {
	s.requests.Store(0)
	s.errors.Store(0)
	s.cut.Store(0)
	s.refused.Store(0)
	s.maxIn.Store(s.inFlight.Load())
}

var flagFile = regexp.MustCompile(`^([a-z]{2})\.gif$`)

// Warm prepares the answer to path before it is asked: a flag's picture
// (/flags/<cc>.gif) is drawn once and kept, so that a run that measures
// the server's delays does not measure the drawing; other paths need
// nothing.
func (s *Server) Warm(path string) {
	if file, ok := strings.CutPrefix(path, "/flags/"); ok {
		if m := flagFile.FindStringSubmatch(file); m != nil {
			FlagGIF(m[1])
		}
	}
}

// ServeHTTP counts the request, lets the mux answer it and logs it with the
// status it was answered (or "cut", when it was not: the client went away,
// or the server stopped first).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handlers.Add(1)
	defer s.handlers.Done()
	n := s.inFlight.Add(1)
	for {
		m := s.maxIn.Load()
		if n <= m || s.maxIn.CompareAndSwap(m, n) {
			break
		}
	}
	s.requests.Add(1)
	start := time.Now()
	rec := &statusWriter{ResponseWriter: w}
	s.mux.ServeHTTP(rec, r)
	left := s.inFlight.Add(-1)
	status := strconv.Itoa(rec.status)
	switch {
	case rec.status == 0 && r.Context().Err() != nil:
		s.cut.Add(1)
		status = "cut (the client went away)"
		if s.stopping.Load() {
			status = "cut (the server stopped)"
		}
	case rec.status == 0:
		status = "200" // a handler that writes nothing is answered 200 by net/http
	case rec.status >= 400:
		s.errors.Add(1)
	}
	s.logf("%s %s %s %s in-flight=%d", r.Method, r.URL.RequestURI(), status, time.Since(start).Round(time.Millisecond), left+1)
}

// logf writes one line to the log, stamped with the time.
func (s *Server) logf(format string, args ...any) {
	if s.cfg.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.cfg.Log, "%s "+format+"\n", append([]any{s.cfg.Now().Format("15:04:05.000")}, args...)...)
}

// statusWriter records the status a handler answered: 0 until it writes.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

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

// Query is what a request asks for in its query string: its own delay and
// status, instead of the path's draws.
type Query struct {
	Delay     time.Duration
	HasDelay  bool
	Status    int
	HasStatus bool
}

// ParseQuery reads ?delay=DURATION (0s to maxDelay) and ?status=CODE (200
// to 599) from a raw query string; other keys are ignored. The error is one
// line saying which value is wrong and what is allowed.
func ParseQuery(raw string, maxDelay time.Duration) (Query, error) {
	values, err := url.ParseQuery(raw)
	if err != nil {
		return Query{}, fmt.Errorf("bad query %s: %v", strconv.Quote(raw), err)
	}
	var q Query
	if d := values.Get("delay"); d != "" {
		v, err := time.ParseDuration(d)
		if err != nil || v < 0 || v > maxDelay {
			return Query{}, fmt.Errorf("bad delay %s (want a duration from 0s to %s)", strconv.Quote(d), shortDuration(maxDelay))
		}
		q.Delay, q.HasDelay = v, true
	}
	if st := values.Get("status"); st != "" {
		v, err := strconv.Atoi(st)
		if err != nil || v < 200 || v > 599 {
			return Query{}, fmt.Errorf("bad status %s (want a number from 200 to 599)", strconv.Quote(st))
		}
		q.Status, q.HasStatus = v, true
	}
	return q, nil
}

// shortDuration writes 1h and 1m as people type them, not 1h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// wait applies the delay and decides the status; false means the request
// was answered already (a bad query) or the client gave up. The path's own
// draws are made only for what the query does not set.
func (s *Server) wait(w http.ResponseWriter, r *http.Request, path string) (status int, asked, ok bool) {
	q, err := ParseQuery(r.URL.RawQuery, s.cfg.maxDelay())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return 0, false, false
	}
	delay := q.Delay
	if !q.HasDelay {
		delay = s.PathDelay(path)
	}
	status = http.StatusOK
	switch {
	case q.HasStatus:
		status, asked = q.Status, true
	case s.PathFails(path):
		status = http.StatusTeapot
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return status, asked, true
	case <-r.Context().Done():
		return 0, false, false // the client cancelled, or the server stopped: nobody reads an answer
	}
}

// answer waits as wait does for path (the request's path, or the one it
// stands for), then answers an error status itself, with a message saying
// why; true means the handler writes the 200 body.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, path string) bool {
	status, asked, ok := s.wait(w, r, path)
	if !ok || status == http.StatusOK {
		return ok
	}
	msg := fmt.Sprintf("%d %s", status, http.StatusText(status))
	switch {
	case asked:
		msg += fmt.Sprintf(": the request asked for it with ?status=%d", status)
	case status == http.StatusTeapot:
		msg += fmt.Sprintf(": this server answers 418 to %g%% of its paths, and %s is one of them (error rate %g, seed %d)",
			100*s.cfg.ErrorRate, path, s.cfg.ErrorRate, s.cfg.Seed)
	}
	http.Error(w, msg, status)
	return false
}

// notFound answers what no route does: 405 for a method other than GET
// (and HEAD), 404 for any other path, each saying what there is.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, fmt.Sprintf("method %s not allowed: this server answers GET (and HEAD) only", r.Method), http.StatusMethodNotAllowed)
		return
	}
	http.Error(w, fmt.Sprintf("not found: %s is none of /flags/<cc>.gif, /flags/<cc>/<cc>.gif, /sites/<n> or / (the index)", r.URL.Path), http.StatusNotFound)
}

func (s *Server) flag(w http.ResponseWriter, r *http.Request) {
	m := flagFile.FindStringSubmatch(r.PathValue("file"))
	if m == nil {
		http.Error(w, "not found: flags are /flags/<cc>.gif with a lowercase two-letter country code", http.StatusNotFound)
		return
	}
	if !s.answer(w, r, r.URL.Path) {
		return
	}
	w.Header().Set("Content-Type", "image/gif")
	w.Write(FlagGIF(m[1])) //nolint:errcheck // a client that went away is not an error here
}

// bookFlag answers /flags/<cc>/<cc>.gif, the path Fluent Python's flags
// clients ask for (BASE_URL + '/{cc}/{cc}.gif'), as /flags/<cc>.gif: the
// same picture, with that path's delay and status.
func (s *Server) bookFlag(w http.ResponseWriter, r *http.Request) {
	cc := r.PathValue("cc")
	m := flagFile.FindStringSubmatch(r.PathValue("file"))
	if m == nil || m[1] != cc {
		http.Error(w, "not found: flags are /flags/<cc>/<cc>.gif (or /flags/<cc>.gif) with the same lowercase two-letter country code twice", http.StatusNotFound)
		return
	}
	if !s.answer(w, r, "/flags/"+cc+".gif") {
		return
	}
	w.Header().Set("Content-Type", "image/gif")
	w.Write(FlagGIF(cc)) //nolint:errcheck // a client that went away is not an error here
}

func (s *Server) site(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 {
		http.Error(w, "not found: sites are /sites/<n> with n >= 0", http.StatusNotFound)
		return
	}
	if !s.answer(w, r, r.URL.Path) {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!doctype html><title>site %d</title><p>Site %d is up.</p>\n", n, n)
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "conclab slow server\n\nGET /flags/<cc>.gif       a flag (e.g. /flags/br.gif)\nGET /flags/<cc>/<cc>.gif  the same, where Fluent Python's flags clients look\nGET /sites/<n>            a checker page\n"+
		"each answer waits %s (+ up to %s jitter); error rate %v (418 I'm a teapot)\n"+
		"?delay=1.5s and ?status=418 override them per request\n", s.cfg.Delay, s.cfg.Jitter, s.cfg.ErrorRate)
}
