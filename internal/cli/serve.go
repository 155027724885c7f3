package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"conclab/internal/slowserver"
)

// serveSettings are serve's flags: where to listen and how to answer.
type serveSettings struct {
	addr string
	cfg  slowserver.Config
}

// newServeCmd is `conclab serve [flags]`; act serves what it parsed.
func newServeCmd(env Env, act func(serveSettings, Env) error) *cobra.Command {
	s := serveSettings{
		addr: "127.0.0.1:8001",
		cfg:  slowserver.Config{Delay: 500 * time.Millisecond, Seed: 1, MaxDelay: time.Minute, MaxConns: 1000},
	}
	c := &cobra.Command{
		Use:   "serve [flags]",
		Short: "a local slow server for flags and sites (curl, browsers, scripts)",
		Long: `Runs conclab's slow server: generated flags at /flags/<cc>.gif (e.g. /flags/br.gif)
and at /flags/<cc>/<cc>.gif (where Fluent Python's flags clients look, with
BASE_URL = 'http://127.0.0.1:8001/flags'), and checker pages at /sites/<n>,
each answered after a delay, with an optional rate of 418 I'm a teapot. Every
request is logged with the number in flight. Any client works: curl, a
browser, your own scripts. ctrl+c stops it. With --addr 0.0.0.0:PORT it
prints the addresses other machines reach it at: a room's real runs can
share it (conclab run LAB --real --server URL, or CONCLAB_SERVER=URL for
the TUI).

Per request, ?delay=1.5s and ?status=418 override the server's choice.
A connection idle for 30s is closed. A 4xx answer says what was wrong.`,
		Example: `conclab serve
conclab serve --delay 500ms --error-rate 0.25
conclab serve --addr 0.0.0.0:8001 --max-conns 5000`,
		GroupID: groupLabs,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("serve takes no arguments, got %q (see conclab help serve)", args[0])
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(*cobra.Command, []string) error {
			if err := s.check(); err != nil {
				return err
			}
			return act(s, env)
		},
	}
	duration := func(name string, to *time.Duration) func(string) error {
		return func(value string) error {
			d, err := time.ParseDuration(value)
			if err != nil {
				return usagef("--%s %q is not a duration (e.g. 500ms, 2s)", name, value)
			}
			*to = d
			return nil
		}
	}
	fs := c.Flags()
	addValue(fs, "addr", "host:port", "where to listen, host:port (default 127.0.0.1:8001; loopback only unless you say otherwise)", func(value string) error {
		if _, _, err := net.SplitHostPort(value); err != nil {
			return usagef("--addr %q is not host:port (e.g. 127.0.0.1:8001)", value)
		}
		s.addr = value
		return nil
	})
	addValue(fs, "delay", "d", "how long every answer takes (default 500ms; 0s..1h)", duration("delay", &s.cfg.Delay))
	addValue(fs, "jitter", "d", "up to this much more per path, drawn from the seed (default 0s; 0s..1h)", duration("jitter", &s.cfg.Jitter))
	addValue(fs, "error-rate", "r", "share of paths answered 418 (default 0; 0..1)", func(value string) error {
		r, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return usagef("--error-rate %q is not a number (allowed: 0..1)", value)
		}
		s.cfg.ErrorRate = r
		return nil
	})
	addValue(fs, "seed", "n", "makes jitter and errors reproducible (default 1)", func(value string) error {
		n, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return usagef("--seed %q is not a whole number >= 0", value)
		}
		s.cfg.Seed = n
		return nil
	})
	addValue(fs, "max-delay", "d", "the longest ?delay= a request may ask for (default 1m; 1ms..1h)", duration("max-delay", &s.cfg.MaxDelay))
	addValue(fs, "max-conns", "n", "connections open at once; one more is answered 503 (default 1000; 1..100000)", func(value string) error {
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > slowserver.MaxConns {
			return usagef("--max-conns %q is not a whole number from 1 to %d", value, slowserver.MaxConns)
		}
		s.cfg.MaxConns = n
		return nil
	})
	fs.VisitAll(func(f *pflag.Flag) { _ = c.RegisterFlagCompletionFunc(f.Name, cobra.NoFileCompletions) })
	return c
}

// check refuses a configuration the server cannot run with.
func (s serveSettings) check() error {
	if s.cfg.MaxDelay < time.Millisecond || s.cfg.MaxDelay > time.Hour {
		return usagef("--max-delay %s is out of range (allowed: 1ms..1h)", s.cfg.MaxDelay)
	}
	if err := s.cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

// serveWith runs the slow server until ctrl+c (or env's context ends).
func serveWith(s serveSettings, env Env) error {
	addr, cfg := s.addr, s.cfg
	ctx := env.Context
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg.Log = env.Stdout
	run, err := slowserver.Start(addr, cfg)
	if errors.Is(err, syscall.EADDRINUSE) {
		host, port, _ := net.SplitHostPort(addr)
		next, _ := strconv.Atoi(port)
		return fmt.Errorf("%s is already in use (another conclab serve?): choose another port, e.g. --addr %s",
			addr, net.JoinHostPort(host, strconv.Itoa(next%65535+1)))
	}
	if err != nil {
		return err
	}
	url := run.URL
	host, _, _ := net.SplitHostPort(addr)
	var others []string
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(env.Stderr, "conclab: warning: listening on %s, beyond this machine\n", addr)
		if host == "" || (ip != nil && ip.IsUnspecified()) { // every interface: this machine reaches it on loopback
			_, port, _ := net.SplitHostPort(strings.TrimPrefix(run.URL, "http://"))
			url = "http://127.0.0.1:" + port
			others = reachable(host, port)
		}
	}
	fmt.Fprintf(env.Stdout, "conclab slow server on %s  (delay %s, jitter %s, error rate %v, seed %d, max delay %s, max conns %d)\n",
		url, cfg.Delay, cfg.Jitter, cfg.ErrorRate, cfg.Seed, cfg.MaxDelay, cfg.MaxConns)
	if len(others) > 0 {
		fmt.Fprintf(env.Stdout, "other machines reach it at %s\n", strings.Join(others, ", "))
	} else if url != run.URL {
		fmt.Fprintln(env.Stdout, "other machines: this machine has no network address but loopback")
	}
	fmt.Fprintf(env.Stdout, "try: curl -s -o /dev/null -w '%%{http_code}\\n' %s/flags/br.gif    ctrl+c stops\n", url)
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err = run.Close(shutdown)
	st := run.Stats()
	fmt.Fprintf(env.Stdout, "stopped: %d requests, %d answered with an error status (4xx/5xx), %d cut before their answer, at most %d at once; %d connections refused (503)\n",
		st.Requests, st.Errors, st.Cut, st.MaxInFlight, st.Refused)
	return err
}

// interfaceAddrs is net.InterfaceAddrs; tests replace it.
var interfaceAddrs = net.InterfaceAddrs

// reachable are the URLs at which other machines reach a server that
// listens on every interface (host "" or "::", or "0.0.0.0": IPv4 only) on
// port: one per address of this machine's interfaces that is neither
// loopback nor link-local (those need a zone or reach no one).
func reachable(host, port string) []string {
	addrs, err := interfaceAddrs()
	if err != nil {
		return nil
	}
	onlyV4 := host == "0.0.0.0"
	var out []string
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip := n.IP
		if ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsMulticast() || (onlyV4 && ip.To4() == nil) {
			continue
		}
		out = append(out, "http://"+net.JoinHostPort(ip.String(), port))
	}
	return out
}
