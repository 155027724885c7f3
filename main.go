// Command conclab is an interactive concurrency lab for the terminal.
//
// With no arguments in a terminal it opens the lab (a TUI); otherwise it is a
// headless command line: conclab list, conclab run LAB, conclab help.
package main

import (
	"os"

	"conclab/labs/cli"

	_ "conclab/labs/all"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin}))
}
