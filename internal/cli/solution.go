package cli

import (
	"fmt"

	"conclab/internal/check"
)

const solutionUsage = `Usage: conclab solution NAME [--force]

Prints the solved file of an exercise, with comments that explain the
answer — once the exercise has passed its checks. --force prints it before
that (with a warning: reading the answer teaches less than finding it).
Nothing is written to your exercise; copy from it what you like.
`

func solution(args []string, env Env) error {
	c, err := startExercise("solution", solutionUsage, args, env, []string{"force"}, true)
	if err != nil || c.help {
		return err
	}
	ws, p, ex, set := c.ws, c.p, c.ex, c.set
	if !p.Get(ex.Name).Solved {
		if set["force"] == "" {
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
