// Package exgen builds the files of package exercises that are generated
// from the exercise folders (`go generate ./exercises` runs it through
// exgen/cmd/exgen):
//
//   - manifest.json, every exercise in the order a learner takes them — the
//     tracks in the order of tracks.json, then each exercise's order within
//     its track — with the metadata of its exercise.json, its hints from
//     its hints.md, and the git blob ids of its learner's file and of its
//     checks (every other .go file of the folder);
//   - embed_gen.go, the //go:embed lines that build every exercise's .go
//     files into conclab.
//
// An exercise is a folder exercises/<name>/ that holds exercise.json (see
// Meta), hints.md (see ParseHints), the learner's file <name>.go and its
// checks (*_test.go, build tag exercises). Every folder of exercises/ but
// the learner's kit (exercises/kit) is an exercise.
//
// exgen does not import package exercises: it must run when the files it
// writes are broken or missing.
package exgen

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Generated files, in the exercises folder.
const (
	ManifestFile = "manifest.json"
	EmbedFile    = "embed_gen.go"
)

// Source files: TracksFile in the exercises folder, MetaFile and HintsFile
// in each exercise's.
const (
	TracksFile = "tracks.json"
	MetaFile   = "exercise.json"
	HintsFile  = "hints.md"
)

// KitDir is the folder of exercises/ that holds the learner's kit, the one
// folder there that is not an exercise.
const KitDir = "kit"

// Levels: 1 is easy, MaxLevel subtle.
const MaxLevel = 4

// Track is one track of tracks.json: a topic, whose exercises a learner
// takes one after another. The tracks' order in the file is the order a
// learner takes them in.
type Track struct {
	// Name is how exercise.json names it ("channels").
	Name string `json:"name"`
	// Title is what a learner reads ("Channels").
	Title string `json:"title"`
	// About says in a line what its exercises cover.
	About string `json:"about"`
}

// Meta is an exercise's exercise.json. The exercise's name is its folder's,
// and the learner's file is <name>.go.
type Meta struct {
	// Lab is the name of the lab it belongs to (conclab list).
	Lab string `json:"lab"`
	// Title is a one-line description.
	Title string `json:"title"`
	// Track is the name of its track in tracks.json.
	Track string `json:"track"`
	// Level is how hard it is: 1 easy, 2 moderate, 3 hard, 4 subtle.
	Level int `json:"level"`
	// Minutes is about how long a learner takes to solve it.
	Minutes int `json:"minutes"`
	// Order places it within its track: lower first, unique in the track.
	Order int `json:"order"`
}

// Entry is one exercise of manifest.json; package exercises reads it as an
// exercises.Exercise (same fields, same JSON names).
type Entry struct {
	Name    string            `json:"name"`
	Lab     string            `json:"lab"`
	Title   string            `json:"title"`
	Track   string            `json:"track"`
	Level   int               `json:"level"`
	Minutes int               `json:"minutes"`
	Dir     string            `json:"dir"`
	File    string            `json:"file"`
	Blob    string            `json:"blob"`
	Checks  map[string]string `json:"checks"`
	Hints   []string          `json:"hints"`
}

// BlobID is git's object id of a file that holds b (`git hash-object`).
func BlobID(b []byte) string {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(b)) + "\x00"))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

