package labs

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"

	"conclab/labs/trace"
)

// Real is what a lab runs for real: versions of its program with real
// goroutines on the wall clock (real HTTP over loopback, a child process
// with its own GOMAXPROCS, a build with the race detector), each beside the
// virtual variant that predicts it. The lab writes them, in its own
// package, with what a RealEnv gives; internal/realrun runs them
// (conclab run LAB --real, and R in the TUI).
type Real struct {
	// How says in a few words what runs for real, for the command line's
	// report ("real goroutines, real HTTP over loopback, the wall clock").
	How string
	// OneAtATime asks front ends never to run two of the variants at the
	// same time: CPU-bound runs that, side by side on a few cores, would
	// measure each other.
	OneAtATime bool
	// Variants are the real variants, in the order they are listed.
	Variants []RealVariant
	// Programs are what the variants run in a child process (RealEnv.Child), by name.
	Programs map[string]ChildProgram
}

// RealVariant is one real version of a lab's program.
type RealVariant struct {
	// Name is the variant's name on the command line ("goroutines").
	Name string
	// Summary is one line: what runs, and what to look for.
	Summary string
	// Source is the Go code that runs, shown to the learner (see FuncSource).
	Source string
	// Predicted names the lab's virtual variant whose run with the same
	// values predicts this one.
	Predicted string
	// Predict, when set, makes the prediction instead of Predicted's run
	// (Predicted may then be empty).
	Predict func(Values) (Result, error)
	// Workers is the Workers of the recorded trace: 1 when the run has one
	// thread and every running span is on it, 0 when the runtime does not
	// say which thread ran a goroutine.
	Workers int
	// Check refuses values (valid for the lab) that a real run cannot take
	// — too many items, too long a wait —, in one line naming the parameter
	// and what a real run allows; nil accepts every valid value.
	Check func(Values) error
	// InChild is true when Run runs the program in a child process
	// (RealEnv.Child): a runtime/trace of the run is then the child's.
	InChild bool
	// Run runs the variant. It records into env.Recorder() as it goes (a
	// front end shows the trace so far while it runs) and returns the
	// result: its facts, and the trace (nil: the Recorder's). It stops soon
	// after env.Context() is done.
	Run func(env RealEnv) (Result, error)
}

// RealEnv is what a real variant's Run gets from the runner
// (internal/realrun implements it).
type RealEnv interface {
	// Context is done when the run is cancelled.
	Context() context.Context
	// Values are the parameter values to run with (valid, and accepted by Check).
	Values() Values
	// Recorder records the run's trace, timed on the run's clock: the
	// wall clock since the run began, to the millisecond.
	Recorder() *trace.Recorder
	// StartClock sets the run's clock back to 0, when the set-up (a
	// server, connections) is done and what is measured begins.
	StartClock()
	// Server starts a slow server (conclab serve's, on a free loopback
	// port) for this run; Run closes it (the runner does, if Run does not).
	// When the run was given a running conclab serve (conclab run --real
	// --server), it is that one, which Close leaves running.
	Server() (Server, error)
	// Child runs one of the lab's Programs in a child process and records
	// its events as they come, with the child's own times; cancelling the
	// run kills the child. The result holds what the child returned, and
	// what the race detector reported when spec.Race is set; a run that
	// failed returns an error and what it could (a crash the race
	// detector saw is in the result too).
	Child(spec ChildSpec) (ChildResult, error)
}

// Recorder is what a program records a real run to: a *trace.Recorder,
// or, in a child process, the stream of its events to the parent. It is
// safe for concurrent use.
type Recorder interface {
	// Set records that task name entered state on worker (or trace.NoWorker);
	// on says what a waiting task waits for ("io", "timer", "chan result").
	Set(name string, state trace.State, worker int, on string)
	// Printf records a line of output of task name ("" for a note of no task).
	Printf(name, format string, args ...any)
	// Done records that task name returned.
	Done(name string)
}

// Server is a running slow server: it answers /flags/<cc>.gif and
// /sites/<n> after the delay and with the status each request asks for
// (?delay=1.5s&status=418). It is safe for concurrent use.
type Server interface {
	// URL is the server's address, e.g. http://127.0.0.1:43121.
	URL() string
	// Warm prepares the answer to path before the run is measured (a
	// flag's picture is drawn once, then kept).
	Warm(path string)
	// ResetStats sets the counts back to zero.
	ResetStats()
	// Stats are the counts since the start (or ResetStats).
	Stats() ServerStats
	// Close stops the server, waiting for the requests in flight until ctx is done.
	Close(ctx context.Context) error
}

// ServerStats are a Server's counts.
type ServerStats struct {
	// Requests is how many requests reached the server.
	Requests int64
	// InFlight is how many it is serving now; MaxInFlight the most it served at the same time.
	InFlight, MaxInFlight int64
}

