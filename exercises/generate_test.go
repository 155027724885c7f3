package exercises_test

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"conclab/exercises"
	"conclab/internal/exgen"
)

// ciEnv reports whether CI is set (as .ci/run sets it): then a file that is
// not as the manifest says is an error, not the learner's own edit.
func ciEnv() bool {
	ci := os.Getenv("CI")
	return ci != "" && ci != "false" && ci != "0"
}

// TestGenerated wants manifest.json and embed_gen.go to be what
// `go generate ./exercises` makes of the exercise folders now. Outside CI
// the blob ids (and the list of checks) may differ: a learner's edits to
// their exercise change them, and TestShippedChecks and
// TestUntouchedExercisesFail report those; everything else — a new
// exercise, its exercise.json, its hints.md, tracks.json — must be
// generated.
func TestGenerated(t *testing.T) {
	const fix = "run go generate ./exercises"
	files, err := exgen.Generate(".")
	if err != nil {
		t.Fatalf("the exercise folders have problems (fix them, then %s):\n%v", fix, err)
	}
	for _, name := range []string{exgen.ManifestFile, exgen.EmbedFile} {
		got, err := os.ReadFile(name)
		switch {
		case err != nil:
			t.Errorf("exercises/%s: %v: %s", name, err, fix)
		case bytes.Equal(got, files[name]):
		case name == exgen.ManifestFile && !ciEnv() && sameButBlobs(t, got, files[name]):
			t.Logf("exercises/%s: blob ids differ from the files (the learner's edits, or %s)", name, fix)
		default:
			t.Errorf("exercises/%s is out of date: %s", name, fix)
		}
	}
}

// sameButBlobs reports whether two manifests differ at most in their blob
// ids and their lists of checks.
func sameButBlobs(t *testing.T, a, b []byte) bool {
	t.Helper()
	var ea, eb []exercises.Exercise
	if json.Unmarshal(a, &ea) != nil || json.Unmarshal(b, &eb) != nil || len(ea) != len(eb) {
		return false
	}
	for i := range ea {
		ea[i].Blob, ea[i].Checks = "", nil
		eb[i].Blob, eb[i].Checks = "", nil
	}
	return reflect.DeepEqual(ea, eb)
}

// TestTracks wants the tracks built into conclab to be tracks.json's, and
// every exercise's track to be one of them, the exercises in track order.
func TestTracks(t *testing.T) {
	tracks := exercises.Tracks()
	if len(tracks) == 0 {
		t.Fatal("exercises.Tracks() is empty")
	}
	at := map[string]int{}
	for i, tr := range tracks {
		at[tr.Name] = i
	}
	last := 0
	for _, e := range exercises.All() {
		i, ok := at[e.Track]
		switch {
		case !ok:
			t.Errorf("exercise %q: track %q is not in tracks.json", e.Name, e.Track)
		case i < last:
			t.Errorf("exercise %q (track %q) comes after an exercise of a later track: run go generate ./exercises", e.Name, e.Track)
		}
		last = max(last, i)
	}
}
