package exercise

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"conclab/exercises"
	"conclab/internal/check"
)

// CheckFunc runs an exercise's checks; check's (*Runner).Check is one.
type CheckFunc func(ctx context.Context, ex exercises.Exercise) (*check.Report, error)

// Reference is a run the learner's run is compared with.
type Reference int

// The references, in the order of their lanes after the learner's.
const (
	// Solution is the exercise's checks run on its solved file (solutions/...).
	Solution Reference = iota
	// Naive is the exercise's checks run on its file as shipped: the code the
	// learner started from, with its TODOs left undone.
	Naive
)

// String is the reference's lane name: "solution" or "naive".
func (r Reference) String() string {
	if r == Solution {
		return "solution"
	}
	return "naive"
}

// Env is what the exercise screen needs from outside the TUI: conclab's
// repository, the checks, the progress store, file watching and the
// environment variables that name the editor. DefaultEnv finds them; tests
// build their own with fakes. The zero value is an Env without a
// repository: the screen says so in one line.
type Env struct {
	// Root is the repository root, "" when conclab runs outside its clone.
	Root string
	// RootErr says why Root is "" (one line).
	RootErr error
	// Check runs the learner's checks.
	Check CheckFunc
	// Reference runs the same checks on the solution or on the shipped file.
	// DefaultEnv's keeps each result for the rest of the session.
	Reference func(ctx context.Context, ex exercises.Exercise, r Reference) (*check.Report, error)
	// Store keeps the learner's progress; nil keeps it on the screen only.
	Store *check.Store
	// Watch watches dir's .go files: a value on changes after each
	// (debounced) burst of saves, until ctx ends or stop is called (stop
	// waits for the watcher's goroutines).
	Watch func(ctx context.Context, dir string) (changes <-chan struct{}, stop func(), err error)
	// Getenv reads $GIT_EDITOR, $VISUAL, $EDITOR and $TERM; nil means no editor.
	Getenv func(string) string
	// CoreEditor is git's core.editor in the repository (CoreEditor); nil: none.
	CoreEditor func(root string) string
}

// DefaultEnv is the Env of the working directory's repository, the user's
// progress store (CONCLAB_CONFIG_DIR overrides it), fsnotify watching with
// a polling fallback, and the process's environment. It only looks for the
// repository: nothing runs until the screen asks.
func DefaultEnv() Env {
	env := Env{Getenv: os.Getenv, CoreEditor: CoreEditor}
	if store, err := check.DefaultStore(); err == nil {
		env.Store = &store // hints are remembered even outside the repository
	}
	runner, err := check.NewRunner()
	if err != nil {
		env.RootErr = err
		return env
	}
	env.Root = runner.Root
	env.Check = runner.Check
	refs := &references{root: runner.Root, done: map[string]*check.Report{}}
	env.Reference = refs.check
	env.Watch = func(ctx context.Context, dir string) (<-chan struct{}, func(), error) {
		w, err := check.Watch(ctx, dir, check.WatchOptions{})
		if err != nil {
			return nil, nil, err
		}
		return w.Changes, w.Close, nil
	}
	return env
}

// references runs the reference checks and keeps every report that came
// back, by exercise and reference, for the rest of the session: the
// solution and the shipped file do not change while conclab runs. It is
// safe for concurrent use.
type references struct {
	root string
	mu   sync.Mutex
	done map[string]*check.Report
}

func (r *references) check(ctx context.Context, ex exercises.Exercise, ref Reference) (*check.Report, error) {
	k := ex.Name + "/" + ref.String()
	r.mu.Lock()
	rep := r.done[k]
	r.mu.Unlock()
	if rep != nil {
		return rep, nil
	}
	rep, err := r.run(ctx, ex, ref)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.done[k] = rep
	r.mu.Unlock()
	return rep, nil
}

// run runs ex's checks with its file replaced (go build -overlay) by the
// solution, or by the file as shipped (from git). An untouched exercise is
// the shipped file already: it runs as it is, without git.
func (r *references) run(ctx context.Context, ex exercises.Exercise, ref Reference) (*check.Report, error) {
	replacement := filepath.Join(r.root, filepath.FromSlash(ex.SolutionPath()))
	dir, err := os.MkdirTemp("", "conclab-"+ref.String()+"-")
	if err != nil {
		return nil, fmt.Errorf("run the %s of %s: %w", ref, ex.Name, err)
	}
	defer os.RemoveAll(dir)
	if ref == Naive {
		if same, err := check.Untouched(r.root, ex); err == nil && same {
			return (&check.Runner{Root: r.root}).Check(ctx, ex)
		}
		b, err := check.Shipped(ctx, r.root, ex)
		if err != nil {
			return nil, err
		}
		replacement = filepath.Join(dir, ex.File)
		if err := os.WriteFile(replacement, b, 0o644); err != nil {
			return nil, fmt.Errorf("run the naive version of %s: %w", ex.Name, err)
		}
	}
	ov, err := json.Marshal(map[string]map[string]string{
		"Replace": {filepath.Join(r.root, filepath.FromSlash(ex.Path())): replacement},
	})
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(path, ov, 0o644); err != nil {
		return nil, fmt.Errorf("run the %s of %s: %w", ref, ex.Name, err)
	}
	return (&check.Runner{Root: r.root, Overlay: path}).Check(ctx, ex)
}
