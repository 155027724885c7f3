package exercises_test

// The dev check keeps the exercises' checks honest, inside the plain
// `go test ./...`: every solution passes its exercise's checks — the
// solution, and each alternative solution, one per other approach that a
// hint or a check's message names (solutions/<name>/alt_<approach>/<file>) —
// and every exercise as shipped compiles and fails them with a teaching
// message — not a panic, a compile error or a timeout. The checks run in
// child `go test -tags exercises -json` processes: one for all the
// solutions, one per round of alternatives (the first of each exercise's,
// then the second...), and one for all the untouched exercises.

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"conclab/exercises"
	"conclab/internal/check"
	"conclab/internal/exgen"
	"conclab/labs"
	_ "conclab/labs/all"
)

// childEnv marks the child go test processes, so that the dev check never
// runs inside itself.
const childEnv = "CONCLAB_DEVCHECK_CHILD"

// root is the repository's root: the test runs in exercises/.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// exercisePending lists the labs whose exercise is yet to come, with why;
// every other lab must have one.
var exercisePending = map[string]string{}

func TestManifest(t *testing.T) {
	all, dir := exercises.All(), root(t)
	if len(all) == 0 {
		t.Fatal("exercises.All() is empty")
	}
	seen := map[string]bool{}
	covered := map[string]bool{}
	for _, e := range all {
		if seen[e.Name] {
			t.Errorf("exercise %q appears twice in manifest.json: run go generate ./exercises", e.Name)
		}
		seen[e.Name] = true
		covered[e.Lab] = true
		if _, err := labs.Get(e.Lab); err != nil {
			t.Errorf("exercise %q: lab: %v", e.Name, err)
		}
		if e.Title == "" || e.Dir != "exercises/"+e.Name || e.File != e.Name+".go" {
			t.Errorf("exercise %q: title %q, dir %q, file %q; want a title, dir exercises/%s, file %s.go", e.Name, e.Title, e.Dir, e.File, e.Name, e.Name)
		}
		if len(e.Hints) != 3 || slices.Contains(e.Hints, "") {
			t.Errorf("exercise %q has hints %q, want 3 hints of increasing detail (%s/hints.md)", e.Name, e.Hints, e.Dir)
		}
		if e.Level < 1 || e.Level > exgen.MaxLevel || e.Minutes < 1 || e.Track == "" {
			t.Errorf("exercise %q: level %d, minutes %d, track %q; want a level 1 to %d, minutes and a track (%s/exercise.json)", e.Name, e.Level, e.Minutes, e.Track, exgen.MaxLevel, e.Dir)
		}
		if len(e.Blob) != 40 {
			t.Errorf("exercise %q: blob %q, want a git blob id: run go generate ./exercises", e.Name, e.Blob)
		}
		for _, p := range []string{e.Path(), e.SolutionPath()} {
			if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
				t.Errorf("exercise %q: %v", e.Name, err)
			}
		}
		alts, _ := filepath.Glob(filepath.Join(dir, "solutions", e.Name, "*"))
		for _, a := range alts {
			base := filepath.Base(a)
			if base == e.File {
				continue
			}
			files, _ := filepath.Glob(filepath.Join(a, "*"))
			b, err := os.ReadFile(filepath.Join(a, e.File))
			switch {
			case !strings.HasPrefix(base, "alt_") || len(files) != 1 || err != nil:
				t.Errorf("solutions/%s/%s: want only alt_<approach> directories there, each holding %s alone (has %d files)", e.Name, base, e.File, len(files))
			case !bytes.Contains(b, []byte("// Answer")):
				t.Errorf("solutions/%s/%s/%s explains nothing: say what the approach does in // Answer comments, as the solutions do", e.Name, base, e.File)
			}
		}
		tests, _ := filepath.Glob(filepath.Join(dir, e.Dir, "*_test.go"))
		tagged := false
		for _, f := range tests {
			b, err := os.ReadFile(f)
			tagged = tagged || err == nil && bytes.HasPrefix(b, []byte("//go:build exercises\n"))
		}
		if !tagged {
			t.Errorf("exercise %q: no _test.go file in %s starts with //go:build exercises", e.Name, e.Dir)
		}
	}
	for _, l := range labs.All() {
		if why, pending := exercisePending[l.Name]; pending {
			if covered[l.Name] {
				t.Errorf("lab %q has an exercise now: take it off exercisePending (%s)", l.Name, why)
			}
			continue
		}
		if !covered[l.Name] {
			t.Errorf("lab %q has no exercise (an exercise.json whose lab is %q)", l.Name, l.Name)
		}
	}
	dirs, _ := filepath.Glob(filepath.Join(dir, "exercises", "*", "*.go"))
	for _, f := range dirs {
		if name := filepath.Base(filepath.Dir(f)); name != exgen.KitDir && !seen[name] {
			t.Errorf("exercises/%s is not in manifest.json: give it an exercise.json and a hints.md (exercises/README.md), then run go generate ./exercises", name)
			seen[name] = true
		}
	}
}

