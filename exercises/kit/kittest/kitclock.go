package kittest

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"conclab/exercises/kit"
)

// ClockEnv names the environment variable that, set to "kit", makes Run
// run every check on the kit clock at once, with no bubble. Run sets it for
// the process in which it checks a stalled test again.
const ClockEnv = "CONCLAB_KITTEST_CLOCK"

const onKitClock = "kit"

// DeadlockAfter is how long every goroutine must stay blocked, with no kit
// timer set, before the kit clock reports a deadlock. Nothing in the
// program can end such a state: the wait leaves time for something outside
// it to end (a timer on the real clock, I/O).
const DeadlockAfter = 500 * time.Millisecond

// driver moves a kit clock: whenever every goroutine of the process but its
// own is blocked, it fires the clock's next timer.
type driver struct {
	clock *kit.Clock
	pkg   string // the exercise's import path, for the deadlock report

	quit, exited chan struct{}
	id           atomic.Int64 // the driver's goroutine

	// mu is held while the driver looks and fires, and guards hold: while
	// hold > 0 it fires nothing (settle: a check's goroutine waits for the
	// others to block).
	mu   sync.Mutex
	hold int
}

// The driver of the check running on the kit clock, if any.
var (
	activeMu sync.Mutex
	active   *driver
)

func running() *driver {
	activeMu.Lock()
	defer activeMu.Unlock()
	return active
}

// runOnClock runs check on a new kit clock, with a driver, in the test's
// goroutine.
func runOnClock(t *testing.T, pkg string, check func(t *testing.T, log *kit.Log)) {
	t.Helper()
	clock := kit.NewClock()
	log := kit.NewOn(clock)
	log.SetLimit(DefaultLimit)
	d := &driver{clock: clock, pkg: pkg, quit: make(chan struct{}), exited: make(chan struct{})}
	activeMu.Lock()
	active = d
	activeMu.Unlock()
	defer func() {
		d.stop()
		activeMu.Lock()
		active = nil
		activeMu.Unlock()
	}()
	go d.loop()
	runCheck(t, pkg, 0, log, check, func() {
		// As a bubble's clock stops when its main goroutine returns: what
		// still waits for a timer now waits for good.
		d.stop()
		d.waitQuiet()
	})
}

func (d *driver) stop() {
	select {
	case <-d.quit:
	default:
		close(d.quit)
	}
	<-d.exited
	// The loop has closed exited but its goroutine may not have returned
	// yet: wait until it is gone from the dump, so that a leak check made
	// right after does not find it (it runs kittest's code, not the
	// exercise's, but kittest's own tests check kittest as the exercise).
	for looks := 0; looks < 1000 && d.alive(); looks++ {
		pause(looks)
	}
}

// alive reports whether the driver's goroutine is still in the dump.
func (d *driver) alive() bool {
	id := d.id.Load()
	for _, g := range parseDump(allStacks()) {
		if g.id == id {
			return true
		}
	}
	return false
}

func (d *driver) loop() {
	defer close(d.exited)
	d.id.Store(self().id)
	var idle time.Time // since when every goroutine has been blocked, with no timer to fire
	busyLooks := 0
	for {
		select {
		case <-d.quit:
			return
		default:
		}
		quiet, fired, gs := d.step()
		switch {
		case !quiet:
			if where := realSleep(gs, d.pkg); where != "" {
				panic(RealSleepMessage + where)
			}
			idle = time.Time{}
			pause(busyLooks)
			busyLooks++
		case fired:
			idle, busyLooks = time.Time{}, 0
		case idle.IsZero():
			idle = time.Now()
		case time.Since(idle) >= DeadlockAfter:
			d.deadlock(gs)
		default:
			time.Sleep(time.Millisecond)
		}
	}
}

