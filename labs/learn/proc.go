package learn

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
)

// watchdog kills the child when ctx ends, when the build takes longer than
// build, or when the test binary runs longer than run after it started.
type watchdog struct {
	kill       func()
	build, run time.Duration

	once     sync.Once
	startCh  chan struct{}
	done     chan struct{}
	finished chan struct{}
	reason   stopReason
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
	var run <-chan time.Time
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
		case <-build.C:
			stopWith(stoppedAtBuildLimit)
		case <-run:
			stopWith(stoppedAtRunLimit)
		}
	}
}
