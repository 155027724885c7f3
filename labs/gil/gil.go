// Package gil is the GIL lab: does a second thread make it faster? Four jobs
// of 1 s each, on a machine with four cores. One thread takes 4 s. Four
// CPython threads take 4 s again when the jobs compute, since only the
// thread that holds the global interpreter lock (GIL) runs Python code, but
// 1 s when they wait in blocking I/O, which releases the GIL. A pool of
// processes (each with its own GIL) takes 1 s plus a process's start;
// free-threaded CPython (3.13t, PEP 703) and goroutines take 1 s.
//
// The convoy experiment is David Beazley's (bpo-7946): a thread making many
// short blocking reads beside one CPU-bound thread. Each read releases the
// GIL, and when it is done the reader waits a whole switch interval
// (sys.getswitchinterval(), 5 ms) before it may ask for the GIL back: 100
// reads of 1 ms take 600 ms instead of 100 ms. Goroutines do not wait.
//
// The thread variants run on labs/sched's GIL model, which follows CPython's
// take_gil and drop_gil (Python/ceval_gil.c); processes, free-threaded
// threads and goroutines run on its GoRuntime model with one worker per
// core (a process is a worker that first spends Spawn starting).
package gil

import (
	"cmp"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

//go:embed variants.go
var variantsSource string

//go:embed walkthrough.md
var walkthrough string

// Bounds on the scheduling work of a run: more would make it too slow to
// show (and its trace too large).
const (
	// MaxWaits bounds the timed waits for the GIL of CPU-bound threads
	// (jobs x jobs x work / interval: each waiting thread's wait ends every
	// interval).
	MaxWaits = 1_000_000
	// MaxSlices bounds the time slices of more CPU-bound jobs than cores
	// without a GIL (jobs x work / 10 ms).
	MaxSlices = 500_000
)

// slice is the time slice of the goroutine and free-threaded variants:
// labs/sched's GoRuntime default (Go's sysmon preempts a goroutine that has
// run 10 ms; the model uses the same slice for the OS's threads).
const slice = 10 * time.Millisecond

func init() { labs.Register(Lab()) }

// Lab returns the GIL lab.
func Lab() *labs.Lab {
	return &labs.Lab{
		Name:    "gil",
		Title:   "Threads, processes and the GIL",
		Summary: "Four 1 s jobs on four cores: CPython threads take 4 s of CPU work but 1 s of I/O; processes 1.1 s; no GIL, 1 s",
		Order:   80,
		Params: []labs.Param{
			{Name: "jobs", Kind: labs.Int, Default: "4", Min: "1", Max: "64", Help: "how many jobs (one thread, process or goroutine each)"},
			{Name: "work", Kind: labs.Duration, Default: "1s", Min: "1ms", Max: "1h", Help: "how long each job takes alone"},
			{Name: "kind", Kind: labs.Text, Default: string(CPU), Validate: validKind, Allowed: "cpu or io",
				Help: "cpu (the job computes in Python code and needs the GIL) or io (a blocking call, which releases it)"},
			{Name: "cores", Kind: labs.Int, Default: "4", Min: "1", Max: "64", Help: "the machine's cores: GOMAXPROCS, the processes in the pool"},
			{Name: "interval", Kind: labs.Duration, Default: "5ms", Min: "100us", Max: "1s",
				Help: "CPython's switch interval, sys.getswitchinterval(): how long a thread waits for the GIL before it asks for it"},
			{Name: "spawn", Kind: labs.Duration, Default: "100ms", Min: "0s", Max: "1m", Help: "how long a process takes to start (an interpreter, the imports)"},
			{Name: "reads", Kind: labs.Int, Default: "100", Min: "1", Max: "100000", Help: "convoy: how many blocking reads the I/O thread makes"},
			{Name: "read", Kind: labs.Duration, Default: "1ms", Min: "100us", Max: "1m", Help: "convoy: how long each read waits"},
		},
		Check: check,
		Variants: []labs.Variant{
			{Name: "sequential", Summary: "one thread does the jobs one after another",
				Source: source("Sequential", "Job"), Run: run(sched.GIL, Sequential)},
			{Name: "threads", Summary: "a thread per job under CPython's GIL: CPU work takes turns on one core, blocking I/O overlaps",
				Source: source("Threads", "Job"), Run: run(sched.GIL, Threads)},
			{Name: "processes", Summary: "a pool of one process per core, each with its own GIL: each starts (spawn), then they work in parallel",
				Source: source("Processes", "Job"), Run: run(sched.GoRuntime, Processes)},
			{Name: "free-threaded", Summary: "the same threads on free-threaded CPython (python3.13t, PEP 703): no GIL, all the cores",
				Source: source("Threads", "Job"), Run: run(sched.GoRuntime, Threads)},
			{Name: "goroutines", Summary: "a goroutine per job on GOMAXPROCS = cores threads: Go has no GIL",
				Source: source("Goroutines", "Job"), Run: run(sched.GoRuntime, Goroutines)},
			{Name: "convoy", Summary: "reads beside a CPU-bound thread under the GIL: after each read the reader waits the switch interval",
				Source: source("ConvoyThreads"), Run: runConvoy(sched.GIL), Work: "convoy"},
			{Name: "convoy-go", Summary: "the same reads beside a CPU-bound goroutine: a free core takes each read's goroutine at once",
				Source: source("ConvoyThreads"), Run: runConvoy(sched.GoRuntime), Work: "convoy"},
		},
		Default: []string{"sequential", "threads", "processes", "free-threaded", "goroutines"},
		Steps:   labs.ParseSteps(walkthrough),
		Real:    realRuns(),
	}
}

// source joins the source of the named functions of variants.go.
func source(names ...string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = labs.FuncSource(variantsSource, n)
	}
	return strings.Join(parts, "\n\n")
}

