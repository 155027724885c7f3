package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"conclab/exercises"
	"conclab/internal/check"
)

// testWorkspace points the exercise commands at root and a fresh config
// dir, and returns the store.
func testWorkspace(t *testing.T, root string) check.Store {
	t.Helper()
	store := check.Store{Dir: t.TempDir()}
	t.Setenv(check.ConfigDirEnv, store.Dir)
	old := openWorkspace
	openWorkspace = func() (workspace, error) { return workspace{root: root, store: store}, nil }
	t.Cleanup(func() { openWorkspace = old })
	return store
}

// withOverlay makes the checks see files[exercise path] = content instead
// of the files on disk.
func withOverlay(t *testing.T, root string, files map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	replace := map[string]string{}
	for path, content := range files {
		tmp := filepath.Join(dir, strings.ReplaceAll(path, "/", "_"))
		if err := os.WriteFile(tmp, content, 0o644); err != nil {
			t.Fatal(err)
		}
		replace[filepath.Join(root, path)] = tmp
	}
	b, _ := json.Marshal(map[string]any{"Replace": replace})
	overlay := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlay, b, 0o644); err != nil {
		t.Fatal(err)
	}
	old := newRunner
	newRunner = func(root string) *check.Runner { return &check.Runner{Root: root, Overlay: overlay} }
	t.Cleanup(func() { newRunner = old })
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := check.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// shipped is ex's file as shipped (from git), whatever the working copy holds.
func shipped(t *testing.T, root string, ex exercises.Exercise) []byte {
	t.Helper()
	b, err := check.Shipped(context.Background(), root, ex)
	if err != nil {
		t.Skipf("needs git and the repository's history: %v", err)
	}
	return b
}

func solved(t *testing.T, root string, ex exercises.Exercise) []byte {
	t.Helper()
	b, err := check.Solution(root, ex)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func runIn(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(args, Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(stdin)})
	return code, out.String(), errb.String()
}

func mustExercise(t *testing.T, name string) exercises.Exercise {
	t.Helper()
	ex, err := exercises.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// TestCheckChess runs `conclab check chess` on the untouched exercise and
// on its solution, each in a child go test.
func TestCheckChess(t *testing.T) {
	root := repoRoot(t)
	ex := mustExercise(t, "chess")
	store := testWorkspace(t, root)

	withOverlay(t, root, map[string][]byte{ex.Path(): shipped(t, root, ex)})
	code, out, errs := runIn("", "check", "chess")
	if code != ExitFail || errs != "" {
		t.Fatalf("check chess (untouched) = %d, stderr %q, want %d and nothing on stderr\n%s", code, errs, ExitFail, out)
	}
	for _, want := range []string{"checking exercises/chess/chess.go", "✗ failed: the boards were played one after another: 43200 s of virtual time, want 3655 s",
		" checks pass; failing:", "stuck? conclab hint chess (0 of 3 shown)"} {
		if !strings.Contains(out, want) {
			t.Errorf("check chess (untouched) printed\n%s\nwant it to contain %q", out, want)
		}
	}

	withOverlay(t, root, map[string][]byte{ex.Path(): solved(t, root, ex)})
	code, out, errs = runIn("", "check", "chess")
	if code != ExitOK {
		t.Fatalf("check chess (solved) = %d, stderr %q, want 0\n%s", code, errs, out)
	}
	next := exercises.All()[0] // the first unsolved one
	if next.Name == ex.Name {
		next = exercises.All()[1]
	}
	for _, want := range []string{"✓ passed: all ", "chess solved! Next: " + next.Name} {
		if !strings.Contains(out, want) {
			t.Errorf("check chess (solved) printed\n%s\nwant it to contain %q", out, want)
		}
	}
	p, _, _ := store.Load()
	if r := p.Get("chess"); !r.Solved || r.Checks != 2 || r.Last != check.Passed {
		t.Errorf("progress after two checks = %+v, want solved, 2 checks, last passed", r)
	}
}

// TestCheckNextUnsolved checks with no name: the first unsolved exercise.
func TestCheckNextUnsolved(t *testing.T) {
	root := repoRoot(t)
	all := exercises.All()
	store := testWorkspace(t, root)
	first := all[0]
	withOverlay(t, root, map[string][]byte{first.Path(): solved(t, root, first)})
	code, out, errs := runIn("", "check")
	if code != ExitOK || !strings.HasPrefix(out, first.Name+" — ") || !strings.Contains(out, first.Name+" solved! Next: "+all[1].Name) {
		t.Fatalf("check (nothing solved) = %d, stderr %q, printed\n%s\nwant %s checked and passed, %s next", code, errs, out, first.Name, all[1].Name)
	}

	store.Update(func(p *check.Progress) {
		for _, e := range all {
			p.Checked(e.Name, check.Passed, time.Now())
		}
	})
	code, out, _ = runIn("", "check")
	if code != ExitOK || !strings.HasPrefix(out, "Every exercise is solved.") {
		t.Errorf("check (all solved) = %d, %q, want 0 and a line that says every exercise is solved", code, out)
	}
}

func TestExerciseCommandErrors(t *testing.T) {
	testWorkspace(t, repoRoot(t))
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"check", "nope"}, ExitUsage, `conclab: unknown exercise "nope" (exercises: `},
		{[]string{"check", "chess", "countdown"}, ExitUsage, "conclab: check takes one exercise, got 2"},
		{[]string{"check", "--bogus"}, ExitUsage, "conclab: unknown flag --bogus (see conclab help check)"},
		{[]string{"hint", "chess", "--force"}, ExitUsage, "conclab: unknown flag --force"},
		{[]string{"reset"}, ExitUsage, "conclab: reset needs an exercise: conclab reset NAME"},
		{[]string{"solution"}, ExitUsage, "conclab: solution needs an exercise"},
		{[]string{"solution", "chess", "--force=yes"}, ExitUsage, "conclab: --force takes no value"},
		{[]string{"progress", "chess"}, ExitUsage, `conclab: progress takes no arguments (got "chess")`},
		{[]string{"watch", "--interval"}, ExitUsage, "conclab: --interval needs a value"},
		{[]string{"watch", "--interval", "soon"}, ExitUsage, `conclab: --interval "soon" is not a duration`},
		{[]string{"watch", "--interval=20s"}, ExitUsage, "conclab: --interval 20s is out of range (allowed: 50ms..10s)"},
	}
	for _, tt := range tests {
		code, out, errs := runIn("", tt.args...)
		if code != tt.code || !strings.HasPrefix(errs, tt.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("conclab %v = %d, stderr %q (stdout %q), want %d and one line starting %q", tt.args, code, errs, out, tt.code, tt.want)
		}
	}
}

