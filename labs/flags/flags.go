// Package flags is the flags lab: download the flags of the 20 most populous
// countries from a slow server, one after another (10 s), a goroutine each
// (0.5 s), at most N at once, with blocking calls inside a single-threaded
// loop (10 s again), and with an errgroup that gives up on the first error.
// The server's delays and failures are drawn from a seed before the run, so
// every variant meets the same server and every run is the same.
package flags

import (
	_ "embed"
	"fmt"
	"slices"
	"time"

	"conclab/labs"
	"conclab/labs/flags/fetch"
	"conclab/labs/flags/latency"
	"conclab/labs/sched"
)

//go:embed walkthrough.md
var walkthrough string

func init() { labs.Register(Lab()) }

// Populous are the country codes of the 20 most populous countries, most
// populous first: the flags the lab downloads.
var Populous = []string{"CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP",
	"MX", "PH", "VN", "ET", "EG", "DE", "IR", "TR", "CD", "FR"}

// Codes returns n flag names: the Populous codes, then made-up ones (X21,
// X22 ...) for the benchmark-sized runs.
func Codes(n int) []string {
	codes := slices.Clone(Populous[:min(n, len(Populous))])
	for i := len(codes); i < n; i++ {
		codes = append(codes, fmt.Sprintf("X%d", i+1))
	}
	return codes
}

// Server is the flag server the parameters describe: each answer takes
// delay plus a seeded extra of up to jitter (to the millisecond), and fails
// with 418 at error_rate.
func Server(v labs.Values) fetch.Server {
	delay, jitter := v.Duration("delay"), v.Duration("jitter")
	return fetch.Server{
		Seed:      uint64(v.Int("seed")),
		Latency:   func(u float64) time.Duration { return delay + fetch.Millis(u*jitter.Seconds()) },
		ErrorRate: v.Float("error_rate"),
	}
}

// Flags draws the server's answer for each of the count flags, in flag order.
func Flags(v labs.Values) []fetch.Item { return Server(v).Items(Codes(v.Int("count"))) }

// loopSource introduces the loop-blocking variant, which runs the goroutines code.
const loopSource = `// loop-blocking runs the very code of the goroutines variant, on a
// single-threaded event loop instead of the Go runtime:
//
//	sched.Config{Model: sched.Cooperative, Workers: 1}
//
// Get's blocking call (t.Block) keeps the loop, so nothing else runs until it returns.

`

// Lab returns the flags lab.
func Lab() *labs.Lab {
	return &labs.Lab{
		Name:    "flags",
		Title:   "Downloading flags",
		Summary: "20 flags from a slow server: 10 s one after another, 0.5 s all at once, 2 s five at a time",
		Order:   50,
		Params: []labs.Param{
			{Name: "count", Kind: labs.Int, Default: "20", Min: "1", Max: "10000", Help: "how many flags (beyond 20 the codes are made up)"},
			{Name: "delay", Kind: labs.Duration, Default: "500ms", Min: "0s", Max: "1m", Help: "how long the server takes to answer"},
			{Name: "jitter", Kind: labs.Duration, Default: "0s", Min: "0s", Max: "1m", Help: "a random extra delay of up to this much per flag (seeded)"},
			{Name: "limit", Kind: labs.Int, Default: "5", Min: "1", Max: "10000", Help: "at most this many downloads at once (limited, errgroup); above count, all start at once"},
			{Name: "error_rate", Kind: labs.Float, Default: "0", Min: "0", Max: "1", Help: "the share of answers that are 418 I'm a teapot"},
			{Name: "timeout", Kind: labs.Duration, Default: "0s", Min: "0s", Max: "1h", Help: "give up on a download slower than this (0s = never)"},
			{Name: "seed", Kind: labs.Int, Default: "1", Min: "0", Max: "1000000000", Help: "seeds the server's random delays and errors"},
		},
		Variants: []labs.Variant{
			{Name: "sequential", Summary: "one download after another: the total is the sum of the delays",
				Source: fetch.Source("Sequential", "Get"), Run: run(goRuntime, sequential)},
			{Name: "goroutines", Summary: "a goroutine per flag: all count in flight at once, the total is the slowest one",
				Source: fetch.Source("Goroutines", "Get"), Run: run(goRuntime, goroutines)},
			{Name: "limited", Summary: "a goroutine per flag, at most limit downloading at once (a semaphore channel)",
				Source: fetch.Source("Limited", "Get"), Run: run(goRuntime, limited)},
			{Name: "loop-blocking", Summary: "the goroutines code on a single-threaded loop: each blocking call holds the loop",
				Source: loopSource + fetch.Source("Goroutines", "Get"), Run: run(blockingLoop, goroutines)},
			{Name: "errgroup", Summary: "at most limit at once; the first error or timeout cancels the rest",
				Source: fetch.Source("Errgroup", "GetCtx"), Run: runErrgroup},
		},
		Steps: slices.Insert(labs.ParseSteps(walkthrough), 1, latency.Step(500*time.Millisecond)),
		Views: labs.Views{Charts: []labs.StepChart{{Step: latency.Title, Draw: latencyChart}}},
		Real:  realRuns(),
	}
}

