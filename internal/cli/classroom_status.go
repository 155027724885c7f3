package cli

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"conclab/internal/classroom"
	"conclab/internal/classroom/roomfile"
	"conclab/labs"
)

// classroomStatusCommand is `conclab classroom status --dir DIR`: one line
// per student of the classroom running with that directory, read from its
// room.json. A missing or unreadable file is one line and exit status 2.
func classroomStatusCommand() *cobra.Command {
	var dir string
	c := &cobra.Command{
		Use:   "status",
		Short: "who is in the running classroom, where, and what they solved",
		Long: `Reads the state of the classroom running with --dir (its room.json, which
the classroom rewrites as students move) and prints one line per student:
their name, the lab and walkthrough step they are on (and the parameters
that differ from the defaults), whether their screen follows the teacher's
or they stepped away ("own"), the exercises, puzzles and challenges they
solved, and their guesses for the prediction prompt on their screen.`,
		Example: "  conclab classroom status --dir ./class",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			f, err := roomfile.Read(dir)
			if err != nil {
				return usagef("classroom status: %v", err)
			}
			writeClassroomStatus(c.OutOrStdout(), f)
			if f.Ended {
				fmt.Fprintf(c.ErrOrStderr(), "(the class ended at %s: this is its last state)\n", f.Saved.Local().Format("15:04"))
			}
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", classroom.DefaultDir, "the classroom's directory (its --dir)")
	return c
}

// writeClassroomStatus prints one line per student of f, in f's order
// (by name), names in a column; one line saying so when there is none.
func writeClassroomStatus(w io.Writer, f roomfile.File) {
	var students []roomfile.Seat
	nameW := 0
	for _, s := range f.Seats {
		if !s.Teacher {
			students = append(students, s)
			nameW = max(nameW, len([]rune(s.Name)))
		}
	}
	if len(students) == 0 {
		fmt.Fprintln(w, "no student is connected")
		return
	}
	for _, s := range students {
		fmt.Fprintf(w, "%s%s  %s\n", s.Name, strings.Repeat(" ", nameW-len([]rune(s.Name))), studentLine(s))
	}
}

// studentLine is where s is and what they did: "countdown step 2 ·
// following · exercises 2/12 · puzzles 0/9 · challenges 0/16 · guesses
// yielding 6s, first line C3".
func studentLine(s roomfile.Seat) string {
	where := "home"
	if s.Lab != "" {
		where = s.Lab
		if s.Step > 0 {
			where += fmt.Sprintf(" step %d", s.Step)
		}
		l, _ := labs.Get(s.Lab)
		if set := classroomSetText(l, s.Set); set != "" {
			where += " " + set
		}
	}
	follow := "own"
	if s.Following {
		follow = "following"
	}
	count := func(c roomfile.Count) string {
		if c.Total == 0 {
			return "-"
		}
		return fmt.Sprintf("%d/%d", c.Solved, c.Total)
	}
	parts := []string{where, follow, "exercises " + count(s.Exercises), "puzzles " + count(s.Puzzles), "challenges " + count(s.Challenges)}
	guesses := "no guesses"
	if len(s.Guesses) > 0 {
		guesses = "guesses " + guessesText(s.Lab, s.Guesses)
	}
	return strings.Join(append(parts, guesses), " · ")
}

// classroomSetText is the parameters of set in l's order ("boards=12"),
// or by name when l is not known.
func classroomSetText(l *labs.Lab, set map[string]string) string {
	var parts []string
	if l != nil {
		for _, p := range l.Params {
			if v, ok := set[p.Name]; ok {
				parts = append(parts, p.Name+"="+v)
			}
		}
		return strings.Join(parts, " ")
	}
	for _, k := range slices.Sorted(maps.Keys(set)) {
		parts = append(parts, k+"="+set[k])
	}
	return strings.Join(parts, " ")
}

// guessesText is a student's guesses, per variant: "yielding 6s, first
// line C3; blocking 12s".
func guessesText(lab string, gs []roomfile.Guess) string {
	l, _ := labs.Get(lab)
	var out []string
	last := ""
	for _, g := range gs {
		what := g.Value
		if g.Fact != "" {
			what = factQuestion(l, g) + " " + g.Value
		}
		if g.Variant != last || len(out) == 0 {
			out = append(out, g.Variant+" "+what)
			last = g.Variant
			continue
		}
		out[len(out)-1] += ", " + what
	}
	return strings.Join(out, "; ")
}

// factQuestion is the few words that ask for g's fact ("first line"), or
// its name when the lab does not say.
func factQuestion(l *labs.Lab, g roomfile.Guess) string {
	if l != nil {
		for _, f := range l.Guessable(g.Variant) {
			if f.Name == g.Fact {
				return f.Question
			}
		}
	}
	return g.Fact
}
