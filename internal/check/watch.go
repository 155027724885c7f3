package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watch defaults.
const (
	DefaultDebounce = 200 * time.Millisecond // quiet time after the last change before Changes fires
	DefaultInterval = 500 * time.Millisecond // how often polling looks at the files
)

// WatchOptions configure Watch. The zero value watches with fsnotify and
// falls back to polling.
type WatchOptions struct {
	// Poll forces polling (mtime and size of each .go file) instead of fsnotify,
	// for editors and file systems that defeat it.
	Poll bool
	// Interval is the polling interval; 0 is DefaultInterval.
	Interval time.Duration
	// Debounce is how long the files must stay quiet after a change
	// before it is reported; 0 is DefaultDebounce.
	Debounce time.Duration
}

// Watcher reports changes to the .go files of one directory (not its
// subdirectories). Make one with Watch; Close it when done.
type Watcher struct {
	// Changes receives a value after each burst of changes, once the files
	// have been quiet for the debounce time. It has room for one value:
	// changes while nobody reads coalesce into one.
	Changes <-chan struct{}
	// Polling tells that the Watcher polls (forced, or because fsnotify failed).
	Polling bool
	// Fallback is why fsnotify could not be used, when it failed ("" otherwise).
	Fallback string

	cancel context.CancelFunc
	wg     sync.WaitGroup
	notify *fsnotify.Watcher
}

// Watch starts watching dir's .go files until ctx ends or Close is called.
func Watch(ctx context.Context, dir string, opt WatchOptions) (*Watcher, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("watch %s: not a directory", dir)
	}
	ctx, cancel := context.WithCancel(ctx)
	changes := make(chan struct{}, 1)
	raw := make(chan string, 64)
	w := &Watcher{Changes: changes, cancel: cancel}
	if !opt.Poll {
		if err := w.startNotify(ctx, dir, raw); err != nil {
			w.Fallback = err.Error()
		}
	}
	if w.notify == nil {
		w.Polling = true
		interval := orDefault(opt.Interval, DefaultInterval)
		first := scan(dir) // now: a save right after Watch returns is a change
		w.wg.Go(func() { poll(ctx, dir, first, interval, raw) })
	}
	w.wg.Go(func() { debounce(ctx, raw, changes, orDefault(opt.Debounce, DefaultDebounce)) })
	return w, nil
}

// Close stops the Watcher and waits for its goroutines.
func (w *Watcher) Close() {
	w.cancel()
	if w.notify != nil {
		w.notify.Close()
	}
	w.wg.Wait()
}

func (w *Watcher) startNotify(ctx context.Context, dir string, raw chan<- string) error {
	nw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := nw.Add(dir); err != nil {
		nw.Close()
		return err
	}
	w.notify = nw
	w.wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-nw.Events:
				if !ok {
					return
				}
				if isGo(ev.Name) {
					send(ctx, raw, ev.Name)
				}
			case _, ok := <-nw.Errors:
				if !ok {
					return
				}
			}
		}
	})
	return nil
}

// isGo tells the files that matter: .go files, not editors' temp files.
func isGo(name string) bool {
	base := filepath.Base(name)
	return strings.HasSuffix(base, ".go") && !strings.HasPrefix(base, ".")
}

func send(ctx context.Context, raw chan<- string, name string) {
	select {
	case raw <- name:
	case <-ctx.Done():
	}
}

// stamp is what polling compares: a file's size and modification time.
type stamp struct {
	size int64
	mod  time.Time
}

// scan stamps every .go file of dir.
func scan(dir string) map[string]stamp {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	out := make(map[string]stamp, len(entries))
	for _, e := range entries {
		if e.IsDir() || !isGo(e.Name()) {
			continue
		}
		if info, err := e.Info(); err == nil {
			out[e.Name()] = stamp{info.Size(), info.ModTime()}
		}
	}
	return out
}

// poll scans dir every interval and sends the name of each file that
// appeared, disappeared or changed size or modification time since the
// scan before (the first one is last).
func poll(ctx context.Context, dir string, last map[string]stamp, interval time.Duration, raw chan<- string) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := scan(dir)
		for name, st := range now {
			if old, ok := last[name]; !ok || old.size != st.size || !old.mod.Equal(st.mod) {
				send(ctx, raw, name)
			}
		}
		for name := range last {
			if _, ok := now[name]; !ok {
				send(ctx, raw, name)
			}
		}
		last = now
	}
}

// debounce sends on out once in has been quiet for wait after a value; a
// value already waiting in out absorbs the new one.
func debounce(ctx context.Context, in <-chan string, out chan<- struct{}, wait time.Duration) {
	timer := time.NewTimer(wait)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-in:
			timer.Reset(wait)
		case <-timer.C:
			select {
			case out <- struct{}{}:
			default:
			}
		}
	}
}
