package all_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAddALab adds a throwaway lab to a copy of the repository as
// CONTRIBUTING.md says — its folder (the files of testdata/throwaway: a
// lab with parameters, two variants, a walkthrough with a chart, real runs
// in this process and in a child process, and tests) and one import line
// in labs/all/all.go — and nothing else. Then the lab's own tests and the
// checklist pass, and the conclab built from the copy lists it, runs it,
// explains it and runs it for real, with tui/ and internal/ untouched.
func TestAddALab(t *testing.T) {
	if testing.Short() {
		t.Skip("builds conclab in a copy of the repository")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	list, err := exec.Command("git", "-C", root, "ls-files", "-co", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("git ls-files: %v (not a clone?)", err)
	}
	repo := filepath.Join(t.TempDir(), "repo")
	for _, f := range strings.Fields(string(list)) {
		copyFile(t, filepath.Join(root, f), filepath.Join(repo, f))
	}

	// Step 1 to 5: the lab's folder.
	lab := filepath.Join(repo, "labs", "throwaway")
	files, err := filepath.Glob("testdata/throwaway/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no template in testdata/throwaway: %v", err)
	}
	for _, f := range files {
		copyFile(t, f, filepath.Join(lab, filepath.Base(f)))
	}
	// Step 6: one line.
	allGo := filepath.Join(repo, "labs", "all", "all.go")
	before, err := os.ReadFile(allGo)
	if err != nil {
		t.Fatal(err)
	}
	last := "\t_ \"conclab/labs/styles\"\n"
	if !bytes.Contains(before, []byte(last)) {
		t.Fatalf("labs/all/all.go has no line %q to add the lab after", last)
	}
	after := bytes.Replace(before, []byte(last), []byte(last+"\t_ \"conclab/labs/throwaway\"\n"), 1)
	if err := os.WriteFile(allGo, after, 0o644); err != nil {
		t.Fatal(err)
	}
	changed := changedFiles(t, root, repo)
	if want := []string{"labs/all/all.go", "labs/throwaway/"}; !slices.Equal(changed, want) {
		t.Fatalf("adding the lab changed %q, want only %q", changed, want)
	}

	// -trimpath keeps the build cache's keys free of the copy's path, so a
	// second run of this test builds nothing again.
	env := append(os.Environ(), "GOFLAGS=-trimpath", "CONCLAB_CONFIG_DIR="+t.TempDir())
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run(gocmd, "vet", "./labs/throwaway")
	run(gocmd, "test", "-short", "./labs/throwaway")
	run(gocmd, "test", "-short", "-run", "^(TestChecklist|TestEveryParameterReadExists|TestRegisteredLabs)$", "./labs/all", "./labs")
	bin := filepath.Join(t.TempDir(), "conclab")
	run(gocmd, "build", "-o", bin, ".")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"list"}, "throwaway"},
		{[]string{"run", "throwaway"}, "goroutines   0:00:01   4.0x"},
		{[]string{"help", "throwaway"}, "Real runs"},
		{[]string{"run", "throwaway", "--real", "--set", "jobs=2", "--set", "work=10ms"}, "real runs: real goroutines and time.Sleep, the wall clock"},
	} {
		if out := run(bin, tt.args...); !strings.Contains(out, tt.want) {
			t.Errorf("conclab %s: the output lacks %q:\n%s", strings.Join(tt.args, " "), tt.want, out)
		}
	}
}

// copyFile copies src to dst, making dst's folder.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// changedFiles lists what differs between the repository at root and its
// copy: files changed or added, a new folder once (with a final /).
func changedFiles(t *testing.T, root, repo string) []string {
	t.Helper()
	var changed []string
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repo, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if _, err := os.Stat(filepath.Join(root, rel)); os.IsNotExist(err) {
				changed = append(changed, rel+"/")
				return filepath.SkipDir
			}
			return nil
		}
		old, err := os.ReadFile(filepath.Join(root, rel))
		if now, _ := os.ReadFile(path); err != nil || !bytes.Equal(old, now) {
			changed = append(changed, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return changed
}
