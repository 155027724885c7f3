// Package labs defines what a lab is — its parameters, variants and
// walkthrough, and the capabilities it declares beyond them (extra views,
// predictions, real runs) — and holds the registry of labs. It is the
// contract between a lab and the front ends: no terminal code (labs never
// import tui/ or internal/), and front ends never name a lab. Each lab
// lives in its own package under labs/ and registers itself with Register
// from an init function; the package conclab/labs/all imports every lab.
package labs

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"conclab/labs/trace"
)

// Lab is one independent module: a question, parameters to change, variants
// to compare and a walkthrough of steps.
type Lab struct {
	// Name is the lab's identifier on the command line ("chess").
	Name string
	// Title is its human name ("Chess exhibition").
	Title string
	// Summary is one line saying what the lab shows.
	Summary string
	// Order places the lab in lists, from easy to hard.
	Order int
	// Params are the parameters, in the order forms and help show them.
	Params []Param
	// Variants are the versions of the program to compare, the first being the naive one.
	Variants []Variant
	// Default lists the variants run when none is chosen; empty means all.
	Default []string
	// Steps is the walkthrough.
	Steps []Step
	// Check validates the parameters together (e.g. limit <= count), after each
	// one was checked alone; nil means no cross-checks.
	Check func(Values) error
	// Predict makes a predict-then-run lab: it runs variant and judges the
	// learner's prediction of its output lines, line by line. Front ends
	// show a variant's source and ask for a prediction before they reveal
	// its output (its variants are puzzles, not lanes). nil for other labs.
	Predict func(variant string, prediction []string) (Verdict, error)
	// Views are the views the lab adds to the generic ones (zero: none).
	Views Views
	// Real are the lab's real runs; nil when it has none.
	Real *Real
	// Facts are the facts of a run, beside each variant's total, that the
	// learner is asked to guess before the lanes play (see Guessable).
	Facts []Fact
	// Glossary are the lab's own terms, shown in the legend beside the
	// glyphs every lab shares.
	Glossary []Term
}

// Variant is one version of a lab's program.
type Variant struct {
	Name string
	// Summary is one line: what this version does and why.
	Summary string
	// Source is its Go source, shown to the learner (see FuncSource).
	Source string
	// Why is one line saying why its total is what it is, shown beside
	// the learner's guess of it; empty: Summary says it.
	Why string
	// Run runs the variant with validated parameters.
	Run func(Values) (Result, error)
	// Work names the work the variant does when it is not the lab's main
	// work ("" is the main work): the locks lab's transfers beside its
	// counter, the gil lab's convoy beside its jobs. Front ends give a
	// speedup only between variants of the same work (see Baselines).
	Work string
}

// Result is what a variant's run produced.
type Result struct {
	Trace *trace.Trace
	// Facts are lab-specific results beside the total, keyed by name
	// ("frames": 30, "tally": {"200": 31}); nil when there are none.
	Facts map[string]any
	// Incomplete says, in a few words, how the run fell short of the work it
	// was given ("gave up after a 418 (ID): cancelled 18 of 20", "lost 4 of
	// 31 updates"); empty when it did all of it. Front ends give such a run
	// no speedup: its total is not the time of the same work.
	Incomplete string
	// Leaked lists the tasks still alive when the program's main returned
	// (goroutines it started and never stopped: see sched.Sim.Main), in
	// the order they started; front ends mark their rows at the end of the
	// run. nil when none leaked.
	Leaked []Stuck
	// Deadlock says how a run that deadlocked ended; nil for one that did
	// not. Such a run is also Incomplete.
	Deadlock *Deadlock
}

// Stuck is a task that a run left behind, and what it was doing then.
type Stuck struct {
	// Task is the task's name, as in the trace.
	Task string
	// Doing says what it was doing, after its name: "waits on chan
	// results", "waits on lock B", "is waiting (io)".
	Doing string
}

// String is "B waits on chan results".
func (s Stuck) String() string { return s.Task + " " + s.Doing }

// Deadlock is the end of a run in which every task fell asleep with none
// left to wake another (Go's "all goroutines are asleep - deadlock!").
type Deadlock struct {
	// Asleep lists every task still alive, in the order they started.
	Asleep []Stuck
	// Cycle says who waits for whom in the ring of locks, one line per
	// task of it: "t1 holds A, waits for B". Empty when the tasks wait for
	// something else (a channel, a join).
	Cycle []string
}

// Text is the deadlock in one line: its cycle ("t1 holds A, waits for B;
// t2 holds B, waits for A"), else what each task waits on.
func (d Deadlock) Text() string {
	if len(d.Cycle) > 0 {
		return strings.Join(d.Cycle, "; ")
	}
	parts := make([]string, len(d.Asleep))
	for i, s := range d.Asleep {
		parts[i] = s.String()
	}
	return strings.Join(parts, "; ")
}

// Complete reports whether the run did all its work (Incomplete is empty).
func (r Result) Complete() bool { return r.Incomplete == "" }

// Baseline is the index of the result that the others' speedups are
// measured against: the first that completed its work, or -1 when none did.
// It holds for results of the same work; see Baselines for variants that
// do different work.
func Baseline(results []Result) int {
	for i, r := range results {
		if r.Complete() && r.Trace != nil {
			return i
		}
	}
	return -1
}

