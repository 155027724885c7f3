package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"conclab/exercises"
	"conclab/internal/check"
)

func newCheckCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "check [NAME]",
		Short: "run an exercise's checks (the next one on your path by default)",
		Long: `Runs an exercise's checks in a child go test with the race detector and a
60 s limit, and says what happened: passed, failed (with the checks'
explanation), a compile error, a panic, a deadlock, a data race, a
goroutine leak, a timeout...
Without NAME: the exercise whose folder you are in (exercises/chess), or
else the next one on your path (see conclab progress).
On a pass the exercise is marked solved and the next one is named.
Exit status 1 while it does not pass. The first check on a machine (or
after go clean -cache) builds Go's standard library with the race detector
once, which takes a minute or more; later checks take seconds.

The loop: edit the file it names, conclab check, conclab hint NAME when
stuck; conclab watch reruns the checks on every save.`,
		GroupID:           groupExercises,
		Args:              exerciseArgs(false),
		ValidArgsFunction: completeExercise,
		RunE: func(_ *cobra.Command, args []string) error {
			return checkExercise(first(args), env)
		},
	}
}

// exerciseArgs checks the NAME an exercise command takes: one at most,
// and one when it is required.
func exerciseArgs(required bool) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		_, err := oneName(c.Name(), args, required)
		return err
	}
}

// first is args[0], or "" when there is none.
func first(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// exitStatus ends a command with a status and no message: what went wrong
// has been printed already (a check that does not pass).
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// workspace is what the exercise commands work on: the repository and the
// learner's progress.
type workspace struct {
	root  string
	store check.Store
}

// openWorkspace finds the repository from the working directory and the
// progress store; tests replace it.
var openWorkspace = func() (workspace, error) {
	r, err := check.NewRunner()
	if err != nil {
		return workspace{}, err
	}
	store, err := check.DefaultStore()
	if err != nil {
		return workspace{}, err
	}
	return workspace{root: r.Root, store: store}, nil
}

// newRunner makes the Runner of checks; tests replace it.
var newRunner = func(root string) *check.Runner { return &check.Runner{Root: root} }

// load reads the progress, printing the warning of a corrupt file.
func (w workspace) load(env Env) (*check.Progress, error) {
	p, warning, err := w.store.Load()
	if warning != "" {
		fmt.Fprintln(env.Stderr, "conclab: "+warning)
	}
	return p, err
}

// update changes the progress and saves it, printing the warning of a corrupt file.
func (w workspace) update(env Env, change func(*check.Progress)) (*check.Progress, error) {
	p, warning, err := w.store.Update(change)
	if warning != "" {
		fmt.Fprintln(env.Stderr, "conclab: "+warning)
	}
	return p, err
}

// pick returns the exercise named name; with name "" the one whose folder
// holds the working directory (the learner stands in exercises/chess), or
// else the next one of the learner's path (ok is false when every
// exercise is solved).
func pick(name, root string, p *check.Progress) (ex exercises.Exercise, ok bool, err error) {
	if name == "" {
		if ex, ok := standingIn(root); ok {
			return ex, true, nil
		}
		path := check.LearnerPath(p)
		return path.Next, path.HasNext, nil
	}
	ex, err = exercises.Get(name)
	if err != nil {
		return ex, false, usageError{err.Error()}
	}
	return ex, true, nil
}

// oneName takes at most one exercise name from pos.
func oneName(cmd string, pos []string, required bool) (string, error) {
	switch {
	case len(pos) > 1:
		return "", usagef("%s takes one exercise, got %d: %s (see conclab progress)", cmd, len(pos), strings.Join(pos, " "))
	case len(pos) == 1:
		return pos[0], nil
	case required:
		return "", usagef("%s needs an exercise: conclab %s NAME (exercises: %s)", cmd, cmd, strings.Join(names(), ", "))
	}
	return "", nil
}

func names() []string {
	var out []string
	for _, e := range exercises.All() {
		out = append(out, e.Name)
	}
	return out
}

// signalContext is env's context, also ended by ctrl+c, SIGTERM and SIGHUP
// (the terminal closed): a check in flight is then stopped, its whole
// process group killed, before conclab exits.
func signalContext(env Env) (context.Context, context.CancelFunc) {
	ctx := env.Context
	if ctx == nil {
		ctx = context.Background()
	}
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
}

// exerciseCall is what check, hint and solution start from: the
// workspace, the learner's progress and the exercise they name (or the
// next unsolved one).
type exerciseCall struct {
	ws workspace
	p  *check.Progress
	ex exercises.Exercise
	// found is false when no name was given and every exercise is solved.
	found bool
}

// startExercise loads the workspace, the progress and the exercise named
// name (the next unsolved one when name is "").
func startExercise(name string, env Env) (c exerciseCall, err error) {
	if c.ws, err = openWorkspace(); err != nil {
		return c, err
	}
	if c.p, err = c.ws.load(env); err != nil {
		return c, err
	}
	c.ex, c.found, err = pick(name, c.ws.root, c.p)
	return c, err
}

// checkExercise runs the checks of the exercise name (the next unsolved
// one when name is "") and records the verdict.
func checkExercise(name string, env Env) error {
	c, err := startExercise(name, env)
	if err != nil {
		return err
	}
	ws, ex := c.ws, c.ex
	if !c.found {
		fmt.Fprintf(env.Stdout, "Every exercise is solved. Check one again with conclab check NAME (%s).\n", strings.Join(names(), ", "))
		return nil
	}
	ctx, stop := signalContext(env)
	defer stop()
	fmt.Fprintf(env.Stdout, "%s — %s\nchecking %s …\n", ex.Name, ex.Title, ex.Path())
	runner := newRunner(ws.root)
	rep, err := withBuildNotice(env.Stdout, runner.ColdRaceBuild, runner.Check)(ctx, ex)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(env.Stdout, "stopped: the checks did not finish.")
			return exitStatus(ExitFail)
		}
		return err
	}
	passed, err := ws.record(env, rep)
	if err != nil {
		return err
	}
	if !passed {
		return exitStatus(ExitFail)
	}
	return nil
}

