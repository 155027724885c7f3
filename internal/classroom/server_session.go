package classroom

import (
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"

	"conclab/internal/check"
	"conclab/tui/room"
)

// Session is what the TUI of one SSH session is built from (ModelFunc).
type Session struct {
	// Name is the login, lower-cased ("ada"); Teacher for the teacher.
	Name string
	// Teacher is set for the teacher's sessions.
	Teacher bool
	// Environ is the client's environment as it sent it, with TERM from
	// its terminal (e.g. TERM=xterm-256color).
	Environ []string
	// Store keeps this name's progress: DIR/students/NAME (the teacher's:
	// DIR/teacher).
	Store check.Store
	// Seat is the session's seat in the classroom's room (taken in
	// Server.admit, left in Server.leave): the ModelFunc gives it to the
	// TUI (tui.WithSeat).
	Seat *Seat
	// RealServer is the classroom's conclab serve for real runs
	// (Config.RealServer): the ModelFunc gives it to the TUI.
	RealServer string

	saves *inflight
}

// Getenv reads a variable of the client's environment ("" when unset).
func (s *Session) Getenv(key string) string {
	v := ""
	for _, kv := range s.Environ {
		if len(kv) > len(key) && kv[len(key)] == '=' && kv[:len(key)] == key {
			v = kv[len(key)+1:] // the last one wins, as in a shell
		}
	}
	return v
}

// Load reads this name's progress (check.Store.Load).
func (s *Session) Load() (*check.Progress, string, error) { return s.Store.Load() }

// Remember applies change to this name's progress and saves it
// (check.Store.Update, atomic); the server's Close waits for saves under
// way.
func (s *Session) Remember(change func(*check.Progress)) error {
	if s.saves != nil {
		s.saves.add()
		defer s.saves.done()
	}
	_, _, err := s.Store.Update(change)
	return err
}

// Why a session ended, when the student did not quit it.
const (
	endQuit     = iota // the student quit (q, ctrl+c) or the connection went
	endIdle            // no key for the idle timeout
	endShutdown        // the server is closing
	endReplaced        // the same name connected again
)

// session is one SSH session served a TUI.
type session struct {
	*Session
	server *Server
	remote string
	host   string // the address the client reached, for the lines that say how to come back
	start  time.Time

	mu      sync.Mutex
	program *tea.Program
	latest  tea.Model // the model after the last message
	reason  int
	by      string // endReplaced: where the name connected from again

	lastInput atomic.Int64 // unix nanoseconds of the last key, click or paste
	idle      *time.Timer  // under mu
	left      bool         // under mu: the session is over
}

type sessionKey struct{}

// gate admits a session to the middleware that runs its TUI (next), or
// turns it away with one line; after the TUI it says goodbye in one line
// and lets the model finish (save where the student was).
func (s *Server) gate(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.handlers.add()
		defer s.handlers.done()
		name, err := NameOf(sess.User())
		if err != nil {
			s.refuse(sess, sess.User(), err.Error()+" (e.g. ssh -p "+s.port()+" ada@"+reachedHost(sess)+")")
			return
		}
		_, _, hasPty := sess.Pty()
		switch {
		case len(sess.Command()) > 0:
			s.refuse(sess, name, "the classroom runs no commands: connect with ssh -p "+s.port()+" "+name+"@"+reachedHost(sess))
			return
		case !hasPty:
			s.refuse(sess, name, "no terminal: connect with ssh -t -p "+s.port()+" "+name+"@"+reachedHost(sess))
			return
		}
		se, why := s.admit(sess, name)
		if se == nil {
			s.refuse(sess, name, why)
			return
		}
		defer s.leave(se)
		sess.Context().SetValue(sessionKey{}, se)
		next(sess) // the Bubble Tea middleware runs the TUI until it ends
		se.finish()
		fmt.Fprintln(sess, "conclab: "+se.goodbye())
	}
}

