package cancel

import (
	"fmt"
	"strings"
	"time"

	"conclab/labs/sched"
)

// Replica is one server that holds a copy of the index: asked a query, it
// answers after Latency (or, if Fails, fails after Latency).
type Replica struct {
	Name    string
	Latency time.Duration
	Fails   bool
}

// Result is a replica's answer (Pike's `type Result string`).
type Result string

// search asks replica r and waits for its answer: a request that takes
// r.Latency. It takes no context, so nothing can cut it short.
//
//	func search(r Replica) Result { time.Sleep(r.Latency); return Result(r.Name) }
func search(t *sched.Task, r Replica) Result {
	t.Block(r.Latency) // the request; only this goroutine waits
	t.Printf("%s answers after %v", r.Name, r.Latency)
	return Result(r.Name)
}

// searchCtx is search made with a context (http.NewRequestWithContext): the
// request gives up as soon as ctx is cancelled and returns ctx.Err().
//
//	select {
//	case <-time.After(r.Latency):
//	case <-ctx.Done():
//		return "", ctx.Err()
//	}
func searchCtx(t *sched.Task, ctx *Context, r Replica) (Result, error) {
	start := t.Now()
	if t.BlockUntil(r.Latency, ctx.Done()) {
		t.Printf("%s gives up after %v: %v", r.Name, t.Now()-start, ctx.Err())
		return "", ctx.Err()
	}
	if r.Fails {
		t.Printf("%s fails after %v", r.Name, r.Latency)
		return "", fmt.Errorf("%s failed", r.Name)
	}
	t.Printf("%s answers after %v", r.Name, r.Latency)
	return Result(r.Name), nil
}

// First is Rob Pike's replicated search: ask every replica, take the first
// answer. The channel is unbuffered: a send waits until someone receives,
// and First receives once. The other replicas answer later, and their
// sends wait for ever: each call leaks a goroutine per slower replica.
//
//	c := make(chan Result)
//	for _, r := range replicas {
//		go func() { c <- search(r) }()
//	}
//	return <-c
func First(t *sched.Task, replicas []Replica) Result {
	c := sched.NewChan[Result]("results", 0)
	for _, r := range replicas {
		t.Go(r.Name, func(t *sched.Task) { c.Send(t, search(t, r)) })
	}
	res, _ := c.Recv(t)
	return res
}

// FirstBuffered is First with room in the channel for every answer
// (make(chan Result, len(replicas))): the late sends do not wait, so
// nothing leaks. But the slower replicas still do all their work.
func FirstBuffered(t *sched.Task, replicas []Replica) Result {
	c := sched.NewChan[Result]("results", len(replicas))
	for _, r := range replicas {
		t.Go(r.Name, func(t *sched.Task) { c.Send(t, search(t, r)) })
	}
	res, _ := c.Recv(t)
	return res
}

// FirstContext asks with a context that First cancels as it returns (defer
// cancel()): the slower requests see ctx.Done() and give up there and then.
// A replica that gave up has nothing to send.
func FirstContext(t *sched.Task, ctx *Context, replicas []Replica) Result {
	ctx, cancel := WithCancel(ctx)
	defer cancel(t)
	c := sched.NewChan[Result]("results", len(replicas))
	for _, r := range replicas {
		t.Go(r.Name, func(t *sched.Task) {
			res, err := searchCtx(t, ctx, r)
			if err != nil {
				return // cancelled: the answer is not wanted any more
			}
			c.Send(t, res)
		})
	}
	res, _ := c.Recv(t)
	return res
}

// IgnoresCancel is FirstContext whose goroutines never look at ctx: they
// pass it to searchIgnoringCtx, which takes it and ignores it. cancel()
// fires all the same, and no one hears it: the slower replicas work on
// until their answers come.
func IgnoresCancel(t *sched.Task, ctx *Context, replicas []Replica) Result {
	ctx, cancel := WithCancel(ctx)
	defer cancel(t)
	c := sched.NewChan[Result]("results", len(replicas))
	for _, r := range replicas {
		t.Go(r.Name, func(t *sched.Task) {
			c.Send(t, searchIgnoringCtx(t, ctx, r))
		})
	}
	res, _ := c.Recv(t)
	return res
}

// searchIgnoringCtx takes a context, as a call that may take long should,
// and never looks at it: it makes search's request, which nothing can cut
// short.
func searchIgnoringCtx(t *sched.Task, ctx *Context, r Replica) Result {
	return search(t, r) // ctx is never checked
}

// Timeout is Pike's "don't wait for slow servers": ask every replica and
// keep what arrives before the timer fires. The channel is buffered, so a
// late answer does not block its goroutine; but nothing tells the late
// replica to stop.
//
//	timeout := time.After(timeout)
//	for range replicas {
//		select {
//		case res := <-c:
//			results = append(results, res)
//		case <-timeout:
//			fmt.Println("timed out")
//			return results
//		}
//	}
func Timeout(t *sched.Task, replicas []Replica, timeout time.Duration) []Result {
	c := sched.NewChan[Result]("results", len(replicas))
	for _, r := range replicas {
		t.Go(r.Name, func(t *sched.Task) { c.Send(t, search(t, r)) })
	}
	deadline := t.Now() + timeout
	var results []Result
	for range replicas {
		res, _, late := c.RecvBefore(t, deadline)
		if late {
			t.Printf("timed out")
			return results
		}
		results = append(results, res)
	}
	return results
}

// Errgroup asks every replica and wants every answer: an errgroup with a
// context. The first replica to fail cancels the context, the requests
// still running give up, and Wait returns that first error.
//
//	g, ctx := errgroup.WithContext(ctx)
//	for i, r := range replicas {
//		g.Go(func() error { ... results[i] = res; return nil })
//	}
//	err := g.Wait()
func Errgroup(t *sched.Task, ctx *Context, replicas []Replica) ([]Result, error) {
	g, ctx := WithContext(ctx)
	results := make([]Result, len(replicas))
	for i, r := range replicas {
		g.Go(t, r.Name, func(t *sched.Task) error {
			res, err := searchCtx(t, ctx, r)
			if err != nil {
				return err
			}
			results[i] = res
			return nil
		})
	}
	err := g.Wait(t)
	return results, err
}

// Main is the program around the search: it asks, prints what it got, and
// goes on with its work for linger. Then main returns: the program exits,
// and the goroutines still alive are the ones it left behind
// (runtime.NumGoroutine() - 1 at that moment).
func Main(t *sched.Task, ask func(t *sched.Task) ([]Result, error), linger time.Duration) {
	results, err := ask(t)
	if err != nil {
		t.Printf("error: %v", err)
	} else {
		t.Printf("answer: %s", join(results))
	}
	t.Sleep(linger) // the program goes on
}

// join writes results as "A" or "A, C" ("nothing" when there is none).
func join(results []Result) string {
	if len(results) == 0 {
		return "nothing"
	}
	s := make([]string, len(results))
	for i, r := range results {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}
