package checker

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/flags/fetch"
	"conclab/labs/flags/realweb"
	"conclab/labs/trace"
)

// Facts of a real racy-tally run besides its tally.
const (
	// FactRaces is how many DATA RACE reports the race detector wrote.
	FactRaces = "races"
	// FactRace is the first report's two accesses, one line each
	// ("read by goroutine 15 at labs/checker/real.go:25 (checker.CheckRacy.func1)").
	FactRace = "race"
	// FactCrashed is the fatal error that stopped the child, when one did
	// ("fatal error: concurrent map writes").
	FactCrashed = "crashed"
)

// SitePath is a site's path on the slow server: /sites/7 for site-07.
func SitePath(it fetch.Item) string {
	n, _ := strconv.Atoi(strings.TrimLeft(strings.TrimPrefix(it.Name, "site-"), "0"))
	return "/sites/" + strconv.Itoa(n)
}

// realRuns are the sites checked for real: the virtual policies written in
// real Go (realweb) over real HTTP to the slow server, and CheckRacy built
// with the race detector.
func realRuns() *labs.Real {
	sites := func(v labs.Values) error { return realweb.AtMost("sites", v.Int("sites")) }
	return &labs.Real{
		How: "real goroutines, real HTTP over loopback, the wall clock",
		Variants: []labs.RealVariant{
			{Name: "sequential", Predicted: "sequential", Check: sites,
				Summary: "one real HTTP request after another: the total is the sum of the latencies",
				Source:  realweb.Source("Sequential"), Run: web(false, func(labs.Values) realweb.Policy { return realweb.Plain(realweb.Sequential) })},
			{Name: "chunks", Predicted: "chunks", Check: sites,
				Summary: "workers goroutines, each with a fixed chunk of the sites: the total is the slowest chunk",
				Source:  realweb.Source("Chunks"), Run: web(false, func(v labs.Values) realweb.Policy { return realweb.Bounded(realweb.Chunks, v.Int("workers")) })},
			{Name: "pool", Predicted: "pool", Check: sites,
				Summary: "workers goroutines taking the next site from a channel",
				Source:  realweb.Source("Pool"), Run: web(false, func(v labs.Values) realweb.Policy { return realweb.Bounded(realweb.Pool, v.Int("workers")) })},
			{Name: "goroutines", Predicted: "goroutines", Check: sites,
				Summary: "a real goroutine per site: the total is the slowest site",
				Source:  realweb.Source("Goroutines"), Run: web(false, func(labs.Values) realweb.Policy { return realweb.Plain(realweb.Goroutines) })},
			{Name: "limited", Predicted: "pool", Check: sites,
				Summary: "a goroutine per site, at most workers at once; real goroutines take the slots in no fixed order (often the newest first), so its total can differ a little from pool's",
				Source:  realweb.Source("Limited"), Run: web(false, func(v labs.Values) realweb.Policy { return realweb.Bounded(realweb.Limited, v.Int("workers")) })},
			{Name: "racy-tally", Predicted: "racy-tally", Check: sites, InChild: true,
				Summary: "CheckRacy, the racy tally in real Go, built with -race and run in a child with GOMAXPROCS=cores: the race detector's report, beside the tally",
				Source:  labs.FuncSource(RealSource, "CheckRacy"), Run: racyForReal},
			{Name: "errgroup", Predicted: "pool", Check: sites,
				Summary: "errgroup with SetLimit(workers); no site fails here, so it is the pool's schedule",
				Source:  realweb.Source("Errgroup"), Run: web(true, func(v labs.Values) realweb.Policy { return realweb.Grouped(v.Int("workers")) })},
		},
		Programs: map[string]labs.ChildProgram{"racy": racyChild},
	}
}

// web runs the policy on the sites the values draw; group is true for an
// errgroup (see realweb.Web.Group).
func web(group bool, policy func(labs.Values) realweb.Policy) func(labs.RealEnv) (labs.Result, error) {
	return func(env labs.RealEnv) (labs.Result, error) {
		v := env.Values()
		return realweb.Run(env, realweb.Web{Items: Sites(v), Path: SitePath, Policy: policy(v), Group: group})
	}
}

// racyArgs are what the racy child gets: the sites, with their drawn answers.
type racyArgs struct {
	Items []fetch.Item `json:"items"`
}

