package realrun

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
)

// The environment of a child: which program it runs, its arguments (JSON)
// and where it writes a runtime/trace.
const (
	// ChildEnv names the program a re-executed conclab runs instead of its
	// usual main: "LAB/PROGRAM", a program of the lab's labs.Real.Programs
	// (see ChildRequested).
	ChildEnv  = "CONCLAB_REAL_CHILD"
	argsEnv   = "CONCLAB_REAL_ARGS"
	rtraceEnv = "CONCLAB_REAL_RUNTIME_TRACE"
	serverEnv = "CONCLAB_REAL_SERVER" // the running conclab serve to use (Options.Server)
)

// ChildRequested reports whether this process was started as the child of
// a real run, and the program it is to run. A binary that runs real
// variants in child processes (conclab's main, and the TestMain of a test
// binary whose tests do) calls it first and, when ok, exits with
// Child(program, os.Stdout, os.Stderr) instead of doing its usual work:
// that is how a real run re-executes its binary.
func ChildRequested() (program string, ok bool) { return os.LookupEnv(ChildEnv) }

// Child runs the program ("LAB/PROGRAM") as a re-executed child does,
// streaming its trace to w as JSON lines (one message per event, then its
// facts), and returns the exit status. GOMAXPROCS and GODEBUG are those
// the process was started with; the labs must be registered (import
// conclab/labs/all).
func Child(program string, w, errw io.Writer) int {
	os.Unsetenv(ChildEnv)
	prog, ok := childProgram(program)
	if !ok {
		fmt.Fprintf(errw, "conclab: unknown child program %q\n", program)
		return 2
	}
	args := json.RawMessage(os.Getenv(argsEnv))
	if !json.Valid(args) {
		fmt.Fprintf(errw, "conclab: child %s: bad %s: %q is not JSON\n", program, argsEnv, args)
		return 2
	}
	if path := os.Getenv(rtraceEnv); path != "" {
		stop, err := startRuntimeTrace(path)
		if err != nil {
			fmt.Fprintf(errw, "conclab: child %s: %v\n", program, err)
			return 1
		}
		defer stop() //nolint:errcheck // reported by the parent when the file is unreadable
	}
	s := &stream{enc: json.NewEncoder(w)}
	facts, err := prog(childEnv{args: args, rec: s, server: os.Getenv(serverEnv)})
	if err != nil {
		s.send(message{Kind: "error", Error: err.Error()})
		return 1
	}
	s.send(message{Kind: "facts", Facts: facts})
	return 0
}

// childProgram finds the program "LAB/PROGRAM" among the registered labs'.
func childProgram(name string) (labs.ChildProgram, bool) {
	lab, program, ok := strings.Cut(name, "/")
	if !ok {
		return nil, false
	}
	l, err := labs.Get(lab)
	if err != nil || l.Real == nil {
		return nil, false
	}
	p, ok := l.Real.Programs[program]
	return p, ok && p != nil
}

// childEnv is what a program gets in the child (it implements labs.ChildEnv).
type childEnv struct {
	args   json.RawMessage
	rec    *stream
	server string // the running conclab serve to use, or ""
}

func (e childEnv) Args(v any) error {
	if err := json.Unmarshal(e.args, v); err != nil {
		return fmt.Errorf("the child's arguments: %w", err)
	}
	return nil
}

func (e childEnv) Recorder() labs.Recorder { return e.rec }

func (e childEnv) Server() (labs.Server, error) {
	if e.server != "" {
		return &remote{url: e.server}, nil
	}
	return startServer()
}

// message is one line of a child's standard output.
type message struct {
	// Kind is "start" (the child's clock starts), "set", "print", "done",
	// "facts" (the last line) or "error".
	Kind   string         `json:"kind"`
	At     trace.Sec      `json:"at"`
	Task   string         `json:"task,omitempty"`
	State  trace.State    `json:"state,omitempty"`
	Worker int            `json:"worker,omitempty"`
	On     string         `json:"on,omitempty"`
	Text   string         `json:"text,omitempty"`
	Facts  map[string]any `json:"facts,omitempty"`
	Error  string         `json:"error,omitempty"`
}

// stream is a child's Recorder: every event goes to the parent at once, as
// a JSON line stamped with the child's clock (to the millisecond). The
// first event starts the clock. It is safe for concurrent use.
type stream struct {
	mu    sync.Mutex
	enc   *json.Encoder
	start time.Time
}

func (s *stream) send(m message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.start.IsZero() && m.Kind != "facts" && m.Kind != "error" {
		s.start = time.Now()
		s.enc.Encode(message{Kind: "start"}) //nolint:errcheck // a parent that stopped reading kills us soon
	}
	if !s.start.IsZero() {
		m.At = trace.Sec(time.Since(s.start).Round(time.Millisecond))
	}
	s.enc.Encode(m) //nolint:errcheck // as above
}

// Set sends a state change.
func (s *stream) Set(name string, state trace.State, worker int, on string) {
	s.send(message{Kind: "set", Task: name, State: state, Worker: worker, On: on})
}

// Printf sends a line of output.
func (s *stream) Printf(name, format string, args ...any) {
	s.send(message{Kind: "print", Task: name, Text: fmt.Sprintf(format, args...)})
}

