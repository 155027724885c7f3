// Package eventloop is the "build the loop yourself" lab: a toy event loop
// in about a hundred lines of Go (toyloop.go), which the learner reads and
// steps through.
//
// Tasks are coroutines (iter.Pull over a function that yields its next
// wake-up time). The loop keeps a min-heap of (wake time, push order, task),
// pops the earliest, waits until then on a virtual clock (its only blocking
// call), resumes the task and pushes its next wake time. Three countdowns,
// A from 5, B from 3 after 2 s and C from 4 after 1 s, with 1 s steps, all
// lift off at exactly 5 s.
//
// At every event the loop records its queues (the running task, the tasks
// due now, the timers still ahead) into the trace as trace.Queues, which the
// lanes and `conclab run --steps` write with trace.Queues.Text. The `engine`
// variant runs the same countdowns on labs/sched and gives the same output at
// the same times; the `blocking` variant shows what one blocking call does to
// the whole loop.
package eventloop

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

//go:embed tasks.go
var tasksSource string

//go:embed toyloop.go
var toyLoopSource string

//go:embed walkthrough.md
var walkthrough string

func init() { labs.Register(Lab()) }

// Lab returns the event-loop lab.
func Lab() *labs.Lab {
	return &labs.Lab{
		Name:    "eventloop",
		Title:   "Build the event loop yourself",
		Summary: "A toy event loop in ~100 lines: coroutines, a heap of wake-up times and one clock; step through its queues",
		Order:   40,
		Params: []labs.Param{
			{Name: "countdowns", Kind: labs.Text, Default: "A=5,B=3@2s,C=4@1s", Validate: validateCountdowns, Allowed: fmt.Sprintf("NAME=FROM[@DELAY],… 1 to %d", MaxCountdowns),
				Help: "the tasks: NAME=FROM counts down from FROM at once, NAME=FROM@DELAY starts after DELAY (1 to 8 tasks, FROM 1..100, DELAY 0s..1h)"},
			{Name: "step", Kind: labs.Duration, Default: "1s", Min: "1ms", Max: "1h", Help: "time between two numbers of a countdown"},
			{Name: "blocker", Kind: labs.Text, Default: "", Allowed: "a countdown's name, or empty", Variants: []string{"blocking"}, Empty: defaultBlocker, Help: "in the blocking variant, the countdown that sleeps with a blocking call: one of the countdowns' names; empty means the second one (B), or the only one"},
		},
		Check: func(v labs.Values) error {
			cs, err := ParseCountdowns(v.Text("countdowns"))
			if err != nil {
				return err
			}
			if _, err := blocker(cs, v.Text("blocker")); err != nil {
				return err
			}
			return nil
		},
		Variants: []labs.Variant{
			{Name: "toy", Summary: "the toy loop: countdowns yield their next wake-up time, the loop pops the earliest from a heap",
				Source: labs.FuncSource(tasksSource, "Count") + "\n\n// ---- toyloop.go: the loop itself ----\n\n" + toyLoopSource, Run: run(toy, false)},
			{Name: "engine", Summary: "the same countdowns on labs/sched's cooperative loop: same lines at the same times",
				Source: labs.FuncSource(tasksSource, "CountOnEngine"), Run: run(engine, false)},
			{Name: "blocking", Summary: "one countdown sleeps with a blocking call inside the toy loop: every task stops with it",
				Source: labs.FuncSource(tasksSource, "CountBlocking"), Run: run(toy, true)},
		},
		Steps: labs.ParseSteps(walkthrough),
	}
}

// Countdown is one countdown task: its name, the number it counts down from,
// and how long it waits before it starts.
type Countdown struct {
	Name  string
	From  int
	Delay time.Duration
}

// Limits of the countdowns parameter.
const (
	MaxCountdowns = 8
	MaxFrom       = 100
	MaxDelay      = time.Hour
	maxName       = 12
)