// latencyChart draws the latency scale with the server of the lab (its
// delay) as the last bar.
func latencyChart(v labs.Values) (labs.Chart, string) {
	delay := v.Duration("delay")
	return latency.Chart(delay), latency.Text(delay)
}

var (
	// goRuntime parks a goroutine that makes a blocking call.
	goRuntime = sched.Config{Model: sched.GoRuntime, Workers: 1}
	// blockingLoop is an event loop whose debug mode reports calls that hold
	// it 100ms or longer, like asyncio's (slow_callback_duration = 0.1 s).
	blockingLoop = sched.Config{Model: sched.Cooperative, Workers: 1, SlowTask: 100 * time.Millisecond}
)

func sequential(t *sched.Task, v labs.Values, items []fetch.Item) []fetch.Outcome {
	return fetch.Sequential(t, items, getter(v))
}

func goroutines(t *sched.Task, v labs.Values, items []fetch.Item) []fetch.Outcome {
	return fetch.Goroutines(t, items, getter(v))
}

func limited(t *sched.Task, v labs.Values, items []fetch.Item) []fetch.Outcome {
	return fetch.Limited(t, items, v.Int("limit"), getter(v))
}

func getter(v labs.Values) fetch.Getter {
	timeout := v.Duration("timeout")
	return func(t *sched.Task, it fetch.Item) fetch.Outcome { return fetch.Get(t, it, timeout) }
}

// run simulates a policy on the configured runtime, with the tally as a Fact.
func run(cfg sched.Config, policy func(*sched.Task, labs.Values, []fetch.Item) []fetch.Outcome) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		items := Flags(v)
		var outs []fetch.Outcome
		tr, err := fetch.Simulate(cfg, func(t *sched.Task) { outs = policy(t, v, items) })
		if err != nil {
			return labs.Result{}, err
		}
		return labs.Result{Trace: tr, Facts: map[string]any{"tally": fetch.Tally(outs)}}, nil
	}
}

// runErrgroup adds to the tally the flags that were cancelled and the error
// that cancelled them.
func runErrgroup(v labs.Values) (labs.Result, error) {
	items, timeout := Flags(v), v.Duration("timeout")
	get := func(t *sched.Task, it fetch.Item, ctx *sched.Signal) fetch.Outcome {
		return fetch.GetCtx(t, it, timeout, ctx)
	}
	var outs []fetch.Outcome
	var gErr error
	tr, err := fetch.Simulate(goRuntime, func(t *sched.Task) { outs, gErr = fetch.Errgroup(t, items, v.Int("limit"), get) })
	if err != nil {
		return labs.Result{}, err
	}
	cancelled := []string{}
	for _, o := range outs {
		if o.Result == fetch.Cancelled {
			cancelled = append(cancelled, o.Item.Name)
		}
	}
	facts := map[string]any{"tally": fetch.Tally(outs), "cancelled": cancelled}
	if gErr != nil {
		facts["error"] = gErr.Error()
	}
	return labs.Result{Trace: tr, Facts: facts, Incomplete: fetch.GaveUp(outs, gErr)}, nil
}
