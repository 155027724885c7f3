package check

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"conclab/exercises"
	"conclab/labs/trace"
)

// Defaults of a Runner.
const (
	DefaultTimeout    = 60 * time.Second // the checks' -timeout
	DefaultGrace      = 15 * time.Second // how long past the timeout the Runner waits before it stops the child itself
	DefaultBuildLimit = 5 * time.Minute  // how long the build may take before the checks start
	DefaultKeep       = 1 << 20          // bytes of output text kept in a Report
	DefaultReadLimit  = 256 << 20        // bytes of test2json read before the child is stopped

	DefaultMemoryLimit = 2_000_000_000 // bytes the checks' processes may hold (2 GB)
	// DefaultGoroutineLimit is how many goroutines the checks' process may
	// have at once: far more than any exercise needs (a few dozen), and
	// reached before the memory limit even under the race detector, which
	// holds about 19 KB per goroutine (so a million would take 19 GB).
	DefaultGoroutineLimit = 50_000
)

// Runner runs exercise checks in a child `go test`. The zero value is not
// usable: set Root (NewRunner finds it). A Runner may run several checks
// at once; its fields must not change while it does.
type Runner struct {
	// Root is the repository root (see FindRoot); the child runs there.
	Root string
	// Go is the go command; "" is "go" from $PATH.
	Go string
	// Timeout is the checks' -timeout; 0 is DefaultTimeout.
	Timeout time.Duration
	// HardLimit is how long the checks may run, from the moment the test
	// binary starts, before the Runner kills the child's process group;
	// 0 is Timeout + DefaultGrace.
	HardLimit time.Duration
	// BuildLimit bounds the build before the test binary starts; 0 is DefaultBuildLimit.
	BuildLimit time.Duration
	// Keep is how many bytes of output text a Report keeps; 0 is DefaultKeep.
	Keep int
	// ReadLimit is how many bytes of the child's test2json stream are read
	// before it is stopped (huge output); 0 is DefaultReadLimit.
	ReadLimit int64
	// Overlay is a `go build -overlay` file that replaces files for the
	// run (tests use it to check broken copies of an exercise); "" is none.
	// Paths in verdicts are mapped back to the files replaced.
	Overlay string
	// NoVet leaves out go vet's copylocks and lostcancel analyzers, which
	// the Runner otherwise runs on the learner's package beside the checks
	// (see vetAnalyzers).
	NoVet bool
	// NoRace runs the checks without -race (the Runner also drops it when
	// the go command says the race detector cannot run here).
	NoRace bool
	// MemoryLimit is how many bytes the processes of the checks (the go
	// command, the test binary, anything they start) may hold in memory
	// while the checks run, before the Runner stops them: 0 is
	// DefaultMemoryLimit, less than 0 is no limit. It is watched where
	// /proc tells (Linux); the test binary's GOMEMLIMIT is half of it.
	MemoryLimit int64
	// GoroutineLimit is how many goroutines the test binary may have at
	// once before it is stopped: 0 is DefaultGoroutineLimit, less than 0
	// is no limit.
	GoroutineLimit int

	// started, when set, is told the process id of each child started
	// (the leader of its process group): tests count what is left of it.
	started func(pid int)
}

// memoryLimit is MemoryLimit with its default; 0 is no limit.
func (r *Runner) memoryLimit() int64 {
	switch {
	case r.MemoryLimit < 0:
		return 0
	case r.MemoryLimit == 0:
		return DefaultMemoryLimit
	}
	return r.MemoryLimit
}

// goroutineLimit is GoroutineLimit with its default; 0 is no limit.
func (r *Runner) goroutineLimit() int {
	switch {
	case r.GoroutineLimit < 0:
		return 0
	case r.GoroutineLimit == 0:
		return DefaultGoroutineLimit
	}
	return r.GoroutineLimit
}

// NewRunner returns a Runner for the repository that holds the working directory.
func NewRunner() (*Runner, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("find the conclab repository: %w", err)
	}
	root, err := FindRoot(wd)
	if err != nil {
		return nil, err
	}
	return &Runner{Root: root}, nil
}

