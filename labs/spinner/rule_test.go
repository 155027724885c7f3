package spinner

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// The rule of loop-cpu-yield, from asyncio's BaseEventLoop._run_once: the
// loop runs in iterations; main, which yields (await asyncio.sleep(0)) before
// each chunk of CPU work, is ready at the start of every iteration, so each
// iteration after the first takes one chunk c and starts at a multiple of c.
// The spinner's sleep ends at P + frame; its timer joins the ready queue at
// the first iteration that starts at or after that, T = ceil((P+frame)/c)*c;
// there its callback runs after main's chunk and only queues the spinner's
// next step, which runs in the next iteration, after main's next chunk:
//
//	P' = ceil((P+frame)/c)*c + 2c,   P0 = 0,   frames = #{k : P_k < wait}
//
// (at wait main cancels the spinner before its next step). This holds when
// wait is a multiple of c; TestRuleModel covers the rest with a tiny model of
// the loop itself.
func framesByRule(wait, frame, chunk time.Duration) int {
	n := 0
	for p := time.Duration(0); p < wait; p = (p+frame+chunk-1)/chunk*chunk + 2*chunk {
		n++
	}
	return n
}

// ruleGrid are the settings the rule and the model are checked on (chunks
// shorter than, equal to and longer than a frame).
var ruleGrid = func() [][3]time.Duration {
	var g [][3]time.Duration
	for _, wait := range []time.Duration{3 * time.Second, time.Second, 2500 * ms, 10 * time.Second} {
		for _, frame := range []time.Duration{100 * ms, 250 * ms, 33 * ms, time.Second} {
			for _, chunk := range []time.Duration{100 * ms, 500 * ms, 50 * ms, 33 * ms, 99 * ms, 250 * ms, time.Second, 7 * ms} {
				g = append(g, [3]time.Duration{wait, frame, chunk})
			}
		}
	}
	return g
}()

func sets(wait, frame, chunk time.Duration) map[string]string {
	return map[string]string{"wait": wait.String(), "frame": frame.String(), "chunk": chunk.String()}
}

func TestRuleFormula(t *testing.T) {
	checked := 0
	for _, g := range ruleGrid {
		wait, frame, chunk := g[0], g[1], g[2]
		if wait%chunk != 0 {
			continue
		}
		checked++
		want := framesByRule(wait, frame, chunk)
		if got := runVariant(t, "loop-cpu-yield", sets(wait, frame, chunk)).Facts["frames"]; got != want {
			t.Errorf("loop-cpu-yield(wait=%v frame=%v chunk=%v) frames = %v, want %v", wait, frame, chunk, got, want)
		}
	}
	if checked < 40 {
		t.Errorf("the rule was checked on %d settings, want at least 40", checked)
	}
	// The figures the walkthrough explains, by the rule alone.
	for _, tc := range []struct {
		frame, chunk time.Duration
		want         int
	}{{100 * ms, 100 * ms, 10}, {100 * ms, 500 * ms, 2}, {100 * ms, 50 * ms, 15}, {250 * ms, 100 * ms, 6}} {
		if got := framesByRule(3*time.Second, tc.frame, tc.chunk); got != tc.want {
			t.Errorf("framesByRule(3s, %v, %v) = %v, want %v", tc.frame, tc.chunk, got, tc.want)
		}
	}
}

// asyncioLoop is a tiny, independent model of asyncio's event loop: a clock,
// a FIFO of ready callbacks (call_soon) and timers (call_later), and runOnce
// as BaseEventLoop._run_once: wait for the earliest timer if nothing is
// ready, append the due timers' callbacks to the ready queue, then run
// exactly the callbacks ready at that point.
type asyncioLoop struct {
	now    time.Duration
	ready  []func()
	timers []loopTimer // by (at, set order)
}

type loopTimer struct {
	at time.Duration
	fn func()
}

func (l *asyncioLoop) callSoon(fn func()) { l.ready = append(l.ready, fn) }

func (l *asyncioLoop) callLater(d time.Duration, fn func()) {
	at := l.now + d
	i, _ := slices.BinarySearchFunc(l.timers, at, func(e loopTimer, at time.Duration) int {
		if e.at <= at {
			return -1 // equal times: after the ones set before
		}
		return 1
	})
	l.timers = slices.Insert(l.timers, i, loopTimer{at, fn})
}

