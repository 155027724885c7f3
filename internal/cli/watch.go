package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"conclab/exercises"
	"conclab/internal/check"
)

// watchSettings are the parsed arguments of watch.
type watchSettings struct {
	name string
	opt  check.WatchOptions
}

// newWatchCmd is `conclab watch [NAME] [flags]`; act watches what it parsed.
func newWatchCmd(env Env, act func(watchSettings, Env) error) *cobra.Command {
	var s watchSettings
	c := &cobra.Command{
		Use:   "watch [NAME] [flags]",
		Short: "check again on every save",
		Long: `Runs an exercise's checks (without NAME: the one whose folder you are in,
or else the next one on your path), then again each time you save a .go file of the exercise, and moves on to
the next exercise when one passes. Every run prints the time it starts and
ends. ctrl+c stops watching.`,
		GroupID:           groupExercises,
		Args:              exerciseArgs(false),
		ValidArgsFunction: completeExercise,
		RunE: func(_ *cobra.Command, args []string) error {
			s.name = first(args)
			return act(s, env)
		},
	}
	addSwitch(c.Flags(), &s.opt.Poll, "poll", "", `look for saves by polling (file size and time) instead of
fsnotify: for editors and file systems where saves go unseen
(conclab polls by itself when fsnotify cannot start)`)
	addValue(c.Flags(), "interval", "d", "how often --poll looks (default 500ms; 50ms..10s)", func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return usagef("--interval %q is not a duration (e.g. 500ms, 1s)", v)
		}
		if d < 50*time.Millisecond || d > 10*time.Second {
			return usagef("--interval %s is out of range (allowed: 50ms..10s)", d)
		}
		s.opt.Interval = d
		return nil
	})
	_ = c.RegisterFlagCompletionFunc("interval", cobra.NoFileCompletions)
	return c
}

// watchWith checks an exercise again on every save, and moves on.
func watchWith(s watchSettings, env Env) error {
	ws, err := openWorkspace()
	if err != nil {
		return err
	}
	p, err := ws.load(env)
	if err != nil {
		return err
	}
	ex, ok, err := pick(s.name, ws.root, p)
	if err != nil {
		return err
	}
	if !ok {
		fmt.Fprintln(env.Stdout, "Every exercise is solved: name one to watch it again (conclab watch NAME).")
		return nil
	}
	ctx, stop := signalContext(env)
	defer stop()
	runner := newRunner(ws.root)
	w := watchLoop{
		env:   env,
		ws:    ws,
		check: withBuildNotice(env.Stdout, runner.ColdRaceBuild, runner.Check),
		changes: func(ctx context.Context, ex exercises.Exercise) (<-chan struct{}, string, func(), error) {
			lw, err := check.Watch(ctx, filepath.Join(ws.root, ex.Dir), s.opt)
			if err != nil {
				return nil, "", nil, err
			}
			how := "fsnotify"
			if lw.Polling {
				how = fmt.Sprintf("polling every %s", s.opt.Interval)
				if s.opt.Interval == 0 {
					how = fmt.Sprintf("polling every %s", check.DefaultInterval)
				}
				if lw.Fallback != "" {
					how += " because fsnotify failed: " + lw.Fallback
				}
			}
			return lw.Changes, how, lw.Close, nil
		},
		now:   time.Now,
		clear: isTerminal(env.Stdout),
	}
	return w.run(ctx, ex)
}

// isTerminal tells whether w is a terminal (then watch clears the screen between runs).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// watchLoop is watch without its surroundings: the checks, the file
// changes and the clock are injected, so that tests drive it.
type watchLoop struct {
	env   Env
	ws    workspace
	check func(context.Context, exercises.Exercise) (*check.Report, error)
	// changes starts watching ex's files: a value on the channel per
	// (debounced) save, a description of how it watches, and a stop function.
	changes func(ctx context.Context, ex exercises.Exercise) (<-chan struct{}, string, func(), error)
	now     func() time.Time
	clear   bool // clear the screen before each run after a save
}

// run checks ex, then again on every save; when it passes it moves on to
// the next unsolved exercise. It returns nil when ctx ends (ctrl+c) or
// every exercise is solved.
func (w watchLoop) run(ctx context.Context, ex exercises.Exercise) error {
	out := w.env.Stdout
	reason := "start"
	for {
		saves, how, stop, err := w.changes(ctx, ex)
		if err != nil {
			return err
		}
		for {
			if w.clear && reason == "saved" { // keep a pass on screen above the next exercise's first run
				fmt.Fprint(out, "\x1b[H\x1b[2J")
			}
			start := w.now()
			fmt.Fprintf(out, "[%s] checking %s (%s) …\n", clock(start), ex.Path(), reason)
			rep, err := w.check(ctx, ex)
			if ctx.Err() != nil {
				stop()
				fmt.Fprintln(out, "stopped watching.")
				return nil
			}
			if err != nil {
				stop()
				return err
			}
			end := w.now()
			fmt.Fprintf(out, "[%s] done in %.1f s\n", clock(end), end.Sub(start).Seconds())
			passed, err := w.ws.record(w.env, rep)
			if err != nil {
				stop()
				return err
			}
			if passed {
				break
			}
			fmt.Fprintf(out, "watching %s for saves (%s) · ctrl+c to stop\n", ex.Dir, how)
			select {
			case <-ctx.Done():
				stop()
				fmt.Fprintln(out, "stopped watching.")
				return nil
			case <-saves:
				reason = "saved"
			}
		}
		stop()
		p, err := w.ws.load(w.env)
		if err != nil {
			return err
		}
		path := check.LearnerPath(p)
		if !path.HasNext {
			return nil
		}
		ex, reason = path.Next, "next exercise"
	}
}

// clock is a time of day to the millisecond: "10:15:01.456".
func clock(t time.Time) string { return t.Format("15:04:05.000") }
