package styles_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"conclab/internal/cli"
	"conclab/internal/labtest"
	"conclab/labs/styles"
)

// conclab runs the command line as main does.
func conclab(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	t.Setenv("CONCLAB_CONFIG_DIR", t.TempDir())
	var out, errb bytes.Buffer
	status = cli.Main(args, cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader("")})
	return status, out.String(), errb.String()
}

func TestCommandLine(t *testing.T) {
	l := styles.Lab()
	tests := []struct {
		args []string
		want []string // what stdout contains
	}{
		{[]string{"list"}, []string{"styles", l.Summary}},
		{[]string{"run", "styles"}, []string{"styles — " + l.Title, "sync ", "goroutines ", "on_error=errback in Callbacks"}},
		{[]string{"run", "styles", "--variant", "green-unpatched", "--steps"}, []string{"== green-unpatched ==", "block    yahoo on worker 0 500ms"}},
		{[]string{"help", "styles"}, []string{"sites", "fail", "unpatched", "green-unpatched", "The call the patch missed"}},
	}
	for _, tc := range tests {
		status, out, errs := conclab(t, tc.args...)
		if status != 0 {
			t.Errorf("conclab %v exited %d: %s", tc.args, status, errs)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("conclab %v does not print %q:\n%s", tc.args, w, out)
			}
		}
	}
}

// TestJSON: the JSON of every variant, with a failing site, is the same
// byte for byte across runs, and says what the runs said.
func TestJSON(t *testing.T) {
	args := []string{"run", "styles", "--all-variants", "--set", "fail=google", "--json"}
	_, a, errs := conclab(t, args...)
	_, b, _ := conclab(t, args...)
	if a == "" || a != b {
		t.Fatalf("conclab %v printed %d bytes, then %d different ones (stderr %q)", args, len(a), len(b), errs)
	}
	var rep struct {
		Params   map[string]any `json:"params"`
		Variants []struct {
			Name  string         `json:"name"`
			Total float64        `json:"total_seconds"`
			Facts map[string]any `json:"facts"`
		} `json:"variants"`
	}
	if err := json.Unmarshal([]byte(a), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Params["fail"] != "google" || len(rep.Variants) != len(styles.Lab().Variants) {
		t.Fatalf("JSON params %v with %d variants, want fail=google and every variant", rep.Params, len(rep.Variants))
	}
	for _, v := range rep.Variants {
		run := labtest.Run(t, styles.Lab(), v.Name, map[string]string{"fail": "google"})
		if v.Total != run.Trace.Total.Seconds() {
			t.Errorf("%s: the JSON says total_seconds %v, the run %v", v.Name, v.Total, run.Trace.Total)
		}
		if _, ok := v.Facts["bad_lane"]; !ok {
			t.Errorf("%s: the JSON facts %v have no bad_lane with fail set", v.Name, v.Facts)
		}
	}
}

func TestBadInputIsOneLine(t *testing.T) {
	for _, args := range [][]string{
		{"run", "styles", "--set", "fail=bing"},
		{"run", "styles", "--set", "sites=a"},
		{"run", "styles", "--variant", "fibers"},
	} {
		status, out, errs := conclab(t, args...)
		if status == 0 || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.HasPrefix(errs, "conclab: ") {
			t.Errorf("conclab %v = status %d, stdout %q, stderr %q; want a non-zero status and one line", args, status, out, errs)
		}
	}
}
