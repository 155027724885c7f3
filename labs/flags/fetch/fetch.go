// Package fetch is what the flags and website-checker labs share: a
// simulated slow server whose answers (a latency and a status per item) are
// drawn up front from a seed, the blocking call that asks it for one item,
// and the policies that decide how many requests are in flight at once
// (one after another, a goroutine each, at most N, a pool of N workers,
// fixed chunks, an errgroup that gives up on the first error).
//
// Everything runs on labs/sched's virtual clock, so the same seed gives the
// same server and the same trace every run. The policies and Get are the
// code the learner reads (see Source): they are written the way the real Go
// program would be, with a sched.Task where the real one has a goroutine.
package fetch

import (
	_ "embed"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

//go:embed get.go
var getSource string

//go:embed policies.go
var policiesSource string

// StatusOK and StatusTeapot are the two answers the simulated server gives:
// 200, or 418 I'm a teapot when it decides to fail.
const (
	StatusOK     = 200
	StatusTeapot = 418
)

// Item is one request and the server's answer to it, fixed before the run:
// how long the server takes (Delay) and the status it answers (Status).
type Item struct {
	Name   string
	Delay  time.Duration
	Status int
}

// Server describes the simulated server. The zero value answers every
// request at once with 200.
type Server struct {
	// Seed seeds the PCG generator the answers are drawn from.
	Seed uint64
	// Latency maps a uniform draw in [0, 1) to a delay; nil means no delay.
	Latency func(u float64) time.Duration
	// ErrorRate is the chance (0..1) that an answer is 418 instead of 200.
	ErrorRate float64
}

// Items draws the server's answer for each name, in order, from one PCG
// seeded with Seed: two uniform draws per item, the first for the delay and
// the second for the status. The draws do not depend on Latency or
// ErrorRate, so raising the error rate only adds failures and widening the
// latency range keeps the slow items slow.
func (s Server) Items(names []string) []Item {
	r := rand.New(rand.NewPCG(s.Seed, 0))
	items := make([]Item, len(names))
	for i, name := range names {
		u, e := r.Float64(), r.Float64()
		items[i] = Item{Name: name, Status: StatusOK}
		if s.Latency != nil {
			items[i].Delay = s.Latency(u)
		}
		if e < s.ErrorRate {
			items[i].Status = StatusTeapot
		}
	}
	return items
}

// Millis rounds a number of seconds to the millisecond, so that drawn delays
// read well ("1.234s").
func Millis(seconds float64) time.Duration {
	return time.Duration(math.Round(seconds*1000)) * time.Millisecond
}

// The results an Outcome can have besides a status code.
const (
	// Timeout: the request took longer than the timeout and was given up.
	Timeout = "timeout"
	// Cancelled: the request was cancelled (or never sent) because another one failed.
	Cancelled = "cancelled"
)

// Outcome is what became of one request.
type Outcome struct {
	Item Item
	// Result is the status code ("200", "418"), Timeout or Cancelled.
	Result string
	// Elapsed is how long the request took, from the call to the answer or the give-up.
	Elapsed time.Duration
}

// Failed reports whether the request did not end with a 200.
func (o Outcome) Failed() bool { return o.Result != strconv.Itoa(StatusOK) }

// String is the line a request prints when it ends: "BR 200 0.5s".
func (o Outcome) String() string {
	return o.Item.Name + " " + o.Result + " " + seconds(o.Elapsed) + "s"
}

// seconds is trace.Seconds for a duration that is not negative, without fmt:
// Get prints one line per request, 100 000 of them in the benchmarks.
func seconds(d time.Duration) string {
	s := strconv.FormatInt(int64(d/time.Second), 10)
	if frac := d % time.Second; frac != 0 {
		digits := strconv.FormatInt(int64(frac+time.Second), 10)[1:] // nine digits, zero-padded
		s += "." + strings.TrimRight(digits, "0")
	}
	return s
}

// Getter makes one request and returns its outcome (Get with a timeout bound in).
type Getter func(t *sched.Task, it Item) Outcome

// Tally counts outcomes by result: {"200": 17, "418": 2, "timeout": 1}.
func Tally(outs []Outcome) map[string]int {
	tally := map[string]int{}
	for _, o := range outs {
		tally[o.Result]++
	}
	return tally
}

// GaveUp says how a run that gave up fell short of its work: "gave up after
// a 418 (ID): cancelled 18 of 20", from the outcomes and the first error,
// as Errgroup returns it ("ID: 418"). It is "" when no request was
// cancelled: every request was made, whatever it answered.
func GaveUp(outs []Outcome, first error) string {
	n := 0
	for _, o := range outs {
		if o.Result == Cancelled {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	why := "an error"
	if first != nil {
		why = first.Error()
		if name, result, ok := strings.Cut(why, ": "); ok {
			switch result {
			case Timeout:
				why = "a timeout (" + name + ")"
			default:
				why = "a " + result + " (" + name + ")"
			}
		}
	}
	return "gave up after " + why + ": cancelled " + strconv.Itoa(n) + " of " + strconv.Itoa(len(outs))
}

// Simulate runs main as the task "main" on a new Sim configured by cfg and
// returns the trace (see sched.Sim.Run for the error).
func Simulate(cfg sched.Config, main func(t *sched.Task)) (*trace.Trace, error) {
	sim := sched.New(cfg)
	sim.Go("main", main)
	return sim.Run()
}

// Source returns the source of the named functions of this package's shown
// code (Get, GetCtx and the policies), separated by blank lines, as the
// learner reads them. It panics on an unknown name (a programming error).
func Source(names ...string) string {
	parts := make([]string, len(names))
	for i, name := range names {
		src := policiesSource
		if name == "Get" || name == "GetCtx" {
			src = getSource
		}
		parts[i] = labs.FuncSource(src, name)
	}
	return strings.Join(parts, "\n\n")
}
