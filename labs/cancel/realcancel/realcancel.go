// Package realcancel is the cancel lab's programs in real Go, for its real
// runs: Rob Pike's replicated search with real goroutines, real channels,
// a real context and errgroup, and time.Sleep for each replica's request.
// Their calls to a labs.Recorder draw the trace; the rest is the code the
// learner reads (Source), the same shapes as the virtual variants.
package realcancel

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"conclab/labs"
	"conclab/labs/trace"
)

//go:embed realcancel.go
var source string

// Source is the source of the named functions, in that order.
func Source(names ...string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = labs.FuncSource(source, n)
	}
	return strings.Join(parts, "\n\n")
}

// Replica is one server that holds a copy of the index: asked, it answers
// after Latency (or, if Fails, fails after Latency).
type Replica struct {
	Name    string        `json:"name"`
	Latency time.Duration `json:"latency"`
	Fails   bool          `json:"fails,omitempty"`
}

// Result is a replica's answer.
type Result string

// search asks replica r and waits for its answer: a request that takes
// r.Latency, and nothing can cut it short.
func search(rec labs.Recorder, r Replica) Result {
	rec.Set(r.Name, trace.Waiting, trace.NoWorker, "io")
	time.Sleep(r.Latency) // the request
	rec.Printf(r.Name, "%s answers after %v", r.Name, r.Latency)
	return Result(r.Name)
}

// searchCtx is search with a context: it gives up as soon as ctx is done.
func searchCtx(ctx context.Context, rec labs.Recorder, r Replica) (Result, error) {
	rec.Set(r.Name, trace.Waiting, trace.NoWorker, "io")
	start := time.Now()
	select {
	case <-time.After(r.Latency): // the request
	case <-ctx.Done():
		rec.Printf(r.Name, "%s gives up after %v: %v", r.Name, time.Since(start).Round(time.Millisecond), ctx.Err())
		return "", ctx.Err()
	}
	if r.Fails {
		rec.Printf(r.Name, "%s fails after %v", r.Name, r.Latency)
		return "", fmt.Errorf("%s failed", r.Name)
	}
	rec.Printf(r.Name, "%s answers after %v", r.Name, r.Latency)
	return Result(r.Name), nil
}

// send sends res on c as replica name, the wait drawn in the trace.
func send(rec labs.Recorder, name string, c chan<- Result, res Result) {
	rec.Set(name, trace.Waiting, trace.NoWorker, "chan results")
	c <- res
}

// First is Pike's First: an unbuffered channel, the first answer wins;
// the slower replicas' sends wait for ever.
func First(rec labs.Recorder, replicas []Replica) Result {
	c := make(chan Result)
	for _, r := range replicas {
		go func() {
			defer rec.Done(r.Name)
			send(rec, r.Name, c, search(rec, r))
		}()
	}
	return <-c
}

// FirstBuffered is First with room for every answer: nothing leaks.
func FirstBuffered(rec labs.Recorder, replicas []Replica) Result {
	c := make(chan Result, len(replicas))
	for _, r := range replicas {
		go func() {
			defer rec.Done(r.Name)
			send(rec, r.Name, c, search(rec, r))
		}()
	}
	return <-c
}

// FirstContext cancels a context as it returns: the slower requests give up.
func FirstContext(ctx context.Context, rec labs.Recorder, replicas []Replica) Result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c := make(chan Result, len(replicas))
	for _, r := range replicas {
		go func() {
			defer rec.Done(r.Name)
			res, err := searchCtx(ctx, rec, r)
			if err != nil {
				return // cancelled: the answer is not wanted any more
			}
			send(rec, r.Name, c, res)
		}()
	}
	return <-c
}

// IgnoresCancel is FirstContext whose goroutines never look at ctx.
func IgnoresCancel(ctx context.Context, rec labs.Recorder, replicas []Replica) Result {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c := make(chan Result, len(replicas))
	for _, r := range replicas {
		go func() {
			defer rec.Done(r.Name)
			send(rec, r.Name, c, searchIgnoringCtx(ctx, rec, r))
		}()
	}
	return <-c
}

// searchIgnoringCtx takes a context and never looks at it.
func searchIgnoringCtx(ctx context.Context, rec labs.Recorder, r Replica) Result {
	return search(rec, r) // ctx is never checked
}

// Timeout keeps what arrives before the timer fires.
func Timeout(rec labs.Recorder, replicas []Replica, timeout time.Duration) []Result {
	c := make(chan Result, len(replicas))
	for _, r := range replicas {
		go func() {
			defer rec.Done(r.Name)
			send(rec, r.Name, c, search(rec, r))
		}()
	}
	deadline := time.After(timeout)
	var results []Result
	for range replicas {
		select {
		case res := <-c:
			results = append(results, res)
		case <-deadline:
			rec.Printf("main", "timed out")
			return results
		}
	}
	return results
}

// Errgroup wants every answer: the first replica to fail cancels the
// others' requests, and Wait returns its error.
func Errgroup(ctx context.Context, rec labs.Recorder, replicas []Replica) ([]Result, error) {
	g, ctx := errgroup.WithContext(ctx)
	results := make([]Result, len(replicas))
	for i, r := range replicas {
		g.Go(func() error {
			defer rec.Done(r.Name)
			res, err := searchCtx(ctx, rec, r)
			if err != nil {
				return err
			}
			results[i] = res
			return nil
		})
	}
	err := g.Wait()
	return results, err
}