// step looks at every goroutine and, if all are blocked, fires the clock's
// next timer (unless a settle holds it).
func (d *driver) step() (quiet, fired bool, gs []stack) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.hold > 0 {
		return false, false, nil
	}
	gs = parseDump(allStacks())[1:] // the first is the driver's own
	if !blocked(gs, 0) {
		return false, false, gs
	}
	return true, d.clock.Advance(), gs
}

// pause lets the goroutines that are not blocked go on: a yield at first,
// then sleeps that grow to 2 ms.
func pause(looks int) {
	if looks < 3 {
		runtime.Gosched()
		return
	}
	time.Sleep(min(20*time.Microsecond<<min(looks-3, 10), 2*time.Millisecond))
}

// blocked reports whether every goroutine of gs but skip waits for another
// goroutine of the program. (A durable wait is one in a bubble left stalled
// by an earlier check: a "sleep" there waits for the bubble's clock.)
func blocked(gs []stack, skip int64) bool {
	for _, g := range gs {
		if g.id != skip && !g.durable && busy(g.state) && !watchdog(g) {
			return false
		}
	}
	return true
}

// settle returns once every other goroutine is blocked, without firing a
// timer meanwhile, as synctest.Wait does in a bubble.
func (d *driver) settle() {
	d.mu.Lock() // after the step under way, if any
	d.hold++
	d.mu.Unlock()
	d.waitQuiet()
	d.mu.Lock()
	d.hold--
	d.mu.Unlock()
}

// waitQuiet returns once every goroutine but the caller and the driver is
// blocked.
func (d *driver) waitQuiet() {
	for looks := 0; ; looks++ {
		if blocked(parseDump(allStacks())[1:], d.id.Load()) {
			return
		}
		pause(looks)
	}
}

// RealSleepMessage is the panic of a check on the kit clock whose code calls
// time.Sleep itself; where it does follows ("chess.go:58").
const RealSleepMessage = "time.Sleep sleeps on the real clock, and this check runs on conclab's kit clock " +
	"(goroutines waiting in sync.Mutex.Lock stop testing/synctest's): there only the Log's waits " +
	"(log.Sleep, log.Work, log.Block, log.After, log.Ticker) take virtual time — wait with those. time.Sleep at "

// realSleep is where a goroutine of gs sleeps in time.Sleep called from
// package pkg's own code ("chess.go:58"), or "".
func realSleep(gs []stack, pkg string) string {
	for _, g := range gs {
		if g.state != "sleep" || g.durable {
			continue
		}
		for i := 1; i+3 < len(g.lines); i += 2 {
			if strings.HasPrefix(g.lines[i], "time.Sleep(") {
				if e, ok := exerciseFrame(append([]string{g.lines[0]}, g.lines[i+2:]...), pkg); ok && strings.HasPrefix(g.lines[i+2], pkg+".") {
					return e.Where
				}
				break
			}
		}
	}
	return ""
}

// deadlock reports that every goroutine is blocked with no timer left to
// wake one: a kit.DeadlockPrefix line, then the goroutines of the check as a
// stack dump (a verdict reads where they wait from it), then a panic — as a
// bubble does.
func (d *driver) deadlock(gs []stack) {
	msg := kit.DeadlockPrefix + "every goroutine of the check is blocked, and no timer is set that could wake one of them"
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s\n", msg)
	for _, g := range gs {
		if strings.Contains(g.text, "\n"+d.pkg+".") {
			fmt.Fprintf(&b, "\n%s\n", g.text)
		}
	}
	os.Stdout.WriteString(b.String() + "\n")
	panic(msg)
}

// WatchdogFunc is the name of the function of a watchdog goroutine that
// conclab's runner adds to the checks (internal/check's sentinel: it wakes
// every few milliseconds to count goroutines and watch the time limit). It
// is not the program's: the kit clock does not wait for it to block.
const WatchdogFunc = "conclabSentinel"

// watchdog reports whether g is the runner's watchdog (see WatchdogFunc).
func watchdog(g stack) bool {
	return strings.Contains(g.text, "."+WatchdogFunc+"(")
}