// ParseCountdowns reads a comma-separated list of countdowns: "A=5" counts
// down from 5 at once, "B=3@2s" counts down from 3 after waiting 2 s. The
// error says which item is wrong and what is allowed.
func ParseCountdowns(text string) ([]Countdown, error) {
	var cs []Countdown
	seen := map[string]bool{}
	for item := range strings.SplitSeq(text, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, rest, ok := strings.Cut(item, "=")
		if !ok {
			return nil, fmt.Errorf("%q is not NAME=FROM or NAME=FROM@DELAY (e.g. B=3@2s)", item)
		}
		name = strings.TrimSpace(name)
		if !validName(name) {
			return nil, fmt.Errorf("name %q must be 1 to %d ASCII letters, digits, - or _", name, maxName)
		}
		if seen[name] {
			return nil, fmt.Errorf("name %q appears twice", name)
		}
		seen[name] = true
		fromText, delayText, hasDelay := strings.Cut(rest, "@")
		from, err := strconv.Atoi(strings.TrimSpace(fromText))
		if err != nil || from < 1 || from > MaxFrom {
			return nil, fmt.Errorf("%s: count %q must be a whole number in 1..%d", name, strings.TrimSpace(fromText), MaxFrom)
		}
		c := Countdown{Name: name, From: from}
		if hasDelay {
			d, err := time.ParseDuration(strings.TrimSpace(delayText))
			if err != nil || d < 0 || d > MaxDelay {
				return nil, fmt.Errorf("%s: delay %q must be a duration in 0s..1h%s", name, strings.TrimSpace(delayText), labs.UnitHint(delayText))
			}
			c.Delay = d
		}
		cs = append(cs, c)
	}
	switch {
	case len(cs) == 0:
		return nil, fmt.Errorf("no countdowns (write them like A=5,B=3@2s)")
	case len(cs) > MaxCountdowns:
		return nil, fmt.Errorf("%d countdowns is too many (1..%d)", len(cs), MaxCountdowns)
	}
	return cs, nil
}

func validateCountdowns(text string) error {
	_, err := ParseCountdowns(text)
	return err
}

func validName(s string) bool {
	if s == "" || len(s) > maxName {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// blocker returns the name of the countdown that blocks: name if it is one
// of the countdowns, the second countdown (or the only one) if name is empty.
func blocker(cs []Countdown, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return cs[min(1, len(cs)-1)].Name, nil
	}
	for _, c := range cs {
		if c.Name == name {
			return name, nil
		}
	}
	return "", fmt.Errorf("blocker = %q is not one of the countdowns (allowed: %s, or empty for the second one)", name, strings.Join(names(cs), ", "))
}

// defaultBlocker is the countdown that an empty blocker stands for.
func defaultBlocker(v labs.Values) string {
	cs, err := ParseCountdowns(v.Text("countdowns"))
	if err != nil || len(cs) == 0 {
		return ""
	}
	name, _ := blocker(cs, "")
	return name
}

func names(cs []Countdown) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// setup is what a variant runs: the countdowns, the step, and the name of
// the countdown that blocks ("" for none).
type setup struct {
	countdowns []Countdown
	step       time.Duration
	blocker    string
}

// run adapts a runner to a variant; blocking says whether the countdown
// named by the blocker parameter makes blocking calls.
func run(runner func(setup) (*trace.Trace, error), blocking bool) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		cs, err := ParseCountdowns(v.Text("countdowns"))
		if err != nil {
			return labs.Result{}, fmt.Errorf("countdowns: %w", err)
		}
		s := setup{countdowns: cs, step: v.Duration("step")}
		if blocking {
			if s.blocker, err = blocker(cs, v.Text("blocker")); err != nil {
				return labs.Result{}, err
			}
		}
		tr, err := runner(s)
		if err != nil {
			return labs.Result{}, err
		}
		return labs.Result{Trace: tr, Facts: facts(tr)}, nil
	}
}

// toy runs the countdowns on the toy loop.
func toy(s setup) (*trace.Trace, error) {
	l := NewLoop()
	for _, c := range s.countdowns {
		if c.Name == s.blocker {
			l.Go(c.Name, CountBlocking(l, c.From, c.Delay, s.step))
		} else {
			l.Go(c.Name, Count(l, c.From, c.Delay, s.step))
		}
	}
	l.Run()
	return l.Trace(), nil
}

// engine runs the countdowns on labs/sched's cooperative loop, with the
// queues recorded at every event.
func engine(s setup) (*trace.Trace, error) {
	sim := sched.New(sched.Config{Model: sched.Cooperative, Workers: 1, Snapshots: true})
	for _, c := range s.countdowns {
		sim.Go(c.Name, func(t *sched.Task) { CountOnEngine(t, c.From, c.Delay, s.step) })
	}
	return sim.Run()
}

// facts are the numbers a run is judged by: when each countdown lifted off,
// the longest any task waited past its wake-up time, and the number of steps.
func facts(tr *trace.Trace) map[string]any {
	lift := map[string]float64{}
	var late time.Duration
	for _, t := range tr.Tasks {
		if n := len(t.Spans); n > 0 {
			lift[t.Name] = t.Spans[n-1].End.Seconds()
		}
		for _, sp := range t.Spans {
			if sp.State == trace.Ready {
				late = max(late, sp.Duration())
			}
		}
	}
	return map[string]any{"lift_off_seconds": lift, "max_late_seconds": late.Seconds(), "steps": tr.Events.Len()}
}
