package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"conclab/internal/check"
)

const resetUsage = `Usage: conclab reset NAME [--yes]

Puts an exercise's file back as it was shipped, after asking you (answer y).
Your file is first copied to conclab's config directory
(backups/NAME-<time>.go) and the path is printed, so nothing is lost.
An untouched file is left alone. The shipped version comes from git, which
must be installed. Without a terminal to ask in, add --yes.
`

func reset(args []string, env Env) error {
	pos, set, err := parseFlags("reset", args, []string{"yes", "y"}, nil)
	if err == errHelp { //nolint:errorlint // sentinel
		fmt.Fprint(env.Stdout, resetUsage)
		return nil
	}
	if err != nil {
		return err
	}
	name, err := oneName("reset", pos, true)
	if err != nil {
		return err
	}
	ws, err := openWorkspace()
	if err != nil {
		return err
	}
	ex, _, err := pick(name, nil)
	if err != nil {
		return err
	}
	if ok, err := check.Untouched(ws.root, ex); err == nil && ok {
		fmt.Fprintf(env.Stdout, "%s is untouched: nothing to reset.\n", ex.Path())
		return nil
	}
	if set["yes"] == "" && set["y"] == "" {
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
