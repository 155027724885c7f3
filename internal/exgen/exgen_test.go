package exgen

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeTree writes files (path under exercises/ -> content) into a new
// exercises folder, and returns its path.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "exercises")
	for p, content := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const threeHints = "# Hints\n\n## Hint 1\n\nOne.\n\n## Hint 2\n\nTwo.\n\n## Hint 3\n\nThree.\n"

// exercise is the files of a well-formed exercise folder name with the
// given track and order.
func exercise(files map[string]string, name, track string, order int) {
	files[name+"/exercise.json"] = `{"lab": "chess", "title": "Title of ` + name + `", "track": "` + track + `", "level": 2, "minutes": 10, "order": ` + strconv.Itoa(order) + `}`
	files[name+"/hints.md"] = threeHints
	files[name+"/"+name+".go"] = "package " + name + "\n"
	files[name+"/"+name+"_test.go"] = "//go:build exercises\n\npackage " + name + "\n"
	files[name+"/helper.go"] = "package " + name + "\n\n// helper\n"
}

func TestGenerate(t *testing.T) {
	files := map[string]string{
		"tracks.json": `[{"name": "b-track", "title": "B", "about": "b."}, {"name": "a-track", "title": "A", "about": "a."}]`,
		"kit/kit.go":  "package kit\n",
	}
	exercise(files, "zeta", "b-track", 20)
	exercise(files, "alpha", "a-track", 10)
	exercise(files, "mid", "b-track", 5)
	dir := writeTree(t, files)
	wrote, err := Write(dir)
	if err != nil || strings.Join(wrote, ",") != "manifest.json,embed_gen.go" {
		t.Fatalf("Write(%s) = %v, %v, want both files written", dir, wrote, err)
	}
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var got []Entry
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range got {
		order = append(order, e.Name)
	}
	if want := "mid,zeta,alpha"; strings.Join(order, ",") != want {
		t.Errorf("manifest order = %v, want %s (tracks in tracks.json's order, then order within the track)", order, want)
	}
	e := got[0]
	wantChecks := map[string]string{
		"helper.go":   BlobID([]byte("package mid\n\n// helper\n")),
		"mid_test.go": BlobID([]byte("//go:build exercises\n\npackage mid\n")),
	}
	if e.Dir != "exercises/mid" || e.File != "mid.go" || e.Blob != BlobID([]byte("package mid\n")) ||
		len(e.Checks) != 2 || e.Checks["helper.go"] != wantChecks["helper.go"] || e.Checks["mid_test.go"] != wantChecks["mid_test.go"] ||
		e.Track != "b-track" || e.Level != 2 || e.Minutes != 10 || e.Title != "Title of mid" || e.Lab != "chess" ||
		strings.Join(e.Hints, "|") != "One.|Two.|Three." {
		t.Errorf("manifest entry = %+v, want mid's files, blobs and metadata", e)
	}
	embed, err := os.ReadFile(filepath.Join(dir, EmbedFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(embed, []byte("//go:embed alpha/*.go\n//go:embed mid/*.go\n//go:embed zeta/*.go\nvar files embed.FS\n")) ||
		!bytes.HasPrefix(embed, []byte("// Code generated ")) || !bytes.Contains(embed, []byte("DO NOT EDIT.\n")) {
		t.Errorf("embed_gen.go =\n%s\nwant a generated header and one //go:embed line per exercise, by name", embed)
	}
	if wrote, err := Write(dir); err != nil || len(wrote) != 0 {
		t.Errorf("Write again = %v, %v, want nothing written (up to date)", wrote, err)
	}
}

func TestBlobID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"},        // git hash-object /dev/null
		{"hello\n", "ce013625030ba8dba906f756967f9e9ca394464a"}, // printf 'hello\n' | git hash-object --stdin
	}
	for _, tt := range tests {
		if got := BlobID([]byte(tt.in)); got != tt.want {
			t.Errorf("BlobID(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestGenerateErrors feeds the generator broken exercise folders: each
// problem is named on a line of its own, with its file, and nothing
// is generated.
func TestGenerateErrors(t *testing.T) {
	good := `{"lab": "chess", "title": "A title", "track": "goroutines", "level": 2, "minutes": 10, "order": 10}`
	hints := "## Hint 1\n\nOne.\n\n## Hint 2\n\nTwo.\n\n## Hint 3\n\nThree.\n"
	tests := []struct {
		name  string
		files map[string]string // path under exercises/ -> content
		want  string
	}{
		{"no exercise.json", map[string]string{"b/b.go": "package b"},
			"exercises/b/exercise.json is missing (every folder of exercises/ but kit is an exercise: see exercises/README.md)"},
		{"a typo in a field", map[string]string{"b/exercise.json": `{"lab": "chess", "minuts": 3}`},
			`exercises/b/exercise.json: json: unknown field "minuts"`},
		{"level out of range", map[string]string{"b/exercise.json": `{"lab": "chess", "title": "T", "track": "goroutines", "level": 5, "minutes": 10, "order": 10}`},
			`exercises/b/exercise.json: "level" is 5, want 1 (easy) to 4 (subtle)`},
		{"unknown track", map[string]string{"b/exercise.json": `{"lab": "chess", "title": "T", "track": "nope", "level": 1, "minutes": 10, "order": 10}`},
			`exercises/b/exercise.json: track "nope" is not in tracks.json (tracks: goroutines)`},
		{"no checks", map[string]string{"b/exercise.json": good, "b/hints.md": hints, "b/b.go": "package b"},
			"exercises/b: no checks (a _test.go file with the build tag exercises)"},
		{"no learner's file", map[string]string{"b/exercise.json": good, "b/hints.md": hints, "b/b_test.go": "package b"},
			"exercises/b/b.go: the learner's file is missing"},
		{"two hints", map[string]string{"b/exercise.json": good, "b/b.go": "package b", "b/b_test.go": "package b",
			"b/hints.md": "## Hint 1\n\nOne.\n\n## Hint 2\n\nTwo.\n"},
			`exercises/b/hints.md: 2 hints, want 3: sections "## Hint 1" to "## Hint 3"`},
		{"same order twice", map[string]string{
			"b/exercise.json": good, "b/b.go": "package b", "b/b_test.go": "package b", "b/hints.md": hints,
			"c/exercise.json": good, "c/c.go": "package c", "c/c_test.go": "package c", "c/hints.md": hints},
			`exercises b and c both have order 10 in track "goroutines": give one another order`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.files["tracks.json"] = `[{"name": "goroutines", "title": "Goroutines", "about": "Go."}]`
			dir := writeTree(t, tt.files)
			files, err := Write(dir)
			if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tt.want)) {
				t.Errorf("Write(%v) = %v, %v, want an error with %q", tt.files, files, err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, ManifestFile)); !os.IsNotExist(err) {
				t.Errorf("Write wrote %s despite the error", ManifestFile)
			}
		})
	}
}
