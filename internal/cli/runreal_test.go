package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"conclab/internal/cli"
	"conclab/labs/trace"
)

func TestRunRealRefusesBadCombinations(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "flags", "--runtime-trace", "x.trace"}, "--runtime-trace records a real run: add --real"},
		{[]string{"run", "coroutines", "--real", "--reveal"}, "--real runs real variants; --predict and --reveal are for predict-then-run labs"},
		{[]string{"run", "chess", "--real"}, "chess has no real variants (labs with real runs: cancel, checker, flags, gil, locks, spinner)"},
		{[]string{"run", "flags", "--real", "--variant", "loop-blocking"}, `flags: unknown real variant "loop-blocking" (real variants: sequential, goroutines, limited, errgroup)`},
		{[]string{"run", "flags", "--real", "--runtime-trace", filepath.Join(dir, "x.trace")}, "--runtime-trace records one real run: pick one variant with --variant (real variants: sequential, goroutines, limited, errgroup)"},
		{[]string{"run", "flags", "--real", "--trace", "a.json", "--runtime-trace", "a.json"}, "--trace and --runtime-trace need two different files (got a.json for both)"},
		{[]string{"run", "chess", "--trace", filepath.Join(dir, "no", "out.json")}, "--trace " + filepath.Join(dir, "no", "out.json") + ": there is no directory " + filepath.Join(dir, "no") + " to write it in"},
		{[]string{"run", "flags", "--real", "--set", "count=5000", "--set", "limit=3"}, "flags: real sequential: count = 5000 is too many for a real run over loopback (allowed: 1..2000)"},
		{[]string{"run", "spinner", "--real", "--variant", "no-preempt", "--set", "wait=2m"}, "spinner: real no-preempt: wait = 2m0s is too long for a real run (allowed: 1ms..30s)"},
		{[]string{"run", "flags", "--real=yes"}, "--real takes no value"},
		{[]string{"run", "flags", "--trace"}, "--trace needs a value (see conclab help run)"},
	}
	for _, tt := range tests {
		code, out, errs := run(tt.args...)
		if code != cli.ExitUsage || errs != "conclab: "+tt.want+"\n" || out != "" {
			t.Errorf("conclab %s = %d, stderr %q, stdout %q; want 2 and %q", strings.Join(tt.args, " "), code, errs, out, tt.want)
		}
	}
}

func TestTraceFileOfVirtualRuns(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "chess.json")
	code, _, errs := run("run", "chess", "--variant", "concurrent", "--trace", one)
	if code != 0 || errs != "trace of concurrent written to "+one+"\n" {
		t.Fatalf("run chess --trace = %d, stderr %q", code, errs)
	}
	if tr := decodeFile(t, one); tr.Total != 3655*time.Second {
		t.Errorf("trace in %s: total %v, want 1h0m55s", one, tr.Total)
	}
	code, _, errs = run("run", "chess", "--variant", "sequential,concurrent", "--trace", filepath.Join(dir, "both.json"))
	if code != 0 {
		t.Fatalf("run chess --trace with two variants = %d: %s", code, errs)
	}
	for name, want := range map[string]time.Duration{"both-sequential.json": 12 * time.Hour, "both-concurrent.json": 3655 * time.Second} {
		if tr := decodeFile(t, filepath.Join(dir, name)); tr.Total != want {
			t.Errorf("%s: total %v, want %v", name, tr.Total, want)
		}
	}
}

func decodeFile(t *testing.T, path string) *trace.Trace {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := trace.Decode(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return tr
}

func TestRunRealJSON(t *testing.T) {
	code, out, errs := run("run", "flags", "--real", "--variant", "limited", "--set", "count=6", "--set", "limit=2", "--set", "delay=50ms", "--json")
	if code != 0 {
		t.Fatalf("run flags --real --json = %d: %s", code, errs)
	}
	var rep struct {
		Real     bool `json:"real"`
		Variants []struct {
			Name  string         `json:"name"`
			Facts map[string]any `json:"facts"`
		} `json:"variants"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("run --real --json: %v\n%s", err, out)
	}
	if !rep.Real || len(rep.Variants) != 1 || rep.Variants[0].Name != "limited" {
		t.Fatalf("report = %+v, want one real variant, limited", rep)
	}
	f := rep.Variants[0].Facts
	if f["max_in_flight"] != 2.0 || f["predicted_seconds"] != 0.15 || f["requests"] != 6.0 {
		t.Errorf("facts = %v, want max_in_flight 2, predicted_seconds 0.15, requests 6", f)
	}
	if m, ok := f["measured_seconds"].(float64); !ok || m <= 0 {
		t.Errorf("measured_seconds = %v, want a positive number", f["measured_seconds"])
	}
}

func TestRunRealTextAndRuntimeTrace(t *testing.T) {
	rt := filepath.Join(t.TempDir(), "out.trace")
	code, out, errs := run("run", "checker", "--real", "--variant", "pool", "--set", "sites=6", "--set", "workers=2",
		"--set", "min_latency=20ms", "--set", "max_latency=20ms", "--runtime-trace", rt)
	if code != 0 {
		t.Fatalf("run checker --real = %d: %s", code, errs)
	}
	for _, re := range []string{`variant\s+predicted\s+measured\s+ratio\s+twin\s+facts`,
		`pool\s+0:00:00\.060\s+0:00:00\.\d+\s+\d+\.\d\dx\s+pool\s+max_in_flight=2 requests=6 tally=\{"200":6\}`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("run checker --real: output lacks %s:\n%s", re, out)
		}
	}
	if want := "open it with: go tool trace " + rt + "\n"; !strings.HasSuffix(errs, want) {
		t.Errorf("stderr = %q, want it to end with %q", errs, want)
	}
	if b, err := os.ReadFile(rt); err != nil || !bytes.HasPrefix(b, []byte("go 1.")) {
		t.Errorf("runtime trace %s: %v, starts %q; want a go tool trace file", rt, err, b[:min(len(b), 16)])
	}
}

// TestRunRealSpinner re-executes this test binary as the spinner's child
// (internal/realrun's init sees the environment and runs the child instead).
func TestRunRealSpinner(t *testing.T) {
	code, out, errs := run("run", "spinner", "--real", "--variant", "no-preempt", "--set", "wait=200ms", "--set", "frame=20ms")
	if code != 0 {
		t.Fatalf("run spinner --real = %d: %s", code, errs)
	}
	for _, want := range []string{"no-preempt", "loop-cpu", "async_preemption=false", "gomaxprocs=1", "main       Answer: 42"} {
		if !strings.Contains(out, want) {
			t.Errorf("run spinner --real: output lacks %q:\n%s", want, out)
		}
	}
}

func TestRunRealStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(300*time.Millisecond, cancel)
	var out, errb bytes.Buffer
	code := cli.Main([]string{"run", "flags", "--real", "--variant", "goroutines", "--set", "count=5", "--set", "limit=1", "--set", "delay=1m"},
		cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Context: ctx})
	if code != cli.ExitFail || !strings.Contains(errb.String(), "flags: real goroutines: stopped before the end: context canceled") {
		t.Errorf("cancelled run = %d, stderr %q; want 1 and the run stopped", code, errb.String())
	}
}
