package real

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"conclab/labs/fetch"
	"conclab/labs/trace"
)

// Error is the Result of a request that failed for another reason than a
// timeout or a cancellation (the server could not be reached).
const Error = "error"

// Recorder is what a real run reports to as it goes: a *trace.Recorder, or,
// in a child process, the stream of events back to the parent.
type Recorder interface {
	// Set records that task name entered state (on worker, or trace.NoWorker; on says what it waits for).
	Set(name string, state trace.State, worker int, on string)
	// Printf records a line of output of task name.
	Printf(name, format string, args ...any)
	// Done records that task name returned.
	Done(name string)
}

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
	Rec Recorder
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
		o = c.get(ctx, task, it)
	}
	c.Rec.Printf(task, "%s", o)
	return o
}

func (c *Client) get(ctx context.Context, task string, it fetch.Item) fetch.Outcome {
	reqCtx, cancel := ctx, context.CancelFunc(func() {})
	if c.Timeout > 0 {
		reqCtx, cancel = context.WithTimeout(ctx, c.Timeout)
	}
	defer cancel()
	o := fetch.Outcome{Item: it, Result: Error}
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, c.URL(it), nil)
	if err != nil {
		return o
	}
	start := time.Now()
	c.Rec.Set(task, trace.Waiting, trace.NoWorker, "io")
	resp, err := c.HTTP.Do(req)
	if err == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	o.Elapsed = time.Since(start).Round(time.Millisecond)
	c.Rec.Set(task, trace.Running, trace.NoWorker, "")
	switch {
	case err == nil:
		o.Result = strconv.Itoa(resp.StatusCode)
	case ctx.Err() != nil:
		o.Result = fetch.Cancelled
	case reqCtx.Err() != nil:
		o.Result = fetch.Timeout
	}
	return o
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
