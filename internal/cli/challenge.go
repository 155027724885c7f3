package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"conclab/internal/challenge"
)

// newChallengeCmd is `conclab challenge list|show|play|explore`.
func newChallengeCmd(env Env) *cobra.Command {
	var asJSON, misplaced bool
	var schedule string
	c := &cobra.Command{
		Use:   "challenge [command]",
		Short: "you are the scheduler: break small Go programs",
		Long: `You are the scheduler: each level is a small Go program of two to four
goroutines. Choose which goroutine takes the next step until the program
fails: an assertion false, two goroutines in the critical section, a panic,
a deadlock, a goroutine left blocked for ever. Some programs are correct:
then no schedule breaks them, and explore proves it.

LEVEL may also be a model of a lab variant, to ask of it whether a schedule
breaks it: checker-racy-tally (the checker lab's racy-tally with 3 sites),
locks-racy and locks-mutex (the locks lab's racy and mutex counters with 2
workers of 2 increments), locks-transfers and locks-ordered (its transfers
and ordered variants); show prints what each models.
LEVEL may also be a file of your own (FILE.go: package main with int, bool and
string variables, functions, closures, channels, select, sync's Mutex,
WaitGroup, Cond and Once, sync/atomic's Int64 and Bool, time.After), to ask
of your own code whether a schedule breaks it.
Bad input (an unknown level, a goroutine that does not exist or is blocked or
finished) gets one line and exit status 2.`,
		Example: `conclab challenge list
conclab challenge show lost-update
conclab challenge play lost-update --schedule 1,1,2
conclab challenge explore lost-update
conclab challenge explore locks-transfers`,
		GroupID:     groupChallenge,
		Annotations: map[string]string{expandAnnotation: "yes"},
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 || len(args) == 1 && args[0] == "help" {
				return nil
			}
			return unknownCommand(c, args[0])
		},
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	addSwitch(c.PersistentFlags(), &asJSON, "json", "", `print JSON: list [{"name","title","goal","safe"}]; show the level
and its source; play the steps and how the run ended; explore
{"level","schedule","interleavings",...} (schedule null when no
schedule breaks it)`)
	// --schedule belongs to play; given to another it is refused by name.
	addValue(c.PersistentFlags(), "schedule", "LIST", "play only (see conclab help challenge play)", func(string) error { misplaced = true; return nil })
	_ = c.PersistentFlags().MarkHidden("schedule")
	alone := func(run func(c *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
		return func(c *cobra.Command, args []string) error {
			if misplaced {
				return usagef("--schedule goes with play (see conclab help challenge)")
			}
			return run(c, args)
		}
	}
	oneLevel := func(c *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("challenge %s takes one level, got %d (see conclab challenge list)", c.Name(), len(args))
		}
		return nil
	}
	list := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "the levels, easy to hard, with their goals",
		Args:    noArgs,
		RunE: alone(func(*cobra.Command, []string) error {
			return challengeList(env.Stdout, asJSON)
		}),
	}
	show := &cobra.Command{
		Use:               "show LEVEL",
		Short:             "the program, its goal, and how steps are counted",
		Args:              oneLevel,
		ValidArgsFunction: completeLevel,
		RunE: alone(func(_ *cobra.Command, args []string) error {
			l, err := loadLevel(args[0])
			if err != nil {
				return err
			}
			return challengeShow(env.Stdout, l, asJSON)
		}),
	}
	play := &cobra.Command{
		Use:   "play LEVEL --schedule LIST",
		Short: "run a schedule; you win when the program fails",
		Long: `Runs a schedule step by step: exit status 0 when the program fails (you
win), 1 when it does not.`,
		Args:              oneLevel,
		ValidArgsFunction: completeLevel,
		RunE: func(c *cobra.Command, args []string) error {
			l, err := loadLevel(args[0])
			if err != nil {
				return err
			}
			if !c.Flags().Changed("schedule") {
				return usagef("play needs --schedule, e.g. --schedule 1,1,2 (see conclab challenge show %s)", args[0])
			}
			return challengePlay(env.Stdout, l, schedule, asJSON)
		},
	}
	addValue(play.Flags(), "schedule", "LIST", `the goroutine (or timer) that takes each step, by number (1,1,2):
main is 1, the others are numbered as they start. A select with
several ready cases needs its case too: 2:1 (goroutine 2, case 1).`, func(v string) error { schedule = v; return nil })
	_ = play.RegisterFlagCompletionFunc("schedule", cobra.NoFileCompletions)
	explore := &cobra.Command{
		Use:               "explore LEVEL",
		Short:             "every schedule: the shortest failing one, or none",
		Long:              `Tries every schedule: prints the shortest failing one, or "no schedule breaks it".`,
		Args:              oneLevel,
		ValidArgsFunction: completeLevel,
		RunE: alone(func(_ *cobra.Command, args []string) error {
			l, err := loadLevel(args[0])
			if err != nil {
				return err
			}
			return challengeExplore(env.Stdout, l, asJSON)
		}),
	}
	c.AddCommand(list, show, play, explore)
	return c
}

