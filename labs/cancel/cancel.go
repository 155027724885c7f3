// Package cancel is the cancel lab: who stops the goroutines you started?
// Rob Pike's replicated search ("Go Concurrency Patterns", 2012) asks three
// replicas (A 30 ms, B 90 ms, C 50 ms) and takes the first answer. With an
// unbuffered channel the two slower replicas block on their send for ever:
// two goroutines leak per call. A buffered channel ends the leak but not
// the wasted work; a context ends the work, but only in code that checks
// it. Two more shapes: a select with a timer keeps what arrives in time,
// and an errgroup cancels the rest when one replica fails.
//
// The programs run on labs/sched's Go runtime model. The run ends when main
// returns, as a Go program exits then (sched.Sim.Main), and the goroutines
// still alive at that moment are the ones the program leaked.
package cancel

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

//go:embed variants.go
var variantsSource string

//go:embed context.go
var contextSource string

//go:embed errgroup.go
var errgroupSource string

//go:embed walkthrough.md
var walkthrough string

func init() { labs.Register(Lab()) }

// Limits on the replicas parameter.
const (
	// MaxReplicas is the most replicas a run may ask.
	MaxReplicas = 8
	// MaxNameLen is the longest replica name, in letters or digits.
	MaxNameLen = 8
	// MinLatency and MaxLatency bound each replica's latency, inclusive.
	MinLatency, MaxLatency = time.Millisecond, time.Hour
	// DefaultReplicas is the replicas parameter's default: Pike's three
	// replicas with the latencies this lab gives them.
	DefaultReplicas = "A=30ms,B=90ms,C=50ms"
	// None is the fail parameter's value for "no replica fails".
	None = "none"

	latencyRange = "1ms..1h" // MinLatency..MaxLatency as the user types them
)

// libraryNote separates a variant's program from the library it stands on.
const libraryNote = "// ---- The library the program stands on (context and errgroup on the virtual clock). ----"

// env is what a run gives a program: the replicas, the timeout, how long
// main goes on after its answer.
type env struct {
	replicas []Replica
	timeout  time.Duration
	linger   time.Duration
}

// program is one variant: the functions of variants.go it shows, the
// library files after them, and how main asks for its answer.
type program struct {
	name, summary string
	work          string // see labs.Variant.Work
	funcs         []string
	library       []string
	ask           func(t *sched.Task, e env) ([]Result, error)
}

var programs = []program{
	{name: "first-leaky", summary: "Pike's First: an unbuffered channel, the first answer wins, the slower replicas block on their send for ever",
		funcs: []string{"First", "search"},
		ask:   func(t *sched.Task, e env) ([]Result, error) { return []Result{First(t, e.replicas)}, nil }},
	{name: "first-buffered", summary: "room in the channel for every answer: nothing leaks, but the slower replicas still do all their work",
		funcs: []string{"FirstBuffered", "search"},
		ask:   func(t *sched.Task, e env) ([]Result, error) { return []Result{FirstBuffered(t, e.replicas)}, nil }},
	{name: "first-context", summary: "the first answer cancels a context: the slower requests see ctx.Done() and give up at once",
		funcs: []string{"FirstContext", "searchCtx"}, library: []string{contextSource},
		ask: func(t *sched.Task, e env) ([]Result, error) {
			return []Result{FirstContext(t, Background(), e.replicas)}, nil
		}},
	{name: "ignores-cancel", summary: "the context is cancelled, but the goroutines never check it: they work on to the end",
		funcs: []string{"IgnoresCancel", "searchIgnoringCtx", "search"}, library: []string{contextSource},
		ask: func(t *sched.Task, e env) ([]Result, error) {
			return []Result{IgnoresCancel(t, Background(), e.replicas)}, nil
		}},
	{name: "timeout", work: "every answer", summary: "a select with a timer: keep the answers that come before the timeout, stop waiting for the rest",
		funcs: []string{"Timeout", "search"},
		ask:   func(t *sched.Task, e env) ([]Result, error) { return Timeout(t, e.replicas, e.timeout), nil }},
	{name: "errgroup", work: "every answer", summary: "every answer wanted: the first replica to fail cancels the others' requests, and Wait returns its error",
		funcs: []string{"Errgroup", "searchCtx"}, library: []string{contextSource, errgroupSource},
		ask: func(t *sched.Task, e env) ([]Result, error) {
			results, err := Errgroup(t, Background(), e.replicas)
			if err != nil {
				return nil, err
			}
			return results, nil
		}},
}

