// Package spinner is the spinner lab: can a program stay responsive while it
// waits? A spinner redraws |/-\ every frame while a slow function takes 3 s
// to return 42. With goroutines, or in an event loop whose slow task sleeps,
// it spins 30 times; when the slow task makes a blocking call or computes
// without yielding, the loop freezes and the spinner never draws a frame, yet
// the answer still comes at 3 s; computing in chunks with a yield before
// each, it spins again, a frame every few chunks (asyncio's iteration order).
//
// The event-loop variants run on labs/sched's cooperative model, which
// follows asyncio's iteration order, with its debug mode on as asyncio's
// debug mode: a step that holds the loop SlowCallback or longer is reported
// (the warnings show in the trace and in the facts). The goroutine variants
// have no debug mode: Go has none.
package spinner

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

// Label is the text the spinner draws beside its character.
const Label = "thinking!"

// maxFrames bounds wait/frame and wait/chunk: more would make a run too large to show.
const maxFrames = 100_000

// SlowCallback is the debug mode's limit in the event-loop variants:
// asyncio's default loop.slow_callback_duration (0.1 s, set in
// BaseEventLoop.__init__ in CPython's Lib/asyncio/base_events.py). asyncio
// reports a callback that took this long or longer (`dt >=
// self.slow_callback_duration` in _run_once), and so does the lab.
const SlowCallback = 100 * time.Millisecond

func init() { labs.Register(Lab()) }

// Lab returns the spinner lab.
func Lab() *labs.Lab {
	return &labs.Lab{
		Name:    "spinner",
		Title:   "Spinner",
		Summary: "A spinner beside a 3 s call: 30 frames when the wait gives way, none when it blocks the loop",
		Order:   10,
		Params: []labs.Param{
			{Name: "wait", Kind: labs.Duration, Default: "3s", Min: "1ms", Max: "10m", Help: "how long the slow function takes to return 42"},
			{Name: "frame", Kind: labs.Duration, Default: "100ms", Min: "1ms", Max: "10s", Help: "time between two spinner frames"},
			{Name: "chunk", Kind: labs.Duration, Default: "100ms", Min: "1ms", Max: "10s", Variants: []string{"loop-cpu-yield"}, Help: "CPU work between two yields in loop-cpu-yield (100 000 iterations of 1 µs)"},
		},
		Check: func(v labs.Values) error {
			s := SetupOf(v)
			if n := s.Wait / s.Frame; n > maxFrames {
				return fmt.Errorf("wait / frame = %d frames is too many to simulate (at most %d)", n, maxFrames)
			}
			if n := s.Wait / s.Chunk; n > maxFrames {
				return fmt.Errorf("wait / chunk = %d chunks is too many to simulate in loop-cpu-yield (at most %d)", n, maxFrames)
			}
			return nil
		},
		Variants: []labs.Variant{
			{Name: "goroutine", Summary: "the slow call runs in a goroutine and answers on a channel; closing done stops the spinner",
				Source: source("Goroutine", "SlowSleep", "Spin"), Run: run(sched.GoRuntime, goroutine(SlowSleep))},
			{Name: "context", Summary: "the spinner watches ctx.Done(); cancel() stops it once the slow call returns",
				Source: source("Context", "SlowContext", "Spin"), Run: run(sched.GoRuntime, Context)},
			{Name: "loop-yield", Summary: "one event loop; the slow task sleeps, giving the loop back: it spins",
				Source: source("SlowSleep", "Loop", "Spin"), Run: run(sched.Cooperative, loop(SlowSleep))},
			{Name: "loop-blocking", Summary: "one event loop; the slow task makes a blocking call: no frames, the answer still at 3 s",
				Source: source("SlowBlocking", "Loop", "Spin"), Run: run(sched.Cooperative, loop(SlowBlocking))},
			{Name: "loop-cpu", Summary: "one event loop; the slow task computes without yielding: the loop freezes",
				Source: source("SlowCPU", "Loop", "Spin"), Run: run(sched.Cooperative, loop(SlowCPU))},
			{Name: "loop-cpu-yield", Summary: "CPU work in chunks, a yield before each: it spins again, each frame two chunks late",
				Source: source("SlowCPUChunks", "Loop", "Spin"), Run: run(sched.Cooperative, loop(SlowCPUChunks))},
			{Name: "goroutine-cpu", Summary: "a CPU-bound goroutine on one thread: Go's preemption keeps the spinner going",
				Source: source("Goroutine", "SlowCPU", "Spin"), Run: run(sched.GoRuntime, goroutine(SlowCPU))},
		},
		Default: []string{"loop-yield", "loop-blocking"},
		Facts:   []labs.Fact{{Name: "frames", Question: "frames drawn"}},
		Glossary: []labs.Term{
			{Word: "frame", Meaning: "one spinner character drawn over the last (\\r + frame): the live line under the lane shows it"},
			{Word: "frozen", Meaning: "no frame for two frame times: the spinner is not getting the loop (or a thread)"},
		},
		Steps: labs.ParseSteps(walkthrough),
		// The spinner task's lines are its frames, drawn over each other.
		Views: labs.Views{LiveTask: "spinner"},
		Real:  realRuns(),
	}
}

// SetupOf reads the lab's numbers from validated parameters.
func SetupOf(v labs.Values) Setup {
	return Setup{Label: Label, Frame: v.Duration("frame"), Wait: v.Duration("wait"), Chunk: v.Duration("chunk")}
}

// source joins the source of the named functions of variants.go, the
// variant's own code first.
func source(names ...string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = labs.FuncSource(variantsSource, n)
	}
	return strings.Join(parts, "\n\n")
}

func goroutine(slow func(*sched.Task, Setup) int) func(*sched.Task, Setup) {
	return func(t *sched.Task, s Setup) { Goroutine(t, s, slow) }
}

func loop(slow func(*sched.Task, Setup) int) func(*sched.Task, Setup) {
	return func(t *sched.Task, s Setup) { Loop(t, s, slow) }
}

// run simulates body as the task "main" on one worker under model (with
// asyncio's debug mode under the cooperative model) and reads the facts off
// the trace.
func run(model sched.Model, body func(*sched.Task, Setup)) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		s := SetupOf(v)
		cfg := sched.Config{Model: model, Workers: 1}
		if model == sched.Cooperative {
			cfg.SlowTask = SlowCallback
		}
		sim := sched.New(cfg)
		sim.Go("main", func(t *sched.Task) { body(t, s) })
		tr, err := sim.Run()
		if err != nil {
			return labs.Result{}, err
		}
		return labs.Result{Trace: tr, Facts: Facts(tr)}, nil
	}
}

// Facts reads the spinner's results off a trace: "frames" (how many frames
// the spinner drew), "answer_at_seconds" (when "Answer: 42" was printed, -1
// if never), "warnings" (how many times debug mode caught a task holding the
// loop for SlowCallback or longer) and "longest_hold_seconds" (the longest such
// hold, 0 if none). The warnings' text is in the trace.
func Facts(tr *trace.Trace) map[string]any {
	frames, answerAt := 0, -1.0
	for _, l := range tr.Output {
		switch {
		case l.Task == "spinner" && strings.TrimSpace(l.Text) != "":
			frames++
		case strings.HasPrefix(l.Text, "Answer:"):
			answerAt = l.At.Seconds()
		}
	}
	facts := map[string]any{"frames": frames, "answer_at_seconds": answerAt}
	var longest time.Duration
	for _, w := range tr.Warnings {
		longest = max(longest, w.Held)
	}
	facts["warnings"] = len(tr.Warnings)
	facts["longest_hold_seconds"] = longest.Seconds()
	return facts
}
