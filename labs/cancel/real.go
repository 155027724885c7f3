package cancel

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"conclab/labs"
	"conclab/labs/cancel/realcancel"
	"conclab/labs/trace"
)

// MaxRealLatency bounds a real run's replicas, its timeout and its linger.
const MaxRealLatency = 10 * time.Second

// realRuns are the searches in real Go: real goroutines, a real channel,
// context and errgroup, time.Sleep for the requests, in a child process.
// After main's linger the child counts the goroutines still alive with
// runtime.NumGoroutine (the fact leaked), then exits, and its leaks with it.
func realRuns() *labs.Real {
	variant := func(name, summary string, funcs ...string) labs.RealVariant {
		return labs.RealVariant{Name: name, Predicted: name, InChild: true, Check: realCheck, Summary: summary,
			Source: realcancel.Source(funcs...), Run: realRun(name)}
	}
	return &labs.Real{
		How: "real goroutines, channels, context and errgroup, time.Sleep for each request, in a child process, the wall clock",
		Variants: []labs.RealVariant{
			variant("first-leaky", "Pike's First with real goroutines: the leaked ones counted with runtime.NumGoroutine after main's linger",
				"First", "search", "send"),
			variant("first-buffered", "a buffered channel: every goroutine returns, none left", "FirstBuffered", "search", "send"),
			variant("first-context", "context.WithCancel: the slower requests give up when First returns", "FirstContext", "searchCtx", "send"),
			variant("ignores-cancel", "the context cancelled, never checked: the slower requests run to the end", "IgnoresCancel", "searchIgnoringCtx", "search", "send"),
			variant("timeout", "a select with time.After: what arrives in time", "Timeout", "search", "send"),
			variant("errgroup", "errgroup.WithContext: the first failure cancels the rest", "Errgroup", "searchCtx"),
		},
		Programs: map[string]labs.ChildProgram{"search": searchChild},
	}
}

// realCheck refuses waits too long for a real run.
func realCheck(v labs.Values) error {
	e, err := setup(v, false)
	if err != nil {
		return err
	}
	for _, r := range e.replicas {
		if r.Latency > MaxRealLatency {
			return fmt.Errorf("replica %s: latency %v is too long for a real run (allowed: up to %v)", r.Name, r.Latency, MaxRealLatency)
		}
	}
	if e.timeout > MaxRealLatency || e.linger > MaxRealLatency {
		return fmt.Errorf("timeout and linger must be at most %v for a real run", MaxRealLatency)
	}
	return nil
}

// searchArgs are what the child gets.
type searchArgs struct {
	Variant  string               `json:"variant"`
	Replicas []realcancel.Replica `json:"replicas"`
	Timeout  time.Duration        `json:"timeout"`
	Linger   time.Duration        `json:"linger"`
}

// realRun runs the search variant in a child, and reads what it left.
func realRun(variant string) func(env labs.RealEnv) (labs.Result, error) {
	return func(env labs.RealEnv) (labs.Result, error) {
		v := env.Values()
		e, err := setup(v, variant == "errgroup")
		if err != nil {
			return labs.Result{}, err
		}
		a := searchArgs{Variant: variant, Timeout: e.timeout, Linger: e.linger}
		for _, r := range e.replicas {
			a.Replicas = append(a.Replicas, realcancel.Replica{Name: r.Name, Latency: r.Latency, Fails: r.Fails})
		}
		child, err := env.Child(labs.ChildSpec{Program: "search", Args: a})
		tr := env.Recorder().Trace()
		if err != nil {
			return labs.Result{Trace: tr}, err
		}
		f := child.Facts
		res := labs.Result{Trace: tr, Facts: map[string]any{"answer": f["answer"], "leaked": f["leaked"]}}
		if where, ok := f["where"].([]any); ok && len(where) > 0 {
			left := make([]string, len(where))
			for i, w := range where {
				left[i], _ = w.(string)
				task, doing, _ := strings.Cut(left[i], " ")
				res.Leaked = append(res.Leaked, labs.Stuck{Task: task, Doing: doing})
			}
			res.Facts["where"] = left
		}
		var results []Result
		if s, _ := f["answer"].(string); s != "nothing" && s != "none" {
			for _, r := range strings.Split(s, ",") {
				results = append(results, Result(r))
			}
		}
		var askErr error
		if s, ok := f["error"].(string); ok {
			askErr = errors.New(s)
			res.Facts["error"] = s
		}
		res.Incomplete = incomplete(variant, e, results, askErr, tr)
		return res, nil
	}
}