// Lab returns the cancel lab.
func Lab() *labs.Lab {
	l := &labs.Lab{
		Name:    "cancel",
		Title:   "Cancellation and leaks",
		Summary: "Three replicas, the first answer wins: who stops the other two? An unbuffered channel leaks them; a context stops them if they check it",
		Order:   110,
		Params: []labs.Param{
			{Name: "replicas", Kind: labs.Text, Default: DefaultReplicas, Allowed: fmt.Sprintf("NAME=LATENCY,… 1 to %d", MaxReplicas),
				Help:     fmt.Sprintf("the replicas asked, NAME=LATENCY separated by commas (at most %d, latencies %s)", MaxReplicas, latencyRange),
				Validate: func(s string) error { _, err := ParseReplicas(s); return err }},
			{Name: "timeout", Kind: labs.Duration, Default: "80ms", Min: "1ms", Max: "1h",
				Help: "timeout: how long the select waits for answers before it gives up"},
			{Name: "fail", Kind: labs.Text, Default: "C", Allowed: "a replica's name or " + None,
				Help: "errgroup: the replica whose request fails after its latency (none: every replica answers)",
				Validate: func(s string) error {
					if s == None || validName(s) {
						return nil
					}
					return fmt.Errorf("must be %s or the name of one of the replicas", None)
				}},
			{Name: "linger", Kind: labs.Duration, Default: "100ms", Min: "0s", Max: "1h",
				Help: "how long main goes on after its answer before it returns; the goroutines alive then are counted as leaked"},
		},
		Check: func(v labs.Values) error {
			_, err := setup(v, true)
			return err
		},
		Default: []string{"first-leaky", "first-buffered", "first-context", "ignores-cancel"},
		Facts:   []labs.Fact{{Name: "leaked", Question: "goroutines leaked"}},
		Glossary: []labs.Term{
			{Word: "leaked", Meaning: "a goroutine still blocked when the program is done with it: it never ends, and holds its memory"},
		},
		Steps: labs.ParseSteps(walkthrough),
		Real:  realRuns(),
	}
	for _, p := range programs {
		l.Variants = append(l.Variants, labs.Variant{Name: p.name, Summary: p.summary, Source: p.source(), Run: p.run, Work: p.work})
	}
	return l
}

// ParseReplicas reads the replicas parameter: NAME=LATENCY pairs separated
// by commas ("A=30ms,B=90ms"). Names are 1 to MaxNameLen letters or digits,
// each used once, and not "none"; latencies are Go durations from
// MinLatency to MaxLatency; there are 1 to MaxReplicas pairs.
func ParseReplicas(s string) ([]Replica, error) {
	example := "e.g. " + DefaultReplicas
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("no replicas (%s)", example)
	}
	items := strings.Split(s, ",")
	if len(items) > MaxReplicas {
		return nil, fmt.Errorf("%d replicas is too many (allowed: 1..%d)", len(items), MaxReplicas)
	}
	replicas := make([]Replica, 0, len(items))
	for _, item := range items {
		name, latency, ok := strings.Cut(strings.TrimSpace(item), "=")
		name, latency = strings.TrimSpace(name), strings.TrimSpace(latency)
		if !ok {
			return nil, fmt.Errorf("%q is not NAME=LATENCY (%s)", strings.TrimSpace(item), example)
		}
		if !validName(name) || name == None || name == "main" {
			return nil, fmt.Errorf("replica name %q must be 1 to %d ASCII letters or digits (not %s or main)", name, MaxNameLen, None)
		}
		if slices.ContainsFunc(replicas, func(r Replica) bool { return r.Name == name }) {
			return nil, fmt.Errorf("replica %s appears twice", name)
		}
		d, err := time.ParseDuration(latency)
		if err != nil {
			return nil, fmt.Errorf("replica %s: latency %q is not a duration%s (allowed: %s)", name, latency, labs.UnitHint(latency), latencyRange)
		}
		if d < MinLatency || d > MaxLatency {
			return nil, fmt.Errorf("replica %s: latency %s is out of range (allowed: %s)", name, latency, latencyRange)
		}
		replicas = append(replicas, Replica{Name: name, Latency: d})
	}
	return replicas, nil
}