// ChildSpec says how to run a program in a child process.
type ChildSpec struct {
	// Program is the name of the program in the lab's Real.Programs.
	Program string
	// Args are the program's arguments, sent as JSON (ChildEnv.Args decodes them).
	Args any
	// Procs is the child's GOMAXPROCS; 0 leaves it to the runtime (every core).
	Procs int
	// NoPreempt turns asynchronous preemption off (GODEBUG=asyncpreemptoff=1).
	NoPreempt bool
	// Race runs a build with the race detector (it needs the repository,
	// the go command and cgo): a report it writes becomes notes in the
	// trace as it comes, and ChildResult.Races.
	Race bool
}

// ChildResult is what a child process gave back.
type ChildResult struct {
	// Facts are the facts the program returned (whole numbers as int).
	Facts map[string]any
	// Races is what the race detector reported (ChildSpec.Race only).
	Races RaceReport
}

// RaceReport is what the race detector said in a child.
type RaceReport struct {
	// Count is how many DATA RACE reports it wrote.
	Count int
	// First are the first report's two accesses.
	First []RaceAccess
	// Crashed is the fatal error that stopped the child, when one did
	// ("fatal error: concurrent map writes").
	Crashed string
}

// RaceAccess is one of the two accesses of a DATA RACE report.
type RaceAccess struct {
	// What is the access and its goroutine: "read by goroutine 15",
	// "previous write by goroutine 13".
	What string
	// File and Line are where, in the innermost frame in conclab's own code
	// (File relative to the repository root); Func is that frame's function
	// ("checker.CheckRacy.func1"). All empty when no frame is conclab's.
	File string
	Line int
	Func string
}

// String is the access in one line: "read by goroutine 15 at
// labs/checker/real.go:25 (checker.CheckRacy.func1)".
func (a RaceAccess) String() string {
	if a.File == "" {
		return a.What
	}
	return fmt.Sprintf("%s at %s:%d (%s)", a.What, a.File, a.Line, a.Func)
}

// Short is the access with its place first and short, for a narrow lane:
// "real.go:25: read by goroutine 15".
func (a RaceAccess) Short() string {
	if a.File == "" {
		return a.What
	}
	return fmt.Sprintf("%s:%d: %s", filepath.Base(a.File), a.Line, a.What)
}

// ChildEnv is what a program gets in its child process.
type ChildEnv interface {
	// Args decodes the ChildSpec's Args into v (a pointer).
	Args(v any) error
	// Recorder streams the program's events to the parent as they happen;
	// the first one starts the child's clock.
	Recorder() Recorder
	// Server starts a slow server in the child, on a free loopback port.
	Server() (Server, error)
}

// ChildProgram is a program a real variant runs in a child process: it
// records into env.Recorder() and returns its facts. GOMAXPROCS and GODEBUG
// are those of the ChildSpec.
type ChildProgram func(env ChildEnv) (map[string]any, error)

// RealVariant returns the real variant called name; ok is false when the
// lab has none by that name.
func (l *Lab) RealVariant(name string) (v *RealVariant, ok bool) {
	if l.Real == nil {
		return nil, false
	}
	for i := range l.Real.Variants {
		if l.Real.Variants[i].Name == name {
			return &l.Real.Variants[i], true
		}
	}
	return nil, false
}

// validate checks the real variants: each named once, with a summary, its
// source, a Run and a prediction.
func (r *Real) validate(l *Lab) error {
	if r.How == "" || len(r.Variants) == 0 {
		return fmt.Errorf("labs: lab %q: Real needs How and variants", l.Name)
	}
	var names []string
	for _, v := range r.Variants {
		switch {
		case v.Name == "" || slices.Contains(names, v.Name):
			return fmt.Errorf("labs: lab %q: real variant %q has no name or is named twice", l.Name, v.Name)
		case v.Summary == "" || v.Source == "" || v.Run == nil:
			return fmt.Errorf("labs: lab %q: real variant %q needs a Summary, a Source and a Run", l.Name, v.Name)
		case v.Predict == nil && v.Predicted == "":
			return fmt.Errorf("labs: lab %q: real variant %q needs Predicted (or Predict)", l.Name, v.Name)
		}
		if v.Predict == nil {
			if _, err := l.Variant(v.Predicted); err != nil {
				return fmt.Errorf("labs: real variant %q is predicted by %w", v.Name, err)
			}
		}
		names = append(names, v.Name)
	}
	for name, p := range r.Programs {
		if p == nil {
			return fmt.Errorf("labs: lab %q: child program %q is nil", l.Name, name)
		}
	}
	return nil
}
