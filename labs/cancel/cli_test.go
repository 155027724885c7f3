package cancel_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"conclab/internal/cli"
	"conclab/internal/labtest"
	"conclab/labs/cancel"
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
	l := cancel.Lab()
	tests := []struct {
		args []string
		want []string // what stdout contains
	}{
		{[]string{"list"}, []string{"cancel", l.Summary}},
		{[]string{"run", "cancel"}, []string{"cancel — " + l.Title, "first-leaky ", "ignores-cancel ",
			`leaked=2 wasted_seconds=0.08 where=["B waits on chan results","C waits on chan results"]`}},
		{[]string{"run", "cancel", "--variant", "errgroup", "--set", "fail=A"}, []string{"gave up after A failed: cancelled B, C"}},
		{[]string{"run", "cancel", "--variant", "first-leaky", "--steps"}, []string{"== first-leaky ==", "wait     B on worker 0 chan results"}},
		{[]string{"help", "cancel"}, []string{"replicas", "timeout", "fail", "linger", "ignores-cancel", "Tell them to stop: a context"}},
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

// TestJSON: the JSON of every variant is the same byte for byte across
// runs, and says what the runs said.
func TestJSON(t *testing.T) {
	args := []string{"run", "cancel", "--all-variants", "--json"}
	_, a, errs := conclab(t, args...)
	_, b, _ := conclab(t, args...)
	if a == "" || a != b {
		t.Fatalf("conclab %v printed %d bytes, then %d different ones (stderr %q)", args, len(a), len(b), errs)
	}
	var rep struct {
		Variants []struct {
			Name       string         `json:"name"`
			Total      float64        `json:"total_seconds"`
			Facts      map[string]any `json:"facts"`
			Incomplete string         `json:"incomplete"`
		} `json:"variants"`
	}
	if err := json.Unmarshal([]byte(a), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Variants) != len(cancel.Lab().Variants) {
		t.Fatalf("JSON has %d variants, want %d", len(rep.Variants), len(cancel.Lab().Variants))
	}
	for _, v := range rep.Variants {
		run := labtest.Run(t, cancel.Lab(), v.Name, nil)
		if v.Total != run.Trace.Total.Seconds() || v.Incomplete != run.Incomplete {
			t.Errorf("%s: the JSON says total_seconds %v, incomplete %q; the run %v, %q", v.Name, v.Total, v.Incomplete, run.Trace.Total, run.Incomplete)
		}
		for _, k := range []string{"answer", "leaked", "wasted_seconds"} {
			got, _ := json.Marshal(v.Facts[k])
			want, _ := json.Marshal(run.Facts[k])
			if string(got) != string(want) {
				t.Errorf("%s: the JSON says %s = %s, the run %s", v.Name, k, got, want)
			}
		}
	}
}

func TestBadInputIsOneLine(t *testing.T) {
	for _, args := range [][]string{
		{"run", "cancel", "--set", "fail=Z"},
		{"run", "cancel", "--set", "replicas=A"},
		{"run", "cancel", "--set", "timeout=0s"},
		{"run", "cancel", "--set", "linger=soon"},
		{"run", "cancel", "--variant", "first-lucky"},
	} {
		status, out, errs := conclab(t, args...)
		if status == 0 || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.HasPrefix(errs, "conclab: ") {
			t.Errorf("conclab %v = status %d, stdout %q, stderr %q; want a non-zero status and one line", args, status, out, errs)
		}
	}
}