func validName(name string) bool {
	if name == "" || len(name) > MaxNameLen {
		return false
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// setup reads a run's setting from validated parameters; with fail, the
// replica the fail parameter names fails (errgroup).
func setup(v labs.Values, fail bool) (env, error) {
	replicas, err := ParseReplicas(v.Text("replicas"))
	if err != nil {
		return env{}, fmt.Errorf("replicas: %w", err)
	}
	if f := v.Text("fail"); f != None {
		i := slices.IndexFunc(replicas, func(r Replica) bool { return r.Name == f })
		if i < 0 {
			return env{}, fmt.Errorf("fail: no replica %s (replicas: %s)", f, v.Text("replicas"))
		}
		replicas[i].Fails = fail
	}
	return env{replicas: replicas, timeout: v.Duration("timeout"), linger: v.Duration("linger")}, nil
}

// source is what the learner reads: the program's functions of
// variants.go, Main, and the library it stands on.
func (p program) source() string {
	parts := make([]string, 0, len(p.funcs)+1)
	for _, fn := range append(slices.Clone(p.funcs), "Main") {
		parts = append(parts, labs.FuncSource(variantsSource, fn))
	}
	src := strings.Join(parts, "\n\n")
	if len(p.library) > 0 {
		src += "\n\n" + libraryNote + "\n\n" + library(p.library)
	}
	return src
}

// library is the shown part of library files: each file from its first
// declaration on (no package clause, no imports).
func library(files []string) string {
	parts := make([]string, len(files))
	for i, src := range files {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "library.go", src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			panic(fmt.Sprintf("cancel: parse library: %v", err))
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				continue
			}
			start := d.Pos()
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Doc != nil {
					start = d.Doc.Pos()
				}
			case *ast.FuncDecl:
				if d.Doc != nil {
					start = d.Doc.Pos()
				}
			}
			parts[i] = strings.TrimSpace(src[fset.Position(start).Offset:])
			break
		}
	}
	return strings.Join(parts, "\n\n")
}

// run runs the program with main as sched's main task, so the run ends
// when main returns, and measures what it left behind.
func (p program) run(v labs.Values) (labs.Result, error) {
	e, err := setup(v, p.name == "errgroup")
	if err != nil {
		return labs.Result{}, err
	}
	var results []Result
	var askErr error
	var answered time.Duration
	sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: 1})
	sim.Main("main", func(t *sched.Task) {
		Main(t, func(t *sched.Task) ([]Result, error) {
			results, askErr = p.ask(t, e)
			answered = t.Now()
			return results, askErr
		}, e.linger)
	})
	tr, err := sim.Run()
	if err != nil {
		return labs.Result{}, err
	}
	leaked := sim.Leaked()
	facts := map[string]any{
		"answer":         strings.ReplaceAll(join(results), " ", ""),
		"leaked":         len(leaked),
		"wasted_seconds": Wasted(tr, answered).Seconds(),
	}
	if askErr != nil {
		facts["answer"] = "none"
		facts["error"] = askErr.Error()
	}
	var stuck []labs.Stuck
	if len(leaked) > 0 {
		left := make([]string, len(leaked))
		for i, l := range leaked {
			left[i] = l.String()
			stuck = append(stuck, labs.Stuck{Task: l.Task, Doing: strings.TrimPrefix(left[i], l.Task+" ")})
		}
		facts["where"] = left
	}
	return labs.Result{Trace: tr, Facts: facts, Incomplete: incomplete(p.name, e, results, askErr, tr), Leaked: stuck}, nil
}

// Wasted is the work the replicas did after the caller stopped waiting
// (at answered): the time their requests still ran (spans waiting on io,
// the request itself) after it, summed over the replicas.
func Wasted(tr *trace.Trace, answered time.Duration) time.Duration {
	var d time.Duration
	for _, task := range tr.Tasks {
		if task.Name == "main" {
			continue
		}
		for _, sp := range task.Spans {
			if sp.On == trace.OnIO && sp.End > answered {
				d += sp.End - max(sp.Start, answered)
			}
		}
	}
	return d
}

// incomplete says how a run fell short of its work: the replicas whose
// answers missed the timeout, or the error that made the errgroup give up
// and the requests it cancelled.
func incomplete(variant string, e env, results []Result, err error, tr *trace.Trace) string {
	switch {
	case variant == "timeout" && len(results) < len(e.replicas):
		var missed []string
		for _, r := range e.replicas {
			if !slices.Contains(results, Result(r.Name)) {
				missed = append(missed, r.Name)
			}
		}
		return fmt.Sprintf("missed the %v timeout: %s", e.timeout, strings.Join(missed, ", "))
	case err != nil:
		var cancelled []string
		for _, l := range tr.Output {
			if strings.HasSuffix(l.Text, ": "+Canceled.Error()) {
				cancelled = append(cancelled, l.Task)
			}
		}
		if len(cancelled) == 0 {
			return "gave up after " + err.Error()
		}
		return fmt.Sprintf("gave up after %v: cancelled %s", err, strings.Join(cancelled, ", "))
	}
	return ""
}
