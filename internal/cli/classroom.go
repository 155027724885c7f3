package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"conclab/internal/classroom"
	"conclab/internal/realrun"
)

// classroomSettings are classroom's flags.
type classroomSettings struct {
	addr   string
	server string // --server URL (or CONCLAB_SERVER): the room's conclab serve for real runs
	cfg    classroom.Config
}

// maxClassSessions is the most --max-sessions takes.
const maxClassSessions = 1000

// newClassroomCmd is `conclab classroom [flags]`; act serves what it parsed.
func newClassroomCmd(env Env, act func(classroomSettings, Env) error) *cobra.Command {
	s := classroomSettings{
		addr: classroom.DefaultAddr,
		cfg:  classroom.Config{Dir: classroom.DefaultDir, MaxSessions: classroom.DefaultMaxSessions, IdleTimeout: classroom.DefaultIdleTimeout},
	}
	c := &cobra.Command{
		Use:   "classroom [flags]",
		Short: "serve the lab over SSH to a class: each student gets their own",
		Long: `Serves conclab over SSH: each student runs ssh -p 2222 NAME@HOST (no
password unless you set --password) and gets their own conclab in their
terminal. Progress and predictions are kept per name in the classroom's
directory (--dir: DIR/students/NAME/progress.json), so a student who comes
back under the same name goes on where they were. The exercise screens show
the goal and hints; students write and check their code on their own
machines (the server runs no code of theirs).

The teacher logs in as teacher, with a key of --teacher-key or else with the
token printed at start as the password. --max-sessions students at once (the
teacher is not counted); a session with no key for --idle ends. ctrl+c closes
the classroom: every session is told and saved.

It listens on loopback only unless --addr says otherwise (e.g. --addr
0.0.0.0:2222): then it prints the addresses other machines reach it at.`,
		Example: `conclab classroom
conclab classroom --addr 0.0.0.0:2222 --password tuesday
ssh -p 2222 ada@127.0.0.1`,
		GroupID: groupMore,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("classroom takes no arguments, got %q (see conclab help classroom)", args[0])
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(*cobra.Command, []string) error { return act(s, env) },
	}
	c.AddCommand(classroomStatusCommand())
	fs := c.Flags()
	addValue(fs, "addr", "host:port", "where to listen (default "+classroom.DefaultAddr+"; loopback only unless you say otherwise)", func(value string) error {
		if _, _, err := net.SplitHostPort(value); err != nil {
			return usagef("--addr %q is not host:port (e.g. %s)", value, classroom.DefaultAddr)
		}
		s.addr = value
		return nil
	})
	addValue(fs, "dir", "dir", "the classroom's directory: students' progress, host key (default ./"+classroom.DefaultDir+")", func(value string) error {
		if value == "" {
			return usagef("--dir is empty: name a directory (e.g. --dir %s)", classroom.DefaultDir)
		}
		s.cfg.Dir = value
		return nil
	})
	addValue(fs, "host-key", "path", "the server's SSH key, created when missing (default DIR/"+classroom.HostKeyFile+")", func(value string) error {
		s.cfg.HostKey = value
		return nil
	})
	addValue(fs, "password", "word", "what students type to get in (default: no password)", func(value string) error {
		if value == "" {
			return usagef("--password is empty: leave the flag out for a class without a password")
		}
		s.cfg.Password = value
		return nil
	})
	addValue(fs, "teacher-key", "path", "public keys (authorized_keys format) that log in as teacher; then no token is printed", func(value string) error {
		s.cfg.TeacherKeys = value
		return nil
	})
	addValue(fs, "max-sessions", "n", fmt.Sprintf("students connected at once; the next is refused (default %d; 1..%d)", classroom.DefaultMaxSessions, maxClassSessions), func(value string) error {
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > maxClassSessions {
			return usagef("--max-sessions %q is not a whole number from 1 to %d", value, maxClassSessions)
		}
		s.cfg.MaxSessions = n
		return nil
	})
	addValue(fs, "idle", "d", "a session with no key for this long ends (default "+shortDuration(classroom.DefaultIdleTimeout)+"; 0 never)", func(value string) error {
		d, err := time.ParseDuration(value)
		if err != nil || d < 0 {
			return usagef("--idle %q is not a duration >= 0 (e.g. 30m, 1h; 0 never)", value)
		}
		s.cfg.IdleTimeout = d
		return nil
	})
	addValue(fs, "server", "URL", "the running conclab serve that every session's real runs (R) use, as serve\nprints it (http://HOST:PORT; default $CONCLAB_SERVER, else a server per run)", func(value string) error {
		if strings.TrimSpace(value) == "" {
			return usagef("--server needs the URL of a running conclab serve, e.g. http://127.0.0.1:8001")
		}
		s.server = strings.TrimSpace(value)
		return nil
	})
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "dir" || f.Name == "host-key" || f.Name == "teacher-key" {
			return // paths: the shell completes files
		}
		_ = c.RegisterFlagCompletionFunc(f.Name, cobra.NoFileCompletions)
	})
	return c
}

