// Package realweb is the fetch policies in real Go: real goroutines,
// channels, a WaitGroup and an errgroup, and a real net/http client, asking
// the slow server over loopback for what the virtual lab drew. It is what
// the flags and website-checker labs run for real (their Real variants):
// every request asks the server, with ?delay= and ?status=, for the delay
// and the status the virtual lab drew for that item, so the real run and
// its prediction meet the same server.
//
// Run is a whole run: the server from the run's RealEnv, connections
// opened before the clock starts, the policy, and the tally and the
// server's counts as facts. The policies and Client.Get are the code the
// learner reads (see Source).
package realweb

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"conclab/labs"
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

// Facts a real run reports besides the tally.
const (
	// FactMaxInFlight is the most requests the server served at the same time.
	FactMaxInFlight = "max_in_flight"
	// FactRequests is how many requests reached the server.
	FactRequests = "requests"
)

// Policy decides how the requests for items are made, with c, and returns
// their outcomes in item order (and, for an errgroup, the error that made
// it give up).
type Policy func(ctx context.Context, c *Client, items []fetch.Item) ([]fetch.Outcome, error)

// ClientCounted is a Server shared with other clients (a running conclab
// serve): its counts (Stats) are of the requests sent through the
// transport Transport returns, this run's, not of every client's.
type ClientCounted interface {
	Transport(rt http.RoundTripper) http.RoundTripper
}

// Web is one real run against the slow server.
type Web struct {
	// Items are the requests, with the answers the virtual lab drew.
	Items []fetch.Item
	// Path is an item's path on the server ("/flags/br.gif").
	Path func(fetch.Item) string
	// Timeout gives up on a request slower than this; 0 waits for ever.
	Timeout time.Duration
	// Policy makes the requests.
	Policy Policy
	// Group is true for an errgroup: the cancelled requests go into the
	// facts, and a run that gave up says so (labs.Result.Incomplete), as
	// the virtual errgroup does.
	Group bool
	// Warm has the server prepare every item's answer before the clock
	// starts (the flags' pictures, drawn once and kept: drawing hundreds
	// would otherwise be measured as waiting on the network).
	Warm bool
}

// Run starts the server on a free loopback port (or takes the running
// conclab serve the run was given: see ClientCounted), opens a connection
// per item, starts the clock and runs the policy with a client of its own;
// the facts are the tally and the server's counts (FactMaxInFlight,
// FactRequests).
func Run(env labs.RealEnv, w Web) (labs.Result, error) {
	srv, err := env.Server()
	if err != nil {
		return labs.Result{}, err
	}
	rec := env.Recorder()
	transport := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		MaxIdleConnsPerHost: MaxItems, // keep-alive: a finished request's connection serves the next
	}
	var rt http.RoundTripper = transport
	if cs, ok := srv.(ClientCounted); ok {
		rt = cs.Transport(transport)
	}
	c := &Client{HTTP: &http.Client{Transport: rt}, Base: srv.URL(), Path: w.Path, Rec: rec, Timeout: w.Timeout}
	if w.Warm {
		for _, it := range w.Items {
			srv.Warm(w.Path(it))
		}
	}
	ctx := env.Context()
	if err := OpenConnections(ctx, c.HTTP, srv.URL(), len(w.Items)); err != nil {
		srv.Close(context.Background()) //nolint:errcheck // the run failed already
		return labs.Result{}, err
	}
	// Room for every goroutine's lane and its five events (start, io, back,
	// print, done) and line, so that the Recorder's tables are not copied
	// while the goroutines wait for its lock.
	rec.Grow(len(w.Items)+1, 5*len(w.Items)+4, len(w.Items))
	// Collect the garbage of the setup (the requests that opened the
	// connections) now, as a benchmark does before its timer starts: a
	// collection in the middle of the run would be the setup's cost, not
	// the run's.
	runtime.GC()
	srv.ResetStats()
	env.StartClock()
	rec.Set("main", trace.Running, trace.NoWorker, "")
	outs, gErr := w.Policy(ctx, c, w.Items)
	rec.Done("main")
	tr := rec.Trace()

	transport.CloseIdleConnections()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cerr := srv.Close(shutdown)
	st := srv.Stats()
	facts := map[string]any{"tally": fetch.Tally(outs), FactMaxInFlight: st.MaxInFlight, FactRequests: st.Requests}
	if w.Group {
		facts["cancelled"] = cancelled(outs)
	}
	if gErr != nil {
		facts["error"] = gErr.Error()
	}
	res := labs.Result{Trace: tr, Facts: facts}
	if w.Group {
		res.Incomplete = fetch.GaveUp(outs, gErr)
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if cerr != nil {
		return res, fmt.Errorf("stop the server: %w", cerr)
	}
	return res, nil
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

// AtMost refuses n items of the parameter name (its value) when they are
// more than a real run over loopback takes (MaxItems).
func AtMost(name string, n int) error {
	if n > MaxItems {
		return fmt.Errorf("%s = %d is too many for a real run over loopback (allowed: 1..%d)", name, n, MaxItems)
	}
	return nil
}

// Plain is a policy that cannot fail.
func Plain(p func(context.Context, *Client, []fetch.Item) []fetch.Outcome) Policy {
	return func(ctx context.Context, c *Client, items []fetch.Item) ([]fetch.Outcome, error) {
		return p(ctx, c, items), nil
	}
}

// Bounded is a policy with a bound n (the limit, the workers).
func Bounded(p func(context.Context, *Client, []fetch.Item, int) []fetch.Outcome, n int) Policy {
	return func(ctx context.Context, c *Client, items []fetch.Item) ([]fetch.Outcome, error) {
		return p(ctx, c, items, n), nil
	}
}

// Grouped is Errgroup with at most limit requests at once.
func Grouped(limit int) Policy {
	return func(ctx context.Context, c *Client, items []fetch.Item) ([]fetch.Outcome, error) {
		return Errgroup(ctx, c, items, limit)
	}
}

// Source is the source of the named policies followed by Client.Get and its
// helpers, as the learner reads them.
func Source(names ...string) string {
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
		panic("realweb: method source not found: " + from)
	}
	i = strings.LastIndex(src[:i], "\n\n") + 2
	k = strings.LastIndex(src[:k], "\n\n")
	return src[i:k]
}

// OpenConnections opens n keep-alive connections to the server at base
// before the clock starts, as a long-lived client has them: the lab
// measures waiting for slow answers, and its prediction (the virtual twin)
// has no TCP handshakes in it either. Each request holds its connection for
// a moment so that all n are open at once; they are idle in the pool
// afterwards.
func OpenConnections(ctx context.Context, hc *http.Client, base string, n int) error {
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
