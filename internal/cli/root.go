package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/muesli/roff"
	"github.com/spf13/cobra"

	mcobra "github.com/muesli/mango-cobra"
)

func init() {
	cobra.EnableCommandSorting = false // commands are listed in the order they are defined
}

// The groups of commands, in the order help lists them.
const (
	groupLabs      = "labs"
	groupChallenge = "challenge"
	groupExercises = "exercises"
	groupMore      = "more"
)

// bareAnnotation is the root's annotation that says what conclab does with
// no arguments; the plain help lists it first.
const bareAnnotation = "conclab_bare"

// expandAnnotation marks a command whose subcommands the plain top-level
// help lists one by one (challenge list, challenge play ...).
const expandAnnotation = "conclab_expand"

// newRoot builds conclab's command tree, writing to env: every command,
// flag, help text and completion is defined here and in the commands'
// constructors, and help is generated from them.
func newRoot(env Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "conclab",
		Short: "an interactive concurrency lab for the terminal",
		Long: `conclab — an interactive concurrency lab for the terminal

Watch a spinner freeze, countdowns interleave, a chess master play 24 games at
once: every lab is a small deterministic simulation you can step through,
change and rerun side by side.`,
		Example: `# 12 hours one board at a time, about 1 hour going round
conclab run chess
# the same downloads for real (goroutines, net/http) beside the prediction
conclab run flags --real`,
		Annotations: map[string]string{bareAnnotation: "open the lab (when started in a terminal)"},
		Version:     Version,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			return unknownCommand(c, args[0])
		},
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
		// fang and Main print errors; usage is never printed after one.
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetIn(env.Stdin)
	root.SetVersionTemplate("conclab {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { writeHelp(c.OutOrStdout(), c) })
	root.AddGroup(
		&cobra.Group{ID: groupLabs, Title: "Labs"},
		&cobra.Group{ID: groupChallenge, Title: "You are the scheduler (break small Go programs by choosing who runs next)"},
		&cobra.Group{ID: groupExercises, Title: "Exercises (write the concurrent Go yourself)"},
		&cobra.Group{ID: groupMore, Title: "More"},
	)
	root.Flags().BoolP("version", "v", false, "print conclab's version")
	addPresentFlag(root, env)
	root.AddCommand(
		newListCmd(env),
		newRunCmd(env, runLab),
		newOpenCmd(env),
		newServeCmd(env, serveWith),
		newChallengeCmd(env),
		newCheckCmd(env),
		newWatchCmd(env, watchWith),
		newHintCmd(env),
		newResetCmd(env),
		newSolutionCmd(env),
		newProgressCmd(env),
		newClassroomCmd(env, classroomWith),
		newVersionCmd(env),
	)
	root.SetHelpCommand(newHelpCmd(env))
	root.SetHelpCommandGroupID(groupLabs)
	root.SetCompletionCommandGroupID(groupMore)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	if comp, _, err := root.Find([]string{"completion"}); err == nil && comp != root {
		comp.Use = "completion [command]"
		comp.Short = "the shell's completion script: bash, zsh, fish or powershell"
		comp.Long = `Prints the script that teaches your shell to complete conclab's commands,
lab names, variant names (for the lab given), --set parameter names,
exercise names and challenge levels. See each command's help for how to
load it, e.g. in bash: source <(conclab completion bash)`
		comp.Args = func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(c, args[0])
			}
			return nil
		}
		comp.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	}
	withBashWords(root)
	root.AddCommand(newManCmd())
	walk(root, func(c *cobra.Command) {
		c.DisableFlagsInUseLine = true // each Use says what it takes
		c.SuggestionsMinimumDistance = 2
		c.Flags().SortFlags = false // help lists flags in the order they are defined
		c.PersistentFlags().SortFlags = false
		if c.Name() != cobra.ShellCompRequestCmd && c.Name() != cobra.ShellCompNoDescRequestCmd {
			c.Args = oneLineArgs(c.Args)
		}
		if run := c.RunE; run != nil { // an unknown lab, variant, parameter...: did you mean?
			c.RunE = func(c *cobra.Command, args []string) error { return withSuggestion(run(c, args)) }
		}
	})
	return root
}

// walk calls f on c and every command below it.
func walk(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walk(sub, f)
	}
}

// oneLineArgs makes the positional-argument errors of cobra's own commands
// (completion's) read as conclab's: one line, exit status 2.
func oneLineArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if check == nil {
			return nil
		}
		err := withSuggestion(check(c, args))
		var ue usageError
		switch {
		case err == nil || errors.As(err, &ue):
			return err
		case len(args) > 0 && c.HasAvailableSubCommands():
			return unknownCommand(c, args[0])
		case len(args) > 0:
			return usagef("%s takes no arguments (got %q)", commandPath(c), args[0])
		}
		return usageError{err.Error()}
	}
}

// unknownCommand is the error for name, which is no command of c:
// `unknown command "rnu": did you mean run? (commands: ...; see conclab --help)`.
func unknownCommand(c *cobra.Command, name string) error {
	what := "command"
	if c.HasParent() {
		what = commandPath(c) + " command"
	}
	guess := ""
	if s := c.SuggestionsFor(name); len(s) > 0 {
		guess = ": did you mean " + orList(s) + "?"
	}
	see := "; see conclab --help"
	if c.HasParent() {
		see = ""
	}
	return usagef("unknown %s %q%s (commands: %s%s)", what, name, guess, strings.Join(commandNames(c), ", "), see)
}

// orList is "a", "a or b", "a, b or c".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// commandNames are the names of c's commands that help lists, but those in skip.
func commandNames(c *cobra.Command, skip ...string) []string {
	var out []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() || sub.Name() == "help" && !sub.Hidden {
			if !slices.Contains(skip, sub.Name()) {
				out = append(out, sub.Name())
			}
		}
	}
	return out
}

func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "man",
		Short:   "conclab's manual page, in roff (conclab man | man -l -)",
		GroupID: groupMore,
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			walk(c.Root(), func(c *cobra.Command) { c.Long = paragraphs(c.Long) }) // roff fills the lines itself
			page, err := mcobra.NewManPage(1, c.Root())
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(c.OutOrStdout(), page.Build(roff.NewDocument()))
			return err
		},
	}
}

// paragraphs joins the lines of each paragraph of s (text between blank
// lines) into one.
func paragraphs(s string) string {
	ps := strings.Split(s, "\n\n")
	for i, p := range ps {
		ps[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(ps, "\n\n")
}

func newVersionCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:    "version",
		Short:  "print conclab's version (as --version does)",
		Hidden: true,
		Args:   noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(env.Stdout, "conclab", Version)
			return err
		},
	}
}

// noArgs refuses positional arguments: "list takes no arguments (got "x")".
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments (got %q)", commandPath(c), args[0])
	}
	return nil
}
