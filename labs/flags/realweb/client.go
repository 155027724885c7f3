package realweb

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"conclab/labs"
	"conclab/labs/flags/fetch"
	"conclab/labs/trace"
)

// Error is the Result of a request that failed for another reason than a
// timeout or a cancellation (the server could not be reached).
const Error = "error"

// Client asks the slow server for items over real HTTP and records each
// request in the trace: the task waits on "io" while its request is in
// flight and prints one line when it ends ("BR 200 0.501s"), as fetch.Get
// does on the virtual clock. It is safe for concurrent use.
type Client struct {
	// HTTP makes the requests.
	HTTP *http.Client
	// Base is the server's address, e.g. http://127.0.0.1:43121.
	Base string
	// Path is an item's path on the server ("/flags/br.gif").
	Path func(fetch.Item) string
	// Timeout gives up on a request slower than this; 0 waits for ever.
	Timeout time.Duration
	// Rec receives the trace.
	Rec labs.Recorder
}

// URL is the address of it on the server, asking for the item's drawn delay
// and status (?delay=0.5s&status=200), so the server answers as the virtual
// lab said it would.
func (c *Client) URL(it fetch.Item) string {
	return c.Base + c.Path(it) + "?delay=" + url.QueryEscape(it.Delay.String()) + "&status=" + strconv.Itoa(it.Status)
}

// Get asks the server for it and waits for the answer, as task. A request
// made once ctx is done is not sent (its Result is fetch.Cancelled, after
// 0s); one in flight when ctx is done gives up at once (fetch.Cancelled);
// one slower than Timeout gives up then (fetch.Timeout). Elapsed is measured
// on the wall clock, to the millisecond.
func (c *Client) Get(ctx context.Context, task string, it fetch.Item) fetch.Outcome {
	o := fetch.Outcome{Item: it, Result: fetch.Cancelled}
	if ctx.Err() == nil {
		o.Result, o.Elapsed = c.get(ctx, task, it)
	}
	c.Rec.Printf(task, "%s", o)
	return o
}

// get makes the request and says how it ended and how long it took.
func (c *Client) get(ctx context.Context, task string, it fetch.Item) (result string, elapsed time.Duration) {
	reqCtx := ctx
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		reqCtx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, c.URL(it), nil)
	if err != nil {
		return Error, 0
	}
	start := time.Now()
	c.Rec.Set(task, trace.Waiting, trace.NoWorker, "io")
	status, err := fetchAll(c.HTTP, req)
	elapsed = time.Since(start).Round(time.Millisecond)
	c.Rec.Set(task, trace.Running, trace.NoWorker, "")
	switch {
	case err == nil:
		return strconv.Itoa(status), elapsed
	case ctx.Err() != nil:
		return fetch.Cancelled, elapsed
	case reqCtx.Err() != nil:
		return fetch.Timeout, elapsed
	}
	return Error, elapsed
}

// fetchAll sends req and reads the answer to its end, so that the
// connection goes back to the pool for the next request.
//
// It asks the transport (hc.Transport.RoundTrip), which is what hc.Do
// calls after its redirect and cookie bookkeeping (this server sends
// neither). The reason is the recording, not Do: a goroutine's stack
// starts at a few KB and is copied to one twice the size when it runs
// out. A plain goroutine that calls Do stays within 4 KB; Get's recording
// frames plus Do's did not, and growing 1000 stacks (new memory, then a
// copy) added 15 to 20 ms to the 1000 flags of 100 ms: `conclab run flags
// --real --variant goroutines --set count=1000 --set delay=100ms` measured
// 1.54-1.64x the ideal with Do, 1.35-1.49x with RoundTrip, and plain Do
// code 1.30-1.47x (TestMeasureGoroutines). The recording must not change
// what it measures.
func fetchAll(hc *http.Client, req *http.Request) (status int, err error) {
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	resp, err := rt.RoundTrip(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// Lane records that the goroutine task started; the function it returns
// records that it returned: defer c.Lane(name)().
func (c *Client) Lane(task string) (end func()) {
	c.Rec.Set(task, trace.Running, trace.NoWorker, "")
	return func() { c.Rec.Done(task) }
}

// Wait records that task waits on what (a channel, a join) while block runs.
func (c *Client) Wait(task, on string, block func()) {
	c.Rec.Set(task, trace.Waiting, trace.NoWorker, on)
	block()
	c.Rec.Set(task, trace.Running, trace.NoWorker, "")
}