// racyForReal is the real racy-tally: CheckRacy, one goroutine per site
// adding to a map with no lock, run against the slow server in a child
// built with the race detector, with GOMAXPROCS = cores. The detector's
// first report becomes lines of the lane's output when it comes (the
// runner writes them) and again at the end of the run, and facts.
func racyForReal(env labs.RealEnv) (labs.Result, error) {
	v := env.Values()
	sites := Sites(v)
	child, err := env.Child(labs.ChildSpec{Program: "racy", Procs: v.Int("cores"), Args: racyArgs{Items: sites}, Race: true})
	races := child.Races
	tr := env.Recorder().Trace()
	if err != nil && races.Crashed == "" {
		return labs.Result{Trace: tr}, err
	}
	tally := map[string]int{}
	if m, ok := child.Facts["tally"].(map[string]any); ok {
		for k, v := range m {
			f, _ := v.(float64)
			tally[k] = int(f)
		}
	}
	out := map[string]any{"tally": tally, FactRaces: races.Count}
	if len(races.First) > 0 {
		lines := make([]string, len(races.First))
		for i, acc := range races.First {
			lines[i] = acc.String()
		}
		out[FactRace] = lines
		// The report again where the run ends, as the detector sums up at
		// exit: what a lane shows last, whatever its height.
		notes := []string{fmt.Sprintf("the race detector found %d data race(s); the first:", races.Count)}
		for _, acc := range races.First {
			notes = append(notes, acc.Short())
		}
		for _, text := range notes {
			tr.Output = append(tr.Output, trace.Line{At: tr.Total, Text: text})
			tr.Events.Add(trace.Event{At: tr.Total, Kind: trace.EventPrint, Worker: trace.NoWorker, Detail: text})
		}
	}
	res := labs.Result{Trace: tr, Facts: out}
	counted := 0
	for _, c := range tally {
		counted += c
	}
	switch {
	case races.Crashed != "":
		out[FactCrashed] = races.Crashed
		res.Incomplete = "crashed: " + races.Crashed
	case counted < len(sites):
		res.Incomplete = fmt.Sprintf("lost %d of %d updates", len(sites)-counted, len(sites))
	}
	return res, nil
}

// racyChild is the child's side of a real racy-tally run, in a binary built
// with -race: the slow server on a loopback port of its own, then CheckRacy
// on the sites, each request drawn in the trace by the client's transport
// (CheckRacy itself is the code the learner reads).
func racyChild(env labs.ChildEnv) (map[string]any, error) {
	var a racyArgs
	if err := env.Args(&a); err != nil {
		return nil, err
	}
	srv, err := env.Server()
	if err != nil {
		return nil, err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Close(ctx) //nolint:errcheck // the run is over; the parent reads the facts
	}()
	c := &realweb.Client{Base: srv.URL(), Path: SitePath}
	urls := make([]string, len(a.Items))
	byPath := map[string]fetch.Item{}
	for i, it := range a.Items {
		urls[i] = c.URL(it)
		byPath[SitePath(it)] = it
	}
	transport := &http.Transport{MaxIdleConnsPerHost: realweb.MaxItems}
	if err := realweb.OpenConnections(context.Background(), &http.Client{Transport: transport}, srv.URL(), len(a.Items)); err != nil {
		return nil, err
	}
	rec := env.Recorder()
	hc := &http.Client{Transport: recording{base: transport, rec: rec, items: byPath}}
	rec.Set("main", trace.Running, trace.NoWorker, "")
	rec.Set("main", trace.Waiting, trace.NoWorker, "join") // CheckRacy's wg.Wait
	tally := CheckRacy(hc, urls)
	rec.Done("main")
	return map[string]any{"tally": tally}, nil
}

// recording is a transport that draws each request in the trace, as the
// task of its site: waiting on io until the answer, then one line
// ("site-07 200 0.858s"), then done (the goroutine's last step, its write
// to the tally, follows at once).
type recording struct {
	base  http.RoundTripper
	rec   labs.Recorder
	items map[string]fetch.Item
}

func (t recording) RoundTrip(req *http.Request) (*http.Response, error) {
	it := t.items[req.URL.Path]
	t.rec.Set(it.Name, trace.Waiting, trace.NoWorker, "io")
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	o := fetch.Outcome{Item: it, Result: realweb.Error, Elapsed: time.Since(start).Round(time.Millisecond)}
	if err == nil {
		o.Result = strconv.Itoa(resp.StatusCode)
	}
	t.rec.Printf(it.Name, "%s", o)
	t.rec.Done(it.Name)
	return resp, err
}
