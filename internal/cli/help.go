package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"conclab/internal/realrun"
	"conclab/labs"
)

// Usage is the top-level help.
const Usage = `conclab — an interactive concurrency lab for the terminal

Watch a spinner freeze, countdowns interleave, a chess master play 24 games at
once: every lab is a small deterministic simulation you can step through,
change and rerun side by side.

Usage:
  conclab                      open the lab (when started in a terminal)
  conclab list                 the labs, with what each one shows
  conclab run LAB [flags]      run a lab's variants and compare them
  conclab serve [flags]        a local slow server for flags and sites (curl, browsers, scripts)
  conclab help run             the flags of run (help serve: of serve)
  conclab help LAB             a lab's parameters, variants and walkthrough

You are the scheduler (break small Go programs by choosing who runs next;
see conclab help challenge):
  conclab challenge list       the levels, easy to hard
  conclab challenge play LEVEL --schedule LIST
                               run a schedule; you win when the program fails
  conclab challenge explore LEVEL
                               every schedule: the shortest failing one, or none

Exercises (write the concurrent Go yourself; see conclab help check):
  conclab check [NAME]         run an exercise's checks (the next unsolved one by default)
  conclab watch [NAME]         check again on every save
  conclab hint NAME            the next hint (three per exercise)
  conclab progress             what you have solved, and what is next
  conclab solution NAME        the commented answer, once yours passes
  conclab reset NAME           start an exercise over (your file is backed up)

Start with:
  conclab run chess            12 hours one board at a time, about 1 hour going round
  conclab run flags --real     the same downloads for real (goroutines, net/http) beside the prediction
`

const runUsage = `Usage: conclab run LAB [flags]

Runs the lab's variants on a virtual clock and prints a comparison table
(variant, total time as h:mm:ss, speedup over the first) and each variant's
output lines, stamped with the virtual time.

Flags:
  --variant a,b        which variants to run, in this order (default: the lab's usual pair)
  --all-variants       run every variant
  --set name=value     change a parameter; repeat for several (durations in Go syntax: 5s, 700ms)
  --json               print one JSON object: lab, params, and per variant its total,
                       output lines, facts and full trace
  --steps              print the run event by event (time, event, task; queues where recorded)
  --full               print every output line (by default long outputs are cut)
  --predict TEXT       predict-then-run labs (coroutines): check your prediction of one
                       variant's output; lines separated by \n, or - to read standard input
  --reveal             predict-then-run labs: show the output without predicting
  --real               run the real variants (flags, checker, spinner): real goroutines,
                       real HTTP over loopback, the wall clock; the table shows the
                       prediction (the virtual twin), the measurement and their ratio
  --trace FILE         write the trace as JSON (several variants: FILE-variant.json each)
  --runtime-trace FILE with --real and one variant: record a runtime/trace for go tool trace

Examples:
  conclab run chess
  conclab run chess --set boards=12 --variant concurrent
  conclab run chess --variant sequential,concurrent,two-masters --json
  conclab run flags --real --set count=100
`

func help(args []string, env Env) error {
	if len(args) == 0 {
		fmt.Fprint(env.Stdout, Usage)
		return nil
	}
	if len(args) > 1 {
		return usagef("help takes one topic, got %q: conclab help [COMMAND|LAB]", strings.Join(args, " "))
	}
	switch args[0] {
	case "help", "version":
		fmt.Fprint(env.Stdout, Usage)
		return nil
	case "run":
		fmt.Fprint(env.Stdout, runUsage)
		return nil
	case "serve":
		fmt.Fprint(env.Stdout, serveUsage)
		return nil
	case "list":
		fmt.Fprintln(env.Stdout, "Usage: conclab list\n\nLists the labs with a one-line summary of what each one shows.")
		return nil
	case "check", "watch", "hint", "reset", "solution", "progress":
		return exerciseCommands[args[0]]([]string{"--help"}, env)
	case "challenge":
		fmt.Fprint(env.Stdout, challengeUsage)
		return nil
	}
	l, err := labs.Get(args[0])
	if err != nil {
		names := make([]string, 0, 8)
		for _, l := range labs.All() {
			names = append(names, l.Name)
		}
		return usagef("no help for %q (commands: list, run, serve, challenge, check, watch, hint, reset, solution, progress; labs: %s)", args[0], strings.Join(names, ", "))
	}
	fmt.Fprint(env.Stdout, LabHelp(l))
	return nil
}

func list(env Env) error {
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, l := range labs.All() {
		fmt.Fprintf(w, "%s\t%s\n", l.Name, l.Summary)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "\nRun one: conclab run LAB    Learn more: conclab help LAB")
	return nil
}

// LabHelp describes a lab: summary, parameters with defaults and ranges,
// variants, and the titles of its walkthrough steps.
func LabHelp(l *labs.Lab) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n%s\n\n", l.Name, l.Title, l.Summary)
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	if len(l.Params) > 0 {
		fmt.Fprintln(&b, "Parameters (--set name=value):")
		for _, p := range l.Params {
			fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", p.Name, p.Default, p.Range(), p.Help)
		}
		w.Flush()
		fmt.Fprintln(&b)
	}
	fmt.Fprintln(&b, "Variants (--variant a,b):")
	def := map[string]bool{}
	for _, n := range l.DefaultVariants() {
		def[n] = true
	}
	for _, v := range l.Variants {
		mark := " "
		if def[v.Name] {
			mark = "*"
		}
		fmt.Fprintf(w, " %s%s\t%s\n", mark, v.Name, v.Summary)
	}
	w.Flush()
	fmt.Fprintln(&b, "  (* run by default)")
	if rv := realrun.Variants(l.Name); len(rv) > 0 {
		fmt.Fprintln(&b, "\nReal runs (--real: real goroutines, real time; each beside its prediction):")
		for _, v := range rv {
			pred := ""
			if v.Predicted != "" {
				pred = " (predicted by " + v.Predicted + ")"
			}
			fmt.Fprintf(w, "  %s\t%s%s\n", v.Name, v.Summary, pred)
		}
		w.Flush()
	}
	if len(l.Steps) > 0 {
		fmt.Fprintln(&b, "\nWalkthrough:")
		for i, s := range l.Steps {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, s.Title)
		}
	}
	return b.String()
}
