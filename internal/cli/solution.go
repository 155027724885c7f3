package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"conclab/internal/check"
)

func newSolutionCmd(env Env) *cobra.Command {
	var force bool
	c := &cobra.Command{
		Use:   "solution NAME [--force]",
		Short: "the commented answer, once yours passes",
		Long: `Prints the solved file of an exercise, with comments that explain the
answer — once the exercise has passed its checks. --force prints it before
that (with a warning: reading the answer teaches less than finding it).
Nothing is written to your exercise; copy from it what you like.`,
		GroupID:           groupExercises,
		Args:              exerciseArgs(true),
		ValidArgsFunction: completeExercise,
		RunE: func(_ *cobra.Command, args []string) error {
			return solution(args[0], force, env)
		},
	}
	addSwitch(c.Flags(), &force, "force", "", "print it before the exercise passes")
	return c
}

// solution prints the solved file of the exercise name, once it has passed
// (or with force).
func solution(name string, force bool, env Env) error {
	c, err := startExercise(name, env)
	if err != nil {
		return err
	}
	ws, p, ex := c.ws, c.p, c.ex
	if !p.Get(ex.Name).Solved {
		if !force {
			return fmt.Errorf("%s has not passed yet: pass it first (conclab check %s; stuck? conclab hint %s), or see the answer anyway with --force", ex.Name, ex.Name, ex.Name)
		}
		fmt.Fprintf(env.Stderr, "conclab: warning: this is the answer to %s, which has not passed yet — finding it yourself teaches more (conclab hint %s)\n", ex.Name, ex.Name)
	}
	b, err := check.Solution(ws.root, ex)
	if err != nil {
		return err
	}
	_, err = env.Stdout.Write(b)
	return err
}
