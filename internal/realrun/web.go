package realrun

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"conclab/internal/slowserver"
	"conclab/labs"
	"conclab/labs/checker"
	"conclab/labs/flags"
	"conclab/labs/flags/fetch"
	"conclab/labs/trace"
)

//go:embed policies.go
var policiesSource string

//go:embed client.go
var clientSource string

// MaxItems is the most flags or sites a real run asks for: each request in
// flight holds a socket at both ends of the loopback.
const MaxItems = 2000

// Facts a flags or checker real run reports besides the tally.
const (
	// FactMaxInFlight is the most requests the server served at the same time.
	FactMaxInFlight = "max_in_flight"
	// FactRequests is how many requests reached the server.
	FactRequests = "requests"
)

// web is a real run against the slow server: the items the lab draws,
// their paths on the server, the timeout, and the policy.
type web struct {
	items   func(labs.Values) []fetch.Item
	path    func(fetch.Item) string
	timeout func(labs.Values) time.Duration
	policy  func(ctx context.Context, c *Client, v labs.Values, items []fetch.Item) ([]fetch.Outcome, error)
	// group adds the cancelled requests to the facts (errgroup), as the virtual errgroup does.
	group bool
	// warm prepares the server's answers before the clock starts (nil: nothing to prepare).
	warm func([]fetch.Item)
}

// run starts the server on a free loopback port, runs the policy with a
// client of its own, and reads the tally and the server's counts.
func (w web) run(j *job) (labs.Result, error) {
	srv, err := slowserver.Start("127.0.0.1:0", slowserver.Config{})
	if err != nil {
		return labs.Result{}, err
	}
	transport := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		MaxIdleConnsPerHost: MaxItems, // keep-alive: a finished request's connection serves the next
	}
	c := &Client{HTTP: &http.Client{Transport: transport}, Base: srv.URL, Path: w.path, Rec: j.rec}
	if w.timeout != nil {
		c.Timeout = w.timeout(j.values)
	}
	items := w.items(j.values)
	if w.warm != nil {
		w.warm(items)
	}
	if err := openConnections(j.ctx, c.HTTP, srv.URL, len(items)); err != nil {
		srv.Close(context.Background())
		return labs.Result{}, err
	}
	// Room for every goroutine's lane and its five events (start, io, back,
	// print, done) and line, so that the Recorder's tables are not copied
	// while the goroutines wait for its lock.
	j.rec.Grow(len(items)+1, 5*len(items)+4, len(items))
	// Collect the garbage of the setup (the requests that opened the
	// connections) now, as a benchmark does before its timer starts: a
	// collection in the middle of the run would be the setup's cost, not
	// the run's.
	runtime.GC()
	srv.ResetStats()
	j.clock.restart()
	j.rec.Set("main", trace.Running, trace.NoWorker, "")
	outs, gErr := w.policy(j.ctx, c, j.values, items)
	j.rec.Done("main")
	tr := j.rec.Trace()

	transport.CloseIdleConnections()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cerr := srv.Close(shutdown)
	st := srv.Stats()
	facts := map[string]any{"tally": fetch.Tally(outs), FactMaxInFlight: st.MaxInFlight, FactRequests: st.Requests}
	if w.group {
		facts["cancelled"] = cancelled(outs)
	}
	if gErr != nil {
		facts["error"] = gErr.Error()
	}
	res := labs.Result{Trace: tr, Facts: facts}
	if w.group {
		res.Incomplete = fetch.GaveUp(outs, gErr)
	}
	if err := j.ctx.Err(); err != nil {
		return res, err
	}
	if cerr != nil {
		return res, fmt.Errorf("stop the server: %w", cerr)
	}
	return res, nil
}

// grouped is w with the cancelled requests in the facts.
func (w web) grouped() web {
	w.group = true
	return w
}

// cancelled lists the items whose request was cancelled, in order.
func cancelled(outs []fetch.Outcome) []string {
	names := []string{}
	for _, o := range outs {
		if o.Result == fetch.Cancelled {
			names = append(names, o.Item.Name)
		}
	}
	return names
}

