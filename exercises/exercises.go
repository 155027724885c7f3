// Package exercises is the list of conclab's exercises, in the order a
// learner takes them, read from the embedded manifest.json.
//
// Each exercise is a small package under exercises/ (the code the learner
// edits: a goal comment at the top, TODO markers) whose checks are in
// *_test.go files behind the build tag `exercises`; its solved twin, with
// comments that explain the answer, is at the same path under solutions/,
// and solutions/<name>/alt_<approach>/<file> solves it the other ways that
// its hints and its checks' messages name (the dev check runs them all).
//
// The exercises' .go files are embedded too, as they were when conclab was
// built: conclab runs the checks it shipped, never the learner's copies of
// them (see Exercise.Checks).
//
// exercises/kit is not an exercise: it is the small kit that exercises and
// solutions import (conclab/exercises/kit), and kit/kittest runs their checks.
package exercises

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
)

// Exercise is one exercise of the manifest.
type Exercise struct {
	// Name is how commands name it ("chess"); unique.
	Name string `json:"name"`
	// Lab is the name of the lab it belongs to (labs.Get).
	Lab string `json:"lab"`
	// Title is a one-line description.
	Title string `json:"title"`
	// Dir is its package directory from the repository root ("exercises/chess");
	// the solution is the same path under solutions/.
	Dir string `json:"dir"`
	// File is the file the learner edits, inside Dir ("chess.go").
	File string `json:"file"`
	// Blob is the git blob id (`git hash-object`) of File as shipped: it tells
	// an untouched exercise from an edited one, and lets reset restore it.
	Blob string `json:"blob"`
	// Checks are the files shipped beside File that the learner does not
	// edit — the checks (*_test.go) and any code they rely on — by name
	// ("chess_test.go"), with their git blob ids. conclab runs these as
	// shipped, whatever the learner's copies hold.
	Checks map[string]string `json:"checks"`
	// Hints are three hints of increasing detail.
	Hints []string `json:"hints"`
}

// Path is the learner's file from the repository root ("exercises/chess/chess.go").
func (e Exercise) Path() string { return e.Dir + "/" + e.File }

// SolutionPath is the solved file from the repository root ("solutions/chess/chess.go").
func (e Exercise) SolutionPath() string {
	return "solutions/" + strings.TrimPrefix(e.Dir, "exercises/") + "/" + e.File
}

// ImportPath is the exercise's package import path ("conclab/exercises/chess").
func (e Exercise) ImportPath() string { return "conclab/" + e.Dir }

//go:embed manifest.json
var manifest []byte

// files are the exercises' .go files as they were when conclab was built:
// one pattern per exercise of manifest.json (not */*.go: exercises/kit is
// the learner's kit, not an exercise; TestShippedChecks names a missing one).
//
//go:embed checker/*.go chess/*.go coroutines/*.go countdown/*.go eventloop/*.go flags/*.go spinner/*.go
var files embed.FS

// Embedded returns the exercise's file name (one of Checks, or File) as it
// was in the tree conclab was built from. That is the shipped file unless
// conclab was built from a tree where it had been changed (go run . after
// an edit): compare its blob id with Checks to know.
func (e Exercise) Embedded(name string) ([]byte, error) {
	b, err := files.ReadFile(strings.TrimPrefix(e.Dir, "exercises/") + "/" + name)
	if err != nil {
		return nil, fmt.Errorf("%s/%s is not built into conclab: %w", e.Dir, name, err)
	}
	return b, nil
}

var all = mustParse(manifest)

func mustParse(b []byte) []Exercise {
	var es []Exercise
	if err := json.Unmarshal(b, &es); err != nil {
		panic(fmt.Sprintf("exercises/manifest.json: %v", err))
	}
	return es
}

// All returns the exercises in order, easiest first. The slice is a copy.
func All() []Exercise {
	return append([]Exercise(nil), all...)
}

// Get returns the exercise named name, or an error that lists the names.
func Get(name string) (Exercise, error) {
	names := make([]string, len(all))
	for i, e := range all {
		if e.Name == name {
			return e, nil
		}
		names[i] = e.Name
	}
	return Exercise{}, fmt.Errorf("unknown exercise %q (exercises: %s)", name, strings.Join(names, ", "))
}