func (l *asyncioLoop) runOnce() {
	if len(l.ready) == 0 && len(l.timers) > 0 {
		l.now = max(l.now, l.timers[0].at) // select(timeout)
	}
	for len(l.timers) > 0 && l.timers[0].at <= l.now {
		l.ready = append(l.ready, l.timers[0].fn)
		l.timers = l.timers[1:]
	}
	n := len(l.ready)
	for range n {
		fn := l.ready[0]
		l.ready = l.ready[1:]
		fn()
	}
}

// future is asyncio.Future reduced to what a sleep needs: done callbacks
// are queued with call_soon when it completes or is cancelled.
type future struct {
	l         *asyncioLoop
	done      bool
	cancelled bool
	callbacks []func(*future)
}

func (f *future) finish(cancelled bool) bool {
	if f.done {
		return false
	}
	f.done, f.cancelled = true, cancelled
	for _, cb := range f.callbacks {
		f.l.callSoon(func() { cb(f) })
	}
	return true
}

// sleep is asyncio.sleep(d) for d > 0: a future completed by a timer's
// callback (futures._set_result_unless_cancelled).
func (l *asyncioLoop) sleep(d time.Duration) *future {
	f := &future{l: l}
	l.callLater(d, func() { f.finish(false) })
	return f
}

// modelRun runs the spinner beside slow ("loop-yield" or "loop-cpu-yield")
// on the model and returns the frames' times and the answer's.
func modelRun(slow string, wait, frame, chunk time.Duration) (frames []time.Duration, answer time.Duration) {
	l := &asyncioLoop{}
	// The spinner task: one step per frame; cancel() as Task.cancel.
	var waiting *future
	mustCancel, spinnerDone := false, false
	var onSpinnerDone func()
	var step func(cancelled bool)
	step = func(cancelled bool) {
		if cancelled || mustCancel {
			spinnerDone = true
			if onSpinnerDone != nil {
				l.callSoon(onSpinnerDone)
			}
			return
		}
		frames = append(frames, l.now)
		waiting = l.sleep(frame)
		waiting.callbacks = append(waiting.callbacks, func(f *future) { waiting = nil; step(f.cancelled) })
	}
	cancel := func() {
		if waiting == nil || !waiting.finish(true) {
			mustCancel = true // the step is queued already: it sees the cancel when it runs
		}
	}
	// main: create the spinner, await the slow part, cancel the spinner, await it.
	finished := false
	finish := func() {
		cancel()
		after := func() { answer, finished = l.now, true }
		if spinnerDone {
			after()
		} else {
			onSpinnerDone = after
		}
	}
	l.callSoon(func() {
		l.callSoon(func() { step(false) }) // create_task(spin())
		switch slow {
		case "loop-yield":
			s := l.sleep(wait)
			s.callbacks = append(s.callbacks, func(*future) { finish() })
		case "loop-cpu-yield":
			done := time.Duration(0)
			var chunkStep func()
			chunkStep = func() { // after each await asyncio.sleep(0): a bare yield, call_soon
				l.now += min(chunk, wait-done)
				if done += chunk; done < wait {
					l.callSoon(chunkStep)
					return
				}
				finish()
			}
			l.callSoon(chunkStep)
		}
	})
	for !finished {
		l.runOnce()
	}
	return frames, answer
}

// TestRuleModel checks loop-yield and loop-cpu-yield against the tiny model
// of asyncio's loop: the same frames at the same times, the same answer time.
func TestRuleModel(t *testing.T) {
	for _, g := range ruleGrid {
		wait, frame, chunk := g[0], g[1], g[2]
		for _, variant := range []string{"loop-cpu-yield", "loop-yield"} {
			if variant == "loop-yield" && chunk != 100*ms {
				continue // loop-yield does not use chunk
			}
			frames, answer := modelRun(variant, wait, frame, chunk)
			name := fmt.Sprintf("%s(wait=%v frame=%v chunk=%v)", variant, wait, frame, chunk)
			var got []time.Duration
			tr := runVariant(t, variant, sets(wait, frame, chunk)).Trace
			for _, line := range tr.Output {
				if line.Task == "spinner" && line.Text[0] != ' ' {
					got = append(got, line.At)
				}
			}
			if !slices.Equal(got, frames) {
				t.Errorf("%s frame times = %v, want %v", name, got, frames)
			}
			if n := len(tr.Output); n == 0 || tr.Output[n-1].At != answer {
				t.Errorf("%s answer at %v, want %v", name, tr.Output[n-1].At, answer)
			}
			if wait%chunk == 0 && variant == "loop-cpu-yield" && len(frames) != framesByRule(wait, frame, chunk) {
				t.Errorf("%s: the model gives %d frames, the rule %d", name, len(frames), framesByRule(wait, frame, chunk))
			}
		}
	}
}
