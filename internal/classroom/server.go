// Package classroom serves conclab to a whole class over SSH (conclab
// classroom): each student runs `ssh -p 2222 NAME@HOST` and gets a conclab
// TUI of their own, drawn in their terminal, with their progress and
// predictions kept under the classroom's directory
// (DIR/students/NAME/progress.json, saved atomically as on a learner's own
// machine). The teacher logs in as "teacher" with a key or the token the
// server prints at start.
//
// The server is charm.land/wish/v2 with its Bubble Tea middleware: one
// tea.Program per SSH session, its input and output the session, its window
// size and colour profile the client's. The TUI itself is not named here (the
// TUI imports the command line, which starts this server): the caller gives
// a ModelFunc that builds it for a Session.
package classroom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// Teacher is the login name of the teacher's sessions; every other valid
// name is a student's.
const Teacher = "teacher"

// Defaults of the command line (conclab classroom).
const (
	DefaultAddr        = "127.0.0.1:2222"
	DefaultDir         = "classroom"
	DefaultMaxSessions = 50
	DefaultIdleTimeout = 30 * time.Minute
	// HostKeyFile is the host key's name in the classroom's directory when
	// Config.HostKey is not given.
	HostKeyFile = "ssh_host_ed25519_key"
	// handshakeTimeout bounds an SSH handshake and login.
	handshakeTimeout = 30 * time.Second
	// closeGrace is how long Close lets the clients close their
	// connections once their sessions have ended, before it cuts them.
	closeGrace = time.Second
)

// ModelFunc builds the TUI of one session, and the options of its
// program (the middleware adds the session's input, output, window size,
// environment and colour profile after them). It is called on the
// session's own goroutine, once per session. The final model may
// implement Finisher.
type ModelFunc func(s *Session) (tea.Model, []tea.ProgramOption)

// Finisher is implemented by a model that has something to do once its
// session's program has ended and before the session closes: stop what
// it started, save what it has not saved yet (the lab the learner was on).
type Finisher interface{ Finish() }

// Config is how a classroom serves. Dir and Model are required.
type Config struct {
	// RealServer is the running conclab serve that every session's real
	// runs (the lab screen's R) send their requests to, as
	// realrun.CheckServer returns it; "" gives each run a server of its own.
	RealServer string
	// Dir is the classroom's directory: DIR/students/NAME/progress.json,
	// DIR/teacher/progress.json and, by default, the host key. It is
	// created when missing.
	Dir string
	// HostKey is the path of the server's private key, created (ed25519,
	// mode 0600) when missing; "" is DIR/ssh_host_ed25519_key.
	HostKey string
	// Password, when not "", is what students type to get in; "" lets
	// them in without one.
	Password string
	// TeacherKeys is an authorized_keys file: the keys that log in as the
	// teacher. "" for none.
	TeacherKeys string
	// Token, when not "", is the password that logs in as the teacher.
	// With neither TeacherKeys nor Token nobody can be the teacher.
	Token string
	// MaxSessions is how many students may be connected at once (the
	// teacher's sessions are not counted); the next one is refused with a
	// line. 0 means no limit.
	MaxSessions int
	// IdleTimeout ends a session that had no key, click or paste for that
	// long (0: never), with a line saying so. A student who follows the
	// teacher is not idle while the teacher leads (each lead counts).
	IdleTimeout time.Duration
	// Log gets one line per arrival, departure and refusal; nil discards.
	Log io.Writer
	// Model builds each session's TUI.
	Model ModelFunc
}

// Stats counts what a server did.
type Stats struct {
	// Served is how many sessions ran a TUI.
	Served int
	// Refused is how many were turned away (a bad name, a full class, no
	// terminal, a command, the server closing).
	Refused int
	// MaxAtOnce is the most sessions (teacher's included) that ran at once.
	MaxAtOnce int
}

// Server is a running classroom. Its methods may be called from any
// goroutine.
type Server struct {
	cfg         Config
	srv         *ssh.Server
	ln          net.Listener
	addr        net.Addr
	fingerprint string
	serveErr    chan error

	room *Room // who is where, the teacher's lead (room.go)

	mu       sync.Mutex
	sessions map[*session]struct{}
	byName   map[string]*session // the latest session of each name
	closing  bool
	stats    Stats

	logMu     sync.Mutex
	handlers  inflight // sessions being served
	saves     inflight // progress saves under way
	closeOnce sync.Once
	closeErr  error
}

// Start listens on addr (host:port; port 0 picks one) and serves cfg's
// classroom until Close.
func Start(addr string, cfg Config) (*Server, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	s, err := StartOn(ln, cfg)
	if err != nil {
		ln.Close()
	}
	return s, err
}

