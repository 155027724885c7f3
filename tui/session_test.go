package tui

import (
	"errors"
	"testing"

	"conclab/internal/check"
	"conclab/internal/classroom"
	"conclab/labs"
	"conclab/tui/screen"
)

// TestSession: a classroom session's TUI draws for the client's terminal,
// keeps the student's progress in their store, checks nothing, and saves
// where the student was when it finishes.
func TestSession(t *testing.T) {
	for _, tc := range []struct {
		environ []string
		ascii   bool
	}{
		{[]string{"LANG=C.UTF-8", "TERM=xterm-256color"}, false},
		{[]string{"TERM=xterm", "TERM=dumb"}, true}, // the last one wins
	} {
		store := check.Store{Dir: t.TempDir()}
		m, opts := Session(&classroom.Session{Name: "ada", Environ: tc.environ, Store: store})
		root := m.(Model)
		if root.c.Styles.ASCII != tc.ascii {
			t.Errorf("Session(environ %v): ASCII glyphs %v, want %v", tc.environ, root.c.Styles.ASCII, tc.ascii)
		}
		if len(opts) == 0 {
			t.Error("Session gave no program options, want the frame rate")
		}
		if !errors.Is(root.exercises.RootErr, ErrOverSSH) || root.exercises.Check != nil || root.exercises.Store == nil || root.exercises.Store.Dir != store.Dir {
			t.Errorf("Session's exercises: %+v, want no checks, ErrOverSSH and the student's store", root.exercises)
		}
		// Where the student is: the save a move asks for may not have run
		// when the session ends; Finish saves it.
		next, _ := root.Update(screen.LabStateMsg{Lab: "spinner", Setup: labs.Setup{Step: 4}})
		next.(Model).Finish()
		p, _, err := store.Load()
		if err != nil {
			t.Fatal(err)
		}
		if p.Last == nil || p.Last.Lab != "spinner" || p.Last.Step != 4 {
			t.Errorf("after Finish the progress's last lab is %+v, want spinner at step 4", p.Last)
		}
	}
}
