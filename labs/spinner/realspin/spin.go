package realspin

import (
	"runtime"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
)

// Spinner is the spinner lab's goroutine-cpu variant as a real program: a
// spinner goroutine draws a frame every frame while a second goroutine does
// iterations of CPU work that never calls a function, and main waits for its
// answer. Whether the spinner gets a turn is up to the Go scheduler: with
// one thread (GOMAXPROCS=1) only asynchronous preemption can take it from
// the CPU loop, so with GODEBUG=asyncpreemptoff=1 the spinner freezes. The
// calls to rec draw the trace; worker is the thread a running goroutine
// holds (0 when there is one, trace.NoWorker when the runtime does not say).
func Spinner(rec labs.Recorder, label string, frame time.Duration, iterations, worker int) int {
	rec.Set("main", trace.Running, worker, "")
	done := make(chan struct{})
	result := make(chan int)
	spun := make(chan struct{})
	go func() {
		defer close(spun)
		Spin(rec, label, frame, worker, done)
	}()
	go func() {
		rec.Set("slow", trace.Running, worker, "")
		answer := SlowCPU(iterations)
		rec.Done("slow")
		result <- answer
	}()
	rec.Set("main", trace.Waiting, trace.NoWorker, "chan result")
	answer := <-result // main parks here; the spinner should go on
	rec.Set("main", trace.Running, worker, "")
	close(done) // stop the spinner
	<-spun      // and wait until it has erased its frame
	rec.Printf("main", "Answer: %d", answer)
	rec.Done("main")
	return answer
}

// Spin draws |/-\ and the label every frame until done is closed, then
// erases its last frame. A terminal would get "\r" + status each time.
func Spin(rec labs.Recorder, label string, frame time.Duration, worker int, done <-chan struct{}) {
	rec.Set("spinner", trace.Running, worker, "")
	defer rec.Done("spinner")
	status := ""
	tick := time.NewTicker(frame)
	defer tick.Stop()
	for i := 0; ; i++ {
		status = string(`|/-\`[i%4]) + " " + label
		rec.Printf("spinner", "%s", status)
		rec.Set("spinner", trace.Waiting, trace.NoWorker, "timer")
		select {
		case <-done:
			rec.Set("spinner", trace.Running, worker, "")
			rec.Printf("spinner", "%s", strings.Repeat(" ", len(status))) // erase
			return
		case <-tick.C:
			rec.Set("spinner", trace.Running, worker, "")
		}
	}
}

// SlowCPU is CPU work: iterations steps of a pseudo-random sequence, in a
// loop with no function call. Go inserts no preemption check in such a
// loop; only a signal from the runtime (asynchronous preemption) can stop it.
func SlowCPU(iterations int) int {
	x := uint64(1)
	for range iterations {
		x = x*6364136223846793005 + 1442695040888963407
	}
	runtime.KeepAlive(x) // the work's result is used, so the compiler cannot leave the loop out
	return 42
}
