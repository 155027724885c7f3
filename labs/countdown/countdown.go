// Package countdown is the countdown lab: a function that never yields is
// synchronous. Four countdowns from 3 (A every 0.7 s, B every 2 s, C every
// 0.3 s, D every 1 s) share one event loop. With a sleep that yields they
// interleave and finish in 6 s, the longest one; with a blocking sleep they
// run one after another and take 12 s, the sum. Goroutines interleave with
// the very same blocking call, because the Go runtime parks only the
// goroutine that sleeps.
package countdown

import (
	_ "embed"
	"fmt"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

//go:embed variants.go
var variantsSource string

//go:embed walkthrough.md
var walkthrough string

// Limits on the tasks parameter.
const (
	// MaxTasks is the most countdowns a run may have (one per letter).
	MaxTasks = 26
	// MaxNameLen is the longest task name, in letters or digits.
	MaxNameLen = 8
	// MinDelay and MaxDelay bound each countdown's delay, inclusive.
	MinDelay, MaxDelay = time.Millisecond, time.Hour
	// DefaultList is the tasks parameter's default: the four countdowns of the lab.
	DefaultList = "A=700ms,B=2s,C=300ms,D=1s"

	delayRange = "1ms..1h" // MinDelay..MaxDelay as the user types them
)

// SlowTask is the debug mode's limit: a countdown that holds the loop this
// long or longer is reported, as asyncio's debug mode reports a callback that
// took at least loop.slow_callback_duration (0.1 s by default).
const SlowTask = 100 * time.Millisecond

func init() { labs.Register(Lab()) }

// Lab returns the countdown lab.
func Lab() *labs.Lab {
	return &labs.Lab{
		Name:    "countdown",
		Title:   "Countdowns",
		Summary: "Four countdowns on one loop: 6 s when each sleep yields, 12 s when it blocks",
		Order:   20,
		Params: []labs.Param{
			{Name: "tasks", Kind: labs.Text, Default: DefaultList, Allowed: fmt.Sprintf("NAME=DELAY,… 1 to %d", MaxTasks),
				Help:     fmt.Sprintf("the countdowns, NAME=DELAY separated by commas (at most %d, delays %s)", MaxTasks, delayRange),
				Validate: func(s string) error { _, err := ParseTasks(s); return err }},
			{Name: "from", Kind: labs.Int, Default: "3", Min: "1", Max: "100", Help: "the number each countdown starts from"},
		},
		Variants: []labs.Variant{
			{Name: "yielding", Summary: "each countdown sleeps and gives the loop back: they interleave, total = the longest",
				Source: source("Yielding"), Run: run(sched.Cooperative, Yielding)},
			{Name: "blocking", Summary: "the same loop with a blocking sleep: one countdown after another, total = the sum",
				Source: source("Blocking"), Run: run(sched.Cooperative, Blocking)},
			{Name: "goroutines", Summary: "the blocking sleep in goroutines: the runtime parks only the sleeper, so they interleave",
				Source: source("Blocking"), Run: run(sched.GoRuntime, Blocking)},
		},
		Steps: labs.ParseSteps(walkthrough),
		Facts: []labs.Fact{{Name: "first", Question: "first line", Word: true, Read: firstLine,
			Why: map[string]string{
				"yielding":   "they all sleep side by side: the shortest delay prints first",
				"blocking":   "each countdown holds the loop to its end: the first one started prints first",
				"goroutines": "they all sleep side by side: the shortest delay prints first",
			}}},
		// The countdowns' indented output shows every line: the interleaving is the lesson.
		Views: labs.Views{OutputRows: 8},
	}
}

// source is the countdown's code followed by Main, which starts it.
func source(countdown string) string {
	return labs.FuncSource(variantsSource, countdown) + "\n\n" + labs.FuncSource(variantsSource, "Main")
}

// ParseTasks reads the tasks parameter: NAME=DELAY pairs separated by commas
// ("A=700ms,B=2s"). Names are 1 to MaxNameLen letters or digits, each used
// once; delays are Go durations from MinDelay to MaxDelay; there are 1 to
// MaxTasks pairs. Counters are indexed in the order given.
func ParseTasks(s string) ([]Counter, error) {
	example := "e.g. " + DefaultList
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("no tasks (%s)", example)
	}
	items := strings.Split(s, ",")
	if len(items) > MaxTasks {
		return nil, fmt.Errorf("%d tasks is too many (allowed: 1..%d)", len(items), MaxTasks)
	}
	counters := make([]Counter, 0, len(items))
	seen := make(map[string]bool, len(items))
	for i, item := range items {
		name, delay, ok := strings.Cut(strings.TrimSpace(item), "=")
		name, delay = strings.TrimSpace(name), strings.TrimSpace(delay)
		if !ok {
			return nil, fmt.Errorf("%q is not NAME=DELAY (%s)", strings.TrimSpace(item), example)
		}
		if !validName(name) {
			return nil, fmt.Errorf("task name %q must be 1 to %d ASCII letters or digits", name, MaxNameLen)
		}
		if seen[name] {
			return nil, fmt.Errorf("task %s appears twice", name)
		}
		seen[name] = true
		d, err := time.ParseDuration(delay)
		if err != nil {
			return nil, fmt.Errorf("task %s: delay %q is not a duration%s (allowed: %s)", name, delay, labs.UnitHint(delay), delayRange)
		}
		if d < MinDelay || d > MaxDelay {
			return nil, fmt.Errorf("task %s: delay %s is out of range (allowed: %s)", name, delay, delayRange)
		}
		counters = append(counters, Counter{Name: name, Index: i, Delay: d})
	}
	return counters, nil
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

// run simulates Main with the given countdown on one worker under model,
// with debug mode on, and reads the facts off the trace.
func run(model sched.Model, countdown func(*sched.Task, Counter, int)) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		counters, err := ParseTasks(v.Text("tasks"))
		if err != nil {
			return labs.Result{}, fmt.Errorf("tasks: %w", err)
		}
		from := v.Int("from")
		sim := sched.New(sched.Config{Model: model, Workers: 1, SlowTask: SlowTask})
		sim.Go("main", func(t *sched.Task) { Main(t, counters, from, countdown) })
		tr, err := sim.Run()
		if err != nil {
			return labs.Result{}, err
		}
		return labs.Result{Trace: tr, Facts: Facts(tr, counters, from)}, nil
	}
}

