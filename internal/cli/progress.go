package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"conclab/internal/check"
)

func newProgressCmd(env Env) *cobra.Command {
	var reset bool
	c := &cobra.Command{
		Use:   "progress",
		Short: "your path through the exercises, and what is next",
		Long: `Lists the exercises in the order you take them, track by track (a topic
each): each one's level (easy, moderate, hard, subtle) and about how many
minutes it takes, ✓ for solved ones (and when), the last verdict, the hints
you have seen, and → for the next one (conclab check takes it by default);
then how many are solved and about how long the rest takes.
Progress is kept in progress.json in conclab's config directory (set
CONCLAB_CONFIG_DIR to keep it elsewhere): progress works from any
directory.`,
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

// progress prints the learner's path. It reads only the config directory,
// so it works outside the repository too.
func progress(env Env) error {
	store, err := check.DefaultStore()
	if err != nil {
		return err
	}
	p, err := workspace{store: store}.load(env)
	if err != nil {
		return err
	}
	writeProgress(env.Stdout, check.LearnerPath(p), time.Local)
	fmt.Fprintf(env.Stdout, "(kept in %s)\n", store.Path())
	return nil
}

// writeProgress prints path: each track's title, what it is about and its
// exercises, in columns that line up across tracks; then the total and
// what is next. Dates are shown in loc.
func writeProgress(w io.Writer, path check.Path, loc *time.Location) {
	type row struct{ mark, name, level, minutes, state, hints, title, tail string }
	var rows [][]row
	for _, t := range path.Tracks {
		var rs []row
		for _, s := range t.Steps {
			ex, r := s.Exercise, s.Record
			x := row{mark: " ", name: ex.Name, level: ex.Difficulty(), minutes: fmt.Sprintf("%d min", ex.Minutes),
				state: "not started", hints: fmt.Sprintf("hints %d/%d", r.Hints, len(ex.Hints)), title: ex.Title}
			switch {
			case r.Solved:
				x.mark, x.state = "✓", "solved "+r.SolvedAt.In(loc).Format("2006-01-02")
			case r.Last != "":
				x.state = "last: " + string(r.Last)
			case r.Checks > 0: // checked, then reset (or its verdict was unknown)
				x.state = fmt.Sprintf("checked %d×", r.Checks)
			}
			if s.Next {
				x.mark, x.tail = "→", "  ← next"
			}
			rs = append(rs, x)
		}
		rows = append(rows, rs)
	}
	var widths [6]int
	for _, rs := range rows {
		for _, x := range rs {
			for i, cell := range []string{x.name, x.level, x.minutes, x.state, x.hints} {
				widths[i] = max(widths[i], ansi.StringWidth(cell))
			}
		}
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(n-ansi.StringWidth(s), 0)) }
	for i, t := range path.Tracks {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s · %d of %d solved\n", t.Track.Title, t.Solved, len(t.Steps))
		if t.Track.About != "" {
			fmt.Fprintln(w, wrapWords(t.Track.About, "  ", 100))
		}
		for _, x := range rows[i] {
			fmt.Fprintf(w, "%s %s  %s  %s  %s  %s  %s%s\n", x.mark, pad(x.name, widths[0]), pad(x.level, widths[1]),
				pad(x.minutes, widths[2]), pad(x.state, widths[3]), pad(x.hints, widths[4]), x.title, x.tail)
		}
	}
	if path.Total == 0 {
		fmt.Fprintln(w, "No exercises in this conclab.")
		return
	}
	fmt.Fprintln(w)
	if !path.HasNext {
		fmt.Fprintf(w, "%d of %d solved: every exercise is solved.\n", path.Solved, path.Total)
		return
	}
	fmt.Fprintf(w, "%d of %d solved, about %s left\nnext: conclab check %s — %s\n",
		path.Solved, path.Total, aboutMinutes(path.MinutesLeft), path.Next.Name, path.Next.Title)
}

// aboutMinutes writes an estimate in minutes as people say it: "45 min",
// "1 h", "2 h 35 min".
func aboutMinutes(m int) string {
	h, m := m/60, m%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// wrapWords breaks s at spaces only into lines of at most width cells,
// each starting with indent (a word longer than a line stays whole).
func wrapWords(s, indent string, width int) string {
	var lines []string
	line := indent
	for _, word := range strings.Fields(s) {
		if line != indent && ansi.StringWidth(line)+1+ansi.StringWidth(word) > width {
			lines = append(lines, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}
