package slowserver_test

import (
	"bytes"
	"image/gif"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"conclab/internal/slowserver"
)

// TestFluentPythonClients runs the book's flags clients (docs/fluentpython,
// Python) against the server: every flag is fetched from
// BASE_URL/<cc>/<cc>.gif and saved as a GIF. Skipped without python3.
func TestFluentPythonClients(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("needs python3")
	}
	if testing.Short() {
		t.Skip("starts Python")
	}
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "docs", "fluentpython")
	srv := httptest.NewServer(slowserver.New(slowserver.Config{}))
	defer srv.Close()
	for _, args := range [][]string{{"flags.py"}, {"flags_threadpool.py"}, {"flags_threadpool.py", "20"}} {
		dest := t.TempDir()
		cmd := exec.Command(python, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "BASE_URL="+srv.URL+"/flags", "DEST_DIR="+dest, "PYTHONDONTWRITEBYTECODE=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "\n20 downloads in ") {
			t.Fatalf("python3 %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		files, _ := filepath.Glob(filepath.Join(dest, "*.gif"))
		if len(files) != 20 {
			t.Errorf("python3 %s saved %d flags, want 20", strings.Join(args, " "), len(files))
		}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			if _, err := gif.Decode(bytes.NewReader(b)); err != nil {
				t.Errorf("python3 %s: %s is not a GIF: %v", strings.Join(args, " "), filepath.Base(f), err)
			}
		}
	}
}
