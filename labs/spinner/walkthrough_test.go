package spinner

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

// frameTimes are the times of the frames a run drew, in seconds.
func frameTimes(tr *trace.Trace) []float64 {
	var out []float64
	for _, l := range tr.Output {
		if l.Task == "spinner" && strings.TrimSpace(l.Text) != "" {
			out = append(out, l.At.Seconds())
		}
	}
	return out
}

// period is the time between a run's first two frames, in seconds.
func period(tr *trace.Trace) float64 {
	var at []time.Duration
	for _, l := range tr.Output {
		if l.Task == "spinner" && strings.TrimSpace(l.Text) != "" {
			at = append(at, l.At)
		}
	}
	return (at[1] - at[0]).Seconds()
}

// answerOf is the number main printed as its answer.
func answerOf(t *testing.T, tr *trace.Trace) int {
	t.Helper()
	for _, l := range tr.Output {
		if v, ok := strings.CutPrefix(l.Text, "Answer: "); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("answer line %q: %v", l.Text, err)
			}
			return n
		}
	}
	t.Fatal("no answer line")
	return 0
}

// eventAt is the time of the first event of kind by task, in seconds.
func eventAt(t *testing.T, tr *trace.Trace, task, kind string) float64 {
	t.Helper()
	for _, ev := range tr.Events.All() {
		if ev.Task == task && ev.Kind == kind {
			return ev.At.Seconds()
		}
	}
	t.Fatalf("no %s event of %s", kind, task)
	return 0
}

// blanksAt is when the spinner erased its last frame, in seconds.
func blanksAt(t *testing.T, tr *trace.Trace) float64 {
	t.Helper()
	for _, l := range tr.Output {
		if l.Task == "spinner" && strings.TrimSpace(l.Text) == "" {
			return l.At.Seconds()
		}
	}
	t.Fatal("the spinner never erased a frame")
	return 0
}

