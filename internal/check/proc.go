package check

import (
	"context"
	"sync"
	"time"
)

// stopReason says why the watchdog stopped the child, if it did.
type stopReason int

const (
	notStopped stopReason = iota
	stoppedByContext
	stoppedAtBuildLimit
	stoppedAtRunLimit
	stoppedAtMemoryLimit
)

// memoryPoll is how often the watchdog reads the checks' memory use.
const memoryPoll = 100 * time.Millisecond

// watchdog kills the child when ctx ends, when the build takes longer than
// build, when the test binary runs longer than run after it started, or
// when the processes of its group hold more than memory bytes (0: not
// watched) while the test binary runs.
type watchdog struct {
	kill       func()
	build, run time.Duration
	memory     int64
	pgid       int

	once     sync.Once
	startCh  chan struct{}
	done     chan struct{}
	finished chan struct{}
	reason   stopReason
	peak     int64 // the most memory seen, in bytes
}

func (w *watchdog) start(ctx context.Context) {
	w.startCh = make(chan struct{})
	w.done = make(chan struct{})
	w.finished = make(chan struct{})
	go w.loop(ctx)
}

// started tells the watchdog that the test binary has started.
func (w *watchdog) started() { w.once.Do(func() { close(w.startCh) }) }

// finish ends the watchdog once the child has ended and says whether, and
// why, it stopped the child.
func (w *watchdog) finish() stopReason {
	close(w.done)
	<-w.finished
	return w.reason
}

func (w *watchdog) loop(ctx context.Context) {
	defer close(w.finished)
	build := time.NewTimer(w.build)
	defer build.Stop()
	var run, poll <-chan time.Time
	startCh, ctxDone := w.startCh, ctx.Done()
	stopWith := func(r stopReason) {
		if w.reason == notStopped {
			w.reason = r
			w.kill()
		}
	}
	for {
		select {
		case <-w.done:
			return
		case <-ctxDone:
			ctxDone = nil
			stopWith(stoppedByContext)
		case <-startCh:
			startCh = nil
			build.Stop()
			t := time.NewTimer(w.run)
			defer t.Stop()
			run = t.C
			if w.memory > 0 && w.pgid > 0 {
				tick := time.NewTicker(memoryPoll)
				defer tick.Stop()
				poll = tick.C
			}
		case <-build.C:
			stopWith(stoppedAtBuildLimit)
		case <-run:
			stopWith(stoppedAtRunLimit)
		case <-poll:
			_, rss, ok := groupProcesses(w.pgid)
			if !ok {
				poll = nil
				continue
			}
			w.peak = max(w.peak, rss)
			if rss > w.memory {
				poll = nil
				stopWith(stoppedAtMemoryLimit)
			}
		}
	}
}