// searchChild is the child's side: main asks, prints what it got, goes on
// for linger, and counts the goroutines still alive then.
func searchChild(env labs.ChildEnv) (map[string]any, error) {
	var a searchArgs
	if err := env.Args(&a); err != nil {
		return nil, err
	}
	rec := &alive{Recorder: env.Recorder(), on: map[string]string{}}
	ctx := context.Background()
	rec.Set("main", trace.Running, trace.NoWorker, "")
	before := runtime.NumGoroutine()
	// main starts the goroutines, then waits: on the channel, or for the group.
	if a.Variant == "errgroup" {
		rec.Set("main", trace.Waiting, trace.NoWorker, "join")
	} else {
		rec.Set("main", trace.Waiting, trace.NoWorker, "chan results")
	}
	var results []realcancel.Result
	var err error
	switch a.Variant {
	case "first-leaky":
		results = []realcancel.Result{realcancel.First(rec, a.Replicas)}
	case "first-buffered":
		results = []realcancel.Result{realcancel.FirstBuffered(rec, a.Replicas)}
	case "first-context":
		results = []realcancel.Result{realcancel.FirstContext(ctx, rec, a.Replicas)}
	case "ignores-cancel":
		results = []realcancel.Result{realcancel.IgnoresCancel(ctx, rec, a.Replicas)}
	case "timeout":
		results = realcancel.Timeout(rec, a.Replicas, a.Timeout)
	case "errgroup":
		results, err = realcancel.Errgroup(ctx, rec, a.Replicas)
	default:
		return nil, fmt.Errorf("no search %q", a.Variant)
	}
	rec.Set("main", trace.Running, trace.NoWorker, "")
	answer := make([]string, len(results))
	for i, r := range results {
		answer[i] = string(r)
	}
	facts := map[string]any{"answer": strings.Join(answer, ",")}
	if len(answer) == 0 {
		facts["answer"] = "nothing"
	}
	if err != nil {
		rec.Printf("main", "error: %v", err)
		facts["answer"], facts["error"] = "none", err.Error()
	} else {
		rec.Printf("main", "answer: %s", strings.Join(answer, ", "))
	}
	rec.Set("main", trace.Waiting, trace.NoWorker, "timer")
	time.Sleep(a.Linger) // the program goes on
	facts["leaked"] = runtime.NumGoroutine() - before
	order := make([]string, len(a.Replicas))
	for i, r := range a.Replicas {
		order[i] = r.Name
	}
	facts["where"] = rec.left(order)
	rec.Done("main")
	return facts, nil
}

// alive is a recorder that keeps what each task waits on, and which have
// returned: the others are the ones main leaves behind.
type alive struct {
	labs.Recorder
	mu   sync.Mutex
	on   map[string]string // task -> what it waits on ("" when it runs)
	done []string
	seen []string
}

func (a *alive) Set(name string, state trace.State, worker int, on string) {
	a.mu.Lock()
	if _, ok := a.on[name]; !ok {
		a.seen = append(a.seen, name)
	}
	a.on[name] = on
	a.mu.Unlock()
	a.Recorder.Set(name, state, worker, on)
}

func (a *alive) Done(name string) {
	a.mu.Lock()
	a.done = append(a.done, name)
	a.mu.Unlock()
	a.Recorder.Done(name)
}

// left says what each task that has not returned (but main) is doing, in
// the order of names (the order main started them in), as sched.Leak
// does: "B waits on chan results", "C is waiting (io)".
func (a *alive) left(names []string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, name := range names {
		if !slices.Contains(a.seen, name) {
			continue
		}
		if name == "main" || slices.Contains(a.done, name) {
			continue
		}
		switch on := a.on[name]; on {
		case "io", "timer":
			out = append(out, name+" is waiting ("+on+")")
		case "":
			out = append(out, name+" is running")
		default:
			out = append(out, name+" waits on "+on)
		}
	}
	return out
}
