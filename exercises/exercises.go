// Package exercises is the list of conclab's exercises, in the order a
// learner takes them: by track (tracks.json), then by each exercise's order
// within its track. It is read from the embedded manifest.json.
//
// Each exercise is a small package under exercises/ (the code the learner
// edits: a goal comment at the top, TODO markers) whose checks are in
// *_test.go files behind the build tag `exercises`, with its exercise.json
// (lab, title, track, level, minutes, order) and its hints.md (three
// staged hints) beside them; its solved twin, with comments that explain
// the answer, is at the same path under solutions/, and
// solutions/<name>/alt_<approach>/<file> solves it the other ways that its
// hints and its checks' messages name (the dev check runs them all).
// manifest.json and embed_gen.go are generated from those folders by
// `go generate ./exercises` (conclab/internal/exgen); README.md says how to
// add an exercise.
//
// The exercises' .go files are embedded too, as they were when conclab was
// built: conclab runs the checks it shipped, never the learner's copies of
// them (see Exercise.Checks).
//
// exercises/kit is not an exercise: it is the small kit that exercises and
// solutions import (conclab/exercises/kit), and kit/kittest runs their checks.
package exercises

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

//go:generate go run conclab/internal/exgen/cmd/exgen

// Exercise is one exercise of the manifest.
type Exercise struct {
	// Name is how commands name it ("chess"); unique.
	Name string `json:"name"`
	// Lab is the name of the lab it belongs to (labs.Get).
	Lab string `json:"lab"`
	// Title is a one-line description.
	Title string `json:"title"`
	// Track is the name of its track (Tracks).
	Track string `json:"track"`
	// Level is how hard it is: 1 easy, 2 moderate, 3 hard, 4 subtle.
	Level int `json:"level"`
	// Minutes is about how many minutes a learner takes to solve it.
	Minutes int `json:"minutes"`
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
	// Hints are three hints of increasing detail, from its hints.md. A hint
	// may run over several lines: a paragraph or a list item per line (to
	// be wrapped to the screen), and code lines indented by four spaces
	// (to be shown as they are).
	Hints []string `json:"hints"`
}

// Difficulty names Level: "easy", "moderate", "hard" or "subtle" ("" for
// a level out of range).
func (e Exercise) Difficulty() string {
	names := []string{1: "easy", 2: "moderate", 3: "hard", 4: "subtle"}
	if e.Level < 1 || e.Level >= len(names) {
		return ""
	}
	return names[e.Level]
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

//go:embed tracks.json
var tracksJSON []byte

// Track is a topic of the curriculum, whose exercises a learner takes one
// after another.
type Track struct {
	// Name is how an exercise names it ("channels").
	Name string `json:"name"`
	// Title is what a learner reads ("Channels").
	Title string `json:"title"`
	// About says in a line what its exercises cover.
	About string `json:"about"`
}

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

var (
	all    = mustParse[Exercise](manifest, "manifest.json")
	tracks = mustParse[Track](tracksJSON, "tracks.json")
)

// mustParse decodes a JSON list built into conclab; a field it does not
// know is an error (exercises.Exercise would lack a field that the
// generator writes).
func mustParse[T any](b []byte, name string) []T {
	var list []T
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&list); err != nil {
		panic(fmt.Sprintf("exercises/%s: %v (run go generate ./exercises)", name, err))
	}
	return list
}

// Tracks returns the tracks in order. The slice is a copy.
func Tracks() []Track {
	return append([]Track(nil), tracks...)
}

// All returns the exercises in the order a learner takes them: track by
// track (Tracks), each track's easiest first. The slice is a copy.
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