// shortDuration is 30m rather than 30m0s, 1h rather than 1h0m0s.
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

// classroomWith serves the classroom until ctrl+c or SIGTERM (or env's
// context ends), then closes it: sessions told, progress saved.
func classroomWith(s classroomSettings, env Env) error {
	if env.Session == nil {
		return errors.New("classroom: this conclab was built without its TUI")
	}
	cfg := s.cfg
	cfg.Model = env.Session
	cfg.Log = env.Stdout
	if cfg.TeacherKeys == "" {
		cfg.Token = classroom.NewToken()
	}
	ctx := env.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if raw := cmp.Or(s.server, os.Getenv("CONCLAB_SERVER")); raw != "" { // checked once, for every session
		server, err := realrun.CheckServer(ctx, raw)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			return usageError{"--server: " + err.Error()}
		}
		cfg.RealServer = server
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := classroom.Start(s.addr, cfg)
	if errors.Is(err, syscall.EADDRINUSE) {
		host, port, _ := net.SplitHostPort(s.addr)
		next, _ := strconv.Atoi(port)
		return fmt.Errorf("%s is already in use (another conclab classroom?): choose another port, e.g. --addr %s",
			s.addr, net.JoinHostPort(host, strconv.Itoa(next%65535+1)))
	}
	if err != nil {
		return err
	}
	printClassroom(env, s.addr, srv, cfg)
	<-ctx.Done()
	fmt.Fprintln(env.Stdout, "closing the classroom: telling the sessions, saving their progress...")
	closing, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Close(closing)
	st := srv.Stats()
	fmt.Fprintf(env.Stdout, "closed: %s served (at most %d at once), %d refused; progress in %s\n",
		plural(st.Served, "session"), st.MaxAtOnce, st.Refused, filepath.Join(cfg.Dir, "students"))
	if errors.Is(err, context.DeadlineExceeded) {
		return errors.New("some sessions did not end within 5s: their connections were cut")
	}
	return err
}

// printClassroom says where the classroom listens and how students and the
// teacher connect.
func printClassroom(env Env, addr string, srv *classroom.Server, cfg classroom.Config) {
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(srv.Addr().String())
	here := host
	var others []string
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(env.Stderr, "conclab: warning: listening on %s, beyond this machine\n", addr)
		if host == "" || (ip != nil && ip.IsUnspecified()) { // every interface: this machine reaches it on loopback
			here = "127.0.0.1"
			for _, u := range reachable(host, port) { // serve's addresses: http://HOST:PORT
				if h, _, err := net.SplitHostPort(strings.TrimPrefix(u, "http://")); err == nil {
					others = append(others, h)
				}
			}
		}
	}
	if strings.Contains(here, ":") {
		here = "[" + here + "]"
	}
	fmt.Fprintf(env.Stdout, "conclab classroom on %s  (progress in %s, host key %s %s)\n",
		net.JoinHostPort(host, port), cfg.Dir, srv.HostKey(), srv.Fingerprint())
	password := "no password"
	if cfg.Password != "" {
		password = "password: the one you set with --password"
	}
	fmt.Fprintf(env.Stdout, "students: ssh -p %s NAME@%s    (%s)\n", port, here, password)
	if len(others) > 0 {
		fmt.Fprintf(env.Stdout, "          from other machines: ssh -p %s NAME@%s\n", port, strings.Join(others, ", NAME@"))
	} else if here != host {
		fmt.Fprintln(env.Stdout, "          other machines: this machine has no network address but loopback")
	}
	if cfg.Token != "" {
		fmt.Fprintf(env.Stdout, "teacher:  ssh -p %s teacher@%s    password: %s  (this run's token; --teacher-key for a key instead)\n", port, here, cfg.Token)
	} else {
		fmt.Fprintf(env.Stdout, "teacher:  ssh -p %s teacher@%s    with a key of %s\n", port, here, cfg.TeacherKeys)
	}
	limits := fmt.Sprintf("at most %s at once", plural(cfg.MaxSessions, "student"))
	if cfg.IdleTimeout > 0 {
		limits += "; a session with no key for " + shortDuration(cfg.IdleTimeout) + " ends"
	}
	fmt.Fprintf(env.Stdout, "%s; ctrl+c closes the classroom\n", limits)
	if cfg.RealServer != "" {
		fmt.Fprintf(env.Stdout, "real runs (R) of every session use the conclab serve at %s\n", cfg.RealServer)
	}
}
