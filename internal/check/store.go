package check

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Store keeps Progress in Dir/progress.json.
//
// Saves are atomic (a temp file in Dir, then a rename), so a reader never
// sees half a file, and Update holds a lock (progress.json.lock, flock)
// from its read to its save, so that conclab processes that update at the
// same time each keep the other's update.
//
// The process keeps its own copy of the last good file it read or wrote:
// a file that was deleted or damaged since (by the learner's code in a
// check, say) is restored from that copy. A value out of range in the file
// (a negative hint count) is corrected, the file kept aside as it was. A
// directory where the file should be is reported once: progress then lives
// in memory only, and nothing is blocked.
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

// lockPath is the lock file's path.
func (s Store) lockPath() string { return s.Path() + ".lock" }

// memory is what this process knows of each progress file, by path.
var memory sync.Map // string → *fileMemory

// fileMemory is the last good content of a progress file this process
// read or wrote, and whether it was told that the file cannot be saved.
type fileMemory struct {
	mu      sync.Mutex
	good    []byte
	blocked bool // a directory is where the file should be: reported once
}

func (s Store) memory() *fileMemory {
	m, _ := memory.LoadOrStore(s.Path(), &fileMemory{})
	return m.(*fileMemory)
}

// Load reads the progress. A missing file is empty progress, unless this
// process saw it before: then it is restored from conclab's copy. A file
// that is not valid progress is renamed aside (progress.json.corrupt-<time>)
// and Load returns conclab's copy, or else empty progress, with a one-line
// warning that says so; values out of range are corrected the same way.
// The error is only for a file that cannot be read or set aside at all.
func (s Store) Load() (p *Progress, warning string, err error) {
	unlock := s.lock(false)
	defer unlock()
	return s.load()
}

// Save writes p atomically (under the lock).
func (s Store) Save(p *Progress) error {
	unlock := s.lock(true)
	defer unlock()
	_, err := s.save(p)
	return err
}

// Update loads the progress, applies change and saves it, all under the
// lock: another conclab's save in between is never lost. It returns the
// progress saved and Load's warning, if any. When the file cannot be saved
// because a directory is in its place, the change is kept in memory and
// the first call says so in the warning.
func (s Store) Update(change func(*Progress)) (*Progress, string, error) {
	unlock := s.lock(true)
	defer unlock()
	p, warning, err := s.load()
	if err != nil {
		return nil, "", err
	}
	change(p)
	w, err := s.save(p)
	if warning == "" {
		warning = w
	}
	return p, warning, err
}

// load is Load under the lock.
func (s Store) load() (*Progress, string, error) {
	mem := s.memory()
	b, err := os.ReadFile(s.Path())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		good := mem.last()
		if good == nil {
			return &Progress{Version: 1}, "", nil
		}
		p, _ := parseProgress(good)
		if _, werr := s.save(p); werr != nil {
			return p, "warning: your progress file is gone and could not be restored: " + oneLine(werr.Error()), nil
		}
		return p, "warning: your progress file was gone (deleted while conclab ran?): restored it from conclab's copy", nil
	case s.isDir():
		return s.blocked(mem)
	case err != nil:
		return nil, "", fmt.Errorf("read your progress: %w", err)
	}
	p, perr := parseProgress(b)
	if perr != nil {
		aside, err := s.setAside()
		if err != nil {
			return nil, "", fmt.Errorf("your progress file %s is unreadable (%s) and could not be set aside: %w", s.Path(), perr, err)
		}
		if good := mem.last(); good != nil {
			p, _ = parseProgress(good)
			if _, err := s.save(p); err == nil {
				return p, fmt.Sprintf("warning: your progress file was unreadable (%s): kept it as %s and restored conclab's copy", oneLine(perr.Error()), aside), nil
			}
		}
		return &Progress{Version: 1}, fmt.Sprintf("warning: your progress file was unreadable (%s): kept it as %s and started afresh", oneLine(perr.Error()), aside), nil
	}
	if fixed := p.correct(); len(fixed) > 0 {
		aside, err := s.setAside()
		if err != nil {
			return nil, "", fmt.Errorf("your progress file %s has values out of range (%s) and could not be set aside: %w", s.Path(), fixed[0], err)
		}
		if _, err := s.save(p); err != nil {
			return nil, "", err
		}
		return p, fmt.Sprintf("warning: your progress file had values out of range (%s): kept it as %s and corrected them", joinFirst(fixed, 3), aside), nil
	}
	mem.remember(b)
	return p, "", nil
}

