package spinner

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/spinner/realspin"
	"conclab/labs/trace"
)

// MaxRealWait is the longest wait a real spinner or parallel run takes.
const MaxRealWait = 30 * time.Second

// Facts of a real spinner run besides frames and answer_at_seconds.
const (
	// FactFramesPerSecond counts the frames drawn in each second of the run.
	FactFramesPerSecond = "frames_per_second"
	// FactLongestGap is the longest time without a new frame, from the start to the answer, in seconds.
	FactLongestGap = "longest_gap_seconds"
)

// Facts of the parallel run.
const (
	// FactCores is runtime.NumCPU(): the GOMAXPROCS of the second phase.
	FactCores = "cores"
	// FactOneCore and FactAllCores are the two phases' times, in seconds.
	FactOneCore  = "one_core_seconds"
	FactAllCores = "all_cores_seconds"
	// FactSpeedup is FactOneCore / FactAllCores (two decimals).
	FactSpeedup = "speedup"
)

// realRuns are the spinner and the parallel hashing as real Go programs,
// each in a child process with the GOMAXPROCS and GODEBUG it is about
// (they are fixed when a Go program starts). They run one at a time: side
// by side, CPU-bound children would measure each other.
func realRuns() *labs.Real {
	src := realspin.Source("Spinner", "SlowCPU", "Spin")
	return &labs.Real{
		How:        "a real spinner goroutine beside real CPU work, in a child process, the wall clock",
		OneAtATime: true,
		Variants: []labs.RealVariant{
			{Name: "goroutine-cpu", Predicted: "goroutine-cpu", Workers: 1, InChild: true, Check: shortWait,
				Summary: "GOMAXPROCS=1: asynchronous preemption takes the thread from the CPU loop after it has run 10ms or more, the spinner spins",
				Source:  "// run with GOMAXPROCS=1\n\n" + src, Run: spinnerRun(1, false)},
			{Name: "no-preempt", Predicted: "loop-cpu", Workers: 1, InChild: true, Check: shortWait,
				Summary: "GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1: nothing can stop the CPU loop, the spinner freezes",
				Source:  "// run with GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1\n\n" + src, Run: spinnerRun(1, true)},
			{Name: "no-preempt-all-cores", Predicted: "goroutine-cpu", InChild: true, Check: shortWait,
				Summary: "asyncpreemptoff=1 on every core: the CPU loop keeps one thread, the spinner runs on another",
				Source:  "// run with GODEBUG=asyncpreemptoff=1 (GOMAXPROCS = the number of cores)\n\n" + src, Run: spinnerRun(0, true)},
			{Name: "parallel", InChild: true, Check: fewChunks, Predict: predictParallel,
				Summary: "the slow task's CPU work as wait/chunk chunks of hashing: GOMAXPROCS=1, then all cores; the speedup is parallelism",
				Source:  realspin.Source("Parallel", "Hash"), Run: parallelRun},
		},
		Programs: map[string]labs.ChildProgram{"spinner": spinnerChild, "parallel": parallelChild},
	}
}

// childArgs are the numbers a child program gets.
type childArgs struct {
	Wait  time.Duration `json:"wait"`
	Frame time.Duration `json:"frame,omitempty"`
	Chunk time.Duration `json:"chunk,omitempty"`
}

// spinnerChild is the child's side of a real spinner run.
func spinnerChild(env labs.ChildEnv) (map[string]any, error) {
	var a childArgs
	if err := env.Args(&a); err != nil {
		return nil, err
	}
	iterations := realspin.CalibrateCPU(a.Wait)
	realspin.Spinner(env.Recorder(), Label, a.Frame, iterations, procsWorker())
	return map[string]any{"gomaxprocs": runtime.GOMAXPROCS(0), "async_preemption": !asyncPreemptOff(os.Getenv("GODEBUG")),
		"iterations": iterations}, nil
}

// procsWorker is the worker a running span is on: 0 when there is one
// thread for Go code, NoWorker when the runtime does not say which.
func procsWorker() int {
	if runtime.GOMAXPROCS(0) == 1 {
		return 0
	}
	return trace.NoWorker
}

