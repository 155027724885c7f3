// Package spinner is the exercise of the spinner lab: can a program stay
// responsive while it waits?
//
// A spinner redraws `|/-\` beside a label ("| thinking!", "/ thinking!", ...)
// every 0.1 s while a slow call waits 3 s for its answer, 42. When the answer
// comes, the spinner stops, erases its frame, and "Answer: 42" is printed.
//
// Goal: Supervisor runs Spin in a goroutine of its own while it calls Slow,
// so that the spinner draws about 30 frames. As soon as the answer is there
// it stops the spinner (cancel its context), waits until Spin has erased its
// frame and returned, and only then prints the answer: the spinner must stop
// within one frame of the answer, and must not outlive Supervisor.
//
// Spin and Slow are done: change Supervisor only. Check your work with
// `conclab check spinner`; stuck? `conclab hint spinner`.
package spinner

import (
	"context"
	"strings"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Setup holds the spinner's label, how often it redraws, and how long Slow
// waits for its answer.
type Setup struct {
	Label string
	Frame time.Duration // time between two frames
	Wait  time.Duration // how long Slow takes
}

// Thinking is the lab's spinner: "thinking!", a frame every 0.1 s, and an
// answer after 3 s.
var Thinking = Setup{Label: "thinking!", Frame: 100 * time.Millisecond, Wait: 3 * time.Second}

// Spin draws a frame every s.Frame until ctx is cancelled, then erases the
// last frame by writing blanks over it, and returns.
func Spin(ctx context.Context, log *kit.Log, s Setup) {
	status := ""
	for i := 0; ; i++ {
		status = string(`|/-\`[i%4]) + " " + s.Label
		log.Printf("spinner", "%s", status) // in a terminal: fmt.Print("\r" + status)
		log.Wait("spinner", "timer")
		select {
		case <-ctx.Done(): // cancelled: stop at once, not at the next frame
			log.Run("spinner")
			log.Printf("spinner", "%s", strings.Repeat(" ", len(status))) // erase the frame
			log.Done("spinner")
			return
		case <-log.After(s.Frame): // time for the next frame (time.After, on the log's clock)
			log.Run("spinner")
		}
	}
}

// Slow stands for a slow call (a query, a download): it waits s.Wait and
// returns 42.
func Slow(log *kit.Log, s Setup) int {
	log.Sleep("main", s.Wait)
	return 42
}

// Supervisor shows the spinner while Slow waits, then prints the answer and
// returns it.
func Supervisor(log *kit.Log, s Setup) int {
	// Answer, part 1: a context to stop the spinner with, and a goroutine
	// for Spin. Slow parks only Supervisor's goroutine, so the spinner's
	// goroutine goes on drawing a frame every 0.1 s meanwhile.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // never needed here, but a context is always cancelled in the end
	var wg sync.WaitGroup
	wg.Go(func() { Spin(ctx, log, s) })

	answer := Slow(log, s)

	// Answer, part 2: cancel closes ctx.Done(), so Spin's select takes that
	// case at once (not at its next frame), erases its frame and returns.
	// wg.Wait waits for that: without it, "Answer: 42" could be printed
	// before the frame is erased, and Spin's goroutine would outlive
	// Supervisor. (A channel the goroutine closes when Spin returns works
	// too: solutions/spinner/alt_done_channel/spinner.go.)
	cancel()
	wg.Wait()
	log.Printf("main", "Answer: %d", answer)
	return answer
}
