package throwaway

import (
	_ "embed"
	"fmt"
	"runtime"
	"sync"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
)

//go:embed real.go
var realSource string

// realRuns run the jobs for real: goroutines in this process, and the
// sequential jobs in a child process with GOMAXPROCS=1.
func realRuns() *labs.Real {
	short := func(v labs.Values) error {
		if total := time.Duration(v.Int("jobs")) * v.Duration("work"); total > 5*time.Second {
			return fmt.Errorf("jobs x work = %s is too long for a real run (allowed: up to 5s)", total)
		}
		return nil
	}
	return &labs.Real{
		How: "real goroutines and time.Sleep, the wall clock",
		Variants: []labs.RealVariant{
			{Name: "goroutines", Predicted: "goroutines", Check: short,
				Summary: "a real goroutine per job, each sleeping work", Source: labs.FuncSource(realSource, "realGoroutines"),
				Run: func(env labs.RealEnv) (labs.Result, error) {
					v := env.Values()
					realGoroutines(env.Recorder(), v.Int("jobs"), v.Duration("work"))
					return labs.Result{Facts: map[string]any{"jobs": v.Int("jobs")}}, nil
				}},
			{Name: "sequential", Predicted: "sequential", Check: short, InChild: true, Workers: 1,
				Summary: "the jobs one after another, in a child process with GOMAXPROCS=1", Source: labs.FuncSource(realSource, "realSequential"),
				Run: func(env labs.RealEnv) (labs.Result, error) {
					v := env.Values()
					child, err := env.Child(labs.ChildSpec{Program: "sequential", Procs: 1, Args: args{Jobs: v.Int("jobs"), Work: v.Duration("work")}})
					return labs.Result{Facts: child.Facts}, err
				}},
		},
		Programs: map[string]labs.ChildProgram{"sequential": func(env labs.ChildEnv) (map[string]any, error) {
			var a args
			if err := env.Args(&a); err != nil {
				return nil, err
			}
			realSequential(env.Recorder(), a.Jobs, a.Work)
			return map[string]any{"gomaxprocs": runtime.GOMAXPROCS(0)}, nil
		}},
	}
}

// args are what the child program gets.
type args struct {
	Jobs int           `json:"jobs"`
	Work time.Duration `json:"work"`
}

// realGoroutines sleeps work in a goroutine per job.
func realGoroutines(rec labs.Recorder, jobs int, work time.Duration) {
	rec.Set("main", trace.Running, trace.NoWorker, "")
	var wg sync.WaitGroup
	for i := range jobs {
		name := fmt.Sprintf("job %d", i+1)
		wg.Go(func() {
			rec.Set(name, trace.Waiting, trace.NoWorker, "timer")
			time.Sleep(work)
			rec.Printf(name, "job %d done", i+1)
			rec.Done(name)
		})
	}
	rec.Set("main", trace.Waiting, trace.NoWorker, "join")
	wg.Wait()
	rec.Done("main")
}

// realSequential sleeps work once per job, one after another.
func realSequential(rec labs.Recorder, jobs int, work time.Duration) {
	for i := range jobs {
		rec.Set("main", trace.Waiting, trace.NoWorker, "timer")
		time.Sleep(work)
		rec.Set("main", trace.Running, 0, "")
		rec.Printf("main", "job %d done", i+1)
	}
	rec.Done("main")
}
