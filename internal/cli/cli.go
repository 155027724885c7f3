// Package cli is conclab's headless command line: list the labs, run their
// variants and print a comparison, as text or JSON. It needs no terminal;
// main.go opens the TUI instead when it is started with no arguments on one.
//
// The commands are cobra commands run by fang: in a terminal, help and
// errors are styled; otherwise (a pipe, a file, NO_COLOR, TERM=dumb) help is
// plain text generated from the same definitions, and errors are one line.
package cli

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"strings"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"

	"conclab/internal/classroom"
)

// Env is where a command reads and writes. The zero value is not usable.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	// Context ends long-running commands (serve, watch) besides ctrl+c; nil is context.Background().
	Context context.Context
	// Open opens the TUI on a prepared lab (conclab LAB, conclab open);
	// nil when there is no terminal to open it in.
	Open OpenFunc
	// Present opens the TUI as Open does, in the presenter view (--present);
	// a nil lab opens its home screen. Nil without a terminal.
	Present OpenFunc
	// Session builds the TUI of one classroom session (conclab classroom);
	// nil when this conclab has none.
	Session classroom.ModelFunc
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

// Version is conclab's version, printed by `conclab --version`.
const Version = "0.1.0"

// Main runs the command line args (without the program name) and returns the
// exit status. Errors are printed to Stderr in one line, prefixed "conclab: ".
func Main(args []string, env Env) int {
	root := newRoot(env)
	args = presentFirst(root, append([]string{}, args...)) // never nil: cobra would read os.Args
	if len(args) > 0 && isLabName(root, args[0]) {
		args = append([]string{"open"}, args...) // conclab LAB ... is conclab open LAB ...
	}
	root.SetArgs(normalizeArgs(root, args))
	ctx := env.Context
	if ctx == nil {
		ctx = context.Background()
	}
	var err error
	if styled(env) {
		err = fang.Execute(ctx, root,
			fang.WithVersion(Version), fang.WithoutManpage(), // conclab has its own man command, plain or styled
			fang.WithErrorHandler(func(w io.Writer, s fang.Styles, err error) { printError(w, err, s.ErrorHeader.GetBackground()) }))
	} else if err = root.ExecuteContext(ctx); err != nil {
		printError(env.Stderr, err, nil)
	}
	return exitCode(err)
}

// styled tells whether help and errors are styled by fang: when standard
// output is a terminal that wants colour. Tests replace it.
var styled = func(env Env) bool {
	return isTerminal(env.Stdout) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// printError writes err in one line, "conclab: " first, in bold colour c
// when c is not nil (fang's writer then keeps what the terminal takes);
// nothing for an exitStatus, whose command has said what went wrong.
func printError(w io.Writer, err error, c color.Color) {
	var quiet exitStatus
	if errors.As(err, &quiet) {
		return
	}
	prefix := "conclab:"
	if c != nil {
		prefix = lipgloss.NewStyle().Foreground(c).Bold(true).Render(prefix)
	}
	fmt.Fprintf(w, "%s %s\n", prefix, oneLine(err.Error()))
}

// exitCode is the exit status for what a command returned.
func exitCode(err error) int {
	var quiet exitStatus
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &quiet):
		return int(quiet)
	case errors.As(err, &ue):
		return ExitUsage
	}
	return ExitFail
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