var (
	exerciseName = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	trackName    = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// Generate reads the exercises folder dir and returns the generated files'
// contents, by name (ManifestFile, EmbedFile). It writes nothing. Every
// problem it finds is one line of the error, which names the file.
func Generate(dir string) (map[string][]byte, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	tracks, err := readTracks(filepath.Join(dir, TracksFile))
	if err != nil {
		return nil, err
	}
	entries, err := readExercises(dir, tracks)
	if err != nil {
		return nil, err
	}
	manifest, err := encodeManifest(entries)
	if err != nil {
		return nil, err
	}
	embed, err := embedSource(entries)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{ManifestFile: manifest, EmbedFile: embed}, nil
}

func readTracks(path string) ([]Track, error) {
	var tracks []Track
	if err := decodeStrict(path, &tracks); err != nil {
		return nil, err
	}
	var errs []error
	seen := map[string]bool{}
	for i, t := range tracks {
		switch {
		case !trackName.MatchString(t.Name):
			errs = append(errs, fmt.Errorf("%s: track %d: name %q, want lower case letters, digits and dashes", rel(path), i+1, t.Name))
		case seen[t.Name]:
			errs = append(errs, fmt.Errorf("%s: track %q appears twice", rel(path), t.Name))
		case t.Title == "" || t.About == "":
			errs = append(errs, fmt.Errorf("%s: track %q needs a title and an about", rel(path), t.Name))
		}
		seen[t.Name] = true
	}
	if len(tracks) == 0 {
		errs = append(errs, fmt.Errorf("%s: no tracks", rel(path)))
	}
	return tracks, errors.Join(errs...)
}

// readExercises reads every exercise folder of dir, and returns them in
// the manifest's order.
func readExercises(dir string, tracks []Track) ([]Entry, error) {
	dirs, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	trackAt := map[string]int{}
	for i, t := range tracks {
		trackAt[t.Name] = i
	}
	type placed struct {
		Entry
		track, order int
	}
	var all []placed
	var errs []error
	for _, d := range dirs {
		name := d.Name()
		if !d.IsDir() || name == KitDir || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		e, m, err := readExercise(dir, name, tracks)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		all = append(all, placed{e, trackAt[m.Track], m.Order})
	}
	slices.SortFunc(all, func(a, b placed) int {
		return cmp.Or(cmp.Compare(a.track, b.track), cmp.Compare(a.order, b.order), strings.Compare(a.Name, b.Name))
	})
	for i := 1; i < len(all); i++ {
		if a, b := all[i-1], all[i]; a.track == b.track && a.order == b.order {
			errs = append(errs, fmt.Errorf("exercises %s and %s both have order %d in track %q: give one another order", a.Name, b.Name, a.order, a.Track))
		}
	}
	if len(all) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("%s: no exercise folders", rel(dir)))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	entries := make([]Entry, len(all))
	for i, p := range all {
		entries[i] = p.Entry
	}
	return entries, nil
}

// readExercise reads the folder dir/name: its exercise.json, hints.md and
// .go files.
func readExercise(dir, name string, tracks []Track) (Entry, Meta, error) {
	var m Meta
	path := relJoin(dir, name, MetaFile)
	goFiles, _ := filepath.Glob(filepath.Join(dir, name, "*.go"))
	if _, err := os.Stat(filepath.Join(dir, name, MetaFile)); errors.Is(err, os.ErrNotExist) {
		if len(goFiles) == 0 {
			return Entry{}, m, fmt.Errorf("%s: an empty folder (every folder there but %s is an exercise): add its files, or remove it", relJoin(dir, name), KitDir)
		}
		return Entry{}, m, fmt.Errorf("%s is missing (every folder of exercises/ but %s is an exercise: see exercises/README.md)", path, KitDir)
	}
	if err := decodeStrict(filepath.Join(dir, name, MetaFile), &m); err != nil {
		return Entry{}, m, err
	}
	var problems []string
	if !exerciseName.MatchString(name) {
		problems = append(problems, fmt.Sprintf("the folder's name %q is the exercise's and its package's: lower case letters and digits", name))
	}
	if m.Lab == "" {
		problems = append(problems, `"lab" is empty: name the lab it belongs to (conclab list)`)
	}
	if m.Title == "" || strings.ContainsAny(m.Title, "\n\r") {
		problems = append(problems, fmt.Sprintf(`"title" is %q, want one line`, m.Title))
	}
	if !slices.ContainsFunc(tracks, func(t Track) bool { return t.Name == m.Track }) {
		problems = append(problems, fmt.Sprintf("track %q is not in %s (tracks: %s)", m.Track, TracksFile, trackNames(tracks)))
	}
	if m.Level < 1 || m.Level > MaxLevel {
		problems = append(problems, fmt.Sprintf(`"level" is %d, want 1 (easy) to %d (subtle)`, m.Level, MaxLevel))
	}
	if m.Minutes < 1 {
		problems = append(problems, fmt.Sprintf(`"minutes" is %d, want about how many minutes a learner takes (1 or more)`, m.Minutes))
	}
	if m.Order < 1 {
		problems = append(problems, fmt.Sprintf(`"order" is %d, want its place in its track (1 or more; leave gaps: 10, 20...)`, m.Order))
	}
	if len(problems) > 0 {
		return Entry{}, m, fmt.Errorf("%s: %s", path, strings.Join(problems, "; "))
	}

	e := Entry{Name: name, Lab: m.Lab, Title: m.Title, Track: m.Track, Level: m.Level, Minutes: m.Minutes,
		Dir: "exercises/" + name, File: name + ".go", Checks: map[string]string{}}
	learner, err := os.ReadFile(filepath.Join(dir, name, e.File))
	if err != nil {
		return Entry{}, m, fmt.Errorf("%s: the learner's file is missing (an exercise's file is named after its folder)", relJoin(dir, name, e.File))
	}
	e.Blob = BlobID(learner)
	tested := false
	for _, f := range goFiles {
		base := filepath.Base(f)
		if base == e.File {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return Entry{}, m, err
		}
		e.Checks[base] = BlobID(b)
		tested = tested || strings.HasSuffix(base, "_test.go")
	}
	if !tested {
		return Entry{}, m, fmt.Errorf("%s: no checks (a _test.go file with the build tag exercises)", relJoin(dir, name))
	}
	hints, err := os.ReadFile(filepath.Join(dir, name, HintsFile))
	if err != nil {
		return Entry{}, m, fmt.Errorf("%s is missing: three staged hints, \"## Hint 1\" to \"## Hint 3\"", relJoin(dir, name, HintsFile))
	}
	if e.Hints, err = ParseHints(hints); err != nil {
		return Entry{}, m, fmt.Errorf("%s: %w", relJoin(dir, name, HintsFile), err)
	}
	return e, m, nil
}

