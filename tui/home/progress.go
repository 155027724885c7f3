package home

import (
	tea "charm.land/bubbletea/v2"

	"conclab/exercises"
	"conclab/internal/challenge"
	"conclab/internal/check"
	"conclab/labs"
)

// Exercises is how far the learner got with one lab's exercises.
type Exercises struct{ Solved, Total int }

// ProgressMsg carries the learner's progress, per lab name, and the next
// exercise of the learner's path (check.LearnerPath, the one conclab
// progress and conclab check name); Warning says the progress file was
// unreadable and set aside, Err that it could not be read at all (both
// one line).
type ProgressMsg struct {
	ByLab map[string]Exercises
	// Next is the path's next exercise; HasNext is false when every
	// exercise is solved (or the progress could not be read).
	Next    exercises.Exercise
	HasNext bool
	// Solved and Total count the exercises of the path.
	Solved, Total int
	// Challenges counts the challenge levels and the solved ones.
	Challenges Exercises
	// Puzzles counts, per predict-then-run lab, its puzzles and the solved
	// ones; FirstTry those solved on the first try.
	Puzzles map[string]Puzzles
	// Last is the lab the learner was last on (nil: none yet).
	Last    *check.LastLab
	Warning string
	Err     error
}

// Background marks ProgressMsg as a screen.Background message: the marks
// come back after a lab or an exercise closed, whatever is on top then.
func (ProgressMsg) Background() {}

// Puzzles is how far the learner got with one lab's puzzles.
type Puzzles struct{ Solved, FirstTry, Total int }

// CountPuzzles counts, per lab of ls with puzzles, its puzzles and those p has solved.
func CountPuzzles(p *check.Progress, ls []*labs.Lab) map[string]Puzzles {
	out := map[string]Puzzles{}
	for _, l := range ls {
		if l.Predict == nil {
			continue
		}
		x := Puzzles{Total: len(l.Variants)}
		if p != nil {
			x.Solved, x.FirstTry = p.PuzzlesSolved(l.Name, l.VariantNames())
		}
		out[l.Name] = x
	}
	return out
}

// Loader reads the learner's progress (check.Store.Load's shape).
type Loader func() (*check.Progress, string, error)

// LoadProgressCmd reads the progress with load, in a command (it reads a
// file), and counts each lab's exercises and the solved ones.
func LoadProgressCmd(load Loader) tea.Cmd {
	return func() tea.Msg {
		p, warning, err := load()
		if err != nil {
			return ProgressMsg{Err: err}
		}
		path := check.LearnerPath(p)
		return ProgressMsg{ByLab: Count(p, path.Order()), Next: path.Next, HasNext: path.HasNext,
			Solved: path.Solved, Total: path.Total, Challenges: CountChallenges(p, challenge.Levels()),
			Puzzles: CountPuzzles(p, labs.All()), Last: p.Last, Warning: warning}
	}
}

// CountChallenges counts the levels and those p has solved.
func CountChallenges(p *check.Progress, levels []*challenge.Level) Exercises {
	x := Exercises{Total: len(levels)}
	for _, l := range levels {
		if p != nil && p.Challenge(l.Name).Solved {
			x.Solved++
		}
	}
	return x
}

// Count counts, per lab, its exercises in all and those p has solved.
func Count(p *check.Progress, all []exercises.Exercise) map[string]Exercises {
	out := map[string]Exercises{}
	for _, e := range all {
		x := out[e.Lab]
		x.Total++
		if p != nil && p.Get(e.Name).Solved {
			x.Solved++
		}
		out[e.Lab] = x
	}
	return out
}
