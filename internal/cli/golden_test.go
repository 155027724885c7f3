package cli_test

import (
	"bytes"
	"compress/gzip"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"conclab/labs"
)

var update = flag.Bool("update", false, "rewrite the golden files of run's output")

// goldenRuns are the runs whose output is kept byte for byte under
// testdata/run: every lab's variants at their defaults as JSON, steps and
// text, and a few runs with parameters that reach the odd corners (fractions
// of seconds, errors, timeouts, many tasks). The JSON goldens were written
// before run streamed its output: they prove the stream writes the very bytes
// encoding/json wrote.
func goldenRuns() map[string][]string {
	runs := map[string][]string{
		"chess-small.json":       {"run", "chess", "--all-variants", "--set", "boards=5", "--set", "moves=3", "--set", "master_move=1.25s", "--json"},
		"flags-errors.json":      {"run", "flags", "--all-variants", "--set", "count=30", "--set", "jitter=1.5s", "--set", "error_rate=0.3", "--set", "timeout=1.7s", "--json"},
		"checker-many.json":      {"run", "checker", "--all-variants", "--set", "sites=200", "--set", "workers=7", "--json"},
		"countdown-custom.json":  {"run", "countdown", "--all-variants", "--set", "tasks=A=1ms,B=59m,Z9=1h", "--set", "from=5", "--json"},
		"eventloop-custom.steps": {"run", "eventloop", "--all-variants", "--set", "countdowns=A=3,B=2@1.5s", "--set", "blocker=A", "--steps"},
		"spinner-fast.txt":       {"run", "spinner", "--all-variants", "--set", "wait=1s", "--set", "frame=30ms", "--full"},
	}
	for _, l := range labs.All() {
		runs[l.Name+".json"] = []string{"run", l.Name, "--all-variants", "--json"}
		runs[l.Name+".steps"] = []string{"run", l.Name, "--all-variants", "--steps"}
		runs[l.Name+".txt"] = []string{"run", l.Name, "--all-variants", "--full"}
		if l.Predict != nil {
			runs[l.Name+".txt"] = append(runs[l.Name+".txt"], "--reveal")
		}
	}
	return runs
}

// TestRunGolden compares run's output with the golden files (gzipped: the
// chess JSON alone is close to a megabyte). go test -update rewrites them.
func TestRunGolden(t *testing.T) {
	for name, args := range goldenRuns() {
		t.Run(name, func(t *testing.T) {
			code, out, errs := run(args...)
			if code != 0 {
				t.Fatalf("conclab %s: exit %d: %s", strings.Join(args, " "), code, errs)
			}
			path := filepath.Join("testdata", "run", name+".gz")
			if *update {
				writeGzip(t, path, out)
				return
			}
			want := readGzip(t, path)
			if out != want {
				t.Errorf("conclab %s: output differs from %s %s", strings.Join(args, " "), path, firstDiff(out, want))
			}
		})
	}
}

// firstDiff says where two outputs part: the line number and both lines.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "at line " + strconv.Itoa(i+1) + ":\n got: " + clip(gl) + "\nwant: " + clip(wl)
		}
	}
	return "(same lines, different bytes)"
}

func clip(s string) string {
	if len(s) > 300 {
		// a JSON report is one long line: show where it parts
		return s[:300] + "..."
	}
	return s
}

func writeGzip(t *testing.T, path, text string) {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := io.WriteString(zw, text); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readGzip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(b)
}