// decodeStrict decodes the JSON file path into v; an unknown field is an
// error (a typo would otherwise leave a field zero).
func decodeStrict(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", rel(path), err)
	}
	if d.More() {
		return fmt.Errorf("%s: more than one JSON value", rel(path))
	}
	return nil
}

// encodeManifest is manifest.json: the entries as indented JSON, with "<-"
// and "&" as typed (not \u003c).
func encodeManifest(entries []Entry) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(entries); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// embedSource is embed_gen.go: a //go:embed line per exercise folder, by name.
func embedSource(entries []Entry) ([]byte, error) {
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name
	}
	slices.Sort(names)
	var b bytes.Buffer
	b.WriteString(`// Code generated by go generate ./exercises (conclab/internal/exgen); DO NOT EDIT.

package exercises

import "embed"

// files are the exercises' .go files as they were when conclab was built:
// one pattern per exercise folder (not */*.go: exercises/kit is the
// learner's kit, not an exercise).
//
`)
	for _, n := range names {
		fmt.Fprintf(&b, "//go:embed %s/*.go\n", n)
	}
	b.WriteString("var files embed.FS\n")
	return format.Source(b.Bytes())
}

// Write generates the files of the exercises folder dir and writes those
// that differ from what is there. It returns the names of the files it
// wrote. When Generate fails it writes nothing.
func Write(dir string) ([]string, error) {
	files, err := Generate(dir)
	if err != nil {
		return nil, err
	}
	var wrote []string
	for _, name := range []string{ManifestFile, EmbedFile} {
		path := filepath.Join(dir, name)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, files[name]) {
			continue
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return wrote, err
		}
		wrote = append(wrote, name)
	}
	return wrote, nil
}

func trackNames(tracks []Track) string {
	names := make([]string, len(tracks))
	for i, t := range tracks {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// rel names the absolute path from the repository root when it is in a
// folder named exercises ("exercises/chess/exercise.json"), else in full.
func rel(path string) string {
	p := filepath.ToSlash(path)
	if strings.HasSuffix(p, "/exercises") {
		return "exercises"
	}
	if i := strings.LastIndex(p, "/exercises/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

func relJoin(dir string, elem ...string) string {
	return rel(filepath.Join(append([]string{dir}, elem...)...))
}