// Baselines says, for each result, which result its speedup is measured
// against: the first complete one of a variant doing the same work
// (works[i] is the Work of results[i]'s variant). A speedup compares the
// time of the same work, so a result gets none (-1) when it did not do
// all of its work (Incomplete) or has no trace; a result that is its own
// baseline is the one the others of its work are measured against.
func Baselines(works []string, results []Result) []int {
	out := make([]int, len(results))
	first := map[string]int{}
	for i, r := range results {
		out[i] = -1
		if !r.Complete() || r.Trace == nil {
			continue
		}
		if _, ok := first[works[i]]; !ok {
			first[works[i]] = i
		}
		out[i] = first[works[i]]
	}
	return out
}

// Works returns the Work of each of the variants called names ("" for a
// name that is not one of l's variants).
func (l *Lab) Works(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		if v, err := l.Variant(n); err == nil {
			out[i] = v.Work
		}
	}
	return out
}

// Step is one page of a lab's walkthrough.
type Step struct {
	Title string
	// Body is markdown.
	Body string
	// Commands are the `conclab run ...` command lines the step gives in
	// its code blocks, in order, as written (a trailing `# comment`
	// dropped). Front ends derive each one's Setup with the command line's
	// own parser, so that a step's setup and its command cannot disagree.
	Commands []string
}

// Setup is a lab prepared: the lanes, the parameters and the walkthrough
// step that a walkthrough's command, or `conclab LAB --set ...`, asks
// for. The zero Setup changes nothing: the lab's usual variants, its
// defaults, the first step.
type Setup struct {
	// Variants are the variants to show, in order (empty: the lab's
	// usual ones). In a predict-then-run lab, the first is the puzzle.
	Variants []string
	// Set are parameter values as typed (name → "500ms"), on top of the
	// defaults; Resolve checks them.
	Set map[string]string
	// Step is a walkthrough step, from 1 (0: the first).
	Step int
	// AtStart pauses the lanes at their first event, to step through them
	// (a command with --steps); otherwise they play, as after a rerun.
	AtStart bool
	// Output shows the lanes' whole output instead of their timelines (--full).
	Output bool
	// Real asks for the real runs of the lanes (--real).
	Real bool
	// All asks for every variant (--all-variants), before the lab is known.
	All bool
}

var (
	mu       sync.RWMutex
	registry = map[string]*Lab{}
)

// Register adds a lab to the registry. It panics on a duplicate or invalid
// lab: that is a programming error, caught by the registry's own tests.
func Register(l *Lab) {
	if err := l.validate(); err != nil {
		panic(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[l.Name]; dup {
		panic(fmt.Sprintf("labs: lab %q registered twice", l.Name))
	}
	registry[l.Name] = l
}

// All returns the registered labs in their Order, then by name.
func All() []*Lab {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]*Lab, 0, len(registry))
	for _, l := range registry {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b *Lab) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// Get returns the lab called name, or an error that lists the labs there are.
func Get(name string) (*Lab, error) {
	mu.RLock()
	l, ok := registry[name]
	mu.RUnlock()
	if ok {
		return l, nil
	}
	var names []string
	for _, l := range All() {
		names = append(names, l.Name)
	}
	return nil, fmt.Errorf("unknown lab %q (labs: %s)", name, strings.Join(names, ", "))
}

// Variant returns the variant called name, or an error that lists the variants there are.
func (l *Lab) Variant(name string) (*Variant, error) {
	for i := range l.Variants {
		if l.Variants[i].Name == name {
			return &l.Variants[i], nil
		}
	}
	return nil, fmt.Errorf("%s: unknown variant %q (variants: %s)", l.Name, name, strings.Join(l.VariantNames(), ", "))
}

// VariantNames lists the variants' names in order.
func (l *Lab) VariantNames() []string {
	names := make([]string, len(l.Variants))
	for i, v := range l.Variants {
		names[i] = v.Name
	}
	return names
}

// DefaultVariants is Default, or every variant when Default is empty.
func (l *Lab) DefaultVariants() []string {
	if len(l.Default) > 0 {
		return l.Default
	}
	return l.VariantNames()
}

// Param returns the parameter called name.
func (l *Lab) Param(name string) (*Param, bool) {
	for i := range l.Params {
		if l.Params[i].Name == name {
			return &l.Params[i], true
		}
	}
	return nil, false
}

func (l *Lab) validate() error {
	if l.Name == "" || l.Summary == "" || len(l.Variants) == 0 {
		return fmt.Errorf("labs: lab %q needs a name, a summary and variants", l.Name)
	}
	for _, v := range l.Variants {
		if v.Run == nil || v.Name == "" {
			return fmt.Errorf("labs: lab %q: variant %q has no name or no Run", l.Name, v.Name)
		}
	}
	for _, n := range l.Default {
		if _, err := l.Variant(n); err != nil {
			return fmt.Errorf("labs: default variant: %w", err)
		}
	}
	if _, err := l.Resolve(nil); err != nil {
		return fmt.Errorf("labs: defaults: %w", err)
	}
	for _, f := range l.Facts {
		if f.Name == "" || f.Question == "" || strings.ContainsAny(f.Name, ".,= ") {
			return fmt.Errorf("labs: lab %q: a fact needs a name (no . , = or space) and a question", l.Name)
		}
		for _, n := range f.Variants {
			if _, err := l.Variant(n); err != nil {
				return fmt.Errorf("labs: fact %s: %w", f.Name, err)
			}
		}
	}
	if err := l.Views.validate(l); err != nil {
		return err
	}
	if l.Real != nil {
		return l.Real.validate(l)
	}
	return nil
}
