package tui

import (
	"errors"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/internal/check"
	"conclab/internal/classroom"
	"conclab/tui/exercise"
	"conclab/tui/lab"
	"conclab/tui/screen"
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
		WithPictures(SessionPictures(s)),
	}
	if s.RealServer != "" { // the room's one slow server (classroom --server)
		opts = append(opts, WithRealServer(s.RealServer))
	}
	if s.Seat != nil { // the room: following the teacher, the teacher's dashboard
		opts = append(opts, WithSeat(s.Seat))
	}
	return New(opts...), []tea.ProgramOption{tea.WithFPS(RenderFPS)}
}

// SessionPictures is where ctrl+p saves a classroom session's screen: not
// the server's working directory, which is nobody's, but the name's own
// directory in the classroom's (DIR/students/NAME/pictures, the teacher's
// DIR/teacher/pictures), made when missing. The notice names it from the
// classroom's directory and says it is there, on the classroom's machine:
// the student's terminal is elsewhere.
func SessionPictures(s *classroom.Session) Pictures {
	shown := filepath.Join("students", s.Name, "pictures")
	note := "on the classroom's machine: the teacher has it"
	if s.Teacher {
		shown, note = filepath.Join("teacher", "pictures"), "in the classroom's directory"
	}
	return Pictures{
		Dir:     filepath.Join(s.Store.Dir, "pictures"),
		MakeDir: true,
		Shown:   shown,
		Note:    note,
		NoColor: s.Getenv("NO_COLOR") != "",
	}
}

// Finish stops what the screens run and saves the lab the learner was on
// (lanes, parameters, step), so that the next session resumes it even
// when the save its last move asked for had not run when the session
// ended. The classroom server calls it (classroom.Finisher).
func (m Model) Finish() {
	m.Close()
	if m.remember == nil {
		return
	}
	last := m.last
	// The lab screen nearest the top is where the learner was: its last
	// move's screen.LabStateMsg may not have come back (a connection that
	// drops right after a key), so m.last can be a move behind.
	for i := len(m.stack) - 1; i >= 0; i-- {
		if lm, ok := screen.As[lab.Model](m.stack[i].s); ok {
			st := lm.State()
			last = &check.LastLab{Lab: lm.Lab().Name, Step: st.Step, Variants: st.Variants, Set: st.Set, At: time.Now()}
			break
		}
	}
	if last != nil {
		l := *last
		_ = m.remember(func(p *check.Progress) { p.Last = &l })
	}
}
