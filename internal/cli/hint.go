package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"conclab/internal/check"
)

func newHintCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "hint [NAME]",
		Short: "the next hint (three per exercise)",
		Long: `Shows the next hint of an exercise (the next unsolved one when NAME is left
out): three hints per exercise, each more detailed than the one before
(1/3, 2/3, 3/3). conclab remembers how many you have seen; after the last
one, hint repeats it.`,
		GroupID:           groupExercises,
		Args:              exerciseArgs(false),
		ValidArgsFunction: completeExercise,
		RunE: func(_ *cobra.Command, args []string) error {
			return hint(first(args), env)
		},
	}
}

// hint shows the next hint of the exercise name (the next unsolved one when
// name is "").
func hint(name string, env Env) error {
	c, err := startExercise(name, env)
	if err != nil {
		return err
	}
	ws, p, ex := c.ws, c.p, c.ex
	if !c.found {
		return usagef("every exercise is solved: name one, conclab hint NAME (%s)", strings.Join(names(), ", "))
	}
	if len(ex.Hints) == 0 {
		return fmt.Errorf("%s has no hints", ex.Name)
	}
	again := p.Get(ex.Name).Hints >= len(ex.Hints)
	var n int
	if _, err := ws.update(env, func(p *check.Progress) { n = p.ShowHint(ex.Name, len(ex.Hints)) }); err != nil {
		return err
	}
	n = min(max(n, 1), len(ex.Hints)) // ShowHint keeps it in range; a hint shown is never out of it
	fmt.Fprintln(env.Stdout, wrap(fmt.Sprintf("hint %d/%d for %s: %s", n, len(ex.Hints), ex.Name, ex.Hints[n-1]), "  ", 100))
	switch {
	case again:
		fmt.Fprintf(env.Stdout, "That was the last hint again. Once %s passes, conclab solution %s shows the commented answer.\n", ex.Name, ex.Name)
	case n < len(ex.Hints):
		fmt.Fprintf(env.Stdout, "Still stuck after trying it? conclab hint %s gives hint %d/%d.\n", ex.Name, n+1, len(ex.Hints))
	default:
		fmt.Fprintf(env.Stdout, "That was the last hint. Edit %s, then conclab check %s.\n", ex.Path(), ex.Name)
	}
	return nil
}
