package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"conclab/internal/check"
)

// resetRoot makes a git repository in a temp dir whose chess exercise is
// as shipped, with the blob in git's objects, and returns its root.
func resetRoot(t *testing.T) string {
	t.Helper()
	ex := mustExercise(t, "chess")
	content := shipped(t, repoRoot(t), ex)
	root := t.TempDir()
	path := filepath.Join(root, ex.Path())
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q"}, {"hash-object", "-w", ex.Path()}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return root
}

func TestReset(t *testing.T) {
	root := resetRoot(t)
	store := testWorkspace(t, root)
	ex := mustExercise(t, "chess")
	path := filepath.Join(root, ex.Path())
	original, _ := os.ReadFile(path)
	const edited = "package chess // my attempt\n"
	edit := func() {
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	backups := func() []string {
		m, _ := filepath.Glob(filepath.Join(store.BackupDir(), "chess-*.go"))
		return m
	}

	code, out, _ := runIn("", "reset", "chess")
	if code != ExitOK || out != "exercises/chess/chess.go is untouched: nothing to reset.\n" || len(backups()) != 0 {
		t.Errorf("reset chess (untouched) = %d, %q, %d backups; want 0, the untouched line, no backup", code, out, len(backups()))
	}

	edit()
	tests := []struct {
		stdin    string
		args     []string
		code     int
		restored bool
		says     string
	}{
		{"", []string{"reset", "chess"}, ExitUsage, false, "conclab: reset chess needs a yes, and there is no one to ask"},
		{"n\n", []string{"reset", "chess"}, ExitOK, false, "Nothing changed."},
		{"y\n", []string{"reset", "chess"}, ExitOK, true, "Backed up your file to " + store.BackupDir()},
		{"", []string{"reset", "chess", "--yes"}, ExitOK, true, "exercises/chess/chess.go is as shipped again"},
	}
	for _, tt := range tests {
		edit()
		n := len(backups())
		code, out, errs := runIn(tt.stdin, tt.args...)
		got, _ := os.ReadFile(path)
		if code != tt.code || !strings.Contains(out+errs, tt.says) {
			t.Errorf("conclab %v with stdin %q = %d, %q, stderr %q; want %d and %q", tt.args, tt.stdin, code, out, errs, tt.code, tt.says)
		}
		if restored := string(got) == string(original); restored != tt.restored {
			t.Errorf("conclab %v with stdin %q restored the file = %v, want %v", tt.args, tt.stdin, restored, tt.restored)
		}
		if tt.restored {
			bs := backups()
			if len(bs) != n+1 {
				t.Fatalf("conclab %v made %d backups, want 1", tt.args, len(bs)-n)
			}
			printed := ""
			for _, b := range bs {
				if c, _ := os.ReadFile(b); string(c) == edited && strings.Contains(out, "Backed up your file to "+b+"\n") {
					printed = b
				}
			}
			if printed == "" {
				t.Errorf("conclab %v: no printed backup holds the learner's file (%v)\n%s", tt.args, bs, out)
			}
		}
	}
}

// A reset starts the exercise over: no longer solved, the hints seen stay seen.
func TestResetClearsSolved(t *testing.T) {
	root := resetRoot(t)
	store := testWorkspace(t, root)
	ex := mustExercise(t, "chess")
	if _, _, err := store.Update(func(p *check.Progress) {
		p.Checked(ex.Name, check.Passed, time.Now())
		p.ShowHint(ex.Name, len(ex.Hints))
	}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ex.Path()), []byte("package chess // solved, then changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runIn("", "reset", "chess", "--yes")
	if code != ExitOK || !strings.Contains(out, "no longer marked solved") {
		t.Fatalf("reset chess --yes = %d, %q, %q; want 0 and the file restored, no longer solved", code, out, errs)
	}
	p, _, err := store.Load()
	if err != nil {
		t.Fatal(err)
	}
	if r := p.Get(ex.Name); r.Solved || r.Hints != 1 {
		t.Errorf("after reset, progress of chess = %+v, want not solved and 1 hint still shown", r)
	}
}
