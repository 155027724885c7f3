// Package checker is the website-checker lab: ask 31 sites for their status
// and tally the answers ({"200": 31}), one site after another, in fixed
// chunks, with a pool of workers, with a goroutine per site, and with a
// shared tally updated without a lock. The sites' latencies are drawn from a
// seed before the run, so every variant checks the same sites.
package checker

import (
	_ "embed"
	"fmt"
	"time"

	"conclab/labs"
	"conclab/labs/flags/fetch"
	"conclab/labs/sched"
)

//go:embed variants.go
var variantsSource string

// RealSource is the source of real.go: CheckRacy and CheckLocked, the
// racy tally as a real Go program and its fix.
//
//go:embed real.go
var RealSource string

//go:embed walkthrough.md
var walkthrough string

func init() { labs.Register(Lab()) }

// Names returns n site names, site-01 to site-31 (zero-padded to the width of n).
func Names(n int) []string {
	width := len(fmt.Sprint(n))
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("site-%0*d", max(width, 2), i+1)
	}
	return names
}

// Server is the web the parameters describe: each site answers 200 after a
// latency drawn uniformly between min_latency and max_latency (to the
// millisecond).
func Server(v labs.Values) fetch.Server {
	lo, hi := v.Duration("min_latency"), v.Duration("max_latency")
	return fetch.Server{
		Seed:    uint64(v.Int("seed")),
		Latency: func(u float64) time.Duration { return lo + fetch.Millis(u*(hi-lo).Seconds()) },
	}
}

// Sites draws each site's latency, in site order.
func Sites(v labs.Values) []fetch.Item { return Server(v).Items(Names(v.Int("sites"))) }

// Lab returns the website-checker lab.
func Lab() *labs.Lab {
	return &labs.Lab{
		Name:    "checker",
		Title:   "Website checker",
		Summary: "Check 31 sites and tally the answers: one at a time, in chunks, with a pool, a goroutine each",
		Order:   60,
		Params: []labs.Param{
			{Name: "sites", Kind: labs.Int, Default: "31", Min: "1", Max: "100000", Help: "how many sites to check"},
			{Name: "workers", Kind: labs.Int, Default: "3", Min: "1", Max: "10000", Help: "workers for chunks and pool; at most sites"},
			{Name: "min_latency", Kind: labs.Duration, Default: "250ms", Min: "1ms", Max: "1m", Help: "the fastest a site can answer"},
			{Name: "max_latency", Kind: labs.Duration, Default: "2.8s", Min: "1ms", Max: "1m", Help: "the slowest a site can answer (latencies are uniform in between)"},
			{Name: "seed", Kind: labs.Int, Default: "1", Min: "0", Max: "1000000000", Help: "seeds the sites' latencies"},
			{Name: "cores", Kind: labs.Int, Default: "2", Min: "1", Max: "64", Help: "racy-tally: the goroutines that run at the same instant (GOMAXPROCS)"},
			{Name: "update", Kind: labs.Duration, Default: "2ms", Min: "0s", Max: "1s", Help: "racy-tally: how long tally[code]++ takes from its read to its write (real Go: nanoseconds)"},
		},
		Check: func(v labs.Values) error {
			if v.Int("workers") > v.Int("sites") {
				return fmt.Errorf("workers = %d is larger than sites = %d (allowed: 1..sites)", v.Int("workers"), v.Int("sites"))
			}
			if lo, hi := v.Duration("min_latency"), v.Duration("max_latency"); lo > hi {
				return fmt.Errorf("min_latency = %s is larger than max_latency = %s (allowed: min_latency <= max_latency)", lo, hi)
			}
			return nil
		},
		Variants: []labs.Variant{
			{Name: "sequential", Summary: "one site after another: the total is the sum of the latencies",
				Source: fetch.Source("Sequential", "Get"), Run: run(sequential)},
			{Name: "chunks", Summary: "workers fixed chunks, like separate processes: the total is the slowest chunk",
				Source: fetch.Source("Chunks", "Get"), Run: run(chunks)},
			{Name: "pool", Summary: "workers pull the next site from a channel: whoever is free takes it",
				Source: fetch.Source("Pool", "Get"), Run: run(pool)},
			{Name: "goroutines", Summary: "a goroutine per site: the total is the slowest site",
				Source: fetch.Source("Goroutines", "Get"), Run: run(goroutines)},
			{Name: "racy-tally", Summary: "a goroutine per site, all adding to one map without a lock: updates get lost, and real Go has a data race",
				Source: labs.FuncSource(variantsSource, "RacyTally") + "\n\n" + labs.FuncSource(RealSource, "CheckRacy"), Run: runRacy},
		},
		Steps: labs.ParseSteps(walkthrough),
		Real:  realRuns(),
	}
}

// goRuntime parks a goroutine that makes a blocking call.
var goRuntime = sched.Config{Model: sched.GoRuntime, Workers: 1}

func get(t *sched.Task, site fetch.Item) fetch.Outcome { return fetch.Get(t, site, 0) }

func sequential(t *sched.Task, v labs.Values, sites []fetch.Item) []fetch.Outcome {
	return fetch.Sequential(t, sites, get)
}

func chunks(t *sched.Task, v labs.Values, sites []fetch.Item) []fetch.Outcome {
	return fetch.Chunks(t, sites, v.Int("workers"), get)
}

func pool(t *sched.Task, v labs.Values, sites []fetch.Item) []fetch.Outcome {
	return fetch.Pool(t, sites, v.Int("workers"), get)
}

func goroutines(t *sched.Task, v labs.Values, sites []fetch.Item) []fetch.Outcome {
	return fetch.Goroutines(t, sites, get)
}

// run simulates a policy with the tally of the outcomes as a Fact.
func run(policy func(*sched.Task, labs.Values, []fetch.Item) []fetch.Outcome) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		sites := Sites(v)
		var outs []fetch.Outcome
		tr, err := fetch.Simulate(goRuntime, func(t *sched.Task) { outs = policy(t, v, sites) })
		if err != nil {
			return labs.Result{}, err
		}
		return labs.Result{Trace: tr, Facts: map[string]any{"tally": fetch.Tally(outs)}}, nil
	}
}

// runRacy reports the shared map the goroutines filled as the tally, runs
// on cores workers, and says how many updates were lost (Incomplete, from
// the tally) and whose (the fact lost, from the schedule: see markLost).
// Each write that drops updates says so in its output line.
func runRacy(v labs.Values) (labs.Result, error) {
	sites := Sites(v)
	var tally map[string]int
	cfg := sched.Config{Model: sched.GoRuntime, Workers: v.Int("cores")}
	tr, err := fetch.Simulate(cfg, func(t *sched.Task) { tally = RacyTally(t, sites, get, v.Duration("update")) })
	if err != nil {
		return labs.Result{}, err
	}
	counted := 0
	for _, n := range tally {
		counted += n
	}
	res := labs.Result{Trace: tr, Facts: map[string]any{"tally": tally, "lost": markLost(tr)}}
	if lost := len(sites) - counted; lost > 0 {
		res.Incomplete = fmt.Sprintf("lost %d of %d updates", lost, len(sites))
	}
	return res, nil
}
