package locks

import (
	_ "embed"
	"fmt"
	"sync"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
)

//go:embed real.go
var realSource string

// MaxRealIncrements bounds workers x increments for a real run (each
// increment is a read and a write that take read and write).
const MaxRealIncrements = 10_000

// MaxRealTime bounds the CPU time a real run's increments take in all:
// workers x increments x (read + write).
const MaxRealTime = 30 * time.Second

// Facts of a real racy run besides final and lost.
const (
	// FactRaces is how many DATA RACE reports the race detector wrote.
	FactRaces = "races"
	// FactRace is the first report's two accesses, one line each
	// ("write by goroutine 8 at labs/locks/real.go:52 (locks.RacyForReal.func1)").
	FactRace = "race"
)

// realRuns is the racy counter in real Go: real goroutines on GOMAXPROCS =
// cores threads, counter++ with no lock, built with the race detector.
func realRuns() *labs.Real {
	return &labs.Real{
		How: "real goroutines built with the race detector, in a child process, the wall clock",
		Variants: []labs.RealVariant{
			{Name: "racy", Predicted: "racy", InChild: true, Check: realCheck,
				Summary: "RacyForReal: counter++ with no lock in real goroutines, GOMAXPROCS=cores, built with -race: the race detector's report, beside the count",
				Source:  labs.FuncSource(realSource, "RacyForReal") + "\n\n" + labs.FuncSource(realSource, "hold"),
				Run:     racyForReal},
		},
		Programs: map[string]labs.ChildProgram{"racy": racyChild},
	}
}

// realCheck refuses a real run that would take too long.
func realCheck(v labs.Values) error {
	n := v.Int("workers") * v.Int("increments")
	if n > MaxRealIncrements {
		return fmt.Errorf("workers x increments = %d is too many for a real run (allowed: 1..%d)", n, MaxRealIncrements)
	}
	if d := time.Duration(n) * (v.Duration("read") + v.Duration("write")); d > MaxRealTime {
		return fmt.Errorf("workers x increments x (read + write) = %v is too long for a real run (allowed: up to %v)", d, MaxRealTime)
	}
	return nil
}

// RacyForReal is the racy variant in real Go: workers goroutines, g1 to
// gN, each doing increments times counter++ with no lock, split in its two
// steps: read the counter, then write back what it read plus one. Each
// step holds its core for read and write (in real Go they take about a
// nanosecond: hold stretches them to the lab's times). Goroutines on other
// cores read the same value and both write it back plus one.
func RacyForReal(rec labs.Recorder, workers, increments int, read, write time.Duration) int {
	counter := 0
	var wg sync.WaitGroup
	for i := range workers {
		name := fmt.Sprintf("g%d", i+1)
		wg.Go(func() {
			rec.Set(name, trace.Running, trace.NoWorker, "")
			defer rec.Done(name)
			for range increments {
				n := counter // read the counter: a data race
				hold(read)
				counter = n + 1 // write it back: a data race
				hold(write)
			}
		})
	}
	wg.Wait()
	return counter
}

// hold keeps the core busy for d, as a step that takes d would.
func hold(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

// racyArgs are what the racy child gets.
type racyArgs struct {
	Workers    int           `json:"workers"`
	Increments int           `json:"increments"`
	Read       time.Duration `json:"read"`
	Write      time.Duration `json:"write"`
}

// racyForReal runs RacyForReal in a child built with the race detector,
// with GOMAXPROCS = cores. The detector's first report becomes lines of
// the lane's output when it comes (the runner writes them) and again at
// the end, and facts; a run that lost updates is incomplete, as the
// virtual one is.
func racyForReal(env labs.RealEnv) (labs.Result, error) {
	v := env.Values()
	args := racyArgs{Workers: v.Int("workers"), Increments: v.Int("increments"), Read: v.Duration("read"), Write: v.Duration("write")}
	child, err := env.Child(labs.ChildSpec{Program: "racy", Procs: v.Int("cores"), Args: args, Race: true})
	races := child.Races
	tr := env.Recorder().Trace()
	if err != nil {
		return labs.Result{Trace: tr}, err
	}
	final, _ := child.Facts["final"].(int)
	want := args.Workers * args.Increments
	facts := map[string]any{"final": final, "lost": want - final, FactRaces: races.Count}
	if len(races.First) > 0 {
		lines := make([]string, len(races.First))
		notes := []string{fmt.Sprintf("the race detector found %d data race(s); the first:", races.Count)}
		for i, acc := range races.First {
			lines[i] = acc.String()
			notes = append(notes, acc.Short())
		}
		facts[FactRace] = lines
		// Again where the run ends, as the detector sums up at exit: at the
		// child's measured end, or after the report's lines when they came
		// later on this side (a slow machine: the output stays in time order).
		at := tr.Total
		if n := len(tr.Output); n > 0 && tr.Output[n-1].At > at {
			at = tr.Output[n-1].At
		}
		for _, text := range notes {
			tr.Output = append(tr.Output, trace.Line{At: at, Text: text})
			tr.Events.Add(trace.Event{At: at, Kind: trace.EventPrint, Worker: trace.NoWorker, Detail: text})
		}
	}
	res := labs.Result{Trace: tr, Facts: facts}
	if final < want {
		res.Incomplete = fmt.Sprintf("lost %d of %d updates", want-final, want)
	}
	return res, nil
}

// racyChild is the child's side: RacyForReal in a binary built with -race,
// main waiting for the goroutines (wg.Wait) and printing the count.
func racyChild(env labs.ChildEnv) (map[string]any, error) {
	var a racyArgs
	if err := env.Args(&a); err != nil {
		return nil, err
	}
	rec := env.Recorder()
	rec.Set("main", trace.Running, trace.NoWorker, "")
	rec.Set("main", trace.Waiting, trace.NoWorker, "join") // wg.Wait
	final := RacyForReal(rec, a.Workers, a.Increments, a.Read, a.Write)
	rec.Printf("main", "counter = %d after %d increments", final, a.Workers*a.Increments)
	rec.Done("main")
	return map[string]any{"final": final}, nil
}