// TestWalkthroughNumbers ties every number of the walkthrough to a run: the
// parameters and the constants of the programs (asyncio's 100 ms limit, Go's
// 10 ms preemption) are inputs, everything else is read off a run.
func TestWalkthroughNumbers(t *testing.T) {
	yield := runVariant(t, "loop-yield", nil)
	blocking := runVariant(t, "loop-blocking", nil)
	cpu := runVariant(t, "loop-cpu", nil)
	chunks := runVariant(t, "loop-cpu-yield", nil)
	chunks500 := runVariant(t, "loop-cpu-yield", map[string]string{"chunk": "500ms"})
	chunks50 := runVariant(t, "loop-cpu-yield", map[string]string{"chunk": "50ms"})
	chunks33 := runVariant(t, "loop-cpu-yield", map[string]string{"chunk": "33ms"})
	gor := runVariant(t, "goroutine", nil)
	ctx := runVariant(t, "context", nil)
	gcpu := runVariant(t, "goroutine-cpu", nil)
	f250 := runVariant(t, "loop-yield", map[string]string{"frame": "250ms"})
	f300 := runVariant(t, "loop-yield", map[string]string{"wait": "1s", "frame": "300ms"})

	yt, ct, c5t, gt := frameTimes(yield.Trace), frameTimes(chunks.Trace), frameTimes(chunks500.Trace), frameTimes(gcpu.Trace)
	answer := answerOf(t, yield.Trace)
	quantum := sched.New(sched.Config{Model: sched.GoRuntime}).Config().Quantum
	if len(yt) < 3 || len(ct) < 4 || len(c5t) < 2 || len(frameTimes(chunks50.Trace)) < 2 || len(gt) < 2 || len(blocking.Trace.Warnings) != 1 {
		t.Fatalf("runs too short for the walkthrough: %v %v %v %v %v", yt, ct, c5t, gt, blocking.Trace.Warnings)
	}
	claims := []labtest.Claim{
		// The question and the pair.
		labtest.Says("the answer ({}) arrives", answer),
		labtest.Says("Answer: {}", answer),
		labtest.Says("loop-yield draws {} frames and prints the answer at {} s.", yield.Facts["frames"], yield.Facts["answer_at_seconds"]),
		labtest.Says("loop-blocking draws {} frames and prints the answer at {} s too.", blocking.Facts["frames"], blocking.Facts["answer_at_seconds"]),
		// Why exactly 30 frames.
		labtest.Says("## Why exactly {} frames", yield.Facts["frames"]),
		labtest.Says("frame 1 at {} s.", yt[0]),
		labtest.Says("frames come at {}, {}, ... {} s: that is {} frames.", yt[0], yt[1], yt[len(yt)-1], yield.Facts["frames"]),
		labtest.Says("At {} s two timers are due", yield.Facts["answer_at_seconds"]),
		labtest.Says("The slow call's timer was set at {} s, the spinner's at {} s", eventAt(t, yield.Trace, "main", trace.EventSleep), yt[len(yt)-1]),
		labtest.Says("gets {} and cancels", answer),
		labtest.Says("the empty-looking line at {} s", blanksAt(t, yield.Trace)),
		labtest.Says("No {}st frame.", len(yt)+1),
		labtest.Says("the first frame is at {} and", yt[0]),
		labtest.Says("--set frame=250ms # {} frames", f250.Facts["frames"]),
		labtest.Says("--set frame=300ms # {} frames", f300.Facts["frames"]),
		// The blocked loop.
		labtest.Says("the spinner task is created at {} s", eventAt(t, blocking.Trace, "main", trace.EventSpawn)),
		labtest.Says("At {} s main gets", blocking.Facts["answer_at_seconds"]),
		labtest.Says("the facts show warnings={} and longest_hold_seconds={},", blocking.Facts["warnings"], blocking.Facts["longest_hold_seconds"]),
		labtest.Says("the run prints {}.", blocking.Trace.Warnings[0].Text),
		// CPU work.
		labtest.Says("{} frames, one {} s warning, the answer at {} s.", cpu.Facts["frames"], cpu.Facts["longest_hold_seconds"], cpu.Facts["answer_at_seconds"]),
		labtest.Says("{} frames, at {}, {}, {} ... {} s.", chunks.Facts["frames"], ct[0], ct[1], ct[2], ct[len(ct)-1]),
		labtest.Says("one every {} s, {} frames in {} s.", period(chunks.Trace), chunks.Facts["frames"], chunks.Facts["answer_at_seconds"]),
		labtest.Says("last chunk ends at {} s", chunks.Facts["answer_at_seconds"]),
		labtest.Says("Debug mode reports all {} chunks: each holds the loop exactly {} ms", chunks.Facts["warnings"], chunks.Facts["longest_hold_seconds"].(float64)*1000),
		labtest.Says("{} frames ({} and {} s), and debug mode reports each of the {} chunks that held the loop for {}ms.", chunks500.Facts["frames"], c5t[0], c5t[1], chunks500.Facts["warnings"], chunks500.Facts["longest_hold_seconds"].(float64)*1000),
		labtest.Says("--set chunk=50ms gives {} frames (one every {} s)", chunks50.Facts["frames"], period(chunks50.Trace)),
		labtest.Says("--set chunk=33ms {}.", chunks33.Facts["frames"]),
		// Goroutines.
		labtest.Says("Both draw {} frames and answer at {} s", gor.Facts["frames"], gor.Facts["answer_at_seconds"]),
		labtest.Says("Both draw {} frames and answer at {} s", ctx.Facts["frames"], ctx.Facts["answer_at_seconds"]),
		labtest.Says("slices of exactly {} ms", quantum.Milliseconds()),
		labtest.Says("It draws {} frames: at {} s the spinner's timer (set at {} s)", gcpu.Facts["frames"], gcpu.Facts["answer_at_seconds"], gt[len(gt)-2]),
	}
	inputs := []string{
		"the answer takes 3 seconds", "a frame every 0.1 s for 3 s", "come at 0 s or at 0.1 s? Is there a frame at exactly 3 s?",
		"The wait is the same 3 s either way", "goes to sleep for 3 s", "frame 1", "sleeps 0.1 s",
		"--set frame=250ms", "--set wait=1s --set frame=300ms",
		"holds the loop 100 ms or longer", "0.1 s unless you change it", // asyncio's slow_callback_duration
		"computes for 3 s", "asyncio.sleep(0)", "every 100 000 iterations", "a chunk of 0.1 s",
		"+ 2 chunks", "--set chunk=500ms", "--set chunk=50ms", "--set chunk=33ms",
		"GOMAXPROCS = 1", "GOMAXPROCS=1", "asyncpreemptoff=1",
		"every 20 µs to 10 ms and preempts one that has run 10 ms or more", // sysmon and forcePreemptNS in runtime/proc.go
	}
	labtest.Claims(t, walkthrough, claims, inputs...)
}

// TestHelpNumbers ties the numbers of the lab's summaries and parameter help,
// and of the README's spinner row, to runs.
func TestHelpNumbers(t *testing.T) {
	l := Lab()
	var help []string
	help = append(help, l.Summary)
	for _, v := range l.Variants {
		help = append(help, v.Summary)
	}
	for _, p := range l.Params {
		help = append(help, p.Help)
	}
	yield := runVariant(t, "loop-yield", nil)
	blocking := runVariant(t, "loop-blocking", nil)
	labtest.Claims(t, strings.Join(help, "\n"), []labtest.Claim{
		labtest.Says("{} frames when the wait gives way", yield.Facts["frames"]),
		labtest.Says("the answer still at {} s", blocking.Facts["answer_at_seconds"]),
		labtest.Says("takes to return {}", answerOf(t, yield.Trace)),
	}, "a 3 s call", "(100 000 iterations of 1 µs)")

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var row string
	for line := range strings.Lines(string(readme)) {
		if strings.HasPrefix(line, "| spinner |") {
			row = line
		}
	}
	if row == "" {
		t.Fatal("README.md has no spinner row")
	}
	labtest.Claims(t, row, []labtest.Claim{
		labtest.Says("{} frames while a 3 s call yields", yield.Facts["frames"]),
		labtest.Says("the answer still comes at {} s", blocking.Facts["answer_at_seconds"]),
	}, "a 3 s call")
}
