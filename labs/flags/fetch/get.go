package fetch

import (
	"strconv"
	"time"

	"conclab/labs/sched"
)

// Get asks the server for it and waits for the answer: a blocking call, like
// http.Get. A goroutine that makes it is parked until the answer comes; an
// event loop that makes it is stuck until then. With a timeout (0 = none) a
// request slower than timeout gives up at the timeout. Get prints one line
// when the request ends: "BR 200 0.5s".
func Get(t *sched.Task, it Item, timeout time.Duration) Outcome {
	o := Outcome{Item: it, Result: strconv.Itoa(it.Status), Elapsed: it.Delay}
	if timeout > 0 && it.Delay > timeout {
		o.Result, o.Elapsed = Timeout, timeout
	}
	t.Block(o.Elapsed) // waiting for the server
	t.Printf("%s", o)
	return o
}

// GetCtx is Get with a context (http.NewRequestWithContext): when ctx is
// cancelled (the Signal fires) the request gives up at once, and a request
// made after the cancellation is not sent at all.
func GetCtx(t *sched.Task, it Item, timeout time.Duration, ctx *sched.Signal) Outcome {
	o := Outcome{Item: it, Result: strconv.Itoa(it.Status), Elapsed: it.Delay}
	if timeout > 0 && it.Delay > timeout {
		o.Result, o.Elapsed = Timeout, timeout
	}
	start := t.Now()
	if t.BlockUntil(o.Elapsed, ctx) { // the request gives up when ctx is cancelled
		o.Result, o.Elapsed = Cancelled, t.Now()-start
	}
	t.Printf("%s", o)
	return o
}
