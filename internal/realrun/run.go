package realrun

import (
	"context"
	"fmt"
	"math"
	"os"
	rtrace "runtime/trace"
	"strconv"
	"sync"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
)

// Options are the extras of a real run. The zero value records nothing more.
type Options struct {
	// RuntimeTrace, when set, is a file to write a runtime/trace of the run
	// to (open it with go tool trace FILE). A process records one runtime
	// trace at a time: Start fails while another one is being recorded.
	RuntimeTrace string
	// Prediction is the virtual twin's run (Predict) when the caller has it
	// already; nil: the run computes it at its end.
	Prediction *labs.Result
	// Server, when set, is the URL of a running conclab serve (as
	// CheckServer returns it) for the run's requests, instead of a slow
	// server of the run's own on a loopback port; the result's facts say
	// it (FactServer), and its counts of requests are the run's own.
	Server string
}

// The facts every real run adds to its variant's own (see Run.Wait).
const (
	// FactPredicted is the total of the virtual twin, in seconds.
	FactPredicted = "predicted_seconds"
	// FactMeasured is the real run's total, in seconds (to the millisecond).
	FactMeasured = "measured_seconds"
	// FactRatio is measured / predicted (two decimals); absent when the prediction is 0.
	FactRatio = "ratio"
)

// Run is a real run in progress, started by Start. Its methods are safe for
// concurrent use: a front end may call Snapshot from its own goroutine (say
// 20 times a second) while the run goes on in another.
type Run struct {
	// Variant and Values are what runs.
	Variant *Variant
	Values  labs.Values

	rec    *trace.Recorder
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	result labs.Result
	err    error
}

// Start begins a real run of v with values (valid for v's lab) and returns
// at once; the run goes on in its own goroutine until it ends, ctx is done
// or Cancel is called. The error, in one line, is about the values (see
// Variant.Check) or opts; a failure of the run itself comes from Wait.
func Start(ctx context.Context, v *Variant, values labs.Values, opts Options) (*Run, error) {
	if err := v.Check(values); err != nil {
		return nil, err
	}
	var stopTrace func() error
	if opts.RuntimeTrace != "" && !v.InChild {
		var err error
		if stopTrace, err = startRuntimeTrace(opts.RuntimeTrace); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	clk := newClock()
	r := &Run{Variant: v, Values: values, rec: trace.NewRecorderClock(v.Workers, clk.now), cancel: cancel, done: make(chan struct{})}
	j := &job{ctx: ctx, lab: v.Lab, values: values, rec: r.rec, clock: clk, server: opts.Server}
	if v.InChild {
		j.runtimeTrace = opts.RuntimeTrace
	}
	go func() {
		defer close(r.done)
		defer cancel()
		res, err := v.Run(j)
		j.closeServers()
		if opts.Server != "" {
			if res.Facts == nil {
				res.Facts = map[string]any{}
			}
			res.Facts[FactServer] = opts.Server
		}
		if res.Trace == nil {
			res.Trace = r.rec.Trace()
		}
		if stopTrace != nil {
			if terr := stopTrace(); err == nil && terr != nil {
				err = terr
			}
		}
		if err == nil {
			err = compare(v, values, opts.Prediction, &res)
		}
		if err != nil && ctx.Err() != nil {
			err = fmt.Errorf("%s: real %s: stopped before the end: %w", v.Lab.Name, v.Name, context.Cause(ctx))
		}
		r.mu.Lock()
		r.result, r.err = res, err
		r.mu.Unlock()
	}()
	return r, nil
}

// Snapshot returns a copy of the trace so far: spans still open end now, so
// Total grows with the wall clock while the run goes on. Once the run is
// over it is the final trace.
func (r *Run) Snapshot() *trace.Trace {
	select {
	case <-r.done:
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.result.Trace
	default:
		return r.rec.Trace()
	}
}

// Done is closed when the run is over.
func (r *Run) Done() <-chan struct{} { return r.done }

// Cancel stops the run: requests in flight give up, a child process is
// killed. It returns at once (Wait waits for the end); calling it again, or
// after the end, does nothing.
func (r *Run) Cancel() { r.cancel() }

// Wait waits for the end of the run and returns its result: the trace, the
// variant's facts and FactPredicted, FactMeasured and FactRatio. When the run
// was cancelled or failed, the error says so and the result holds what was
// recorded until then.
func (r *Run) Wait() (labs.Result, error) {
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.result, r.err
}

// compare adds the prediction's total and the ratio to the facts; pred
// is the prediction if it is known already.
func compare(v *Variant, values labs.Values, pred *labs.Result, res *labs.Result) error {
	if pred == nil {
		p, err := Predict(v, values)
		if err != nil {
			return fmt.Errorf("%s: prediction for real %s: %w", v.Lab.Name, v.Name, err)
		}
		pred = &p
	}
	if res.Facts == nil {
		res.Facts = map[string]any{}
	}
	measured := res.Trace.Total.Round(time.Millisecond)
	res.Facts[FactPredicted] = seconds(pred.Trace.Total)
	res.Facts[FactMeasured] = seconds(measured)
	if pred.Trace.Total > 0 {
		res.Facts[FactRatio] = math.Round(100*float64(measured)/float64(pred.Trace.Total)) / 100
	}
	return nil
}

// seconds is d in seconds as the float64 nearest to its exact decimal
// (1.777, not 1.7770000000000001 as d.Seconds() may give).
func seconds(d time.Duration) float64 {
	f, _ := strconv.ParseFloat(trace.Seconds(d), 64)
	return f
}

// startRuntimeTrace starts a runtime/trace into path; the function it
// returns stops it and closes the file.
func startRuntimeTrace(path string) (func() error, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("runtime trace: %w", err)
	}
	if err := rtrace.Start(f); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("runtime trace %s: %w (one at a time)", path, err)
	}
	return func() error {
		rtrace.Stop()
		if err := f.Close(); err != nil {
			return fmt.Errorf("runtime trace: %w", err)
		}
		return nil
	}, nil
}

// clock is a run's time, to the millisecond: the wall clock since the run
// (or its child) started, or, while a child's event is replayed, the
// child's own time of that event, so the parent's trace has the child's
// times exactly.
type clock struct {
	mu    sync.Mutex
	start time.Time
	fixed time.Duration // >= 0 while an event is replayed
}

func newClock() *clock { return &clock{start: time.Now(), fixed: -1} }

func (c *clock) now() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fixed >= 0 {
		return c.fixed
	}
	return time.Since(c.start).Round(time.Millisecond)
}

// restart makes now count from this instant (a child has started its clock).
func (c *clock) restart() {
	c.mu.Lock()
	c.start = time.Now()
	c.mu.Unlock()
}

// replay runs record with the clock stopped at at.
func (c *clock) replay(at time.Duration, record func()) {
	c.mu.Lock()
	c.fixed = at
	c.mu.Unlock()
	record()
	c.mu.Lock()
	c.fixed = -1
	c.mu.Unlock()
}
