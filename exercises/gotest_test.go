package exercises_test

// Running `go test -json` in a child process and reading what it says, for
// the dev check.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/internal/check"
)

// run is what go test said of each package, by import path: what
// check.ReadTestJSON reads, the reader the learner's checks use too.
type run map[string]*check.PackageRun

// pkg is what go test said of the package at path (nothing, when it never
// reported on it).
func (r run) pkg(path string) pkgRun {
	if p := r[path]; p != nil {
		return pkgRun{p}
	}
	return pkgRun{&check.PackageRun{Path: path}}
}

// pkgRun is one package's run, with what the dev check makes of it.
type pkgRun struct{ *check.PackageRun }

// goTest runs go test -tags exercises -json on pkgs from dir, with the
// files of replace put in place (-overlay), and collects what it said. The
// child runs under the race detector when this test binary does.
func goTest(t *testing.T, dir string, replace map[string]string, pkgs []string) run {
	t.Helper()
	args := []string{"test", "-tags", "exercises", "-count=1", "-json", "-timeout", "60s"}
	if raceEnabled {
		args = append(args, "-race")
	}
	if len(replace) > 0 {
		b, err := json.Marshal(map[string]any{"Replace": replace})
		if err != nil {
			t.Fatal(err)
		}
		overlay := filepath.Join(t.TempDir(), "overlay.json")
		if err := os.WriteFile(overlay, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "-overlay", overlay)
	}
	// A hung build is stopped before this test's own -timeout would end
	// the whole test binary: what went wrong is then said here. (Each
	// check's binary has its -timeout of 60 s.)
	limit := childTimeout(t)
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, goCommand(t), append(args, pkgs...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"=1", "CONCLAB_TRACE_DIR=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("go %s did not end within %v (this test's -timeout, less a margin)", strings.Join(args, " "), limit)
	}
	r, readErr := check.ReadTestJSON(bytes.NewReader(out))
	if len(r) == 0 {
		t.Fatalf("go %s: %v %v\n%s", strings.Join(args, " "), err, readErr, stderr.String())
	}
	return r
}

// childTimeout is how long a child go test may take: until 30 s before this
// test binary's -timeout (go test's default is 10 minutes), so that a busy
// machine, which slows every child, fails nothing that would pass.
func childTimeout(t *testing.T) time.Duration {
	deadline, ok := t.Deadline()
	if !ok {
		return 30 * time.Minute
	}
	return max(time.Until(deadline)-30*time.Second, time.Minute)
}

// leaves are the tests that have no subtests, sorted by name.
func (p pkgRun) leaves() []check.TestResult {
	var leaves []check.TestResult
	for _, t := range p.Tests {
		leaf := true
		for _, other := range p.Tests {
			leaf = leaf && !strings.HasPrefix(other.Name, t.Name+"/")
		}
		if leaf {
			leaves = append(leaves, t)
		}
	}
	slices.SortFunc(leaves, func(a, b check.TestResult) int { return strings.Compare(a.Name, b.Name) })
	return leaves
}

func (p pkgRun) passed() int {
	n := 0
	for _, t := range p.leaves() {
		if t.Status == check.Pass {
			n++
		}
	}
	return n
}

// failures is the build output and the output of every failed test.
func (p pkgRun) failures() string {
	var b strings.Builder
	for _, l := range p.Build {
		fmt.Fprintln(&b, l)
	}
	for _, t := range p.leaves() {
		if t.Status != check.Pass {
			fmt.Fprintf(&b, "%s: %s\n%s", t.Name, orNone(t.Status), t.Output)
		}
	}
	b.WriteString(p.Output)
	return b.String()
}

// untouchedProblems says what is wrong with a run of an untouched
// exercise's checks: everything must fail cleanly, with a message that
// teaches, except the Model checks, which must pass.
func (p pkgRun) untouchedProblems() []string {
	var problems []string
	all := p.Output
	for _, t := range p.Tests {
		all += t.Output
	}
	switch {
	case len(p.Build) > 0:
		return []string{"it does not compile:\n" + strings.Join(p.Build, "\n")}
	case p.Result == "":
		return []string{"go test never reported on it"}
	case strings.Contains(all, "panic: test timed out"):
		return []string{"its checks timed out:\n" + all}
	case strings.Contains(all, "panic: ") || strings.Contains(all, "fatal error: "):
		return []string{"its checks panicked:\n" + all}
	case strings.Contains(all, kit.LeakPrefix):
		return []string{"it leaks goroutines:\n" + all}
	}
	leaves := p.leaves()
	if len(leaves) == 0 {
		problems = append(problems, "no checks ran")
	}
	failed := 0
	for _, t := range leaves {
		model := strings.Contains(strings.Split(t.Name, "/")[0], "Model")
		switch {
		case model && t.Status != check.Pass:
			problems = append(problems, fmt.Sprintf("%s guards the checks' own arithmetic and must pass, but it %s:\n%s", t.Name, orNone(t.Status), t.Output))
		case model:
		case t.Status != check.Fail:
			problems = append(problems, fmt.Sprintf("%s %s, want it to fail: a check that the shipped exercise passes checks nothing", t.Name, orNone(t.Status)))
		case !teaches(t.Output):
			problems = append(problems, fmt.Sprintf("%s failed without a teaching message (what happened, what was wanted, what to try):\n%s", t.Name, t.Output))
		default:
			failed++
		}
	}
	if failed == 0 && len(problems) == 0 {
		problems = append(problems, "no check failed")
	}
	return problems
}

// teaches reports whether a failed test's output holds a message that says
// what was wanted and asks or tells what to do: a line of the test's file
// with "want" in it, and a hint ("—", ":" or "?") after it.
func teaches(output string) bool {
	for _, line := range strings.Split(output, "\n") {
		_, msg, ok := strings.Cut(line, "_test.go:")
		if ok && strings.Contains(msg, "want") && len(msg) > 60 && strings.ContainsAny(msg[strings.Index(msg, "want"):], "—:?") {
			return true
		}
	}
	return false
}

// orNone says how a test or a package ended, in words.
func orNone(s check.Status) string {
	switch s {
	case "":
		return "did not run"
	case check.Running:
		return "never finished"
	case check.Pass:
		return "passed"
	case check.Fail:
		return "failed"
	case check.Skip:
		return "was skipped"
	}
	return string(s)
}

// goCommand is the go command of the toolchain that runs this test.
func goCommand(t *testing.T) string {
	t.Helper()
	//lint:ignore SA1019 a test binary runs where it was built: its GOROOT is the toolchain running `go test`.
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if runtime.GOOS == "windows" {
		gobin += ".exe"
	}
	if _, err := os.Stat(gobin); err == nil {
		return gobin
	}
	path, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	return path
}

// events builds go test -json lines for package p: each item is
// "ACTION TEST" or "output TEST: TEXT" (TEST "-" for the package itself).
func events(t *testing.T, p string, items ...string) run {
	t.Helper()
	type event struct{ Action, Package, ImportPath, Test, Output string }
	var stream bytes.Buffer
	enc := json.NewEncoder(&stream)
	for _, it := range items {
		action, rest, _ := strings.Cut(it, " ")
		test, text, _ := strings.Cut(rest, ": ")
		if test == "-" {
			test = ""
		}
		ev := event{Action: action, Package: p, Test: test, Output: text + "\n"}
		if action == "build-output" {
			ev = event{Action: action, ImportPath: p + " [" + p + ".test]", Output: text + "\n"}
		}
		if err := enc.Encode(ev); err != nil {
			t.Fatal(err)
		}
	}
	r, err := check.ReadTestJSON(&stream)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestUntouchedProblems(t *testing.T) {
	const p = "conclab/exercises/x"
	const teaching = "x_test.go:12: Run took 12 s of virtual time, want 6 s — does each countdown have its own goroutine?"
	tests := []struct {
		name  string
		run   run
		wants []string // each problem must contain its want, in order; none for a clean run
	}{
		{"fails and teaches", events(t, p, "pass TestXModel", "output TestRun/a: "+teaching, "fail TestRun/a", "fail TestRun", "fail -"), nil},
		{"does not compile", events(t, p, "build-output -: x.go:3:1: syntax error", "fail -"), []string{"does not compile:\nx.go:3:1: syntax error"}},
		{"panics", events(t, p, "output TestRun: panic: boom", "fail TestRun", "fail -"), []string{"panicked"}},
		{"times out", events(t, p, "output -: panic: test timed out after 1m0s", "fail -"), []string{"timed out"}},
		{"leaks", events(t, p, "output TestRun: x_test.go:1: "+kit.LeakPrefix+"when the check ended", "fail TestRun", "fail -"), []string{"leaks"}},
		{"a check passes", events(t, p, "pass TestRun/a", "output TestRun/b: "+teaching, "fail TestRun/b", "fail TestRun", "fail -"),
			[]string{"TestRun/a passed, want it to fail"}},
		{"fails without a message", events(t, p, "output TestRun: x_test.go:9: bad", "fail TestRun", "fail -"), []string{"TestRun failed without a teaching message"}},
		{"a Model check fails", events(t, p, "fail TestXModel", "output TestRun: "+teaching, "fail TestRun", "fail -"), []string{"TestXModel guards the checks' own arithmetic"}},
		{"no checks", events(t, p, "pass -"), []string{"no checks ran"}},
		{"only Model checks", events(t, p, "pass TestXModel", "pass -"), []string{"no check failed"}},
		{"never ran", run{}, []string{"go test never reported on it"}},
	}
	for _, tt := range tests {
		got := tt.run.pkg(p).untouchedProblems()
		ok := len(got) == len(tt.wants)
		for i := range min(len(got), len(tt.wants)) {
			ok = ok && strings.Contains(got[i], tt.wants[i])
		}
		if !ok {
			t.Errorf("%s: untouchedProblems() = %q, want problems containing %q", tt.name, got, tt.wants)
		}
	}
}

func TestTeaches(t *testing.T) {
	tests := []struct {
		output string
		want   bool
	}{
		{"    chess_test.go:62: the boards were played one after another: 43200 s of virtual time, want 3655 s — does each board have its own goroutine?\n", true},
		{"    x_test.go:3: got 3, want 4\n", false},
		{"    x_test.go:3: something went wrong somewhere in the code under test, and it is long\n", false},
		{"panic: want 3655 s — does each board have its own goroutine, and does the master walk on?\n", false},
	}
	for _, tt := range tests {
		if got := teaches(tt.output); got != tt.want {
			t.Errorf("teaches(%q) = %v, want %v", tt.output, got, tt.want)
		}
	}
}