// StartOn serves cfg's classroom on ln until Close, which closes ln.
func StartOn(ln net.Listener, cfg Config) (*Server, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(cfg.Dir, "students"), 0o755); err != nil {
		return nil, fmt.Errorf("classroom directory: %w", err)
	}
	if cfg.HostKey == "" {
		cfg.HostKey = filepath.Join(cfg.Dir, HostKeyFile)
	}
	teacherKeys, err := readAuthorizedKeys(cfg.TeacherKeys)
	if err != nil {
		return nil, err
	}
	room, err := OpenRoom(cfg.Dir)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, ln: ln, addr: ln.Addr(), serveErr: make(chan error, 1), room: room,
		sessions: map[*session]struct{}{}, byName: map[string]*session{}}
	opts := []ssh.Option{
		hostKey(cfg.HostKey),
		wish.WithVersion("conclab"),
		wish.WithPasswordAuth(s.passwordAuth),
		func(srv *ssh.Server) error {
			srv.HandshakeTimeout = handshakeTimeout
			srv.ServerConfigCallback = s.sshConfig
			return nil
		},
		// The last middleware runs first: gate admits the session, then
		// Bubble Tea's runs the program.
		wish.WithMiddleware(bubbletea.MiddlewareWithProgramHandler(s.program), s.gate),
	}
	if len(teacherKeys) > 0 {
		opts = append(opts, wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
			return s.teacherKeyAuth(ctx, key, teacherKeys)
		}))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		room.Close()
		return nil, err
	}
	if len(srv.HostSigners) > 0 {
		s.fingerprint = gossh.FingerprintSHA256(srv.HostSigners[0].PublicKey())
	}
	s.srv = srv
	go func() { s.serveErr <- srv.Serve(ln) }()
	return s, nil
}

// check refuses a Config the server cannot run with.
func (c Config) check() error {
	switch {
	case c.Dir == "":
		return errors.New("classroom: no directory")
	case c.Model == nil:
		return errors.New("classroom: no TUI to serve")
	case c.MaxSessions < 0:
		return fmt.Errorf("classroom: MaxSessions %d < 0", c.MaxSessions)
	case c.IdleTimeout < 0:
		return fmt.Errorf("classroom: IdleTimeout %s < 0", c.IdleTimeout)
	}
	return nil
}

// Addr is where the server listens.
func (s *Server) Addr() net.Addr { return s.addr }

// Fingerprint is the host key's SHA256 fingerprint, as ssh prints it
// ("SHA256:..."), for students to compare with what their ssh shows.
func (s *Server) Fingerprint() string { return s.fingerprint }

// HostKey is the path of the host key in use.
func (s *Server) HostKey() string { return s.cfg.HostKey }

// Stats says what the server did so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Connected are the names connected now, the teacher's included, one per
// name, in no order.
func (s *Server) Connected() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.byName))
	for name := range s.byName {
		out = append(out, name)
	}
	return out
}

// Close closes the classroom: it stops listening, tells every session with
// a line that the classroom is closing, lets each save where it was, and
// waits for them and for the saves under way until ctx is done; then it
// gives the clients a second to close their connections and cuts the
// ones left. It returns ctx's error when it had to cut.
// Calling it again returns the first call's result.
func (s *Server) Close(ctx context.Context) error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closing = true
		open := make([]*session, 0, len(s.sessions))
		for se := range s.sessions {
			open = append(open, se)
		}
		s.mu.Unlock()
		// Stop listening at once: closing the listener ends Serve's
		// accepting (whether or not Serve has taken it yet). Not Shutdown:
		// its wait for the listeners, begun before Serve has counted its
		// listener, races with that count (charm.land/ssh v0.4.3).
		_ = s.ln.Close()
		for _, se := range open {
			se.end(endShutdown)
		}
		// The room tells the seats the class ended and saves room.json
		// (ended, with who was there).
		rerr := s.room.Close()
		err := s.handlers.wait(ctx)
		if err == nil {
			err = rerr
		}
		if werr := s.saves.wait(ctx); err == nil {
			err = werr
		}
		// The clients close their connections once their session has
		// ended: closing one first could reset it and lose the last line.
		<-s.serveErr // the closed listener's error: Serve has returned, its listener uncounted
		grace, cancel := context.WithTimeout(ctx, closeGrace)
		_ = s.srv.Shutdown(grace)
		cancel()
		if cerr := s.srv.Close(); err == nil && cerr != nil && !errors.Is(cerr, net.ErrClosed) {
			err = cerr
		}

		s.closeErr = err
	})
	return s.closeErr
}

// inflight counts what is under way. Unlike a sync.WaitGroup, it may
// count more while someone waits (a save that starts as the server closes).
type inflight struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n comes back to 0; nil when nobody waits
}

func (f *inflight) add() {
	f.mu.Lock()
	f.n++
	f.mu.Unlock()
}

func (f *inflight) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n--; f.n == 0 && f.zero != nil {
		close(f.zero)
		f.zero = nil
	}
}

// wait waits until nothing is under way, or until ctx is done (then it
// returns ctx's error).
func (f *inflight) wait(ctx context.Context) error {
	f.mu.Lock()
	if f.n == 0 {
		f.mu.Unlock()
		return nil
	}
	if f.zero == nil {
		f.zero = make(chan struct{})
	}
	zero := f.zero
	f.mu.Unlock()
	select {
	case <-zero:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// logf writes one line to the log, the time first.
func (s *Server) logf(format string, args ...any) {
	if s.cfg.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.cfg.Log, time.Now().Format("15:04:05")+" "+format+"\n", args...)
}
