package exercises_test

import (
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
// not yet generated into manifest.json (an error under CI; locally it may
// be the learner's own edit, which conclab ignores when it checks).
func TestShippedChecks(t *testing.T) {
	dir := root(t)
	ci := ciEnv()
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
				t.Errorf("%s/%s is not in manifest.json's checks of %s: run go generate ./exercises", e.Dir, name, e.Name)
			default:
				t.Logf("%s/%s is not in manifest.json: the learner's own file, or a check to add (go generate ./exercises)", e.Dir, name)
			}
		}
		if len(listed) == 0 || !slices.ContainsFunc(listed, func(n string) bool { return strings.HasSuffix(n, "_test.go") }) {
			t.Errorf("%s: manifest.json's checks = %v, want its _test.go files: run go generate ./exercises", e.Name, listed)
		}
		for _, name := range listed {
			want := e.Checks[name]
			embedded, err := e.Embedded(name)
			if err != nil {
				t.Errorf("%s: %v (is %s/*.go on a //go:embed line of embed_gen.go? run go generate ./exercises)", e.Name, err, e.Name)
				continue
			}
			got := check.BlobID(embedded)
			switch {
			case got == want:
			case ci:
				t.Errorf("%s/%s changed: run go generate ./exercises (its blob is now %s, manifest.json has %s)", e.Dir, name, got, want)
			default:
				t.Logf("%s/%s is not as shipped (run go generate ./exercises if you meant to change the checks)", e.Dir, name)
			}
		}
	}
}