// loadLevel is a shipped level, or a program of one's own when name ends in
// .go.
func loadLevel(name string) (*challenge.Level, error) {
	if strings.HasSuffix(name, ".go") {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, usagef("read %s: %v", name, err)
		}
		l, err := challenge.Custom(name, string(src))
		if err != nil {
			return nil, usagef("%v", err)
		}
		return l, nil
	}
	l, err := challenge.Get(name)
	if err != nil {
		return nil, usagef("%v", err)
	}
	if _, err := l.Program(); err != nil {
		return nil, err
	}
	return l, nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// challengeListItem is an entry of list --json.
type challengeListItem struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Goal  string `json:"goal"`
	Safe  bool   `json:"safe"`
}

func challengeList(w io.Writer, asJSON bool) error {
	if asJSON {
		items := []challengeListItem{}
		for _, l := range challenge.Levels() {
			items = append(items, challengeListItem{Name: l.Name, Title: l.Title, Goal: l.GoalText(), Safe: l.Safe})
		}
		return printJSON(w, items)
	}
	fmt.Fprintln(w, "You are the scheduler: choose who runs next until the program fails.")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i, l := range challenge.Levels() {
		fmt.Fprintf(tw, "%2d\t%s\t%s\t%s\n", i+1, l.Name, l.Title, l.GoalText())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nSome of these programs are correct: no schedule breaks them. Which?")
	fmt.Fprintln(w, "Start: conclab challenge show lost-update")
	return nil
}

// stepRules says how steps are counted; show prints it.
const stepRules = `How to play: each step moves one goroutine by one statement. A statement
that reads or writes shared memory several times takes one step per access,
and x++ (or x += n) on a shared variable takes three: load, add, store.
Each channel operation, Lock, Unlock, WaitGroup, Cond, Once and atomic call,
close, go statement and select is one step; a goroutine that must wait parks, and the
one that completes its operation later wakes it. A timer from time.After is
numbered like a goroutine: choosing it fires it. main is 1; the others are
numbered as they start.
assert(ok) fails the run when ok is false; a goroutine whose next step is
critical() is in the critical section (both are declared beside the program).
`

// challengeShowJSON is show --json.
type challengeShowJSON struct {
	Name   string `json:"name"`
	Title  string `json:"title"`
	Goal   string `json:"goal"`
	Safe   bool   `json:"safe"`
	Source string `json:"source"`
}

func challengeShow(w io.Writer, l *challenge.Level, asJSON bool) error {
	if asJSON {
		return printJSON(w, challengeShowJSON{Name: l.Name, Title: l.Title, Goal: l.GoalText(), Safe: l.Safe, Source: l.Source()})
	}
	fmt.Fprintf(w, "%s\nGoal: %s.\n\n", heading(l), l.GoalText())
	lines := strings.Split(strings.TrimSuffix(l.Source(), "\n"), "\n")
	for i, line := range lines {
		fmt.Fprintf(w, "%3d  %s\n", i+1, strings.ReplaceAll(line, "\t", "    "))
	}
	p, err := l.Program()
	if err != nil {
		return err
	}
	g := challenge.NewGame(p, l.Config)
	fmt.Fprintln(w)
	for _, gv := range g.Snapshot().Goroutines {
		fmt.Fprintf(w, "At the start: G%d %s, line %d: %s\n", gv.N, gv.Name, gv.Line, gv.Next)
	}
	fmt.Fprintf(w, "\n%s\nPlay: conclab challenge play %s --schedule 1,1,...\n", stepRules, l.Name)
	return nil
}

// heading is "name — Title", or the name of a program of one's own.
func heading(l *challenge.Level) string {
	if l.Title == "" || l.Title == l.Name {
		return l.Name
	}
	return l.Name + " — " + l.Title
}

// parseSchedule reads "1,1,2,3:2".
func parseSchedule(s string) ([]challenge.Choice, error) {
	var out []challenge.Choice
	for i, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		g, c, hasCase := strings.Cut(f, ":")
		n, err := strconv.Atoi(g)
		k := 0
		if err == nil && hasCase {
			k, err = strconv.Atoi(c)
			if err == nil && k < 1 {
				err = fmt.Errorf("case %d", k)
			}
		}
		if err != nil || n < 1 {
			return nil, usagef("--schedule: entry %d is %q: want a goroutine number (1, 2...), or N:CASE for a select's case", i+1, f)
		}
		out = append(out, challenge.Choice{G: n, Case: k})
	}
	return out, nil
}

