package cli

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"conclab/exercises"
	"conclab/internal/check"
)

func newProgressCmd(env Env) *cobra.Command {
	var reset bool
	c := &cobra.Command{
		Use:   "progress",
		Short: "what you have solved, and what is next",
		Long: `Lists the exercises in order: ✓ for solved ones (and when), the hints you
have seen, the last verdict, and which one is next; then how many are solved.
Progress is kept in progress.json in conclab's config directory (set
CONCLAB_CONFIG_DIR to keep it elsewhere).`,
		GroupID: groupExercises,
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			if reset {
				return resetProgress(env)
			}
			return progress(env)
		},
	}
	addSwitch(c.Flags(), &reset, "reset", "", "start over: forget every exercise, challenge and puzzle solved and the\nlast lab (the file is backed up first, and its backup named)")
	return c
}

// resetProgress starts the learner's progress over, backed up first.
func resetProgress(env Env) error {
	store, err := progressStore()
	if err != nil {
		return err
	}
	backup, err := store.Reset(time.Now())
	if err != nil {
		return err
	}
	if backup == "" {
		fmt.Fprintf(env.Stdout, "nothing to reset: no progress yet (%s)\n", store.Path())
		return nil
	}
	fmt.Fprintf(env.Stdout, "progress reset: %s starts over; what it held is in %s\n", store.Path(), backup)
	return nil
}

// progressStore is the store `progress --reset` resets; tests replace it.
var progressStore = check.DefaultStore

// progress lists the exercises and what the learner did of each.
func progress(env Env) error {
	ws, err := openWorkspace()
	if err != nil {
		return err
	}
	p, err := ws.load(env)
	if err != nil {
		return err
	}
	all := exercises.All()
	next, hasNext := p.Next(all)
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, ex := range all {
		r := p.Get(ex.Name)
		mark, state := " ", "not started"
		switch {
		case r.Solved:
			mark, state = "✓", "solved "+r.SolvedAt.Local().Format("2006-01-02")
		case r.Checks > 0:
			state = "last: " + string(r.Last)
		}
		hints := fmt.Sprintf("hints %d/%d", r.Hints, len(ex.Hints))
		tail := ""
		if hasNext && ex.Name == next.Name {
			mark, tail = "→", "← next"
		}
		fmt.Fprintf(w, "%s %s\t%s\t%s\t%s\t%s\n", mark, ex.Name, ex.Title, state, hints, tail)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\n%d of %d solved", p.Solved(all), len(all))
	if hasNext {
		fmt.Fprintf(env.Stdout, " · next: conclab check %s", next.Name)
	}
	fmt.Fprintf(env.Stdout, "\n(kept in %s)\n", ws.store.Path())
	return nil
}