// asyncPreemptOff reports whether a GODEBUG value turns async preemption off
// (the last asyncpreemptoff setting wins).
func asyncPreemptOff(godebug string) bool {
	off := false
	for _, s := range strings.Split(godebug, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(s), "asyncpreemptoff="); ok {
			off = v == "1"
		}
	}
	return off
}

// spinnerRun runs the real spinner in a child with procs threads (0: all
// cores) and async preemption on or off.
func spinnerRun(procs int, noPreempt bool) func(env labs.RealEnv) (labs.Result, error) {
	return func(env labs.RealEnv) (labs.Result, error) {
		s := SetupOf(env.Values())
		child, err := env.Child(labs.ChildSpec{Program: "spinner", Procs: procs, NoPreempt: noPreempt,
			Args: childArgs{Wait: s.Wait, Frame: s.Frame}})
		tr := env.Recorder().Trace()
		return labs.Result{Trace: tr, Facts: realSpinnerFacts(tr, child.Facts)}, err
	}
}

// realSpinnerFacts reads the frames off a real spinner's trace and adds the
// child's own facts (gomaxprocs, async_preemption, iterations).
func realSpinnerFacts(tr *trace.Trace, child map[string]any) map[string]any {
	var frames []time.Duration
	answerAt := time.Duration(-1)
	for _, l := range tr.Output {
		switch {
		case l.Task == "spinner" && strings.TrimSpace(l.Text) != "":
			frames = append(frames, l.At)
		case strings.HasPrefix(l.Text, "Answer:"):
			answerAt = l.At
		}
	}
	end := tr.Total
	if answerAt >= 0 {
		end = answerAt
	}
	perSecond := make([]int, int(math.Ceil(end.Seconds())))
	gap, last := time.Duration(0), time.Duration(0)
	for _, at := range frames {
		if i := int(at / time.Second); i < len(perSecond) {
			perSecond[i]++
		}
		gap, last = max(gap, at-last), at
	}
	gap = max(gap, end-last)
	facts := map[string]any{"frames": len(frames), "answer_at_seconds": seconds(answerAt.Round(time.Millisecond)),
		FactFramesPerSecond: perSecond, FactLongestGap: seconds(gap.Round(time.Millisecond))}
	if answerAt < 0 {
		facts["answer_at_seconds"] = -1.0
	}
	for k, v := range child {
		facts[k] = v
	}
	return facts
}

// seconds is d in seconds as the float64 nearest to its exact decimal
// (1.777, not 1.7770000000000001 as d.Seconds() may give).
func seconds(d time.Duration) float64 {
	f, _ := strconv.ParseFloat(trace.Seconds(d), 64)
	return f
}

// millis is d in seconds, rounded to the millisecond.
func millis(d time.Duration) float64 { return seconds(d.Round(time.Millisecond)) }

// shortWait refuses a wait a learner would not sit through.
func shortWait(v labs.Values) error {
	if w := v.Duration("wait"); w > MaxRealWait {
		return fmt.Errorf("wait = %s is too long for a real run (allowed: 1ms..%s)", w, MaxRealWait)
	}
	return nil
}

// fewChunks refuses a parallel run of more than 1000 chunks (and a long wait).
func fewChunks(v labs.Values) error {
	if err := shortWait(v); err != nil {
		return err
	}
	s := SetupOf(v)
	if n := s.Wait / s.Chunk; n > 1000 || n < 1 {
		return fmt.Errorf("wait / chunk = %d chunks for the parallel run (allowed: 1..1000)", n)
	}
	return nil
}

// phaseName names a phase by its GOMAXPROCS: "1 core:", "2 cores:".
func phaseName(procs int) string {
	if procs == 1 {
		return "1 core:"
	}
	return fmt.Sprintf("%d cores:", procs)
}

// parallelRun runs the hashing in a child, on one core then on all of them.
func parallelRun(env labs.RealEnv) (labs.Result, error) {
	s := SetupOf(env.Values())
	child, err := env.Child(labs.ChildSpec{Program: "parallel", Args: childArgs{Wait: s.Wait, Chunk: s.Chunk}})
	return labs.Result{Trace: env.Recorder().Trace(), Facts: child.Facts}, err
}

