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
		Long: `Shows the next hint of an exercise (without NAME: the one whose folder you
are in, or else the next one on your path): three hints per exercise, each
more detailed than the one before (1/3, 2/3, 3/3). conclab remembers how
many you have seen; after the last one, hint repeats it.`,
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
	fmt.Fprintln(env.Stdout, hintText(fmt.Sprintf("hint %d/%d for %s:", n, len(ex.Hints), ex.Name), ex.Hints[n-1]))
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

// hintText lays a hint out after its heading: each line of the hint (a
// paragraph or a list item) wrapped at 100 columns, indented by two spaces
// after the first, and its code lines (four spaces in, see
// exercises.Exercise.Hints) kept as they are, under the heading when the
// hint starts with code.
func hintText(head, hint string) string {
	var b strings.Builder
	for i, line := range strings.Split(hint, "\n") {
		code := line == "" || strings.HasPrefix(line, "    ")
		switch {
		case i == 0 && !code:
			b.WriteString(wrap(head+" "+line, "  ", 100))
		case i == 0:
			b.WriteString(head + "\n  " + line)
		case line == "":
			b.WriteString("\n")
		case code:
			b.WriteString("\n  " + line)
		default:
			b.WriteString("\n" + wrap("  "+line, "  ", 100))
		}
	}
	return b.String()
}