// alternatives are e's alternative solutions, from the root
// (solutions/chess/alt_mutex/chess.go), sorted.
func alternatives(dir string, e exercises.Exercise) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "solutions", e.Name, "alt_*", e.File))
	for i, f := range files {
		files[i], _ = filepath.Rel(dir, f)
	}
	return files
}

// TestSolutionsPass runs every exercise's checks on its solution (the
// solution's file put in place of the exercise's with -overlay), then on
// each of its alternative solutions: they must all pass.
func TestSolutionsPass(t *testing.T) {
	dir := root(t)
	skipChild(t)
	t.Parallel()
	for round := 0; ; round++ {
		replace := map[string]string{}
		solution := map[string]string{} // by exercise
		var pkgs []string
		for _, e := range exercises.All() {
			file := e.SolutionPath()
			if round > 0 {
				alts := alternatives(dir, e)
				if round > len(alts) {
					continue
				}
				file = alts[round-1]
			}
			replace[filepath.Join(dir, e.Path())] = filepath.Join(dir, file)
			solution[e.Name] = filepath.ToSlash(file)
			pkgs = append(pkgs, "./"+e.Dir)
		}
		if len(pkgs) == 0 {
			return
		}
		run := goTest(t, dir, replace, pkgs)
		for _, e := range exercises.All() {
			file, ok := solution[e.Name]
			if !ok {
				continue
			}
			p := run.pkg(e.ImportPath())
			if p.Result == check.Pass && p.passed() > 0 {
				t.Logf("%s: %d checks pass", file, p.passed())
				continue
			}
			t.Errorf("%s: the checks on %s %s (%d passed):\n%s", e.Name, file, orNone(p.Result), p.passed(), p.failures())
		}
	}
}

// TestUntouchedExercisesFail runs every exercise's checks on the exercise as
// shipped: it must compile, and every check but the Model ones (which guard
// the checks' own arithmetic) must fail with a teaching message — no panic,
// no leak, no timeout. An exercise the learner has changed is skipped,
// except under CI, where its blob must match the manifest.
func TestUntouchedExercisesFail(t *testing.T) {
	dir := root(t)
	ci := ciEnv()
	var untouched []exercises.Exercise
	var pkgs []string
	for _, e := range exercises.All() {
		b, err := os.ReadFile(filepath.Join(dir, e.Path()))
		switch {
		case err != nil:
			t.Errorf("%s: %v", e.Name, err)
		case exgen.BlobID(b) == e.Blob:
			untouched = append(untouched, e)
			pkgs = append(pkgs, "./"+e.Dir)
		case ci:
			t.Errorf("%s changed: run go generate ./exercises (its blob is now %s, manifest.json has %s)", e.Path(), exgen.BlobID(b), e.Blob)
		default:
			t.Logf("%s: skipped, it is not as shipped (the learner's work, or run go generate ./exercises)", e.Path())
		}
	}
	if len(untouched) == 0 {
		t.Skip("every exercise has been changed")
	}
	skipChild(t)
	t.Parallel()
	run := goTest(t, dir, nil, pkgs)
	for _, e := range untouched {
		p := run.pkg(e.ImportPath())
		for _, problem := range p.untouchedProblems() {
			t.Errorf("%s as shipped: %s", e.Path(), problem)
		}
	}
}

func skipChild(t *testing.T) {
	t.Helper()
	if os.Getenv(childEnv) != "" {
		t.Skip("inside the dev check's own child go test")
	}
	if testing.Short() {
		t.Skip("the dev check runs go test in a child process; skipped with -short")
	}
}