// parallelChild is the child's side of the parallel run: the same hashing
// with GOMAXPROCS=1, then with GOMAXPROCS=NumCPU (this process does nothing
// else, so changing GOMAXPROCS affects no one).
func parallelChild(env labs.ChildEnv) (map[string]any, error) {
	var a childArgs
	if err := env.Args(&a); err != nil {
		return nil, err
	}
	rec := env.Recorder()
	chunks, cores := int(a.Wait/a.Chunk), runtime.NumCPU()
	rounds := realspin.CalibrateHash(a.Chunk)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var took [2]time.Duration
	for i, procs := range []int{1, cores} {
		runtime.GOMAXPROCS(procs)
		if procs == 1 && cores > 1 {
			// Nothing records when the runtime switches goroutines, so each
			// worker's row runs from its first chunk to its last: say so.
			rec.Printf(phaseName(1)+" worker 1", "the %d workers take turns on 1 core (about every 10 ms; each row spans its first to last chunk)", cores)
		}
		start := time.Now()
		realspin.Parallel(rec, phaseName(procs), chunks, rounds, cores)
		took[i] = time.Since(start)
	}
	return map[string]any{FactCores: cores, "chunks": chunks, "rounds_per_chunk": rounds,
		FactOneCore: millis(took[0]), FactAllCores: millis(took[1]),
		FactSpeedup: math.Round(100*float64(took[0])/float64(max(took[1], 1))) / 100}, nil
}

// predictParallel simulates both phases: NumCPU goroutines, each chunk
// chunk of CPU time, on 1 worker and then on NumCPU workers.
func predictParallel(v labs.Values) (labs.Result, error) {
	s := SetupOf(v)
	chunks, cores := int(s.Wait/s.Chunk), runtime.NumCPU()
	var phases []*trace.Trace
	for _, procs := range []int{1, cores} {
		sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: procs})
		jobs := sched.NewChan[int]("jobs", chunks)
		next := 1
		for w := range cores {
			sim.Go(fmt.Sprintf("%s worker %d", phaseName(procs), w+1), func(t *sched.Task) {
				if w == 0 {
					for ; next <= chunks; next++ {
						jobs.Send(t, next)
					}
					jobs.Close(t)
				}
				for c, ok := jobs.Recv(t); ok; c, ok = jobs.Recv(t) {
					t.Compute(s.Chunk)
					t.Printf("chunk %d hashed", c)
				}
			})
		}
		tr, err := sim.Run()
		if err != nil {
			return labs.Result{}, err
		}
		phases = append(phases, tr)
	}
	tr := concat(phases[0], phases[1])
	return labs.Result{Trace: tr, Facts: map[string]any{FactCores: cores, "chunks": chunks,
		FactOneCore: seconds(phases[0].Total), FactAllCores: seconds(phases[1].Total),
		FactSpeedup: math.Round(100*float64(phases[0].Total)/float64(max(phases[1].Total, 1))) / 100}}, nil
}

// concat is a followed by b: b's times shifted by a's total.
func concat(a, b *trace.Trace) *trace.Trace {
	off := a.Total
	out := &trace.Trace{Total: a.Total + b.Total, Workers: max(a.Workers, b.Workers),
		Tasks: slices.Clone(a.Tasks), Output: slices.Clone(a.Output), Events: a.Events.Clone(), Warnings: slices.Clone(a.Warnings)}
	for _, t := range b.Tasks {
		spans := make([]trace.Span, len(t.Spans))
		for i, sp := range t.Spans {
			sp.Start += off
			sp.End += off
			spans[i] = sp
		}
		t.Spans = spans
		out.Tasks = append(out.Tasks, t)
	}
	for _, l := range b.Output {
		l.At += off
		out.Output = append(out.Output, l)
	}
	for _, e := range b.Events.All() {
		e.At += off
		e.Queues = nil
		out.Events.Add(e)
	}
	for _, w := range b.Warnings {
		w.At += off
		out.Warnings = append(out.Warnings, w)
	}
	return out
}
