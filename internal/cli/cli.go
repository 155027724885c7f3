// Package cli is conclab's headless command line: list the labs, run their
// variants and print a comparison, as text or JSON. It needs no terminal;
// main.go opens the TUI instead when it is started with no arguments on one.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Env is where a command reads and writes. The zero value is not usable.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	// Context ends long-running commands (serve, watch) besides ctrl+c; nil is context.Background().
	Context context.Context
}

// usageError is bad input from the user: printed in one line, exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Exit statuses.
const (
	ExitOK    = 0
	ExitFail  = 1 // the command ran and failed (a run that deadlocked, a file not written)
	ExitUsage = 2 // bad input: unknown lab or variant, bad parameter, bad flag
)

// Main runs the command line args (without the program name) and returns the
// exit status. Errors are printed to Stderr in one line, prefixed "conclab: ".
func Main(args []string, env Env) int {
	err := dispatch(args, env)
	if err == nil {
		return ExitOK
	}
	var quiet exitStatus
	if errors.As(err, &quiet) {
		return int(quiet)
	}
	fmt.Fprintf(env.Stderr, "conclab: %s\n", oneLine(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitFail
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func dispatch(args []string, env Env) error {
	if len(args) == 0 {
		fmt.Fprint(env.Stdout, Usage)
		return nil
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "-h", "--help", "help":
		return help(rest, env)
	case "list", "ls":
		if len(rest) > 0 && !isHelp(rest[0]) {
			return usagef("list takes no arguments (got %q)", rest[0])
		}
		if len(rest) > 0 {
			return help([]string{"list"}, env)
		}
		return list(env)
	case "run":
		return run(rest, env)
	case "serve":
		return serve(rest, env)
	case "challenge":
		return challengeCmd(rest, env)
	case "check", "watch", "hint", "reset", "solution", "progress":
		return exerciseCommands[cmd](rest, env)
	case "version", "--version":
		fmt.Fprintln(env.Stdout, "conclab", Version)
		return nil
	default:
		return usagef("unknown command %q (commands: list, run, serve, challenge, check, watch, hint, reset, solution, progress, help; see conclab --help)", cmd)
	}
}

// Version is conclab's version, printed by `conclab version`.
const Version = "0.1.0"

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "help" }
