package exercise

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/exercises"
	"conclab/internal/check"
)

// CheckedMsg is the result of the learner's checks, run Gen of the screen
// (results of an older run are dropped).
type CheckedMsg struct {
	Gen    int
	Report *check.Report
	Err    error
}

// CheckCmd runs check on ex in a command and reports it as run gen, the
// tasks of its traces in the lab's order (see inLabOrder). A panic in check
// is reported as an error, not a crash.
func CheckCmd(ctx context.Context, check CheckFunc, ex exercises.Exercise, gen int) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if p := recover(); p != nil {
				msg = CheckedMsg{Gen: gen, Err: fmt.Errorf("the checks of %s panicked: %v", ex.Name, p)}
			}
		}()
		rep, err := check(ctx, ex)
		return CheckedMsg{Gen: gen, Report: inLabOrder(ex.Lab, rep), Err: err}
	}
}

// CheckingMsg is sent every second while run Gen of the checks is running,
// to count the seconds on screen.
type CheckingMsg struct{ Gen int }

// checkingEvery is how often CheckingMsg counts; tests shorten it.
var checkingEvery = time.Second

// CheckingCmd waits a second and reports CheckingMsg for run gen.
func CheckingCmd(gen int) tea.Cmd {
	return tea.Tick(checkingEvery, func(time.Time) tea.Msg { return CheckingMsg{Gen: gen} })
}

// ReferenceMsg is the result of a reference run (the solution's or the
// naive version's) of the exercise named Exercise.
type ReferenceMsg struct {
	Exercise string
	Ref      Reference
	Report   *check.Report
	Err      error
}

// ReferenceCmd runs the reference ref of ex with run in a command, the
// tasks of its traces in the lab's order (see inLabOrder).
func ReferenceCmd(ctx context.Context, run func(context.Context, exercises.Exercise, Reference) (*check.Report, error), ex exercises.Exercise, ref Reference) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if p := recover(); p != nil {
				msg = ReferenceMsg{Exercise: ex.Name, Ref: ref, Err: fmt.Errorf("the %s run of %s panicked: %v", ref, ex.Name, p)}
			}
		}()
		rep, err := run(ctx, ex, ref)
		return ReferenceMsg{Exercise: ex.Name, Ref: ref, Report: inLabOrder(ex.Lab, rep), Err: err}
	}
}

// WatchingMsg says that watch Gen has started (or could not: Err). Changes
// receives a value per burst of saves; Stop stops the watcher.
type WatchingMsg struct {
	Gen     int
	Changes <-chan struct{}
	Stop    func()
	Err     error
}

// WatchCmd starts watching dir with watch in a command.
func WatchCmd(ctx context.Context, watch func(context.Context, string) (<-chan struct{}, func(), error), dir string, gen int) tea.Cmd {
	return func() tea.Msg {
		changes, stop, err := watch(ctx, dir)
		return WatchingMsg{Gen: gen, Changes: changes, Stop: stop, Err: err}
	}
}

// SavedMsg says that a file of the exercise was saved while watch Gen ran.
type SavedMsg struct{ Gen int }

// SavedCmd waits for the next burst of saves on changes and reports it as
// SavedMsg; it reports nothing once ctx ends or changes is closed, so no
// goroutine outlives the watch.
func SavedCmd(ctx context.Context, changes <-chan struct{}, gen int) tea.Cmd {
	return func() tea.Msg {
		select {
		case _, ok := <-changes:
			if !ok {
				return nil
			}
			return SavedMsg{Gen: gen}
		case <-ctx.Done():
			return nil
		}
	}
}

// ProgressMsg is the learner's record of the exercise named Exercise after
// the screen saved a change to it; Warning is the store's (a corrupt file
// set aside) and Err why it could not be saved.
type ProgressMsg struct {
	Exercise string
	Record   check.Record
	Warning  string
	Err      error
}

// ProgressCmd applies change to the progress in store and saves it, in a
// command. With a nil store the change is applied to rec, the exercise's
// record before it, alone (nothing is saved).
func ProgressCmd(store *check.Store, name string, rec check.Record, change func(*check.Progress)) tea.Cmd {
	return func() tea.Msg {
		if store == nil {
			p := &check.Progress{Exercises: map[string]check.Record{name: rec}}
			change(p)
			return ProgressMsg{Exercise: name, Record: p.Get(name)}
		}
		p, warning, err := store.Update(change)
		if err != nil {
			return ProgressMsg{Exercise: name, Record: rec, Err: err}
		}
		return ProgressMsg{Exercise: name, Record: p.Get(name), Warning: warning}
	}
}
