package locks_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"conclab/internal/cli"
	"conclab/internal/labtest"
	"conclab/labs/locks"
)

// conclab runs the command line as main does.
func conclab(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	t.Setenv("CONCLAB_CONFIG_DIR", t.TempDir())
	var out, errb bytes.Buffer
	status = cli.Main(args, cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader("")})
	return status, out.String(), errb.String()
}

// TestCommandLine: the lab runs from the command line, and a deadlocked
// variant is a lesson, not an error: it exits 0 with its cycle in the
// table and in its output.
func TestCommandLine(t *testing.T) {
	l := locks.Lab()
	tests := []struct {
		args []string
		want []string // what stdout contains
	}{
		{[]string{"list"}, []string{"locks", l.Summary}},
		{[]string{"run", "locks"}, []string{"locks — " + l.Title, "racy ", "lost 30 of 40 updates; final=10 lost=30", "mutex ", "final=40 lost=0", "atomic "}},
		{[]string{"run", "locks", "--variant", "transfers"}, []string{
			"transfers   0:00:00.001   -         deadlock: t1 holds A, waits for B; t2 holds B, waits for A; balances={\"A\":100,\"B\":100} moved=0",
			"0:00:00.001  deadlock   t1 holds A, waits for B", "0:00:00.001  deadlock   t2 holds B, waits for A"}},
		{[]string{"run", "locks", "--variant", "philosophers"}, []string{"deadlock: p1 holds fork 1, waits for fork 2; p2 holds fork 2", "p5 holds fork 5, waits for fork 1; ate=0"}},
		{[]string{"run", "locks", "--variant", "transfers", "--steps"}, []string{"== transfers ==", "wait     t1 on worker 0 lock B", "wait     t2 on worker 0 lock A"}},
		{[]string{"help", "locks"}, []string{"workers", "increments", "philosophers", "philosophers-ordered", "Dining philosophers"}},
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
// runs, and says what the runs said, deadlocks included.
func TestJSON(t *testing.T) {
	args := []string{"run", "locks", "--all-variants", "--set", "cores=2", "--json"}
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
			Output     []struct {
				Task string `json:"task"`
				Text string `json:"text"`
			} `json:"output"`
		} `json:"variants"`
	}
	if err := json.Unmarshal([]byte(a), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Variants) != len(locks.Lab().Variants) {
		t.Fatalf("JSON has %d variants, want every one", len(rep.Variants))
	}
	for _, v := range rep.Variants {
		res := labtest.Run(t, locks.Lab(), v.Name, map[string]string{"cores": "2"})
		if v.Total != res.Trace.Total.Seconds() || v.Incomplete != res.Incomplete {
			t.Errorf("%s: the JSON says %v s, %q; the run %v, %q", v.Name, v.Total, v.Incomplete, res.Trace.Total, res.Incomplete)
		}
		if strings.HasPrefix(v.Incomplete, "deadlock: ") {
			last := v.Output[len(v.Output)-1]
			if last.Task != locks.Deadlock || !strings.HasSuffix(v.Incomplete, last.Text) {
				t.Errorf("%s: the JSON output ends with %+v, want the cycle's last line under %q", v.Name, last, locks.Deadlock)
			}
		}
	}
}

func TestBadInputIsOneLine(t *testing.T) {
	for _, args := range [][]string{
		{"run", "locks", "--set", "workers=0"},
		{"run", "locks", "--set", "increments=many"},
		{"run", "locks", "--set", "read=-1ms"},
		{"run", "locks", "--set", "write=2s"},
		{"run", "locks", "--set", "cores=65"},
		{"run", "locks", "--set", "pause=soon"},
		{"run", "locks", "--set", "philosophers=1"},
		{"run", "locks", "--set", "eat=-1s"},
		{"run", "locks", "--set", "workers=1000", "--set", "increments=101"},
		{"run", "locks", "--set", "forks=5"},
		{"run", "locks", "--variant", "spinlock"},
	} {
		status, out, errs := conclab(t, args...)
		if status == 0 || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.HasPrefix(errs, "conclab: locks") {
			t.Errorf("conclab %v = status %d, stdout %q, stderr %q; want a non-zero status and one line", args, status, out, errs)
		}
	}
}