// who names a goroutine or a timer in a run's table.
func who(snap challenge.Snapshot, c challenge.Choice) string {
	prefix := "G"
	if c.G <= len(snap.Goroutines) && snap.Goroutines[c.G-1].Timer {
		prefix = "T"
	}
	if c.Case > 0 {
		return fmt.Sprintf("%s%d:%d", prefix, c.G, c.Case)
	}
	return fmt.Sprintf("%s%d", prefix, c.G)
}

// challengeStep is a step in play --json.
type challengeStep struct {
	Step      int    `json:"step"`
	Goroutine int    `json:"goroutine"`
	Case      int    `json:"case,omitempty"`
	Line      int    `json:"line"`
	Text      string `json:"text"`
}

// challengePlayJSON is play --json.
type challengePlayJSON struct {
	Level    string             `json:"level"`
	Schedule []int              `json:"schedule"`
	Steps    []challengeStep    `json:"steps"`
	Failure  *challenge.Failure `json:"failure"`
	Won      bool               `json:"won"`
	Over     bool               `json:"over"`
	Lesson   string             `json:"lesson,omitempty"`
}

func challengePlay(w io.Writer, l *challenge.Level, schedule string, asJSON bool) error {
	sched, err := parseSchedule(schedule)
	if err != nil {
		return err
	}
	p, err := l.Program()
	if err != nil {
		return err
	}
	g, err := challenge.Play(p, l.Config, sched)
	if err != nil {
		return usagef("%s: %v", l.Name, err)
	}
	snap := g.Snapshot()
	f := g.Failure()
	if asJSON {
		out := challengePlayJSON{Level: l.Name, Schedule: []int{}, Steps: []challengeStep{}, Failure: f, Won: f != nil, Over: g.Over()}
		for i, s := range snap.Steps {
			out.Schedule = append(out.Schedule, s.G)
			out.Steps = append(out.Steps, challengeStep{Step: i + 1, Goroutine: s.G, Case: s.Case, Line: s.Line, Text: s.Text})
		}
		if f != nil {
			out.Lesson = l.Lesson
		}
		if err := printJSON(w, out); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(w, "%s\nGoal: %s.\n\n", heading(l), l.GoalText())
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "step\twho\tline\twhat")
		for i, s := range snap.Steps {
			fmt.Fprintf(tw, "%4d\t%s\t%4d\t%s\n", i+1, who(snap, s.Choice), s.Line, s.Text)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
		switch {
		case f != nil:
			where := ""
			if f.Line > 0 {
				where = fmt.Sprintf(" (line %d, G%d)", f.Line, f.G)
			}
			fmt.Fprintf(w, "Broken: %s%s.\n", f.Message, where)
			if l.Goal != "" && f.Kind != l.Goal {
				fmt.Fprintf(w, "(The goal was to %s; any failure breaks the program.)\n", l.GoalText())
			}
			if l.Lesson != "" {
				fmt.Fprintf(w, "\n%s\n", wrap("Lesson: "+l.Lesson, "", 80))
			}
		case g.Over():
			fmt.Fprintln(w, "The program finished without failing: try another schedule.")
		default:
			fmt.Fprintf(w, "After %d steps the program has not failed yet. Next:\n", len(snap.Steps))
			for _, gv := range snap.Goroutines {
				switch gv.State {
				case "ready":
					fmt.Fprintf(w, "  %s line %d: %s\n", who(snap, challenge.Choice{G: gv.N}), gv.Line, gv.Next)
					for _, c := range gv.Cases {
						fmt.Fprintf(w, "    %s line %d: %s\n", who(snap, challenge.Choice{G: gv.N, Case: c.N}), c.Line, c.Text)
					}
				case "blocked":
					fmt.Fprintf(w, "  %s line %d: blocked: %s\n", who(snap, challenge.Choice{G: gv.N}), gv.Line, gv.Why)
				}
			}
		}
	}
	if f == nil {
		return exitStatus(ExitFail)
	}
	return nil
}

