package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/internal/cli"
)

// TestRunExports writes the three files of one run: the text report is
// unchanged, each file says where it went, and each holds the runs asked
// for with the parameters set.
func TestRunExports(t *testing.T) {
	dir := t.TempDir()
	svg, html, pf := filepath.Join(dir, "c.svg"), filepath.Join(dir, "c.html"), filepath.Join(dir, "c.json")
	code, out, errs := run("run", "chess", "--variant", "concurrent,sequential", "--set", "boards=6", "--svg", svg, "--html", html, "--perfetto", pf, "--width", "900")
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "picture written to "+svg+"\npage written to "+html+"\ntrace-event JSON (for ui.perfetto.dev) written to "+pf+"\n", errs)
	_, plain, _ := run("run", "chess", "--variant", "concurrent,sequential", "--set", "boards=6")
	assert.Equal(t, plain, out, "the report is the same with or without pictures")
	b, err := os.ReadFile(svg)
	require.NoError(t, err)
	doc := string(b)
	assert.Contains(t, doc, `width="900"`)
	assert.Contains(t, doc, `data-variant="concurrent"`)
	assert.Contains(t, doc, `data-variant="sequential"`)
	assert.Contains(t, doc, "boards=6")
	assert.Less(t, strings.Index(doc, `data-variant="concurrent"`), strings.Index(doc, `data-variant="sequential"`), "lanes in the order asked")
	b, err = os.ReadFile(html)
	require.NoError(t, err)
	assert.Contains(t, string(b), "<tr><td>sequential</td><td>3:00:00</td>")
	b, err = os.ReadFile(pf)
	require.NoError(t, err)
	var file struct {
		TraceEvents []map[string]any `json:"traceEvents"`
	}
	require.NoError(t, json.Unmarshal(b, &file))
	var procs []string
	for _, e := range file.TraceEvents {
		if e["name"] == "process_name" {
			procs = append(procs, e["args"].(map[string]any)["name"].(string))
		}
	}
	assert.Equal(t, []string{"concurrent", "sequential"}, procs)
}

// TestRunExportsOfPuzzles draws a predict-then-run lab: asking for a
// picture runs it (as --json does) instead of asking for a prediction.
func TestRunExportsOfPuzzles(t *testing.T) {
	svg := filepath.Join(t.TempDir(), "p.svg")
	code, _, errs := run("run", "coroutines", "--variant", "ping-pong", "--svg", svg)
	require.Equal(t, 0, code, errs)
	b, err := os.ReadFile(svg)
	require.NoError(t, err)
	assert.Contains(t, string(b), `data-variant="ping-pong"`)
}

// TestRunExportsRefused: files that cannot be written, and flags that do
// not go together, are one line and exit status 2, and nothing is written.
func TestRunExportsRefused(t *testing.T) {
	dir := t.TempDir()
	ro := filepath.Join(dir, "ro")
	require.NoError(t, os.Mkdir(ro, 0o500))
	writable := func() bool { // root writes anywhere: the permission case says nothing then
		f, err := os.Create(filepath.Join(ro, "probe"))
		if err == nil {
			f.Close()
			os.Remove(filepath.Join(ro, "probe"))
		}
		return err == nil
	}()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "chess", "--svg", filepath.Join(dir, "no", "a.svg")}, "--svg " + filepath.Join(dir, "no", "a.svg") + ": there is no directory " + filepath.Join(dir, "no") + " to write it in"},
		{[]string{"run", "chess", "--html", dir}, "--html " + dir + ": that is a directory, not a file"},
		{[]string{"run", "chess", "--svg", "a.svg", "--perfetto", "a.svg"}, "--svg and --perfetto need two different files (got a.svg for both)"},
		{[]string{"run", "chess", "--trace", "a.json", "--perfetto", "./a.json"}, "--trace and --perfetto need two different files (got ./a.json for both)"},
		{[]string{"run", "chess", "--width", "900"}, "--width sizes the --svg and --html pictures: add one of them"},
		{[]string{"run", "chess", "--svg", "a.svg", "--width", "12"}, `--width "12" is not a width in pixels from 480 to 16384`},
		{[]string{"run", "chess", "--svg", ""}, "--svg needs a file name"},
		{[]string{"run", "chess", "--html", "-"}, "--html needs a file name (- is not standard output here: the report goes there)"},
		{[]string{"run", "flags", "--trace", "-"}, "--trace needs a file name (- is not standard output here: the report goes there)"},
		{[]string{"run", "flags", "--real", "--variant", "sequential", "--runtime-trace", "-"}, "--runtime-trace needs a file name (- is not standard output here: the report goes there)"},
		{[]string{"run", "flags", "--trace=-"}, "--trace needs a file name (- is not standard output here: the report goes there)"},
		{[]string{"run", "chess", "--predict", "concurrent=1h", "--svg", "a.svg"}, "--predict goes alone: run again without it for --svg, --html or --perfetto"},
	}
	if !writable {
		p := filepath.Join(ro, "a.svg")
		tests = append(tests, struct {
			args []string
			want string
		}{[]string{"run", "chess", "--svg", p}, "--svg " + p + ": permission denied"})
	}
	for _, tt := range tests {
		code, out, errs := run(tt.args...)
		if code != cli.ExitUsage || errs != "conclab: "+tt.want+"\n" || out != "" {
			t.Errorf("conclab %s = %d, stderr %q, stdout %q; want 2 and %q", strings.Join(tt.args, " "), code, errs, out, tt.want)
		}
	}
	left, _ := os.ReadDir(ro)
	assert.Empty(t, left)
	for _, name := range []string{"a.svg", "-"} {
		_, err := os.Stat(name)
		assert.True(t, os.IsNotExist(err), "nothing written in the working directory (%s)", name)
	}
}
