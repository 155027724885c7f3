package learn

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"conclab/exercises"
)

// ProgressFile is the name of the progress file in the config directory.
const ProgressFile = "progress.json"

// Progress is what a learner has done, exercise by exercise. The zero value
// is a learner who has done nothing yet. It is plain data: not safe for
// concurrent use; Store loads and saves it.
type Progress struct {
	// Version is the file format's version (1).
	Version int `json:"version"`
	// Exercises holds a Record per exercise the learner has touched, by name.
	Exercises map[string]Record `json:"exercises"`
}

// Record is the learner's progress on one exercise.
type Record struct {
	// Solved tells that the exercise's checks passed once.
	Solved bool `json:"solved,omitempty"`
	// SolvedAt is when they first passed.
	SolvedAt time.Time `json:"solved_at,omitzero"`
	// Hints is how many of the exercise's hints have been shown.
	Hints int `json:"hints,omitempty"`
	// Checks is how many times the checks ran.
	Checks int `json:"checks,omitempty"`
	// Last is the verdict of the last run.
	Last Kind `json:"last,omitempty"`
}

// Get returns the record of the exercise named name (the zero Record if none).
func (p *Progress) Get(name string) Record { return p.Exercises[name] }

func (p *Progress) set(name string, r Record) {
	if p.Exercises == nil {
		p.Exercises = map[string]Record{}
	}
	p.Exercises[name] = r
}

// Checked records a run of name's checks that came to verdict k at time at;
// a pass marks the exercise solved (the first pass sets SolvedAt).
func (p *Progress) Checked(name string, k Kind, at time.Time) {
	r := p.Get(name)
	r.Checks++
	r.Last = k
	if k == Passed && !r.Solved {
		r.Solved, r.SolvedAt = true, at.UTC().Truncate(time.Second)
	}
	p.set(name, r)
}

// ShowHint records that one more of name's hints was shown (at most of)
// and returns how many have been shown now.
func (p *Progress) ShowHint(name string, of int) int {
	r := p.Get(name)
	r.Hints = min(r.Hints+1, of)
	p.set(name, r)
	return r.Hints
}

// Next returns the first exercise of all that is not solved, in order.
func (p *Progress) Next(all []exercises.Exercise) (exercises.Exercise, bool) {
	for _, e := range all {
		if !p.Get(e.Name).Solved {
			return e, true
		}
	}
	return exercises.Exercise{}, false
}

// Solved counts the exercises of all that are solved.
func (p *Progress) Solved(all []exercises.Exercise) int {
	n := 0
	for _, e := range all {
		if p.Get(e.Name).Solved {
			n++
		}
	}
	return n
}

// Store keeps Progress in Dir/progress.json. Saves are atomic (a temp file
// in Dir, then a rename), so a reader never sees half a file; two conclab
// processes that update at the same instant may lose one update.
type Store struct {
	// Dir is the config directory (see ConfigDir); it is created on the first save.
	Dir string
}

// DefaultStore is the Store in ConfigDir.
func DefaultStore() (Store, error) {
	dir, err := ConfigDir()
	return Store{Dir: dir}, err
}

// Path is the progress file's path.
func (s Store) Path() string { return filepath.Join(s.Dir, ProgressFile) }

// BackupDir is where reset puts the learner's files before it overwrites them.
func (s Store) BackupDir() string { return filepath.Join(s.Dir, "backups") }

// Load reads the progress. A missing file is empty progress. A file that is
// not valid progress is renamed aside (progress.json.corrupt-<time>) and
// Load returns empty progress with a one-line warning that says so; the
// error is only for a file that cannot be read or set aside at all.
func (s Store) Load() (p *Progress, warning string, err error) {
	p = &Progress{Version: 1}
	b, err := os.ReadFile(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return p, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("read your progress: %w", err)
	}
	var got Progress
	if err := json.Unmarshal(b, &got); err != nil || got.Version > 1 {
		why := "not a version 1 progress file"
		if err != nil {
			why = err.Error()
		}
		aside := s.Path() + ".corrupt-" + time.Now().Format("20060102-150405")
		if rerr := os.Rename(s.Path(), aside); rerr != nil {
			return nil, "", fmt.Errorf("your progress file %s is unreadable (%s) and could not be set aside: %w", s.Path(), why, rerr)
		}
		return p, fmt.Sprintf("warning: your progress file was unreadable (%s): kept it as %s and started afresh", oneLine(why), aside), nil
	}
	got.Version = 1
	return &got, "", nil
}

// Save writes p atomically.
func (s Store) Save(p *Progress) error {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return fmt.Errorf("save your progress: %w", err)
	}
	p.Version = 1
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("save your progress: %w", err)
	}
	if err := writeAtomic(s.Path(), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("save your progress: %w", err)
	}
	return nil
}

// Update loads the progress, applies change and saves it: the file is read
// afresh so that another conclab's recent save is kept. It returns the
// progress saved and Load's warning, if any.
func (s Store) Update(change func(*Progress)) (*Progress, string, error) {
	p, warning, err := s.Load()
	if err != nil {
		return nil, "", err
	}
	change(p)
	return p, warning, s.Save(p)
}

// writeAtomic writes b to a temp file beside path and renames it to path.
func writeAtomic(path string, b []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Restart marks the exercise named name as not solved (its file was reset):
// the solution is locked again and the next check starts from scratch. The
// hints already shown stay shown, and the number of checks stays counted.
func (p *Progress) Restart(name string) {
	r, ok := p.Exercises[name]
	if !ok {
		return
	}
	r.Solved, r.SolvedAt, r.Last = false, time.Time{}, ""
	p.Exercises[name] = r
}