// Report is the outcome of one run of an exercise's checks.
type Report struct {
	// Exercise is the exercise checked.
	Exercise exercises.Exercise
	// Verdict says what the run came to.
	Verdict Verdict
	// Tests are the tests and subtests in the order they started.
	Tests []TestResult
	// Traces are the traces the checks wrote (kittest), in the order of Tests.
	Traces []TestTrace
	// Build is the build's output, when there was any (compile and vet errors).
	Build []string
	// Output is what the run printed outside any test ("FAIL\t...", a crash's dump).
	Output string
	// OutputBytes is how many bytes of output text the run printed in all.
	OutputBytes int64
	// Truncated tells that some output was not kept.
	Truncated bool
	// Race tells whether the race detector was on.
	Race bool
	// Notes are remarks about the run itself ("the race detector needs cgo: checked without it").
	Notes []string
	// Command is the command line that ran the checks.
	Command []string
	// Duration is the run's wall-clock time, build included.
	Duration time.Duration
}

// TestTrace is the trace a check wrote for one test (see traceDirEnv, kittest.TraceDirEnv).
type TestTrace struct {
	// Test is the test's name ("TestExhibition/24_boards,_the_talk's_exhibition").
	Test  string
	Trace *trace.Trace
}

// Check runs ex's checks with the Runner of the working directory's repository.
func Check(ctx context.Context, ex exercises.Exercise) (*Report, error) {
	r, err := NewRunner()
	if err != nil {
		return nil, err
	}
	return r.Check(ctx, ex)
}

// Check runs ex's checks in a child process and judges the run. The error
// is for runs that could not happen at all (no go command, ctx cancelled);
// everything the learner's code does ends in the Report's Verdict.
func (r *Runner) Check(ctx context.Context, ex exercises.Exercise) (*Report, error) {
	race := !r.NoRace
	rep, err := r.check(ctx, ex, race)
	if errors.Is(err, errNoRace) {
		rep, err = r.check(ctx, ex, false)
		if rep != nil {
			rep.Notes = append(rep.Notes, "the race detector needs cgo and a C compiler (CGO_ENABLED=1, gcc): these checks ran without it")
		}
	}
	return rep, err
}

// errNoRace is check's error when the go command cannot use -race here.
var errNoRace = errors.New("the race detector cannot run here")

// args are the go command's arguments for ex's checks with the overlay.
// The -timeout is a backstop: the sentinel stops the checks at Timeout.
func (r *Runner) args(ex exercises.Exercise, race bool, overlay string) []string {
	timeout := orDefault(r.Timeout, DefaultTimeout)
	args := []string{"test", "-json", "-tags", "exercises", "-count=1", "-timeout", (timeout + backstop(timeout)).String()}
	if race {
		args = append(args, "-race")
	}
	return append(args, "-overlay", overlay, "./"+ex.Dir)
}

// backstop is how long after the sentinel's timeout go test's own fires.
func backstop(timeout time.Duration) time.Duration { return min(timeout/2, 5*time.Second) }