func TestExerciseHelp(t *testing.T) {
	for _, cmd := range []string{"check", "watch", "hint", "reset", "solution", "progress"} {
		for _, args := range [][]string{{"help", cmd}, {cmd, "--help"}} {
			code, out, _ := runIn("", args...)
			if code != ExitOK || !strings.HasPrefix(out, "Usage: conclab "+cmd) {
				t.Errorf("conclab %v = %d, %q, want 0 and the usage of %s", args, code, out, cmd)
			}
		}
	}
	if _, out, _ := runIn("", "help"); !strings.Contains(out, "conclab check [NAME]") {
		t.Errorf("conclab help does not list check:\n%s", out)
	}
}

// TestCheckSurvivesItsCode checks code that deletes the progress file it
// was not told about (its path written in): the records come back from
// conclab's copy. Then a directory where the file should be: the check
// goes on, and says so once.
func TestCheckSurvivesItsCode(t *testing.T) {
	root := repoRoot(t)
	ex := mustExercise(t, "chess")
	store := testWorkspace(t, root)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	store.Update(func(p *check.Progress) {
		p.Checked("flags", check.Passed, at)
		p.ShowHint("chess", 3)
		p.ShowHint("chess", 3)
	})
	wipe := fmt.Sprintf("package chess\n\nimport \"os\"\n\nfunc init() {\n\tos.Remove(%q)\n\tos.RemoveAll(os.Getenv(%q))\n}\n", store.Path(), check.ConfigDirEnv)
	withOverlay(t, root, map[string][]byte{ex.Path(): solved(t, root, ex), ex.Dir + "/zz_wipe.go": []byte(wipe)})
	code, out, errs := runIn("", "check", "chess")
	if code != ExitOK || !strings.Contains(out, "✓ passed") {
		t.Fatalf("check chess (solved, deleting the progress file) = %d, stderr %q\n%s", code, errs, out)
	}
	if want := "conclab: warning: your progress file was gone (deleted while conclab ran?): restored it from conclab's copy\n"; errs != want {
		t.Errorf("stderr %q, want %q", errs, want)
	}
	p, warning, err := store.Load()
	if err != nil || warning != "" {
		t.Fatalf("Load() = %q, %v", warning, err)
	}
	if r := p.Get("flags"); !r.Solved || !r.SolvedAt.Equal(at) {
		t.Errorf("flags after the check = %+v, want solved at %v, as before", r, at)
	}
	if r := p.Get("chess"); !r.Solved || r.Hints != 2 || r.Checks != 1 {
		t.Errorf("chess after the check = %+v, want solved, 2 hints, 1 check", r)
	}

	os.Remove(store.Path())
	if err := os.Mkdir(store.Path(), 0o755); err != nil {
		t.Fatal(err)
	}
	withOverlay(t, root, map[string][]byte{ex.Path(): solved(t, root, ex)})
	code, out, errs = runIn("", "check", "chess")
	if code != ExitOK || !strings.Contains(out, "✓ passed") {
		t.Errorf("check chess with a directory for the progress file = %d, stderr %q\n%s", code, errs, out)
	}
	if strings.Count(errs, "is a directory, not your progress file") != 1 || strings.Count(errs, "\n") != 1 {
		t.Errorf("stderr %q, want the directory reported once", errs)
	}
}

// TestStandingInAnExercise: without a name, check, hint and watch take the
// exercise whose folder holds the working directory; elsewhere the next
// one of the path.
func TestStandingInAnExercise(t *testing.T) {
	root := repoRoot(t)
	testWorkspace(t, root)
	path := check.LearnerPath(nil)
	last := path.Order()[len(path.Order())-1] // not the next one
	t.Chdir(filepath.Join(root, last.Dir))
	code, out, _ := runIn("", "hint")
	if code != ExitOK || !strings.HasPrefix(out, "hint 1/3 for "+last.Name+":") {
		t.Errorf("hint in %s = %d %q, want %s's first hint", last.Dir, code, out, last.Name)
	}
	old := getwd
	t.Cleanup(func() { getwd = old })
	for _, tt := range []struct{ wd, want string }{
		{filepath.Join(root, last.Dir), last.Name},
		{filepath.Join(root, last.Dir, "sub", "folder"), last.Name},
		{filepath.Join(root, last.Dir) + "x", path.Next.Name}, // a folder beside it
		{root, path.Next.Name},
		{filepath.Join(root, "exercises"), path.Next.Name},
		{t.TempDir(), path.Next.Name},
	} {
		getwd = func() (string, error) { return tt.wd, nil }
		ex, ok, err := pick("", root, &check.Progress{})
		if ex.Name != tt.want || !ok || err != nil {
			t.Errorf("pick in %s = %s, %v, %v, want %s", tt.wd, ex.Name, ok, err, tt.want)
		}
	}
}