// FlagPath is a flag's path on the server: /flags/br.gif for BR. The
// made-up codes beyond the 20 (X21, X22 ...) get two letters from their
// number (X21 -> /flags/av.gif): the server only knows two-letter codes, and
// its answer comes from ?delay= and ?status= anyway.
func FlagPath(it fetch.Item) string {
	cc := strings.ToLower(it.Name)
	if n, err := strconv.Atoi(strings.TrimPrefix(it.Name, "X")); err == nil && strings.HasPrefix(it.Name, "X") {
		cc = string(rune('a'+n/26%26)) + string(rune('a'+n%26))
	}
	return "/flags/" + cc + ".gif"
}

// SitePath is a site's path on the server: /sites/7 for site-07.
func SitePath(it fetch.Item) string {
	n, _ := strconv.Atoi(strings.TrimLeft(strings.TrimPrefix(it.Name, "site-"), "0"))
	return "/sites/" + strconv.Itoa(n)
}

// atMost refuses more than MaxItems items in the parameter name.
func atMost(name string) func(labs.Values) error {
	return func(v labs.Values) error {
		if n := v.Int(name); n > MaxItems {
			return fmt.Errorf("%s = %d is too many for a real run over loopback (allowed: 1..%d)", name, n, MaxItems)
		}
		return nil
	}
}

func policySource(names ...string) string {
	parts := make([]string, 0, len(names)+1)
	for _, n := range names {
		parts = append(parts, labs.FuncSource(policiesSource, n))
	}
	parts = append(parts, getSource)
	return strings.Join(parts, "\n\n")
}

// getSource is Client.Get and its helpers get and transport, as the learner reads them.
var getSource = methodSource(clientSource, "func (c *Client) Get(", "func (c *Client) Lane(")

// methodSource cuts src from the doc comment of the declaration that starts
// with from up to the doc comment of the one that starts with to.
func methodSource(src, from, to string) string {
	i, k := strings.Index(src, from), strings.Index(src, to)
	if i < 0 || k < i {
		panic("real: method source not found: " + from)
	}
	i = strings.LastIndex(src[:i], "\n\n") + 2
	k = strings.LastIndex(src[:k], "\n\n")
	return src[i:k]
}

func flagsWeb(policy func(ctx context.Context, c *Client, v labs.Values, items []fetch.Item) ([]fetch.Outcome, error)) web {
	return web{items: flags.Flags, path: FlagPath, timeout: func(v labs.Values) time.Duration { return v.Duration("timeout") },
		policy: policy, warm: warmFlags}
}

// warmFlags has the server draw every flag of the run before the clock
// starts: it draws each picture once and keeps it, and drawing hundreds of
// them (one at a time) would otherwise be measured as waiting on the network.
func warmFlags(items []fetch.Item) {
	for _, it := range items {
		cc := strings.TrimSuffix(strings.TrimPrefix(FlagPath(it), "/flags/"), ".gif")
		slowserver.FlagGIF(cc)
	}
}

func checkerWeb(policy func(ctx context.Context, c *Client, v labs.Values, items []fetch.Item) ([]fetch.Outcome, error)) web {
	return web{items: checker.Sites, path: SitePath, policy: policy}
}

func sequential(ctx context.Context, c *Client, _ labs.Values, items []fetch.Item) ([]fetch.Outcome, error) {
	return Sequential(ctx, c, items), nil
}

func goroutines(ctx context.Context, c *Client, _ labs.Values, items []fetch.Item) ([]fetch.Outcome, error) {
	return Goroutines(ctx, c, items), nil
}

// limitedBy, pooledBy, chunkedBy and errgroupBy read their bound from the parameter name.
func limitedBy(name string) func(context.Context, *Client, labs.Values, []fetch.Item) ([]fetch.Outcome, error) {
	return func(ctx context.Context, c *Client, v labs.Values, items []fetch.Item) ([]fetch.Outcome, error) {
		return Limited(ctx, c, items, v.Int(name)), nil
	}
}

func pooledBy(name string) func(context.Context, *Client, labs.Values, []fetch.Item) ([]fetch.Outcome, error) {
	return func(ctx context.Context, c *Client, v labs.Values, items []fetch.Item) ([]fetch.Outcome, error) {
		return Pool(ctx, c, items, v.Int(name)), nil
	}
}

func chunkedBy(name string) func(context.Context, *Client, labs.Values, []fetch.Item) ([]fetch.Outcome, error) {
	return func(ctx context.Context, c *Client, v labs.Values, items []fetch.Item) ([]fetch.Outcome, error) {
		return Chunks(ctx, c, items, v.Int(name)), nil
	}
}

