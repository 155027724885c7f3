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

	"conclab/internal/slowserver"
)

const serveUsage = `Usage: conclab serve [flags]

Runs conclab's slow server: generated flags at /flags/<cc>.gif (e.g. /flags/br.gif)
and checker pages at /sites/<n>, each answered after a delay, with an optional rate
of 418 I'm a teapot. Every request is logged with the number in flight. Any client
works: curl, a browser, your own scripts. ctrl+c stops it.

Flags:
  --addr host:port     where to listen (default 127.0.0.1:8001; loopback only unless you say otherwise)
  --delay d            how long every answer takes (default 500ms; 0s..1h)
  --jitter d           up to this much more per path, drawn from the seed (default 0s; 0s..1h)
  --error-rate r       share of paths answered 418 (default 0; 0..1)
  --seed n             makes jitter and errors reproducible (default 1)
  --max-delay d        the longest ?delay= a request may ask for (default 1m; 1ms..1h)
  --max-conns n        connections open at once; one more is answered 503 (default 1000; 1..100000)

Per request, ?delay=1.5s and ?status=418 override the server's choice.
A connection idle for 30s is closed. A 4xx answer says what was wrong.
`

func parseServe(args []string) (addr string, cfg slowserver.Config, err error) {
	addr = "127.0.0.1:8001"
	cfg = slowserver.Config{Delay: 500 * time.Millisecond, Seed: 1, MaxDelay: time.Minute, MaxConns: 1000}
	duration := func(name string, to *time.Duration) func(string) error {
		return func(value string) error {
			d, err := time.ParseDuration(value)
			if err != nil {
				return usagef("%s %q is not a duration (e.g. 500ms, 2s)", name, value)
			}
			*to = d
			return nil
		}
	}
	set := map[string]func(value string) error{
		"--addr": func(value string) error {
			if _, _, err := net.SplitHostPort(value); err != nil {
				return usagef("--addr %q is not host:port (e.g. 127.0.0.1:8001)", value)
			}
			addr = value
			return nil
		},
		"--delay":     duration("--delay", &cfg.Delay),
		"--jitter":    duration("--jitter", &cfg.Jitter),
		"--max-delay": duration("--max-delay", &cfg.MaxDelay),
		"--max-conns": func(value string) error {
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > slowserver.MaxConns {
				return usagef("--max-conns %q is not a whole number from 1 to %d", value, slowserver.MaxConns)
			}
			cfg.MaxConns = n
			return nil
		},
		"--error-rate": func(value string) error {
			r, err := strconv.ParseFloat(value, 64)
			if err != nil {
				return usagef("--error-rate %q is not a number (allowed: 0..1)", value)
			}
			cfg.ErrorRate = r
			return nil
		},
		"--seed": func(value string) error {
			n, err := strconv.ParseUint(value, 10, 64)
			if err != nil {
				return usagef("--seed %q is not a whole number >= 0", value)
			}
			cfg.Seed = n
			return nil
		},
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(a, "=")
		if !strings.HasPrefix(a, "-") {
			return "", cfg, usagef("serve takes no arguments, got %q (see conclab help serve)", a)
		}
		name = "--" + strings.TrimLeft(name, "-")
		if name == "--help" {
			return "", cfg, errHelp
		}
		setter, ok := set[name]
		if !ok {
			return "", cfg, usagef("unknown flag %s (see conclab help serve)", a)
		}
		if !hasValue {
			if i+1 >= len(args) {
				return "", cfg, usagef("%s needs a value (see conclab help serve)", name)
			}
			i++
			value = args[i]
		}
		if err := setter(value); err != nil {
			return "", cfg, err
		}
	}
	if cfg.MaxDelay < time.Millisecond || cfg.MaxDelay > time.Hour {
		return "", cfg, usagef("--max-delay %s is out of range (allowed: 1ms..1h)", cfg.MaxDelay)
	}
	if err := cfg.Validate(); err != nil {
		return "", cfg, usageError{err.Error()}
	}
	return addr, cfg, nil
}

func serve(args []string, env Env) error {
	addr, cfg, err := parseServe(args)
	if err == errHelp { //nolint:errorlint // sentinel
		fmt.Fprint(env.Stdout, serveUsage)
		return nil
	}
	if err != nil {
		return err
	}
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
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(env.Stderr, "conclab: warning: listening on %s, beyond this machine\n", addr)
		if host == "" || (ip != nil && ip.IsUnspecified()) { // every interface: this machine reaches it on loopback
			_, port, _ := net.SplitHostPort(strings.TrimPrefix(run.URL, "http://"))
			url = "http://127.0.0.1:" + port
		}
	}
	fmt.Fprintf(env.Stdout, "conclab slow server on %s  (delay %s, jitter %s, error rate %v, seed %d, max delay %s, max conns %d)\n",
		url, cfg.Delay, cfg.Jitter, cfg.ErrorRate, cfg.Seed, cfg.MaxDelay, cfg.MaxConns)
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
