package exercises_test

// Running `go test -json` in a child process and reading what it says, for
// the dev check.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
)

// event is a line of `go test -json` (test2json, and build output).
type event struct {
	Action     string
	Package    string
	ImportPath string
	Test       string
	Output     string
}

// pkgRun is what go test said of one package.
type pkgRun struct {
	action string              // pass, fail, skip; "" when it never ran
	build  []string            // build output (a compile error)
	output strings.Builder     // output outside any test (a panic's stack)
	tests  map[string]*testRun // by name ("TestLoop/B_blocks")
}

type testRun struct {
	action string
	output strings.Builder
}

type run map[string]*pkgRun

func (r run) pkg(path string) *pkgRun {
	if r[path] == nil {
		r[path] = &pkgRun{tests: map[string]*testRun{}}
	}
	return r[path]
}

// goTest runs go test -tags exercises -json on pkgs from dir, with the
// files of replace put in place (-overlay), and collects what it said.
func goTest(t *testing.T, dir string, replace map[string]string, pkgs []string) run {
	t.Helper()
	args := []string{"test", "-tags", "exercises", "-count=1", "-json", "-timeout", "60s"}
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
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goCommand(t), append(args, pkgs...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"=1", "CONCLAB_TRACE_DIR=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("go %s did not end within 3 minutes", strings.Join(args, " "))
	}
	r := run{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev event
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		r.add(ev)
	}
	if len(r) == 0 {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return r
}

func (r run) add(ev event) {
	switch {
	case ev.Action == "build-output":
		p := r.pkg(strings.TrimSuffix(strings.Fields(ev.ImportPath + " ")[0], ".test"))
		p.build = append(p.build, strings.TrimRight(ev.Output, "\n"))
	case ev.Package == "":
	case ev.Test == "" && ev.Action == "output":
		r.pkg(ev.Package).output.WriteString(ev.Output)
	case ev.Test == "":
		if ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip" {
			r.pkg(ev.Package).action = ev.Action
		}
	default:
		p := r.pkg(ev.Package)
		tr := p.tests[ev.Test]
		if tr == nil {
			tr = &testRun{}
			p.tests[ev.Test] = tr
		}
		if ev.Action == "output" {
			tr.output.WriteString(ev.Output)
		} else if ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip" {
			tr.action = ev.Action
		}
	}
}

// leaves are the names of the tests that have no subtests, sorted.
func (p *pkgRun) leaves() []string {
	var names []string
	for name := range p.tests {
		leaf := true
		for other := range p.tests {
			leaf = leaf && !strings.HasPrefix(other, name+"/")
		}
		if leaf {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func (p *pkgRun) passed() int {
	n := 0
	for _, name := range p.leaves() {
		if p.tests[name].action == "pass" {
			n++
		}
	}
	return n
}

// failures is the build output and the output of every failed test.
func (p *pkgRun) failures() string {
	var b strings.Builder
	for _, l := range p.build {
		fmt.Fprintln(&b, l)
	}
	for _, name := range p.leaves() {
		if tr := p.tests[name]; tr.action != "pass" {
			fmt.Fprintf(&b, "%s: %s\n%s", name, orNone(tr.action), tr.output.String())
		}
	}
	b.WriteString(p.output.String())
	return b.String()
}

// untouchedProblems says what is wrong with a run of an untouched
// exercise's checks: everything must fail cleanly, with a message that
// teaches, except the Model checks, which must pass.
func (p *pkgRun) untouchedProblems() []string {
	var problems []string
	all := p.output.String()
	for _, tr := range p.tests {
		all += tr.output.String()
	}
	switch {
	case len(p.build) > 0:
		return []string{"it does not compile:\n" + strings.Join(p.build, "\n")}
	case p.action == "":
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
	for _, name := range leaves {
		tr := p.tests[name]
		model := strings.Contains(strings.Split(name, "/")[0], "Model")
		switch {
		case model && tr.action != "pass":
			problems = append(problems, fmt.Sprintf("%s guards the checks' own arithmetic and must pass, but it %s:\n%s", name, orNone(tr.action), tr.output.String()))
		case model:
		case tr.action != "fail":
			problems = append(problems, fmt.Sprintf("%s %s, want it to fail: a check that the shipped exercise passes checks nothing", name, orNone(tr.action)))
		case !teaches(tr.output.String()):
			problems = append(problems, fmt.Sprintf("%s failed without a teaching message (what happened, what was wanted, what to try):\n%s", name, tr.output.String()))
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

func orNone(action string) string {
	switch action {
	case "":
		return "did not run"
	case "pass":
		return "passed"
	case "fail":
		return "failed"
	case "skip":
		return "was skipped"
	}
	return action
}

// goCommand is the go command of the toolchain that runs this test: go test
// puts its GOROOT/bin first on the test's PATH (go help test).
func goCommand(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	return path
}

// events builds go test -json lines for package p: each item is
// "ACTION TEST" or "output TEST: TEXT" (TEST "-" for the package itself).
func events(p string, items ...string) run {
	r := run{}
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
		r.add(ev)
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
		{"fails and teaches", events(p, "pass TestXModel", "output TestRun/a: "+teaching, "fail TestRun/a", "fail TestRun", "fail -"), nil},
		{"does not compile", events(p, "build-output -: x.go:3:1: syntax error", "fail -"), []string{"does not compile:\nx.go:3:1: syntax error"}},
		{"panics", events(p, "output TestRun: panic: boom", "fail TestRun", "fail -"), []string{"panicked"}},
		{"times out", events(p, "output -: panic: test timed out after 1m0s", "fail -"), []string{"timed out"}},
		{"leaks", events(p, "output TestRun: x_test.go:1: "+kit.LeakPrefix+"when the check ended", "fail TestRun", "fail -"), []string{"leaks"}},
		{"a check passes", events(p, "pass TestRun/a", "output TestRun/b: "+teaching, "fail TestRun/b", "fail TestRun", "fail -"),
			[]string{"TestRun/a passed, want it to fail"}},
		{"fails without a message", events(p, "output TestRun: x_test.go:9: bad", "fail TestRun", "fail -"), []string{"TestRun failed without a teaching message"}},
		{"a Model check fails", events(p, "fail TestXModel", "output TestRun: "+teaching, "fail TestRun", "fail -"), []string{"TestXModel guards the checks' own arithmetic"}},
		{"no checks", events(p, "pass -"), []string{"no checks ran"}},
		{"only Model checks", events(p, "pass TestXModel", "pass -"), []string{"no check failed"}},
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