// record prints a report, saves it in the progress, and on a pass says
// what comes next. It reports whether the exercise passed.
func (ws workspace) record(env Env, rep *check.Report) (bool, error) {
	ex := rep.Exercise
	printVerdict(env.Stdout, rep)
	p, err := ws.update(env, func(p *check.Progress) { p.Checked(ex.Name, rep.Verdict.Kind, time.Now()) })
	if err != nil {
		return false, err
	}
	if !rep.Verdict.Passed() {
		shown := p.Get(ex.Name).Hints
		hint := fmt.Sprintf("stuck? conclab hint %s (%d of %d shown)", ex.Name, shown, len(ex.Hints))
		if shown >= len(ex.Hints) {
			hint = fmt.Sprintf("every hint shown: conclab hint %s repeats the last", ex.Name)
		}
		fmt.Fprintf(env.Stdout, "edit %s and check again · %s\n", ex.Path(), hint)
		return false, nil
	}
	if path := check.LearnerPath(p); path.HasNext {
		fmt.Fprintf(env.Stdout, "%s solved! Next: %s — %s (conclab check %s, or conclab watch)\n", ex.Name, path.Next.Name, path.Next.Title, path.Next.Name)
	} else {
		fmt.Fprintf(env.Stdout, "%s solved! That was the last one: every exercise is solved. conclab solution %s shows the commented answer.\n", ex.Name, ex.Name)
	}
	return true, nil
}

// printVerdict writes the verdict: a mark and the headline, then the details.
func printVerdict(w io.Writer, rep *check.Report) {
	v := rep.Verdict
	mark := "✗"
	if v.Passed() {
		mark = "✓"
	}
	fmt.Fprintln(w, wrap(mark+" "+v.String(), "  ", 100))
	for _, d := range v.Details {
		d = "  " + d
		lead := len(d) - len(strings.TrimLeft(d, " "))
		fmt.Fprintln(w, wrap(d, strings.Repeat(" ", lead+2), 100))
	}
	for _, n := range rep.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
}

// wrap breaks s at spaces (and after hyphens) into lines of at most width
// cells, the lines after the first starting with indent (ansi.Wordwrap,
// with a hanging indent). A word longer than a line stays whole.
func wrap(s, indent string, width int) string {
	var b strings.Builder
	limit := width
	for {
		wrapped := ansi.Wordwrap(s, limit, "")
		line, _, more := strings.Cut(wrapped, "\n")
		if !more || !strings.HasPrefix(s, line) { // the last line (Wordwrap only drops the spaces where it breaks)
			return b.String() + strings.ReplaceAll(wrapped, "\n", "\n"+indent)
		}
		rest := strings.TrimPrefix(strings.TrimLeft(s[len(line):], " "), "\n")
		if len(rest) == len(s) { // no progress: cannot happen, but never loop for ever
			return b.String() + s
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n" + indent)
		s, limit = rest, width-len([]rune(indent))
	}
}

// getwd is os.Getwd; tests replace it.
var getwd = os.Getwd

// standingIn returns the exercise whose folder (under root) holds the
// working directory, if any.
func standingIn(root string) (exercises.Exercise, bool) {
	wd, err := getwd()
	if err != nil || root == "" {
		return exercises.Exercise{}, false
	}
	for _, dir := range []*string{&wd, &root} {
		if real, err := filepath.EvalSymlinks(*dir); err == nil {
			*dir = real
		}
	}
	rel, err := filepath.Rel(root, wd)
	if err != nil {
		return exercises.Exercise{}, false
	}
	rel = filepath.ToSlash(rel)
	for _, ex := range exercises.All() {
		if rel == ex.Dir || strings.HasPrefix(rel, ex.Dir+"/") {
			return ex, true
		}
	}
	return exercises.Exercise{}, false
}

// checkFunc runs an exercise's checks (check.Runner.Check).
type checkFunc func(context.Context, exercises.Exercise) (*check.Report, error)

// buildNotice is what a check says while Go builds its standard library
// with the race detector the first time: about a minute of CPU time on the
// 2-core machine it was measured on with an empty GOCACHE, and minutes of
// wall time while other builds share the cores (README, "The first run").
const buildNotice = "building Go's standard library with the race detector the first time: a minute or more, once (later checks take seconds) …"

// withBuildNotice wraps run: while the checks run, cold asks whether Go
// has yet to build its standard library with the race detector, and if it
// has, and the checks are still running, buildNotice is printed to w, once.
func withBuildNotice(w io.Writer, cold func(context.Context, exercises.Exercise) bool, run checkFunc) checkFunc {
	var told bool
	return func(ctx context.Context, ex exercises.Exercise) (*check.Report, error) {
		if told {
			return run(ctx, ex)
		}
		ask, stop := context.WithCancel(ctx)
		var mu sync.Mutex
		finished := false
		done := make(chan struct{})
		go func() {
			defer close(done)
			if !cold(ask, ex) {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if !finished {
				told = true
				fmt.Fprintln(w, buildNotice)
			}
		}()
		rep, err := run(ctx, ex)
		mu.Lock()
		finished = true
		mu.Unlock()
		stop()
		<-done
		return rep, err
	}
}