func errgroupBy(name string) func(context.Context, *Client, labs.Values, []fetch.Item) ([]fetch.Outcome, error) {
	return func(ctx context.Context, c *Client, v labs.Values, items []fetch.Item) ([]fetch.Outcome, error) {
		return Errgroup(ctx, c, items, v.Int(name))
	}
}

func init() {
	count, sites := atMost("count"), atMost("sites")
	register(
		&Variant{Lab: "flags", Name: "sequential", Predicted: "sequential", check: count,
			Summary: "one real HTTP request after another: the total is the sum of the delays",
			Source:  policySource("Sequential"), run: flagsWeb(sequential).run},
		&Variant{Lab: "flags", Name: "goroutines", Predicted: "goroutines", check: count,
			Summary: "a real goroutine per flag: every request in flight at once, the total is the slowest",
			Source:  policySource("Goroutines"), run: flagsWeb(goroutines).run},
		&Variant{Lab: "flags", Name: "limited", Predicted: "limited", check: count,
			Summary: "a goroutine per flag, at most limit requests at once (a buffered channel as semaphore)",
			Source:  policySource("Limited"), run: flagsWeb(limitedBy("limit")).run},
		&Variant{Lab: "flags", Name: "errgroup", Predicted: "errgroup", check: count,
			Summary: "errgroup with SetLimit(limit): the first 418 or timeout cancels the requests still running",
			Source:  policySource("Errgroup"), run: flagsWeb(errgroupBy("limit")).grouped().run},
		&Variant{Lab: "checker", Name: "sequential", Predicted: "sequential", check: sites,
			Summary: "one real HTTP request after another: the total is the sum of the latencies",
			Source:  policySource("Sequential"), run: checkerWeb(sequential).run},
		&Variant{Lab: "checker", Name: "chunks", Predicted: "chunks", check: sites,
			Summary: "workers goroutines, each with a fixed chunk of the sites: the total is the slowest chunk",
			Source:  policySource("Chunks"), run: checkerWeb(chunkedBy("workers")).run},
		&Variant{Lab: "checker", Name: "pool", Predicted: "pool", check: sites,
			Summary: "workers goroutines taking the next site from a channel",
			Source:  policySource("Pool"), run: checkerWeb(pooledBy("workers")).run},
		&Variant{Lab: "checker", Name: "goroutines", Predicted: "goroutines", check: sites,
			Summary: "a real goroutine per site: the total is the slowest site",
			Source:  policySource("Goroutines"), run: checkerWeb(goroutines).run},
		&Variant{Lab: "checker", Name: "limited", Predicted: "pool", check: sites,
			Summary: "a goroutine per site, at most workers at once; real goroutines take the slots in no fixed order (often the newest first), so its total can differ a little from pool's",
			Source:  policySource("Limited"), run: checkerWeb(limitedBy("workers")).run},
		&Variant{Lab: "checker", Name: "racy-tally", Predicted: "racy-tally", check: sites, child: true,
			Summary: "CheckRacy, the racy tally in real Go, built with -race and run in a child with GOMAXPROCS=cores: the race detector's report, beside the tally",
			Source:  labs.FuncSource(checker.RealSource, "CheckRacy"), run: runRacy},
		&Variant{Lab: "checker", Name: "errgroup", Predicted: "pool", check: sites,
			Summary: "errgroup with SetLimit(workers); no site fails here, so it is the pool's schedule",
			Source:  policySource("Errgroup"), run: checkerWeb(errgroupBy("workers")).grouped().run},
	)
}

// openConnections opens n keep-alive connections to the server before the
// clock starts, as a long-lived client has them: the lab measures waiting
// for slow answers, and its prediction (the virtual twin) has no TCP
// handshakes in it either. Each request holds its connection for a moment
// so that all n are open at once; they are idle in the pool afterwards.
func openConnections(ctx context.Context, hc *http.Client, base string, n int) error {
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/sites/0?delay=50ms", nil)
			if err != nil {
				errs <- err
				return
			}
			resp, err := hc.Do(req)
			if err != nil {
				errs <- fmt.Errorf("open a connection to the server: %w", err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body) // read to the end, so the connection goes back to the pool
			resp.Body.Close()
		})
	}
	wg.Wait()
	close(errs)
	return <-errs // nil when no request failed
}