func (r *Runner) check(ctx context.Context, ex exercises.Exercise, race bool) (*Report, error) {
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	scratch, err := os.MkdirTemp("", "conclab-check-")
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", ex.Name, err)
	}
	var proc *child
	defer func() {
		removeAll(scratch)
		if proc != nil {
			proc.release() // after the scratch is gone: StopChecks waits for this
		}
	}()
	sb, err := newSandbox(scratch)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", ex.Name, err)
	}
	files, err := r.prepare(ctx, ex, scratch)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", ex.Name, err)
	}

	timeout := orDefault(r.Timeout, DefaultTimeout)
	args := r.args(ex, race, files.overlay)
	goCmd := r.Go
	if goCmd == "" {
		goCmd = "go"
	}
	memory := r.memoryLimit()
	sb.goEnv = goEnvOf(goCmd, r.Root)
	sb.sentinel = sentinelSettings(timeout, r.goroutineLimit())
	if memory > 0 {
		sb.memLimit = memory / 2
	}
	cmd := exec.Command(goCmd, args...)
	cmd.Dir = r.Root
	cmd.Env = childEnv(os.Environ(), sb)
	// go vet runs beside the checks: it reads the code, never runs it.
	vetCtx, stopVet := context.WithCancel(ctx)
	vetDone := make(chan vetResult, 1)
	defer func() { // before the scratch (the overlay) is removed
		stopVet()
		<-vetDone
	}()
	if r.NoVet {
		vetDone <- vetResult{}
	} else {
		go func() {
			found, err := vet(vetCtx, goCmd, r.Root, cmd.Env, vetArgs(ex, files.overlay), orDefault(r.BuildLimit, DefaultBuildLimit))
			vetDone <- vetResult{found, err}
		}()
	}
	var stderr limitedBuffer
	stderr.limit = 64 << 10
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", ex.Name, err)
	}
	isolate(cmd)
	proc = newChild(cmd)
	begin := time.Now()
	if err := proc.start(); err != nil {
		proc.end()
		if errors.Is(err, errStopped) {
			return nil, fmt.Errorf("check %s: %w", ex.Name, err)
		}
		return nil, fmt.Errorf("check %s: cannot run %s: %w (is Go installed?)", ex.Name, goCmd, err)
	}
	if r.started != nil {
		r.started(cmd.Process.Pid)
	}

	c := newCollector(orDefault(r.Keep, DefaultKeep))
	w := watchdog{
		kill:   proc.kill,
		build:  orDefault(r.BuildLimit, DefaultBuildLimit),
		run:    orDefault(r.HardLimit, timeout+DefaultGrace),
		memory: memory,
		pgid:   cmd.Process.Pid,
	}
	c.onStart = w.started
	w.start(ctx)
	readErr := c.readFrom(stdout, orDefault(r.ReadLimit, DefaultReadLimit))
	var st stop
	if errors.Is(readErr, errOutputLimit) {
		st.outputLimit = orDefault(r.ReadLimit, DefaultReadLimit)
		proc.kill()
		io.Copy(io.Discard, stdout)
	}
	waitErr := cmd.Wait()
	proc.end()
	why := w.finish()
	if why == stoppedByContext {
		return nil, ctx.Err()
	}
	if why == notStopped && st.outputLimit == 0 && proc.wasStopped() {
		return nil, fmt.Errorf("check %s: %w", ex.Name, errStopped)
	}
	switch why {
	case stoppedAtRunLimit:
		st.hardLimit = w.run
	case stoppedAtMemoryLimit:
		st.memory, st.peak = w.memory, w.peak
	case notStopped:
		if st.outputLimit == 0 {
			st.signal = signalled(waitErr) // not by conclab: by the learner's code
		}
	}
	c.finish()

	rep := &Report{
		Exercise:    ex,
		Build:       c.build,
		Output:      c.pkg.res.Output,
		OutputBytes: c.text,
		Truncated:   c.truncated,
		Race:        race,
		Notes:       files.notes,
		Command:     append([]string{goCmd}, args...),
		Duration:    time.Since(begin),
	}
	for _, t := range c.tests {
		rep.Tests = append(rep.Tests, *t)
	}
	if why == stoppedAtBuildLimit {
		rep.Verdict = Verdict{Kind: CompileError, Headline: fmt.Sprintf("the build took longer than %s and was stopped: try again (a first build with -race takes longest)", seconds(w.build))}
		return rep, nil
	}
	if !c.started && len(c.build) == 0 && len(c.tests) == 0 && st.signal == "" {
		// The go command failed before building anything: no module, bad flag, no such package.
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = strings.Join(c.loose, "\n")
		}
		if race && (strings.Contains(msg, "-race requires cgo") || strings.Contains(msg, "-race is not supported")) {
			return nil, errNoRace
		}
		if msg == "" && waitErr != nil {
			msg = waitErr.Error()
		}
		if msg != "" {
			first, _, _ := strings.Cut(msg, "\n")
			return nil, fmt.Errorf("check %s: go test did not run: %s", ex.Name, first)
		}
	}
	vr := <-vetDone
	vetDone <- vr // for the deferred wait
	rep.Duration = time.Since(begin)
	rep.Verdict = judge(judged{c: c, l: r.learner(ex, files), stop: st, timeout: timeout, kept: orDefault(r.Keep, DefaultKeep), vet: vr.found})
	if vr.err != nil && !r.NoVet && rep.Verdict.Kind != CompileError {
		rep.Notes = append(rep.Notes, "go vet -copylocks -lostcancel did not run ("+vr.err.Error()+"): a copied lock or a lost cancel would go unseen")
	}
	rep.Traces = readTraces(sb.traces, ex, rep.Tests)
	return rep, nil
}