// maxOrder is how many lines the "order" fact lists before it stops.
const maxOrder = 60

// Facts reads the countdowns' results off a trace: "order" lists the lines
// as they came ("C3 C2 A3 ...", cut after maxOrder); "longest_seconds" is the longest
// countdown alone (from x its delay: the total when they interleave);
// "sum_seconds" is all of them one after another (the total when they
// block); "warnings" counts debug mode's reports of a countdown holding the
// loop for SlowTask or longer.
func Facts(tr *trace.Trace, counters []Counter, from int) map[string]any {
	order := make([]string, 0, min(len(tr.Output), maxOrder+1))
	for i, l := range tr.Output {
		if i == maxOrder {
			order = append(order, fmt.Sprintf("... (%d more)", len(tr.Output)-maxOrder))
			break
		}
		order = append(order, strings.ReplaceAll(strings.TrimSpace(l.Text), " = ", ""))
	}
	var longest, sum time.Duration
	for _, c := range counters {
		d := time.Duration(from) * c.Delay
		longest = max(longest, d)
		sum += d
	}
	return map[string]any{
		"order":           strings.Join(order, " "),
		"longest_seconds": longest.Seconds(),
		"sum_seconds":     sum.Seconds(),
		"warnings":        len(tr.Warnings),
	}
}

// firstLine is the "first" fact: the first line printed, as the "order"
// fact writes it ("C3").
func firstLine(r labs.Result) (string, bool) {
	order, ok := r.Facts["order"].(string)
	if !ok || order == "" {
		return "", false
	}
	first, _, _ := strings.Cut(order, " ")
	return first, true
}
