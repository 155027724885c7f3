package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// learnerTree makes a module like the repository at root whose exercises/
// holds only the kit and an empty dir: a learner's clone, where fill puts
// their own copies. The rest of the repository is linked, not copied.
func learnerTree(t *testing.T, root, dir string) string {
	t.Helper()
	tree := t.TempDir()
	if err := os.MkdirAll(filepath.Join(tree, filepath.FromSlash(dir)), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"go.mod", "go.sum", "labs", "exercises/kit"} {
		if err := os.Symlink(filepath.Join(root, filepath.FromSlash(name)), filepath.Join(tree, filepath.FromSlash(name))); err != nil {
			t.Skipf("needs symbolic links: %v", err)
		}
	}
	return tree
}

// fill makes files (by name) the only files of dir in tree.
func fill(t *testing.T, tree, dir string, files map[string]string) {
	t.Helper()
	pkg := filepath.Join(tree, filepath.FromSlash(dir))
	old, _ := os.ReadDir(pkg)
	for _, e := range old {
		os.Remove(filepath.Join(pkg, e.Name()))
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(pkg, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestShippedChecksRun checks a learner's clone whose checks were
// tampered with: conclab runs the checks it shipped, and says so.
func TestShippedChecksRun(t *testing.T) {
	t.Parallel()
	root := runRoot(t)
	ex := mustGet(t, "chess")
	starter, err := ex.Embedded(ex.File)
	if err != nil {
		t.Fatal(err)
	}
	solved, err := Solution(root, ex)
	if err != nil {
		t.Fatal(err)
	}
	const empty = "//go:build exercises\n\npackage chess\n\nimport \"testing\"\n\nfunc TestNothing(t *testing.T) {}\n"
	const mine = "//go:build exercises\n\npackage chess\n\nimport \"testing\"\n\nfunc TestMine(t *testing.T) { t.Fatal(\"my own test fails\") }\n"
	tests := []struct {
		name  string
		files map[string]string
		kind  Kind
		notes []string
	}{
		{"an emptied check file does not pass", map[string]string{"chess.go": string(starter), "chess_test.go": empty}, Failed,
			[]string{"your copy of exercises/chess/chess_test.go differs from the checks conclab shipped: conclab ran its own"}},
		{"a deleted check file, and a test of the learner's own", map[string]string{"chess.go": string(solved), "mine_test.go": mine}, Passed,
			[]string{"exercises/chess/mine_test.go is not among conclab's checks: left out of this run",
				"your copy of exercises/chess/chess_test.go (missing) differs from the checks conclab shipped: conclab ran its own"}},
	}
	tree := learnerTree(t, root, ex.Dir) // one for all: the build cache serves the later runs
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fill(t, tree, ex.Dir, tt.files)
			rep, err := (&Runner{Root: tree}).Check(context.Background(), ex)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if rep.Verdict.Kind != tt.kind {
				t.Errorf("Check = %v, want %s", rep.Verdict, tt.kind)
			}
			if got, want := strings.Join(rep.Notes, "\n"), strings.Join(tt.notes, "\n"); got != want {
				t.Errorf("Check's notes =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func mustEmbedded(t *testing.T, name, file string) string {
	t.Helper()
	b, err := mustGet(t, name).Embedded(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestShippedCheckFromGit: when the check file built into conclab is not
// the manifest's (conclab was built from a tree with edited checks, as
// `go run .` does), the shipped one comes from git.
func TestShippedCheckFromGit(t *testing.T) {
	root := runRoot(t)
	ex := mustGet(t, "chess")
	if _, err := gitBlob(context.Background(), root, ex.Blob); err != nil {
		t.Skipf("needs git and the repository's history: %v", err)
	}
	// The manifest names a blob that the built-in copy is not: the
	// starter file's stands in for the checks as they were shipped.
	ex.Checks = map[string]string{"chess_test.go": ex.Blob}
	b, err := shippedCheck(context.Background(), root, ex, "chess_test.go")
	if err != nil {
		t.Fatal(err)
	}
	if got := BlobID(b); got != ex.Blob {
		t.Errorf("shippedCheck with a built-in copy that is not the manifest's = blob %s, want git's %s", got, ex.Blob)
	}
	ex.Checks = map[string]string{"chess_test.go": "0123456789012345678901234567890123456789"}
	b, err = shippedCheck(context.Background(), root, ex, "chess_test.go")
	if embedded := mustEmbedded(t, "chess", "chess_test.go"); err != nil || string(b) != embedded {
		t.Errorf("shippedCheck with a blob git does not have = %d bytes, %v, want the built-in copy", len(b), err)
	}
}
