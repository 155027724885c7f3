package kittest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"conclab/exercises/kit"
)

// StallAfter is how long every goroutine of a check's bubble must stay
// blocked, one of them at least in a wait that testing/synctest does not
// count as durable (sync.Mutex.Lock...), before Run calls the bubble's clock
// stalled and checks the test again on the kit clock. Nothing in the bubble
// can move then: the wait is only there to let a wait that something outside
// the bubble ends (the testing package's own locks) end.
const StallAfter = 250 * time.Millisecond

// stallPoll is how often Run looks at the bubble's goroutines.
const stallPoll = 25 * time.Millisecond

// stalledWhy, once set, says why a check of this process stalled: the later
// checks go to the kit clock at once.
var (
	stalledMu  sync.Mutex
	stalledWhy string
)

func stalled() string {
	stalledMu.Lock()
	defer stalledMu.Unlock()
	return stalledWhy
}

// runInBubble runs check in a synctest bubble, as Run does, and watches the
// bubble from the test's goroutine. It returns "" when the check ended, and
// why when the bubble's clock stalled: then the bubble is left blocked for
// good (it holds nothing that the rest of the process needs, unless the
// code holds package-level locks: rerun runs the check in a new process).
func runInBubble(t *testing.T, pkg string, check func(t *testing.T, log *kit.Log)) string {
	t.Helper()
	var bubble atomic.Int64
	done := make(chan struct{})
	var crash any // synctest.Test's own panic (a deadlock), for the test's goroutine
	go func() {
		// synctest.Test calls t.FailNow when the check failed: here that
		// ends this goroutine only, and the test's goroutine does the rest.
		defer close(done)
		defer func() { crash = recover() }()
		synctest.Test(t, func(t *testing.T) {
			bubble.Store(self().bubble)
			log := kit.New()
			log.SetLimit(DefaultLimit)
			runCheck(t, pkg, bubble.Load(), log, check, synctest.Wait)
		})
	}()
	tick := time.NewTicker(stallPoll)
	defer tick.Stop()
	var last string
	var since time.Time
	for {
		select {
		case <-done:
			if _, told := leaksTold.LoadAndDelete(bubble.Load()); told && crash != nil &&
				strings.Contains(fmt.Sprint(crash), "blocked goroutines remain") {
				// The check reported these leaks itself (Leaks): the
				// goroutines stay blocked in the abandoned bubble, as a
				// stalled bubble's do, and the test has failed already.
				t.FailNow()
			}
			if crash != nil {
				// As if synctest.Test had panicked here: the testing package
				// reports the test failed, and the runtime prints the
				// bubble's goroutines for a deadlock (not for a panic in
				// another goroutine than the test's).
				panic(crash)
			}
			if t.Failed() {
				t.FailNow()
			}
			return ""
		case now := <-tick.C:
			id := bubble.Load()
			if id == 0 {
				continue
			}
			sig, waits := stall(parseDump(allStacks()), id, pkg)
			switch {
			case sig == "":
				last = ""
			case sig != last:
				last, since = sig, now
			case now.Sub(since) >= StallAfter:
				select {
				case <-done: // it ended after all
					continue
				default:
				}
				why := "goroutines waited in " + waits + ", which testing/synctest does not count as blocked, so its clock could not move"
				stalledMu.Lock()
				stalledWhy = "an earlier check stalled testing/synctest's clock (" + why + ")"
				stalledMu.Unlock()
				return why
			}
		}
	}
}

// stall looks at the goroutines of bubble: when every one of them is
// blocked and one at least in a wait that synctest does not count as
// durable, it returns their states (to compare with the next look) and
// those waits, for people: "sync.Mutex.Lock at chess.go:57 (23 goroutines)".
func stall(gs []stack, bubble int64, pkg string) (sig, waits string) {
	var states []string
	count := map[string]int{}
	var order []string
	for _, g := range gs {
		if g.bubble != bubble {
			continue
		}
		if !g.durable && busy(g.state) { // a durable "sleep" waits for the bubble's clock
			return "", ""
		}
		states = append(states, fmt.Sprintf("%d %s %v", g.id, g.state, g.durable))
		if g.durable {
			continue
		}
		w := waitName(g) + waitPlace(g, pkg)
		if count[w] == 0 {
			order = append(order, w)
		}
		count[w]++
	}
	if len(order) == 0 {
		return "", "" // synctest moves the clock, or reports the deadlock
	}
	slices.Sort(states)
	var ws []string
	for _, w := range order {
		if n := count[w]; n > 1 {
			w += fmt.Sprintf(" (%d goroutines)", n)
		}
		ws = append(ws, w)
	}
	return strings.Join(states, "\n"), strings.Join(ws, ", ")
}

// waitName names g's wait after the sync package's outermost call on its
// stack ("sync.RWMutex.Lock", whose writers wait in a sync.Mutex.Lock), or
// as the runtime does.
func waitName(g stack) string {
	name := ""
	for i := 1; i < len(g.lines); i += 2 {
		fn := g.lines[i]
		if p := strings.LastIndex(fn, "("); p > 0 && strings.HasSuffix(fn, ")") {
			fn = fn[:p]
		}
		if !strings.HasPrefix(fn, "sync.") && !strings.HasPrefix(fn, "internal/sync.") && !strings.HasPrefix(fn, "runtime.") {
			break
		}
		if m, ok := strings.CutPrefix(fn, "sync.(*"); ok && !strings.Contains(m, ".func") {
			name = "sync." + strings.Replace(m, ").", ".", 1) // sync.(*RWMutex).Lock -> sync.RWMutex.Lock
		}
	}
	return cmp.Or(name, g.state)
}

// waitPlace says where g waits: " at chess.go:57" in the exercise's code,
// or " in errgroup.(*Group).Go" elsewhere.
func waitPlace(g stack, pkg string) string {
	if e, ok := exerciseFrame(g.lines, pkg); ok {
		return " at " + e.Where
	}
	for i := 1; i+1 < len(g.lines); i += 2 {
		fn := g.lines[i]
		if strings.HasPrefix(fn, "created by ") {
			break
		}
		name := fn[strings.LastIndex(fn, "/")+1:]
		if p := strings.LastIndex(name, "("); p > 0 {
			name = name[:p]
		}
		switch pre, _, _ := strings.Cut(name, "."); pre {
		case "runtime", "sync", "synctest", "testing":
		default:
			return " in " + name
		}
	}
	return ""
}