// vetResult is what vet came to.
type vetResult struct {
	found []vetFinding
	err   error
}

// learner describes ex's code for the verdicts.
func (r *Runner) learner(ex exercises.Exercise, files runFiles) learner {
	return learner{root: r.Root, dir: ex.Dir, pkg: ex.ImportPath(), replaced: files.replaced}
}

// removeAll removes dir, making its directories writable first: the
// learner's code may have left one that is not.
func removeAll(dir string) {
	if os.RemoveAll(dir) == nil {
		return
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(path, 0o700)
		}
		return nil
	})
	os.RemoveAll(dir)
}

// readTraces reads DIR/<package>/<test>.json for every test that wrote one.
func readTraces(dir string, ex exercises.Exercise, tests []TestResult) []TestTrace {
	pkgDir := filepath.Join(dir, filepath.Base(ex.Dir))
	entries, err := os.ReadDir(pkgDir)
	if err != nil {
		return nil
	}
	order := map[string]int{}
	names := map[string]string{}
	for i, t := range tests {
		stem := strings.ReplaceAll(t.Name, "/", "-")
		order[stem], names[stem] = i, t.Name
	}
	var out []TestTrace
	for _, e := range entries {
		stem, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok {
			continue
		}
		b, err := os.ReadFile(filepath.Join(pkgDir, e.Name()))
		if err != nil {
			continue
		}
		tr, err := trace.Decode(b)
		if err != nil {
			continue
		}
		name := names[stem]
		if name == "" {
			name = stem
			order[stem] = len(tests)
		}
		out = append(out, TestTrace{Test: name, Trace: tr})
	}
	sort.SliceStable(out, func(a, b int) bool {
		return order[strings.ReplaceAll(out[a].Test, "/", "-")] < order[strings.ReplaceAll(out[b].Test, "/", "-")]
	})
	return out
}

// limitedBuffer keeps the first limit bytes written to it and drops the rest.
type limitedBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	limit int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.limit - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// orDefault is v, or def when v is 0 (or less).
func orDefault[T int | int64 | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// ColdRaceBuild reports whether the go command has yet to build Go's
// standard library with the race detector for ex's checks: the first check
// after Go is installed or its build cache emptied, which spends a minute
// or more compiling before any check runs (the cache keeps the result, so
// later checks start in seconds). It asks `go list -race -deps -test`
// which standard packages are stale; false when it cannot tell, when the
// Runner runs without -race, or when ctx ends first.
func (r *Runner) ColdRaceBuild(ctx context.Context, ex exercises.Exercise) bool {
	if r.NoRace {
		return false
	}
	goCmd := r.Go
	if goCmd == "" {
		goCmd = "go"
	}
	cmd := exec.CommandContext(ctx, goCmd, "list", "-race", "-tags", "exercises", "-deps", "-test",
		"-f", "{{if and .Standard .Stale}}{{.ImportPath}}{{end}}", "./"+ex.Dir)
	cmd.Dir = r.Root
	out, err := cmd.Output()
	return err == nil && len(bytes.TrimSpace(out)) > 0
}
