package exercises_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"conclab/exercises"
	"conclab/internal/check"
)

// TestShippedChecks wants every file of an exercise's package but the
// learner's in the manifest's checks, with its blob id, and built into
// conclab: conclab runs those as shipped (a .go file the learner added is
// theirs, and only logged outside CI). A blob that differs is a change
// not yet recorded in manifest.json (an error under CI; locally it may be
// the learner's own edit, which conclab ignores when it checks).
func TestShippedChecks(t *testing.T) {
	dir := root(t)
	ci := os.Getenv("CI") != "" && os.Getenv("CI") != "false" && os.Getenv("CI") != "0"
	for _, e := range exercises.All() {
		var listed []string
		for name := range e.Checks {
			listed = append(listed, name)
		}
		slices.Sort(listed)
		files, _ := filepath.Glob(filepath.Join(dir, e.Dir, "*.go"))
		for _, f := range files {
			name := filepath.Base(f)
			switch {
			case name == e.File || slices.Contains(listed, name):
			case ci || strings.HasSuffix(name, "_test.go"):
				t.Errorf("%s/%s is not in manifest.json's checks of %s (git hash-object %s/%s)", e.Dir, name, e.Name, e.Dir, name)
			default:
				t.Logf("%s/%s is not in manifest.json: the learner's own file, or one to add to its checks", e.Dir, name)
			}
		}
		if len(listed) == 0 || !slices.ContainsFunc(listed, func(n string) bool { return strings.HasSuffix(n, "_test.go") }) {
			t.Errorf("%s: manifest.json's checks = %v, want its _test.go files", e.Name, listed)
		}
		for _, name := range listed {
			want := e.Checks[name]
			embedded, err := e.Embedded(name)
			if err != nil {
				t.Errorf("%s: %v (is %s/*.go on the //go:embed line of exercises.go?)", e.Name, err, e.Name)
				continue
			}
			got := check.BlobID(embedded)
			switch {
			case got == want:
			case ci:
				t.Errorf("%s/%s changed: update its blob in manifest.json's checks (git hash-object %s/%s = %s)", e.Dir, name, e.Dir, name, got)
			default:
				t.Logf("%s/%s is not as shipped (update its blob in manifest.json if you meant to change the checks)", e.Dir, name)
			}
		}
	}
}
