package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"conclab/internal/check"
)

func TestSolution(t *testing.T) {
	root := repoRoot(t)
	ex := mustExercise(t, "chess")
	store := testWorkspace(t, root)
	want := string(solved(t, root, ex))
	before, _ := os.ReadFile(filepath.Join(root, ex.Path()))

	code, out, errs := runIn("", "solution", "chess")
	if code != ExitFail || out != "" || !strings.HasPrefix(errs, "conclab: chess has not passed yet: pass it first") {
		t.Errorf("solution chess (not passed) = %d, %q, stderr %q, want 1, no solution and one line", code, out, errs)
	}
	code, out, errs = runIn("", "solution", "chess", "--force")
	if code != ExitOK || out != want || !strings.HasPrefix(errs, "conclab: warning: this is the answer to chess, which has not passed yet") {
		t.Errorf("solution chess --force = %d, stderr %q, want 0, the solution and a warning", code, errs)
	}
	store.Update(func(p *check.Progress) { p.Checked("chess", check.Passed, time.Now()) })
	code, out, errs = runIn("", "solution", "chess")
	if code != ExitOK || out != want || errs != "" {
		t.Errorf("solution chess (passed) = %d, stderr %q, want 0, the solution and no warning", code, errs)
	}
	if after, _ := os.ReadFile(filepath.Join(root, ex.Path())); string(after) != string(before) {
		t.Errorf("solution changed %s", ex.Path())
	}
}