// Done sends that a task returned.
func (s *stream) Done(name string) { s.send(message{Kind: "done", Task: name}) }

// childSpec is how to start a child: the program ("LAB/PROGRAM"),
// GOMAXPROCS (0 leaves it to the runtime: all cores), whether async
// preemption is off, and the program's arguments (sent as JSON).
type childSpec struct {
	program   string
	procs     int
	noPreempt bool
	args      any
	// exe is the binary to run: "" re-executes this one.
	exe string
	// stderr, when set, also receives the child's standard error as it comes.
	stderr io.Writer
	// okExits are exit statuses that are no failure (the race detector's 66).
	okExits []int
	// server is the running conclab serve the child uses, or "" (its own).
	server string
}

// environ is the child's environment: the parent's, without the settings
// the spec decides, with the spec's.
func (sp childSpec) environ(runtimeTrace string) ([]string, error) {
	args, err := json.Marshal(sp.args)
	if err != nil {
		return nil, err
	}
	var env []string
	godebug := ""
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GOMAXPROCS", ChildEnv, argsEnv, rtraceEnv, serverEnv:
		case "GODEBUG":
			var keep []string
			for _, s := range strings.Split(v, ",") {
				if s != "" && !strings.HasPrefix(s, "asyncpreemptoff=") {
					keep = append(keep, s)
				}
			}
			godebug = strings.Join(keep, ",")
		default:
			env = append(env, kv)
		}
	}
	if sp.noPreempt {
		godebug = strings.TrimPrefix(godebug+",asyncpreemptoff=1", ",")
	}
	if godebug != "" {
		env = append(env, "GODEBUG="+godebug)
	}
	if sp.procs > 0 {
		env = append(env, "GOMAXPROCS="+strconv.Itoa(sp.procs))
	}
	env = append(env, ChildEnv+"="+sp.program, argsEnv+"="+string(args))
	if runtimeTrace != "" {
		env = append(env, rtraceEnv+"="+runtimeTrace)
	}
	if sp.server != "" {
		env = append(env, serverEnv+"="+sp.server)
	}
	return env, nil
}

// runChild re-executes this binary as the child sp describes, replays its
// events into j.rec as they come (with the child's times) and returns the
// child's facts. Cancelling j.ctx kills the child.
func runChild(j *job, sp childSpec) (map[string]any, error) {
	exe := sp.exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("find conclab's own binary: %w", err)
		}
	}
	cmd := exec.CommandContext(j.ctx, exe)
	var err error
	if cmd.Env, err = sp.environ(j.runtimeTrace); err != nil {
		return nil, err
	}
	var stderr tail
	cmd.Stderr = &stderr
	if sp.stderr != nil {
		cmd.Stderr = io.MultiWriter(&stderr, sp.stderr)
	}
	cmd.WaitDelay = time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the child: %w", err)
	}
	facts, childErr, rerr := replay(out, j)
	if rerr != nil {
		io.Copy(io.Discard, out) //nolint:errcheck // drain, so the child can exit
	}
	werr := cmd.Wait()
	if xerr := (*exec.ExitError)(nil); errors.As(werr, &xerr) && slices.Contains(sp.okExits, xerr.ExitCode()) {
		werr = nil
	}
	switch {
	case j.ctx.Err() != nil:
		return facts, j.ctx.Err()
	case childErr != "":
		return nil, errors.New(childErr)
	case werr != nil:
		return nil, fmt.Errorf("child %s: %w: %s", sp.program, werr, stderr.String())
	case rerr != nil:
		return nil, fmt.Errorf("child %s: %w", sp.program, rerr)
	case facts == nil:
		return nil, fmt.Errorf("child %s ended without its facts", sp.program)
	}
	return facts, nil
}

// replay reads a child's messages and records them.
func replay(r io.Reader, j *job) (facts map[string]any, childErr string, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for sc.Scan() {
		var m message
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, "", fmt.Errorf("read its trace: %w", err)
		}
		at := time.Duration(m.At)
		switch m.Kind {
		case "start":
			j.clock.restart()
		case "set":
			j.clock.replay(at, func() { j.rec.Set(m.Task, m.State, m.Worker, m.On) })
		case "print":
			j.clock.replay(at, func() { j.rec.Printf(m.Task, "%s", m.Text) })
		case "done":
			j.clock.replay(at, func() { j.rec.Done(m.Task) })
		case "facts":
			facts = wholeNumbers(m.Facts)
		case "error":
			childErr = m.Error
		default:
			return nil, "", fmt.Errorf("read its trace: unknown message %q", m.Kind)
		}
	}
	return facts, childErr, sc.Err()
}

// wholeNumbers turns the facts' whole numbers, which JSON decodes as
// float64, back into ints (gomaxprocs: 1, not 1.0).
func wholeNumbers(facts map[string]any) map[string]any {
	for k, v := range facts {
		if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			facts[k] = int(f)
		}
	}
	return facts
}

// tail keeps the last 2 KB written to it: a child's last words.
type tail struct{ b bytes.Buffer }

func (t *tail) Write(p []byte) (int, error) {
	t.b.Write(p)
	if n := t.b.Len(); n > 2048 {
		t.b.Next(n - 2048)
	}
	return len(p), nil
}

func (t *tail) String() string { return strings.Join(strings.Fields(t.b.String()), " ") }