// refuse tells sess why it cannot come in, in one line, and ends it.
func (s *Server) refuse(sess ssh.Session, who, why string) {
	s.mu.Lock()
	s.stats.Refused++
	s.mu.Unlock()
	s.logf("refused %s from %s: %s", who, sess.RemoteAddr(), why)
	fmt.Fprintln(sess.Stderr(), "conclab: "+why)
	_ = sess.Exit(1)
}

// reachedHost is the host the client connected to, as ssh takes it.
func reachedHost(sess ssh.Session) string {
	if a, ok := sess.LocalAddr().(*net.TCPAddr); ok {
		if a.IP.To4() == nil {
			return "[" + a.IP.String() + "]"
		}
		return a.IP.String()
	}
	return "HOST"
}

// port is the port students connect to, for the lines that say how.
func (s *Server) port() string {
	if a, ok := s.addr.(*net.TCPAddr); ok {
		return strconv.Itoa(a.Port)
	}
	return "2222"
}

// admit registers a session for name, or says why not: the server is
// closing, or the class is full. A name connected already is taken over:
// its older session ends, telling where the name connected from again.
func (s *Server) admit(sess ssh.Session, name string) (*session, string) {
	teacher := name == Teacher
	dir := filepath.Join(s.cfg.Dir, "students", name)
	if teacher {
		dir = filepath.Join(s.cfg.Dir, "teacher")
	}
	pty, _, _ := sess.Pty()
	environ := append(append([]string{}, sess.Environ()...), "TERM="+pty.Term)
	se := &session{
		Session: &Session{Name: name, Teacher: teacher, Environ: environ, Store: check.Store{Dir: dir}, RealServer: s.cfg.RealServer, saves: &s.saves},
		server:  s, remote: sess.RemoteAddr().String(), host: reachedHost(sess), start: time.Now(),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return nil, "the classroom is closing"
	}
	old := s.byName[name]
	if !teacher && s.cfg.MaxSessions > 0 {
		students := 0
		for o := range s.sessions {
			if !o.Teacher && o != old {
				students++
			}
		}
		if students >= s.cfg.MaxSessions {
			return nil, fmt.Sprintf("the class is full (%s connected, the most this classroom takes): try again later", plural(students, "student"))
		}
	}
	if old != nil {
		old.endBy(endReplaced, se.remote)
	}
	seat, err := s.room.Join(name, teacher)
	if err != nil {
		return nil, "the classroom is closing"
	}
	se.Seat = seat
	s.sessions[se] = struct{}{}
	s.byName[name] = se
	s.stats.Served++
	s.stats.MaxAtOnce = max(s.stats.MaxAtOnce, len(s.sessions))
	se.touch()
	if s.cfg.IdleTimeout > 0 {
		se.mu.Lock() // checkIdle reads se.idle
		se.idle = time.AfterFunc(s.cfg.IdleTimeout, se.checkIdle)
		se.mu.Unlock()
	}
	s.logf("%s joined from %s (%s)", name, se.remote, s.countLocked())
	return se, ""
}

// leave forgets a session that ended.
func (s *Server) leave(se *session) {
	se.mu.Lock()
	se.left = true
	if se.idle != nil {
		se.idle.Stop()
	}
	se.mu.Unlock()
	if se.Seat != nil {
		se.Seat.Leave()
	}
	s.mu.Lock()
	delete(s.sessions, se)
	if s.byName[se.Name] == se {
		delete(s.byName, se.Name)
	}
	count := s.countLocked()
	s.mu.Unlock()
	s.logf("%s left after %s, %s (%s)", se.Name, time.Since(se.start).Round(time.Second), se.why(), count)
}

