package check

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"conclab/exercises"
)

// gitRepo makes a repository in a temp dir holding one exercise file with
// content shipped, and returns its root and the exercise.
func gitRepo(t *testing.T, shipped string) (string, exercises.Exercise) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	ex := exercises.Exercise{Name: "demo", Dir: "exercises/demo", File: "demo.go"}
	path := filepath.Join(root, ex.Path())
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(shipped), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q"}, {"hash-object", "-w", ex.Path()}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %v: %v", args, err)
		}
		ex.Blob = strings.TrimSpace(string(out))
	}
	return root, ex
}

func TestBlobIDIsGits(t *testing.T) {
	content := "package demo\n\n// TODO: everything\n"
	_, ex := gitRepo(t, content)
	if got := BlobID([]byte(content)); got != ex.Blob {
		t.Errorf("BlobID(%q) = %s, want git's %s", content, got, ex.Blob)
	}
	if got, want := BlobID(nil), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"; got != want {
		t.Errorf("BlobID(nil) = %s, want %s", got, want)
	}
}

func TestReset(t *testing.T) {
	const shipped = "package demo\n\n// TODO: make it concurrent\n"
	const edited = "package demo\n\n// half done\n"
	root, ex := gitRepo(t, shipped)
	path := filepath.Join(root, ex.Path())
	backups := filepath.Join(t.TempDir(), "backups")
	now := time.Date(2026, 11, 23, 10, 4, 5, 0, time.UTC)
	ctx := context.Background()

	res, err := Reset(ctx, root, ex, backups, now)
	if err != nil || !res.Untouched || res.Backup != "" {
		t.Fatalf("Reset(untouched) = %+v, %v, want Untouched and no backup", res, err)
	}
	if _, err := os.Stat(backups); !os.IsNotExist(err) {
		t.Errorf("Reset(untouched) made %s, want nothing written", backups)
	}

	for i, wantBackup := range []string{"demo-20261123-100405.go", "demo-20261123-100405-2.go"} {
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		if ok, _ := Untouched(root, ex); ok {
			t.Fatalf("Untouched(edited) = true, want false")
		}
		res, err := Reset(ctx, root, ex, backups, now)
		if err != nil || res.Untouched || filepath.Base(res.Backup) != wantBackup {
			t.Fatalf("Reset(edited) #%d = %+v, %v, want a backup at %s", i+1, res, err, wantBackup)
		}
		if b, _ := os.ReadFile(res.Backup); string(b) != edited {
			t.Errorf("backup %s holds %q, want the learner's %q", res.Backup, b, edited)
		}
		if b, _ := os.ReadFile(path); string(b) != shipped {
			t.Errorf("after Reset, %s holds %q, want the shipped %q", ex.Path(), b, shipped)
		}
	}

	os.Remove(path)
	if res, err := Reset(ctx, root, ex, backups, now); err != nil || res.Backup != "" {
		t.Errorf("Reset(deleted file) = %+v, %v, want it restored without a backup", res, err)
	}
	if ok, err := Untouched(root, ex); !ok || err != nil {
		t.Errorf("Untouched(after reset) = %v, %v, want true", ok, err)
	}
}

func TestResetWithoutHistory(t *testing.T) {
	root, ex := gitRepo(t, "package demo\n")
	ex.Blob = BlobID([]byte("package demo // not in this repository\n"))
	if err := os.WriteFile(filepath.Join(root, ex.Path()), []byte("package demo // edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Reset(context.Background(), root, ex, t.TempDir(), time.Now())
	if err == nil || !strings.Contains(err.Error(), "needs git and the repository's history") || strings.Contains(err.Error(), "\n") {
		t.Errorf("Reset(blob not in git) error = %v, want one line saying git and its history are needed", err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, ex.Path())); string(b) != "package demo // edited\n" {
		t.Errorf("Reset that failed changed the learner's file to %q", b)
	}
}

func TestFindRoot(t *testing.T) {
	root, err := FindRoot(".")
	if err != nil {
		t.Fatalf("FindRoot(.) error: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "exercises", "manifest.json")); err != nil {
		t.Errorf("FindRoot(.) = %s, which has no exercises/manifest.json", root)
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "go.mod"), []byte("module example.com/other\n"), 0o644)
	if _, err := FindRoot(other); err == nil || !strings.Contains(err.Error(), "is not inside the conclab repository") {
		t.Errorf("FindRoot(%s) error = %v, want one saying it is not inside conclab", other, err)
	}
}

// TestShippedIsTheUntouchedFile reads each exercise back from git and, where
// the working copy is untouched, wants the very same bytes.
func TestShippedIsTheUntouchedFile(t *testing.T) {
	root := runRoot(t)
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, ex := range exercises.All() {
		untouched, err := Untouched(root, ex)
		if err != nil || !untouched {
			continue // edited here: nothing to compare with
		}
		b, err := Shipped(context.Background(), root, ex)
		if err != nil {
			t.Skipf("no git history here: %v", err)
		}
		work, _ := os.ReadFile(filepath.Join(root, ex.Path()))
		if string(b) != string(work) {
			t.Errorf("Shipped(%s) differs from the untouched %s", ex.Name, ex.Path())
		}
	}
}
