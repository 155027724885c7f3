// Package throwaway is the throwaway lab: a lab written by the checklist
// test (labs/all/newlab_test.go) in a copy of the repository, following
// CONTRIBUTING.md's steps, to show that adding a lab touches its own
// folder and one line of labs/all/all.go, and nothing else. Do N blocking
// jobs end sooner in goroutines?
package throwaway

import (
	_ "embed"
	"fmt"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

//go:embed walkthrough.md
var walkthrough string

//go:embed throwaway.go
var source string

func init() { labs.Register(Lab()) }

// Lab returns the throwaway lab.
func Lab() *labs.Lab {
	return &labs.Lab{
		Name:    "throwaway",
		Title:   "Throwaway jobs",
		Summary: "Blocking jobs one after another, then a goroutine each",
		Order:   999,
		Params: []labs.Param{
			{Name: "jobs", Kind: labs.Int, Default: "4", Min: "1", Max: "1000", Help: "how many jobs"},
			{Name: "work", Kind: labs.Duration, Default: "1s", Min: "1ms", Max: "1m", Help: "how long each job's blocking call takes"},
		},
		Variants: []labs.Variant{
			{Name: "sequential", Summary: "one job after another: the total is the sum",
				Source: labs.FuncSource(source, "Sequential"), Run: run(Sequential)},
			{Name: "goroutines", Summary: "a goroutine per job: the total is one job's",
				Source: labs.FuncSource(source, "Goroutines"), Run: run(Goroutines)},
		},
		Steps: labs.ParseSteps(walkthrough),
		Views: labs.Views{OutputRows: 6, Charts: []labs.StepChart{{Step: "Both at once", Draw: chart}}},
		Real:  realRuns(),
	}
}

// Sequential does the jobs one after another on the main task.
func Sequential(t *sched.Task, jobs int, work time.Duration) {
	for i := range jobs {
		t.Block(work) // a blocking call
		t.Printf("job %d done", i+1)
	}
}

// Goroutines starts a goroutine per job and waits for all of them.
func Goroutines(t *sched.Task, jobs int, work time.Duration) {
	var started []*sched.Task
	for i := range jobs {
		started = append(started, t.Go(fmt.Sprintf("job %d", i+1), func(t *sched.Task) {
			t.Block(work)
			t.Printf("job %d done", i+1)
		}))
	}
	for _, s := range started {
		t.Wait(s)
	}
}

// run simulates a variant on the Go runtime with one thread.
func run(variant func(*sched.Task, int, time.Duration)) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: 1})
		sim.Go("main", func(t *sched.Task) { variant(t, v.Int("jobs"), v.Duration("work")) })
		tr, err := sim.Run()
		if err != nil {
			return labs.Result{}, err
		}
		return labs.Result{Trace: tr, Facts: map[string]any{"jobs": v.Int("jobs")}}, nil
	}
}

// chart draws both variants' totals for the values.
func chart(v labs.Values) (labs.Chart, string) {
	jobs, work := v.Int("jobs"), v.Duration("work")
	seq, par := time.Duration(jobs)*work, work
	return labs.Chart{Title: "Totals", Right: []bool{false, true}, Rows: []labs.ChartRow{
		{Cells: []string{"sequential", seq.String()}, Value: seq.Seconds(), State: trace.Blocked},
		{Cells: []string{"goroutines", par.String()}, Value: par.Seconds(), State: trace.Waiting},
	}}, "The same jobs, two ways."
}
