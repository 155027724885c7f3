package realrun

import (
	"crypto/sha256"
	_ "embed"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/spinner"
	"conclab/labs/trace"
)

//go:embed parallel.go
var parallelSource string

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

// Hash is CPU-bound work and nothing else: rounds of SHA-256 over a 16 KiB
// block, each round writing the previous sum into the block.
func Hash(rounds int) [32]byte {
	var block [16 << 10]byte
	var sum [32]byte
	for range rounds {
		copy(block[:], sum[:])
		sum = sha256.Sum256(block[:])
	}
	return sum
}

// Parallel hashes chunks chunks of rounds rounds with workers goroutines
// that take the next chunk from a channel. The program is the same on one
// core and on all of them; only GOMAXPROCS changes: with one thread the
// goroutines take turns (concurrency), with more they hash at the same time
// (parallelism).
func Parallel(rec Recorder, phase string, chunks, rounds, workers int) {
	jobs := make(chan int, chunks)
	for c := range chunks {
		jobs <- c + 1
	}
	close(jobs)
	var wg sync.WaitGroup
	for w := range workers {
		name := fmt.Sprintf("%s worker %d", phase, w+1)
		wg.Go(func() {
			rec.Set(name, trace.Running, trace.NoWorker, "")
			defer rec.Done(name)
			for c := range jobs {
				Hash(rounds)
				rec.Printf(name, "chunk %d hashed", c)
			}
		})
	}
	wg.Wait()
}

// phaseName names a phase by its GOMAXPROCS: "1 core:", "2 cores:".
func phaseName(procs int) string {
	if procs == 1 {
		return "1 core:"
	}
	return fmt.Sprintf("%d cores:", procs)
}

// parallelChild is the child's side of the parallel run: the same hashing
// with GOMAXPROCS=1, then with GOMAXPROCS=NumCPU (this process does nothing
// else, so changing GOMAXPROCS affects no one).
func parallelChild(a childArgs, rec Recorder) (map[string]any, error) {
	chunks, cores := int(a.Wait/a.Chunk), runtime.NumCPU()
	rounds := calibrateHash(a.Chunk)
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
		Parallel(rec, phaseName(procs), chunks, rounds, cores)
		took[i] = time.Since(start)
	}
	return map[string]any{FactCores: cores, "chunks": chunks, "rounds_per_chunk": rounds,
		FactOneCore: millis(took[0]), FactAllCores: millis(took[1]),
		FactSpeedup: math.Round(100*float64(took[0])/float64(max(took[1], 1))) / 100}, nil
}

// millis is d in seconds, rounded to the millisecond.
func millis(d time.Duration) float64 { return seconds(d.Round(time.Millisecond)) }

// calibrateHash returns how many rounds of Hash take d on one core here.
func calibrateHash(d time.Duration) int {
	const probe = 64
	best := time.Duration(math.MaxInt64)
	for range 5 {
		start := time.Now()
		Hash(probe)
		best = min(best, time.Since(start))
	}
	return max(1, int(float64(probe)*float64(d)/float64(max(best, time.Microsecond))))
}

// predictParallel simulates both phases: NumCPU goroutines, each chunk
// chunk of CPU time, on 1 worker and then on NumCPU workers.
func predictParallel(v labs.Values) (labs.Result, error) {
	s := spinner.SetupOf(v)
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

// fewChunks refuses a parallel run of more than 1000 chunks (and a long wait).
func fewChunks(v labs.Values) error {
	if err := shortWait(v); err != nil {
		return err
	}
	s := spinner.SetupOf(v)
	if n := s.Wait / s.Chunk; n > 1000 || n < 1 {
		return fmt.Errorf("wait / chunk = %d chunks for the parallel run (allowed: 1..1000)", n)
	}
	return nil
}

func parallelVariant() *Variant {
	return &Variant{Lab: "spinner", Name: "parallel", child: true, check: fewChunks, predict: predictParallel,
		Summary: "the slow task's CPU work as wait/chunk chunks of hashing: GOMAXPROCS=1, then all cores; the speedup is parallelism",
		Source:  labs.FuncSource(parallelSource, "Parallel") + "\n\n" + labs.FuncSource(parallelSource, "Hash"),
		run: func(j *job) (labs.Result, error) {
			s := spinner.SetupOf(j.values)
			facts, err := runChild(j, childSpec{experiment: "parallel", args: childArgs{Wait: s.Wait, Chunk: s.Chunk}})
			return labs.Result{Trace: j.rec.Trace(), Facts: facts}, err
		}}
}
