package cli

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"conclab/internal/slowserver"
)

// parseRun reads args as `conclab run ARGS` does, up to running: what run
// is asked to do, or the error it prints (ran is false for --help).
func parseRun(args []string) (ra runArgs, ran bool, err error) {
	err = parse("run", args, func(env Env) *cobra.Command {
		return newRunCmd(env, func(got runArgs, _ Env) error { ra, ran = got, true; return nil })
	})
	return ra, ran, err
}

// parseServe is parseRun for `conclab serve ARGS`.
func parseServe(args []string) (s serveSettings, ran bool, err error) {
	err = parse("serve", args, func(env Env) *cobra.Command {
		return newServeCmd(env, func(got serveSettings, _ Env) error { s, ran = got, true; return nil })
	})
	return s, ran, err
}

// parseWatch is parseRun for `conclab watch ARGS`.
func parseWatch(args []string) (s watchSettings, ran bool, err error) {
	err = parse("watch", args, func(env Env) *cobra.Command {
		return newWatchCmd(env, func(got watchSettings, _ Env) error { s, ran = got, true; return nil })
	})
	return s, ran, err
}

// parse runs `conclab name args` as Main does, with the command name made
// by cmd instead of the real one (whose action is replaced).
func parse(name string, args []string, cmd func(Env) *cobra.Command) error {
	env := Env{Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader("")}
	root := newRoot(env)
	real, _, err := root.Find([]string{name})
	if err != nil || real == root {
		return fmt.Errorf("no command %s", name)
	}
	root.RemoveCommand(real)
	root.AddCommand(cmd(env))
	root.SetArgs(normalizeArgs(root, append([]string{name}, args...)))
	return root.Execute()
}

// fuzzArgs splits a fuzz input into command-line arguments at newlines.
func fuzzArgs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// FuzzParseRun: any arguments to `run` are read without a panic, or refused
// with a usage error (exit status 2) in one line; what is accepted names a
// lab and asks for at most one of --json and --steps (or asks for help).
func FuzzParseRun(f *testing.F) {
	for _, s := range []string{"chess", "chess\n--json", "chess\n--steps\n--all-variants", "chess\n--set\nboards=12", "chess\n--set=boards=12",
		"chess\n--variant\nsequential,concurrent", "chess\n--json\n--steps", "chess\nflags", "--json", "chess\n--set", "chess\n--set\n=3",
		"coroutines\n--variant\nbuffered\n--predict\na\\nb", "coroutines\n--predict\n-", "chess\n--trace\n/nonexistent/x.json",
		"flags\n--real\n--runtime-trace\nout.trace", "chess\n--runtime-trace\nx", "chess\n--json=1", "chess\n---json", "chess\n-", "chess\n--help"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		args := fuzzArgs(in)
		ra, ran, err := parseRun(args)
		if err == nil && !ran {
			return // --help
		}
		if err != nil {
			var ue usageError
			if !errors.As(err, &ue) || strings.ContainsAny(oneLine(err.Error()), "\n\r") {
				t.Fatalf("parseRun(%q) error %T %q, want a usage error in one line", args, err, err)
			}
			return
		}
		if ra.lab == "" || ra.json && ra.steps || ra.predict != "" && (ra.json || ra.steps || ra.reveal) {
			t.Fatalf("parseRun(%q) = %+v: no lab, or flags that do not go together", args, ra)
		}
		for k := range ra.sets {
			if strings.TrimSpace(k) == "" || k != strings.TrimSpace(k) {
				t.Fatalf("parseRun(%q) sets %q, want trimmed non-empty names", args, k)
			}
		}
	})
}

// FuzzParseServe: any arguments to `serve` are read without a panic, or
// refused in one line; what is accepted is a valid server configuration on
// a host:port, with a delay cap of 1ms..1h and a connection cap of
// 1..slowserver.MaxConns.
func FuzzParseServe(f *testing.F) {
	for _, s := range []string{"", "--delay\n-1s", "--error-rate\n2", "--error-rate\nlots", "--addr\nnowhere", "--seed\n-3", "--bogus\n1",
		"--delay", "--max-delay\n0s", "--max-delay\n2h", "--max-conns\n0", "--max-conns=5", "--addr=:0\n--jitter=1h", "x", "--help"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		args := fuzzArgs(in)
		s, ran, err := parseServe(args)
		if err == nil && !ran {
			return // --help
		}
		addr, cfg := s.addr, s.cfg
		if err != nil {
			var ue usageError
			if !errors.As(err, &ue) || strings.ContainsAny(oneLine(err.Error()), "\n\r") {
				t.Fatalf("parseServe(%q) error %T %q, want a usage error in one line", args, err, err)
			}
			return
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			t.Fatalf("parseServe(%q) addr %q: %v", args, addr, err)
		}
		if err := cfg.Validate(); err != nil || cfg.MaxDelay < time.Millisecond || cfg.MaxConns < 1 || cfg.MaxConns > slowserver.MaxConns {
			t.Fatalf("parseServe(%q) = %+v: %v, want a valid configuration with both caps set", args, cfg, err)
		}
	})
}
