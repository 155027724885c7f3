package realrun

import (
	_ "embed"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/spinner"
	"conclab/labs/trace"
)

//go:embed spin.go
var spinSource string

// MaxRealWait is the longest wait a real spinner or parallel run takes.
const MaxRealWait = 30 * time.Second

// Facts of a real spinner run besides spinner's frames and answer_at_seconds.
const (
	// FactFramesPerSecond counts the frames drawn in each second of the run.
	FactFramesPerSecond = "frames_per_second"
	// FactLongestGap is the longest time without a new frame, from the start to the answer, in seconds.
	FactLongestGap = "longest_gap_seconds"
)

// spinnerChild is the child's side of a real spinner run.
func spinnerChild(a childArgs, rec Recorder) (map[string]any, error) {
	iterations := calibrate(a.Wait)
	Spinner(rec, spinner.Label, a.Frame, iterations, procsWorker())
	return map[string]any{"gomaxprocs": runtime.GOMAXPROCS(0), "async_preemption": !asyncPreemptOff(os.Getenv("GODEBUG")),
		"iterations": iterations}, nil
}

// calibrate returns how many SlowCPU iterations take d here: it times a
// probe five times and keeps the fastest.
func calibrate(d time.Duration) int {
	const probe = 1 << 22
	best := time.Duration(math.MaxInt64)
	for range 5 {
		start := time.Now()
		SlowCPU(probe)
		best = min(best, time.Since(start))
	}
	return int(float64(probe) * float64(d) / float64(max(best, time.Microsecond)))
}

// asyncPreemptOff reports whether a GODEBUG value turns async preemption off
// (the last asyncpreemptoff setting wins).
func asyncPreemptOff(godebug string) bool {
	off := false
	for _, s := range strings.Split(godebug, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(s), "asyncpreemptoff="); ok {
			off = v == "1"
		}
	}
	return off
}

// spinnerFacts reads the frames off a real spinner's trace and adds the
// child's own facts (gomaxprocs, async_preemption, iterations).
func spinnerFacts(tr *trace.Trace, child map[string]any) map[string]any {
	var frames []time.Duration
	answerAt := time.Duration(-1)
	for _, l := range tr.Output {
		switch {
		case l.Task == "spinner" && strings.TrimSpace(l.Text) != "":
			frames = append(frames, l.At)
		case strings.HasPrefix(l.Text, "Answer:"):
			answerAt = l.At
		}
	}
	end := tr.Total
	if answerAt >= 0 {
		end = answerAt
	}
	perSecond := make([]int, int(math.Ceil(end.Seconds())))
	gap, last := time.Duration(0), time.Duration(0)
	for _, at := range frames {
		if i := int(at / time.Second); i < len(perSecond) {
			perSecond[i]++
		}
		gap, last = max(gap, at-last), at
	}
	gap = max(gap, end-last)
	facts := map[string]any{"frames": len(frames), "answer_at_seconds": seconds(answerAt.Round(time.Millisecond)),
		FactFramesPerSecond: perSecond, FactLongestGap: seconds(gap.Round(time.Millisecond))}
	if answerAt < 0 {
		facts["answer_at_seconds"] = -1.0
	}
	for k, v := range child {
		facts[k] = v
	}
	return facts
}

// spinnerRun runs the real spinner in a child with procs threads (0: all
// cores) and async preemption on or off.
func spinnerRun(procs int, noPreempt bool) func(j *job) (labs.Result, error) {
	return func(j *job) (labs.Result, error) {
		s := spinner.SetupOf(j.values)
		child, err := runChild(j, childSpec{experiment: "spinner", procs: procs, noPreempt: noPreempt,
			args: childArgs{Wait: s.Wait, Frame: s.Frame}})
		tr := j.rec.Trace()
		return labs.Result{Trace: tr, Facts: spinnerFacts(tr, child)}, err
	}
}

// shortWait refuses a wait a learner would not sit through.
func shortWait(v labs.Values) error {
	if w := v.Duration("wait"); w > MaxRealWait {
		return fmt.Errorf("wait = %s is too long for a real run (allowed: 1ms..%s)", w, MaxRealWait)
	}
	return nil
}

func spinSourceOf(names ...string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = labs.FuncSource(spinSource, n)
	}
	return strings.Join(parts, "\n\n")
}

func init() {
	src := spinSourceOf("Spinner", "SlowCPU", "Spin")
	register(
		&Variant{Lab: "spinner", Name: "goroutine-cpu", Predicted: "goroutine-cpu", workers: 1, child: true, check: shortWait,
			Summary: "GOMAXPROCS=1: asynchronous preemption takes the thread from the CPU loop after it has run 10ms or more, the spinner spins",
			Source:  "// run with GOMAXPROCS=1\n\n" + src, run: spinnerRun(1, false)},
		&Variant{Lab: "spinner", Name: "no-preempt", Predicted: "loop-cpu", workers: 1, child: true, check: shortWait,
			Summary: "GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1: nothing can stop the CPU loop, the spinner freezes",
			Source:  "// run with GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1\n\n" + src, run: spinnerRun(1, true)},
		&Variant{Lab: "spinner", Name: "no-preempt-all-cores", Predicted: "goroutine-cpu", child: true, check: shortWait,
			Summary: "asyncpreemptoff=1 on every core: the CPU loop keeps one thread, the spinner runs on another",
			Source:  "// run with GODEBUG=asyncpreemptoff=1 (GOMAXPROCS = the number of cores)\n\n" + src, run: spinnerRun(0, true)},
		parallelVariant(),
	)
}
