package learn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"conclab/exercises"
)

func TestProgressRoundTrip(t *testing.T) {
	s := Store{Dir: filepath.Join(t.TempDir(), "conclab")}
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	p, warning, err := s.Update(func(p *Progress) {
		p.Checked("chess", Failed, at)
		p.ShowHint("chess", 3)
		p.Checked("chess", Passed, at)
		p.Checked("chess", Failed, at.Add(time.Hour)) // solved stays solved
	})
	if err != nil || warning != "" {
		t.Fatalf("Update() = %q, %v, want no warning and no error", warning, err)
	}
	got, warning, err := s.Load()
	if err != nil || warning != "" {
		t.Fatalf("Load() = %q, %v, want no warning and no error", warning, err)
	}
	want := Record{Solved: true, SolvedAt: at, Hints: 1, Checks: 3, Last: Failed}
	if r := got.Get("chess"); r != want {
		t.Errorf("Load().Get(chess) = %+v, want %+v", r, want)
	}
	if r := p.Get("chess"); r != want {
		t.Errorf("Update().Get(chess) = %+v, want %+v", r, want)
	}
	entries, _ := os.ReadDir(s.Dir)
	if len(entries) != 1 || entries[0].Name() != ProgressFile {
		t.Errorf("files in the config dir = %v, want only %s (no temp file left)", entries, ProgressFile)
	}
}

func TestProgressMissingFileIsEmpty(t *testing.T) {
	p, warning, err := Store{Dir: t.TempDir()}.Load()
	if err != nil || warning != "" || len(p.Exercises) != 0 {
		t.Fatalf("Load() of no file = %+v, %q, %v, want empty progress", p, warning, err)
	}
}

func TestProgressCorruptFileIsSetAside(t *testing.T) {
	for _, content := range []string{"{not json", `{"version": 9, "exercises": {}}`, ""} {
		s := Store{Dir: t.TempDir()}
		if err := os.WriteFile(s.Path(), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		p, warning, err := s.Load()
		if err != nil {
			t.Fatalf("Load(%q) error %v, want a warning only", content, err)
		}
		if len(p.Exercises) != 0 {
			t.Errorf("Load(%q) = %+v, want empty progress", content, p)
		}
		if !strings.HasPrefix(warning, "warning: your progress file was unreadable") || strings.Contains(warning, "\n") {
			t.Errorf("Load(%q) warning = %q, want one line that starts with the warning", content, warning)
		}
		aside, _ := filepath.Glob(s.Path() + ".corrupt-*")
		if len(aside) != 1 {
			t.Fatalf("Load(%q) set aside %v, want one progress.json.corrupt-<time>", content, aside)
		}
		if b, _ := os.ReadFile(aside[0]); string(b) != content {
			t.Errorf("the file set aside holds %q, want %q", b, content)
		}
		if !strings.Contains(warning, aside[0]) {
			t.Errorf("Load(%q) warning = %q, want it to name %s", content, warning, aside[0])
		}
		if _, err := os.Stat(s.Path()); !os.IsNotExist(err) {
			t.Errorf("after Load(%q), %s still exists", content, s.Path())
		}
	}
}

func TestProgressNextAndHints(t *testing.T) {
	all := []exercises.Exercise{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	var p Progress
	tests := []struct {
		solve    string
		wantNext string
		wantOK   bool
		solved   int
	}{
		{"", "a", true, 0},
		{"b", "a", true, 1},
		{"a", "c", true, 2},
		{"c", "", false, 3},
	}
	for _, tt := range tests {
		if tt.solve != "" {
			p.Checked(tt.solve, Passed, time.Now())
		}
		next, ok := p.Next(all)
		if next.Name != tt.wantNext || ok != tt.wantOK {
			t.Errorf("after solving %q, Next() = %q, %v, want %q, %v", tt.solve, next.Name, ok, tt.wantNext, tt.wantOK)
		}
		if n := p.Solved(all); n != tt.solved {
			t.Errorf("after solving %q, Solved() = %d, want %d", tt.solve, n, tt.solved)
		}
	}
	for i, want := range []int{1, 2, 3, 3} {
		if got := p.ShowHint("a", 3); got != want {
			t.Errorf("ShowHint call %d = %d, want %d", i+1, got, want)
		}
	}
}

func TestConfigDirEnv(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(ConfigDirEnv, dir)
	got, err := ConfigDir()
	if err != nil || got != dir {
		t.Errorf("ConfigDir() with %s=%s = %q, %v, want %q", ConfigDirEnv, dir, got, err, dir)
	}
}
