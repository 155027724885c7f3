package gil

import (
	_ "embed"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/spinner/realspin"
	"conclab/labs/trace"
)

//go:embed real.go
var realSource string

// MaxRealWork bounds a real run: jobs x work, the CPU time it does in all.
const MaxRealWork = 30 * time.Second

// Facts of a real run.
const (
	// FactGOMAXPROCS is the child's GOMAXPROCS: the threads that ran Go code at once.
	FactGOMAXPROCS = "gomaxprocs"
	// FactCores is runtime.NumCPU(): the cores of the machine that ran it.
	FactCores = "cores"
	// FactRounds is how many rounds of hashing one job's work took here.
	FactRounds = "rounds_per_job"
)

// realRuns are the goroutines variant in real Go: the same CPU-bound (or
// blocking) jobs on one thread and on as many as the machine has cores
// (GOMAXPROCS is fixed when a Go program starts: each runs in a child
// process of its own), one after the other, since side by side they would
// take each other's cores.
func realRuns() *labs.Real {
	src := labs.FuncSource(realSource, "GoroutinesForReal") + "\n\n" + realspin.Source("Hash")
	return &labs.Real{
		How:        "real goroutines doing real CPU work (SHA-256), in a child process with its GOMAXPROCS, the wall clock",
		OneAtATime: true,
		Variants: []labs.RealVariant{
			{Name: "goroutines-one-core", Predicted: "goroutines", Predict: predictOn(func(labs.Values) int { return 1 }),
				InChild: true, Check: realCheck,
				Summary: "GOMAXPROCS=1: the goroutines take turns on one thread (about every 10 ms), as threads under the GIL do",
				Source:  "// run with GOMAXPROCS=1\n\n" + src, Run: realRun(func(labs.Values) int { return 1 })},
			{Name: "goroutines", Predicted: "goroutines", Predict: predictOn(realProcs),
				InChild: true, Check: realCheck,
				Summary: "GOMAXPROCS = cores (at most the machine's): no GIL, the goroutines compute at the same time",
				Source:  "// run with GOMAXPROCS = min(cores, the machine's cores)\n\n" + src, Run: realRun(realProcs)},
		},
		Programs: map[string]labs.ChildProgram{"goroutines": goroutinesChild},
	}
}

// realProcs is the GOMAXPROCS of the all-cores run: the cores parameter,
// but no more than the machine has (more threads than cores compute no
// faster, and the prediction would promise what the machine cannot give).
func realProcs(v labs.Values) int { return min(v.Int("cores"), runtime.NumCPU()) }

// realCheck refuses a real run too long to sit through.
func realCheck(v labs.Values) error {
	w := WorkOf(v)
	if d := time.Duration(w.Jobs) * w.Work; d > MaxRealWork {
		return fmt.Errorf("jobs x work = %v is too long for a real run (allowed: up to %v)", d, MaxRealWork)
	}
	return nil
}

// GoroutinesForReal is the goroutines variant in real Go: a goroutine per
// job, main waiting for all of them. A CPU job hashes for the job's work
// (rounds rounds of SHA-256, timed on one core before the run); an I/O
// job waits in a blocking call for it (time.Sleep parks the goroutine, as
// a read from a socket does).
func GoroutinesForReal(rec labs.Recorder, w Work, rounds int) {
	var wg sync.WaitGroup
	for n := 1; n <= w.Jobs; n++ {
		name := fmt.Sprintf("goroutine %d", n)
		wg.Go(func() {
			defer rec.Done(name)
			if w.Kind == CPU {
				rec.Set(name, trace.Running, trace.NoWorker, "")
				realspin.Hash(rounds)
			} else {
				rec.Set(name, trace.Waiting, trace.NoWorker, "io")
				time.Sleep(w.Work)
			}
			rec.Printf(name, "job %d done", n)
		})
	}
	wg.Wait()
}

// childArgs are what the child gets.
type childArgs struct {
	Work Work `json:"work"`
}

// realRun runs GoroutinesForReal in a child with GOMAXPROCS = procs(values).
func realRun(procs func(labs.Values) int) func(env labs.RealEnv) (labs.Result, error) {
	return func(env labs.RealEnv) (labs.Result, error) {
		v := env.Values()
		child, err := env.Child(labs.ChildSpec{Program: "goroutines", Procs: procs(v), Args: childArgs{Work: WorkOf(v)}})
		return labs.Result{Trace: env.Recorder().Trace(), Facts: child.Facts}, err
	}
}

// goroutinesChild is the child's side: it times the hashing on one core
// first (before the clock starts), then runs the jobs.
func goroutinesChild(env labs.ChildEnv) (map[string]any, error) {
	var a childArgs
	if err := env.Args(&a); err != nil {
		return nil, err
	}
	w := a.Work
	rounds := 0
	if w.Kind == CPU {
		rounds = realspin.CalibrateHash(w.Work)
	}
	procs := runtime.GOMAXPROCS(0)
	rec := env.Recorder()
	rec.Set("main", trace.Running, trace.NoWorker, "")
	if w.Kind == CPU && procs < w.Jobs {
		// Nothing records when the runtime switches goroutines: say so.
		rec.Printf("main", "%d goroutines take turns on %d thread(s), about every 10 ms; each row spans a job's start to its end", w.Jobs, procs)
	}
	rec.Set("main", trace.Waiting, trace.NoWorker, "join") // wg.Wait
	start := time.Now()
	GoroutinesForReal(rec, w, rounds)
	took := time.Since(start)
	rec.Done("main")
	return map[string]any{FactGOMAXPROCS: procs, FactCores: runtime.NumCPU(), FactRounds: rounds,
		"jobs_seconds": millis(took)}, nil
}

// predictOn predicts a real run: the goroutines variant simulated on
// procs(values) workers, the Go runtime's model.
func predictOn(procs func(labs.Values) int) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		n := procs(v)
		w := WorkOf(v)
		sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: n, Quantum: slice})
		sim.Go("main", func(t *sched.Task) { Goroutines(t, w) })
		tr, err := sim.Run()
		if err != nil {
			return labs.Result{}, err
		}
		return labs.Result{Trace: tr, Facts: map[string]any{"at_once": AtOnce(tr), FactGOMAXPROCS: n}}, nil
	}
}

// millis is d in seconds, rounded to the millisecond.
func millis(d time.Duration) float64 {
	f, _ := strconv.ParseFloat(trace.Seconds(d.Round(time.Millisecond)), 64)
	return f
}