func validKind(s string) error {
	if k := Kind(strings.TrimSpace(s)); k != CPU && k != IO {
		return fmt.Errorf("want %s or %s", CPU, IO)
	}
	return nil
}

// WorkOf reads the jobs' numbers from validated parameters.
func WorkOf(v labs.Values) Work {
	return Work{Jobs: v.Int("jobs"), Work: v.Duration("work"), Kind: Kind(v.Text("kind")),
		Cores: v.Int("cores"), Spawn: v.Duration("spawn")}
}

// ConvoyOf reads the convoy's numbers from validated parameters.
func ConvoyOf(v labs.Values) Convoy {
	return Convoy{Reads: v.Int("reads"), Read: v.Duration("read"), Work: v.Duration("work")}
}

// check refuses runs too large to simulate quickly: CPU-bound threads under
// the GIL (each waiting thread's timed wait ends every interval) and more
// jobs than cores without a GIL (a time slice every 10 ms).
func check(v labs.Values) error {
	w, interval := WorkOf(v), v.Duration("interval")
	if w.Kind == CPU {
		if n := int64(w.Jobs) * int64(w.Jobs) * int64(w.Work/interval); n > MaxWaits {
			return fmt.Errorf("jobs x jobs x work / interval = %d timed waits for the GIL is too many to simulate (at most %d)", n, MaxWaits)
		}
		if n := int64(w.Jobs) * int64(w.Work/slice); w.Jobs > w.Cores && n > MaxSlices {
			return fmt.Errorf("jobs x work / %s = %d time slices is too many to simulate (at most %d)", slice, n, MaxSlices)
		}
	}
	return nil
}

// config is the scheduler for a model: the GIL with the lab's switch
// interval, or the Go runtime with one worker per core.
func config(model sched.Model, v labs.Values) sched.Config {
	if model == sched.GIL {
		return sched.Config{Model: sched.GIL, Quantum: v.Duration("interval")}
	}
	return sched.Config{Model: model, Workers: v.Int("cores"), Quantum: slice}
}

// run simulates body as the task "main" and reads the facts off the trace.
func run(model sched.Model, body func(*sched.Task, Work)) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		w := WorkOf(v)
		sim := sched.New(config(model, v))
		sim.Go("main", func(t *sched.Task) { body(t, w) })
		tr, err := sim.Run()
		if err != nil {
			return labs.Result{}, err
		}
		facts := map[string]any{"at_once": AtOnce(tr)}
		if model == sched.GIL {
			facts["drop_requests"] = DropRequests(tr)
		}
		return labs.Result{Trace: tr, Facts: facts}, nil
	}
}

// runConvoy simulates ConvoyThreads under model, and once more without the
// CPU-bound work for the reads alone.
func runConvoy(model sched.Model) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		c := ConvoyOf(v)
		convoy := func(c Convoy) (*trace.Trace, error) {
			sim := sched.New(config(model, v))
			sim.Go("main", func(t *sched.Task) { ConvoyThreads(t, c) })
			return sim.Run()
		}
		tr, err := convoy(c)
		if err != nil {
			return labs.Result{}, err
		}
		alone := c
		alone.Work = 0
		atr, err := convoy(alone)
		if err != nil {
			return labs.Result{}, err
		}
		facts := map[string]any{
			"io_seconds":       Finished(tr, "io").Seconds(),
			"io_alone_seconds": Finished(atr, "io").Seconds(),
			"io_ready_seconds": InState(tr, "io", trace.Ready).Seconds(),
			"cpu_seconds":      Finished(tr, "cpu").Seconds(),
		}
		if model == sched.GIL {
			facts["drop_requests"] = DropRequests(tr)
		}
		return labs.Result{Trace: tr, Facts: facts}, nil
	}
}

// AtOnce is the most tasks busy at the same instant: running on a core, or
// in a blocking call (a task waiting to join others is not busy).
func AtOnce(tr *trace.Trace) int {
	type edge struct {
		at    time.Duration
		delta int
	}
	var edges []edge
	for _, task := range tr.Tasks {
		for _, sp := range task.Spans {
			if sp.State == trace.Running || sp.State == trace.Blocked || sp.On == trace.OnIO {
				edges = append(edges, edge{sp.Start, 1}, edge{sp.End, -1})
			}
		}
	}
	// Ends before starts at the same instant: a span that ends where
	// another starts does not overlap it.
	slices.SortFunc(edges, func(a, b edge) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.delta, b.delta))
	})
	most, now := 0, 0
	for _, e := range edges {
		now += e.delta
		most = max(most, now)
	}
	return most
}

// DropRequests counts the times a thread asked the GIL's holder to drop it
// and the holder did (the trace's preempt events).
func DropRequests(tr *trace.Trace) int {
	n := 0
	for _, ev := range tr.Events.All() {
		if ev.Kind == trace.EventPreempt {
			n++
		}
	}
	return n
}

// Finished is when the task called name returned (the end of its last span).
func Finished(tr *trace.Trace, name string) time.Duration {
	spans := tr.Task(name).Spans
	if len(spans) == 0 {
		return 0
	}
	return spans[len(spans)-1].End
}

// InState is how long the task called name spent in state.
func InState(tr *trace.Trace, name string, state trace.State) time.Duration {
	var d time.Duration
	for _, sp := range tr.Task(name).Spans {
		if sp.State == state {
			d += sp.Duration()
		}
	}
	return d
}
