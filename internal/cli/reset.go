package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"conclab/internal/check"
)

func newResetCmd(env Env) *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:   "reset NAME [--yes]",
		Short: "start an exercise over (your file is backed up)",
		Long: `Puts an exercise's file back as it was shipped, after asking you (answer y).
Your file is first copied to conclab's config directory
(backups/NAME-<time>.go) and the path is printed, so nothing is lost.
An untouched file is left alone. The shipped version comes from git, which
must be installed. Without a terminal to ask in, add --yes.`,
		GroupID:           groupExercises,
		Args:              exerciseArgs(true),
		ValidArgsFunction: completeExercise,
		RunE: func(_ *cobra.Command, args []string) error {
			return reset(args[0], yes, env)
		},
	}
	addSwitch(c.Flags(), &yes, "yes", "y", "reset without asking")
	return c
}

// reset puts the exercise name back as shipped, after asking (unless yes).
func reset(name string, yes bool, env Env) error {
	ws, err := openWorkspace()
	if err != nil {
		return err
	}
	ex, _, err := pick(name, ws.root, nil)
	if err != nil {
		return err
	}
	if ok, err := check.Untouched(ws.root, ex); err == nil && ok {
		fmt.Fprintf(env.Stdout, "%s is untouched: nothing to reset.\n", ex.Path())
		return nil
	}
	if !yes {
		fmt.Fprintf(env.Stdout, "Reset %s to the version shipped with conclab? Your file is backed up first. [y/N] ", ex.Path())
		answer, err := readAnswer(env.Stdin)
		if !isTerminal(env.Stdin) {
			fmt.Fprintln(env.Stdout) // the answer came from a pipe: end the prompt's line
		}
		if err != nil {
			return usagef("reset %s needs a yes, and there is no one to ask (standard input is empty or closed): add --yes", ex.Name)
		}
		if answer != "y" && answer != "yes" {
			fmt.Fprintln(env.Stdout, "Nothing changed.")
			return nil
		}
	}
	ctx, stop := signalContext(env)
	defer stop()
	res, err := check.Reset(ctx, ws.root, ex, ws.store.BackupDir(), time.Now())
	if err != nil {
		return err
	}
	if res.Untouched {
		fmt.Fprintf(env.Stdout, "%s is untouched: nothing to reset.\n", ex.Path())
		return nil
	}
	if res.Backup != "" {
		fmt.Fprintf(env.Stdout, "Backed up your file to %s\n", res.Backup)
	}
	if _, err := ws.update(env, func(p *check.Progress) { p.Restart(ex.Name) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s is as shipped again, and no longer marked solved: conclab check %s to start over.\n", ex.Path(), ex.Name)
	return nil
}

// readAnswer reads one line from in (a terminal or a pipe); an error when
// there is no stdin, or it ends before a line.
func readAnswer(in io.Reader) (string, error) {
	if in == nil {
		return "", io.EOF
	}
	if f, ok := in.(*os.File); ok && !term.IsTerminal(f.Fd()) {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return "", io.EOF // /dev/null and the like: nobody will answer
		}
	}
	line, err := bufio.NewReader(io.LimitReader(in, 1024)).ReadString('\n')
	if err != nil && (err != io.EOF || strings.TrimSpace(line) == "") {
		return "", io.EOF
	}
	return strings.ToLower(strings.TrimSpace(line)), nil
}
