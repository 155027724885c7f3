// Command conclab is an interactive concurrency lab for the terminal.
//
// With no arguments in a terminal it opens the lab (a TUI); otherwise it is a
// headless command line (internal/cli, cobra and fang): conclab list,
// conclab run LAB, conclab serve, conclab help, conclab completion bash,
// conclab man, conclab --version.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/charmbracelet/x/term"

	"conclab/internal/cli"
	"conclab/internal/realrun"
	"conclab/labs"
	"conclab/tui"

	_ "conclab/labs/all"
)

// memoryLimit is the soft limit of conclab's heap (runtime/debug.SetMemoryLimit)
// unless GOMEMLIMIT sets another: the garbage collector works harder as the
// heap nears it, instead of letting it grow to twice what is live, so that
// the largest allowed run stays within 1 GB of memory.
const memoryLimit = 768 << 20

func main() {
	if program, ok := realrun.ChildRequested(); ok {
		// A real run re-executes conclab with its own GOMAXPROCS and GODEBUG
		// to run a lab's program in a child process (see internal/realrun).
		os.Exit(realrun.Child(program, os.Stdout, os.Stderr))
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	args := os.Args[1:]
	terminal := term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())
	if len(args) == 0 && terminal {
		if err := tui.Run(tuiOptions()...); err != nil {
			fmt.Fprintf(os.Stderr, "conclab: %v\n", err)
			os.Exit(1)
		}
		return
	}
	env := cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Session: tui.Session}
	if terminal { // conclab LAB --set ... opens the TUI on the lab prepared
		env.Open = func(l *labs.Lab, s labs.Setup) error { return tui.Run(append(tuiOptions(), tui.WithSetup(l, s))...) }
		env.Present = func(l *labs.Lab, s labs.Setup) error { // conclab [LAB] --present
			if l == nil {
				return tui.Run(append(tuiOptions(), tui.WithPresent())...)
			}
			return tui.Run(append(tuiOptions(), tui.WithSetup(l, s), tui.WithPresent())...)
		}
	}
	os.Exit(cli.Main(args, env))
}

// tuiOptions are the TUI's options from the environment (CONCLAB_SERVER);
// a bad one is one line on standard error and exit status 2.
func tuiOptions() []tui.Option {
	opts, err := tui.ServerFromEnv(context.Background())
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclab: %v\n", err)
		os.Exit(cli.ExitUsage)
	}
	return opts
}
