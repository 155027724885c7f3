package tui

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"conclab/internal/check"
	"conclab/internal/classroom"
	"conclab/tui/exercise"
	"conclab/tui/styles"
)

// ErrOverSSH is why the exercise screens of a classroom session run no
// checks: the student's code is on their own machine, and the server runs
// no code of theirs. The screen shows the goal, the hints (kept in the
// student's progress) and the reference lanes.
var ErrOverSSH = errors.New("over SSH you read the goal and the hints; write and check your code on your own machine (in your clone of conclab: conclab check NAME)")

// Session builds the TUI of one classroom session (conclab classroom; a
// classroom.ModelFunc): styles from the client's terminal (TERM=dumb: ASCII
// glyphs; its colour profile comes with the session), the student's
// progress and predictions kept under the classroom's directory, and
// exercise screens without checks (ErrOverSSH).
func Session(s *classroom.Session) (tea.Model, []tea.ProgramOption) {
	opts := []Option{
		WithStyles(styles.FromEnv(s.Getenv)),
		WithProgress(s.Load),
		WithRemember(s.Remember),
		WithExercises(exercise.Env{RootErr: ErrOverSSH, Store: &s.Store}),
	}
	if s.RealServer != "" { // the room's one slow server (classroom --server)
		opts = append(opts, WithRealServer(s.RealServer))
	}
	if s.Seat != nil { // the room: following the teacher, the teacher's dashboard
		opts = append(opts, WithSeat(s.Seat))
	}
	return New(opts...), []tea.ProgramOption{tea.WithFPS(RenderFPS)}
}

// Finish stops what the screens run and saves the lab the learner was on
// (lanes, parameters, step), so that the next session resumes it even
// when the save its last move asked for had not run when the session
// ended. The classroom server calls it (classroom.Finisher).
func (m Model) Finish() {
	m.Close()
	if m.last != nil && m.remember != nil {
		last := *m.last
		_ = m.remember(func(p *check.Progress) { p.Last = &last })
	}
}
