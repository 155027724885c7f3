package spinner

import (
	"strings"
	"time"

	"conclab/labs/sched"
)

// Setup holds the lab's numbers: the spinner's label and frame time, how
// long the slow function takes, and (for the chunked CPU variant) how much
// CPU work it does between two yields.
type Setup struct {
	Label string
	Frame time.Duration
	Wait  time.Duration
	Chunk time.Duration
}

// Answer is what the slow function returns.
const Answer = 42

// Spin draws a frame ("| thinking!", "/ thinking!", ...) every s.Frame until
// stop fires, then erases the last frame by writing blanks over it. It checks
// stop before every frame: a spinner cancelled before it ever ran draws
// nothing, as an asyncio task cancelled before its first step.
func Spin(t *sched.Task, s Setup, stop *sched.Signal) {
	status := ""
	for i := 0; !stop.Fired(); i++ {
		status = string(`|/-\`[i%4]) + " " + s.Label
		t.Printf("%s", status) // a real terminal: fmt.Print("\r" + status)
		if t.SleepUntil(s.Frame, stop) {
			break // select { case <-stop: ... case <-time.After(frame): }
		}
	}
	if status != "" {
		t.Printf("%s", strings.Repeat(" ", len(status))) // erase the last frame
	}
}

// Goroutine: the slow function runs in a goroutine of its own and sends its
// answer on a channel; main waits for it, then closes done to stop the
// spinner and waits for the spinner to erase its frame.
func Goroutine(t *sched.Task, s Setup, slow func(*sched.Task, Setup) int) {
	done := &sched.Signal{} // done := make(chan struct{}); Fire is close(done)
	result := sched.NewChan[int]("result", 0)
	spinner := t.Go("spinner", func(t *sched.Task) { Spin(t, s, done) })
	t.Go("slow", func(t *sched.Task) { result.Send(t, slow(t, s)) })
	answer, _ := result.Recv(t) // main parks here; the spinner goes on
	done.Fire(t)
	t.Wait(spinner)
	t.Printf("Answer: %d", answer)
}

// Context: main calls the slow function itself and passes it a context; the
// spinner watches ctx.Done(). cancel() stops the spinner, and would stop the
// slow call too if it came first.
func Context(t *sched.Task, s Setup) {
	ctx := &sched.Signal{} // ctx, cancel := context.WithCancel(...); Fire is cancel()
	spinner := t.Go("spinner", func(t *sched.Task) { Spin(t, s, ctx) })
	answer := SlowContext(t, s, ctx)
	ctx.Fire(t)
	t.Wait(spinner)
	t.Printf("Answer: %d", answer)
}

// Loop is the supervisor on a single-threaded event loop (asyncio's shape):
// it creates the spinner task, awaits the slow function itself, then cancels
// the spinner and waits for it to erase its frame. Whether the spinner ever
// runs depends only on the slow function giving the loop back.
func Loop(t *sched.Task, s Setup, slow func(*sched.Task, Setup) int) {
	cancel := &sched.Signal{} // Fire is spinner.cancel()
	spinner := t.Go("spinner", func(t *sched.Task) { Spin(t, s, cancel) })
	answer := slow(t, s)
	cancel.Fire(t)
	t.Wait(spinner)
	t.Printf("Answer: %d", answer)
}

// SlowSleep waits without holding the worker (await asyncio.sleep(3) in a
// loop, time.Sleep in a goroutine): the spinner keeps spinning.
func SlowSleep(t *sched.Task, s Setup) int {
	t.Sleep(s.Wait)
	return Answer
}

// SlowContext waits like a context-aware call:
// select { case <-time.After(wait): return 42; case <-ctx.Done(): return 0 }.
func SlowContext(t *sched.Task, s Setup, ctx *sched.Signal) int {
	if t.SleepUntil(s.Wait, ctx) {
		return 0 // cancelled before the answer came
	}
	return Answer
}

// SlowBlocking makes a blocking call (time.sleep(3) inside a coroutine): the
// loop's only thread waits in it, so nothing else runs until it returns.
func SlowBlocking(t *sched.Task, s Setup) int {
	t.Block(s.Wait)
	return Answer
}

// SlowCPU computes for the whole wait without ever yielding: under a
// cooperative loop the spinner freezes; a preemptive runtime slices it.
func SlowCPU(t *sched.Task, s Setup) int {
	t.Compute(s.Wait)
	return Answer
}

// SlowCPUChunks does the same CPU work in chunks and yields to the loop
// before each one (await asyncio.sleep(0) every 100 000 iterations).
func SlowCPUChunks(t *sched.Task, s Setup) int {
	for done := time.Duration(0); done < s.Wait; done += s.Chunk {
		t.Yield()
		t.Compute(min(s.Chunk, s.Wait-done))
	}
	return Answer
}