// challengeExploreJSON is explore --json.
type challengeExploreJSON struct {
	Level         string             `json:"level"`
	Schedule      []int              `json:"schedule"`
	Play          string             `json:"play,omitempty"`
	Failure       *challenge.Failure `json:"failure,omitempty"`
	Interleavings any                `json:"interleavings"` // a number, or null when unbounded (or the search gave up)
	Failing       any                `json:"failing"`
	States        int                `json:"states"`
	Complete      bool               `json:"complete"`
}

func challengeExplore(w io.Writer, l *challenge.Level, asJSON bool) error {
	p, err := l.Program()
	if err != nil {
		return err
	}
	r := challenge.Explore(p, l.Config, challenge.Options{})
	if asJSON {
		out := challengeExploreJSON{Level: l.Name, Failure: r.Failure, States: r.States, Complete: r.Complete}
		if r.Interleavings != nil {
			out.Interleavings, out.Failing = json.Number(r.Interleavings.String()), json.Number(r.Failing.String())
		}
		if r.Schedule != nil {
			out.Schedule = make([]int, len(r.Schedule))
			for i, c := range r.Schedule {
				out.Schedule[i] = c.G
			}
			out.Play = challenge.FormatSchedule(r.Schedule)
		}
		return printJSON(w, out)
	}
	fmt.Fprintln(w, heading(l))
	if !r.Complete {
		fmt.Fprintf(w, "Gave up after %d distinct states (the limit): ", r.States)
	}
	if r.Schedule == nil {
		if !r.Complete {
			fmt.Fprintln(w, "no failing schedule among them.")
			return nil
		}
		if r.Interleavings == nil {
			fmt.Fprintf(w, "no schedule breaks it: every interleaving tried (unboundedly many: a loop can go round for ever; %d distinct states)\n", r.States)
		} else {
			fmt.Fprintf(w, "no schedule breaks it: %s interleavings tried (through %d distinct states: schedules that reach the same state share what follows)\n", r.Interleavings, r.States)
		}
		if l.Lesson != "" {
			fmt.Fprintf(w, "\n%s\n", wrap("Why: "+l.Lesson, "", 80))
		}
		return nil
	}
	f := r.Failure
	fmt.Fprintf(w, "Shortest failing schedule (%d steps): %s\n", len(r.Schedule), challenge.FormatSchedule(r.Schedule))
	where := ""
	if f.Line > 0 {
		where = fmt.Sprintf(" (line %d, G%d)", f.Line, f.G)
	}
	fmt.Fprintf(w, "  %s%s\n", f.Message, where)
	switch {
	case r.Interleavings != nil:
		fmt.Fprintf(w, "%s of the %s interleavings fail (%d distinct states).\n", r.Failing, r.Interleavings, r.States)
	case r.Complete:
		fmt.Fprintf(w, "There are unboundedly many interleavings: a loop can go round for ever (%d distinct states).\n", r.States)
	}
	fmt.Fprintf(w, "Play it: conclab challenge play %s --schedule %s\n", l.Name, challenge.FormatSchedule(r.Schedule))
	return nil
}
