package check

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"
)

// TestDebounce feeds bursts of changes on a virtual clock and wants one
// report per burst, Debounce after its last change.
func TestDebounce(t *testing.T) {
	const ms = time.Millisecond
	tests := []struct {
		name    string
		changes []time.Duration // when each change comes, from the start
		want    []time.Duration // when Changes fires
	}{
		{"one save", []time.Duration{0}, []time.Duration{200 * ms}},
		{"a burst of five, 50 ms apart", []time.Duration{0, 50 * ms, 100 * ms, 150 * ms, 200 * ms}, []time.Duration{400 * ms}},
		{"two saves 1 s apart", []time.Duration{0, 1000 * ms}, []time.Duration{200 * ms, 1200 * ms}},
		{"a change 199 ms after the last one restarts the wait", []time.Duration{0, 199 * ms}, []time.Duration{399 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				in, out := make(chan string), make(chan struct{}, 1)
				done := make(chan struct{})
				go func() { debounce(ctx, in, out, 200*ms); close(done) }()
				start := time.Now()
				var got []time.Duration
				go func() {
					for range out {
						got = append(got, time.Since(start))
					}
				}()
				for _, at := range tt.changes {
					time.Sleep(at - time.Since(start))
					in <- "demo.go"
				}
				time.Sleep(2 * time.Second)
				synctest.Wait()
				cancel()
				<-done
				close(out)
				synctest.Wait()
				if len(got) != len(tt.want) {
					t.Fatalf("debounce(%v) fired at %v, want %v", tt.changes, got, tt.want)
				}
				for i := range got {
					if got[i] != tt.want[i] {
						t.Errorf("debounce(%v) fired at %v, want %v", tt.changes, got, tt.want)
						break
					}
				}
			})
		})
	}
}

// TestPoll changes files on disk while polling runs on a virtual clock.
func TestPoll(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "demo.go")
	write := func(s string, mod time.Time) {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	write("package demo\n", base)
	tests := []struct {
		name   string
		change func()
		want   bool
	}{
		{"nothing changed", func() {}, false},
		{"same size, new mtime", func() { write("package demo\n", base.Add(time.Second)) }, true},
		{"new size, same mtime", func() { write("package demo // x\n", base.Add(time.Second)) }, true},
		{"a file that is not Go", func() { os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644) }, false},
		{"an editor's temp file", func() { os.WriteFile(filepath.Join(dir, ".demo.go.swp.go"), []byte("x"), 0o644) }, false},
		{"a new Go file", func() { os.WriteFile(filepath.Join(dir, "more.go"), []byte("package demo\n"), 0o644) }, true},
		{"a removed Go file", func() { os.Remove(filepath.Join(dir, "more.go")) }, true},
	}
	synctest.Test(t, func(t *testing.T) {
		raw := make(chan string, 16)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() { poll(ctx, dir, scan(dir), 500*time.Millisecond, raw); close(done) }()
		synctest.Wait()
		for _, tt := range tests {
			tt.change()
			time.Sleep(500 * time.Millisecond)
			synctest.Wait()
			got := false
			for len(raw) > 0 {
				<-raw
				got = true
			}
			if got != tt.want {
				t.Errorf("poll after %q reported a change = %v, want %v", tt.name, got, tt.want)
			}
		}
		cancel()
		<-done
	})
}

// TestWatchNotify saves a file for real and wants Changes to fire, with
// fsnotify, and with polling forced.
func TestWatchNotify(t *testing.T) {
	for _, poll := range []bool{false, true} {
		dir := t.TempDir()
		file := filepath.Join(dir, "demo.go")
		os.WriteFile(file, []byte("package demo\n"), 0o644)
		w, err := Watch(t.Context(), dir, WatchOptions{Poll: poll, Interval: 50 * time.Millisecond, Debounce: 20 * time.Millisecond})
		if err != nil {
			t.Fatalf("Watch(poll=%v) error: %v", poll, err)
		}
		if w.Polling != poll && w.Fallback == "" {
			t.Errorf("Watch(poll=%v).Polling = %v, want %v", poll, w.Polling, poll)
		}
		os.WriteFile(file, []byte("package demo // saved\n"), 0o644)
		select {
		case <-w.Changes:
		case <-time.After(10 * time.Second):
			t.Errorf("Watch(poll=%v): no change reported 10 s after a save", poll)
		}
		w.Close()
	}
	if _, err := Watch(t.Context(), filepath.Join(t.TempDir(), "missing"), WatchOptions{}); err == nil {
		t.Errorf("Watch(missing dir) error = nil, want one")
	}
}
