// Package mainwait is an exercise of the countdown lab: a Go program ends
// when main returns — "it does not wait for other (non-main) goroutines to
// complete", says the Go spec.
//
// Run stands for main. It builds three reports at once, each in a goroutine
// of its own — sales takes 1 s, stock 3 s, staff 2 s — and prints "all
// done" once all of them are ready: at 3 s, the time of the slowest one.
//
// As shipped, Run starts the goroutines, then sleeps 2 s, which was "long
// enough" the day it was written. A sleep is a guess. When a report takes
// longer, main returns before it is ready: in a real program the program
// ends there, and stock's report, ready at 3 s, is never written. When the
// reports are quicker, main sleeps on for nothing.
//
// Goal: Run prints "all done" and returns the moment the last report is
// ready (3 s for these three; 0.5 s for two reports of 0.5 s and 0.2 s),
// never before, and never later.
//
// Change Run only. Check your work with `conclab check mainwait`; stuck?
// `conclab hint mainwait`.
package mainwait

import (
	"time"

	"conclab/exercises/kit"
)

// Report is a report to build: its name and how long building it takes.
type Report struct {
	Name string
	Took time.Duration
}

// Three are the goal's reports.
var Three = []Report{
	{"sales", time.Second},
	{"stock", 3 * time.Second},
	{"staff", 2 * time.Second},
}

// Build builds report r: it waits r.Took for the database, then prints
// "stock: ready".
func Build(log *kit.Log, r Report) {
	log.Wait(r.Name, "io")
	<-log.After(r.Took) // the query (time.After, on the Log's clock)
	log.Printf(r.Name, "%s: ready", r.Name)
	log.Done(r.Name)
}

// Run builds every report, each in a goroutine of its own, and prints "all
// done" once all of them are ready.
func Run(log *kit.Log, reports []Report) {
	for _, r := range reports {
		go Build(log, r)
	}
	// TODO: a sleep is a guess at how long the reports take: too short for
	// slow ones, too long for quick ones. Wait for exactly the goroutines
	// you started instead.
	log.Sleep("main", 2*time.Second) // long enough?
	log.Printf("main", "all done")
	log.Done("main")
}