// countLocked says who is connected: "3 students, the teacher".
func (s *Server) countLocked() string {
	students, teacher := 0, false
	for se := range s.sessions {
		if se.Teacher {
			teacher = true
		} else {
			students++
		}
	}
	out := plural(students, "student")
	if teacher {
		out += " and the teacher"
	}
	return out + " connected"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// program builds the session's Bubble Tea program (the middleware runs it).
func (s *Server) program(sess ssh.Session) *tea.Program {
	se := sess.Context().Value(sessionKey{}).(*session)
	m, opts := s.cfg.Model(se.Session)
	// The server's signals are the server's: ctrl+c closes the classroom
	// (Close), it does not interrupt each program behind its back.
	opts = append(opts, tea.WithoutSignalHandler())
	opts = append(opts, bubbletea.MakeOptions(sess)...)
	p := tea.NewProgram(watched{Model: m, se: se}, opts...)
	se.mu.Lock()
	se.program, se.latest = p, m
	ended := se.reason != endQuit
	se.mu.Unlock()
	if ended { // ended before its program existed: it quits at once
		go p.Quit()
	}
	return p
}

// end ends the session for reason (the first reason given is the one it
// says); the program quits after the messages before it.
func (se *session) end(reason int) { se.endBy(reason, "") }

func (se *session) endBy(reason int, by string) {
	se.mu.Lock()
	if se.reason == endQuit {
		se.reason, se.by = reason, by
	}
	p := se.program
	se.mu.Unlock()
	if p != nil {
		go p.Quit() // Quit waits for the program to take it; it returns once the program ends
	}
}

// touch notes input from the student now.
func (se *session) touch() { se.lastInput.Store(time.Now().UnixNano()) }

// checkIdle ends the session when it had no input for the idle timeout,
// or looks again when it would be.
func (se *session) checkIdle() {
	idle := se.server.cfg.IdleTimeout
	since := time.Since(time.Unix(0, se.lastInput.Load()))
	if since >= idle {
		se.end(endIdle)
		return
	}
	se.mu.Lock()
	if !se.left {
		se.idle.Reset(idle - since)
	}
	se.mu.Unlock()
}

// finish lets the final model finish (save where the student was).
func (se *session) finish() {
	se.mu.Lock()
	final := se.latest
	se.mu.Unlock()
	if f, ok := final.(Finisher); ok {
		f.Finish()
	}
}

// why is how the session ended, for the log.
func (se *session) why() string {
	se.mu.Lock()
	defer se.mu.Unlock()
	switch se.reason {
	case endIdle:
		return "idle"
	case endShutdown:
		return "the classroom closed"
	case endReplaced:
		return "connected again from " + se.by
	}
	return "quit"
}

// goodbye is the line the session ends with.
func (se *session) goodbye() string {
	se.mu.Lock()
	reason, by := se.reason, se.by
	se.mu.Unlock()
	kept := "your progress is kept: ssh -p " + se.server.port() + " " + se.Name + "@" + se.host + " to go on"
	switch reason {
	case endIdle:
		return fmt.Sprintf("no key for %s: this session ends (%s)", se.server.cfg.IdleTimeout, kept)
	case endShutdown:
		return "the classroom is closing: your progress is kept. Goodbye, " + se.Name + "."
	case endReplaced:
		return se.Name + " connected again from " + by + ": this session ends there"
	}
	return "goodbye, " + se.Name + " (" + kept + ")"
}

// watched is the session's model as its program sees it: it notes the
// student's input (for the idle timeout) and keeps the latest model (for
// Finish).
type watched struct {
	tea.Model
	se *session
}

// Update passes msg on to the model, noting keys, clicks and pastes (and,
// while the student follows the teacher, the teacher's leads).
func (w watched) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg, tea.PasteMsg:
		w.se.touch()
	case room.LeadMsg:
		// A student who follows the teacher watches: the teacher's lead
		// counts as the session's activity, so that a class that only
		// watches is not sent away after the idle timeout.
		if w.se.Seat != nil && w.se.Seat.Following() {
			w.se.touch()
		}
	}
	var cmd tea.Cmd
	w.Model, cmd = w.Model.Update(msg)
	w.se.mu.Lock()
	w.se.latest = w.Model
	w.se.mu.Unlock()
	return w, cmd
}