// blocked is the progress when a directory is where the file should be:
// conclab's copy, or empty, and a warning the first time.
func (s Store) blocked(mem *fileMemory) (*Progress, string, error) {
	p := &Progress{Version: 1}
	if good := mem.last(); good != nil {
		p, _ = parseProgress(good)
	}
	mem.mu.Lock()
	first := !mem.blocked
	mem.blocked = true
	mem.mu.Unlock()
	if !first {
		return p, "", nil
	}
	return p, fmt.Sprintf("warning: %s is a directory, not your progress file: your progress is not saved until you move it away", s.Path()), nil
}

// save writes p, and remembers it. With a directory in the file's place it
// writes nothing and warns once.
func (s Store) save(p *Progress) (warning string, err error) {
	mem := s.memory()
	if s.isDir() {
		b, err := marshalProgress(p)
		if err == nil {
			mem.remember(b)
		}
		_, warning, _ = s.blocked(mem)
		return warning, nil
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return "", fmt.Errorf("save your progress: %w", err)
	}
	b, err := marshalProgress(p)
	if err != nil {
		return "", fmt.Errorf("save your progress: %w", err)
	}
	if err := writeAtomic(s.Path(), b, 0o644); err != nil {
		return "", fmt.Errorf("save your progress: %w", err)
	}
	mem.remember(b)
	return "", nil
}

func (s Store) isDir() bool {
	st, err := os.Stat(s.Path())
	return err == nil && st.IsDir()
}

// setAside renames the file to progress.json.corrupt-<time>, never over
// another, and returns that name.
func (s Store) setAside() (string, error) {
	stamp := s.Path() + ".corrupt-" + time.Now().Format("20060102-150405")
	for i := 1; ; i++ {
		aside := stamp
		if i > 1 {
			aside = fmt.Sprintf("%s-%d", stamp, i)
		}
		if _, err := os.Lstat(aside); err == nil {
			continue
		}
		return aside, os.Rename(s.Path(), aside)
	}
}

// lock takes the lock file's lock (creating Dir first if create) and
// returns its release. Without a lock (no Dir, a file system without
// flock) it goes on unlocked: the saves stay atomic.
func (s Store) lock(create bool) (unlock func()) {
	if create {
		os.MkdirAll(s.Dir, 0o755)
	}
	f, err := os.OpenFile(s.lockPath(), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return func() {}
	}
	if err := flock(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		funlock(f)
		f.Close()
	}
}

func (m *fileMemory) last() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.good
}

func (m *fileMemory) remember(b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.good = append([]byte(nil), b...)
}

func joinFirst(list []string, n int) string {
	out := ""
	for i, s := range list {
		if i == n {
			return out + fmt.Sprintf(", and %d more", len(list)-n)
		}
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// Reset starts the progress over: the file as it was is copied to
// BackupDir (progress-<time>.json), whose path Reset returns, and empty
// progress is saved in its place, all under the lock. With no file there
// is nothing to keep: it returns "" and saves nothing.
func (s Store) Reset(now time.Time) (backup string, err error) {
	unlock := s.lock(true)
	defer unlock()
	b, err := os.ReadFile(s.Path())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("read your progress: %w", err)
	}
	if err := os.MkdirAll(s.BackupDir(), 0o755); err != nil {
		return "", fmt.Errorf("back up your progress: %w", err)
	}
	backup = filepath.Join(s.BackupDir(), "progress-"+now.UTC().Format("20060102-150405.000000000")+".json")
	if err := writeAtomic(backup, b, 0o644); err != nil {
		return "", fmt.Errorf("back up your progress: %w", err)
	}
	if _, err := s.save(&Progress{Version: 1}); err != nil {
		return backup, fmt.Errorf("reset your progress (it is backed up in %s): %w", backup, err)
	}
	return backup, nil
}
