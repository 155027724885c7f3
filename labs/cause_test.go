package labs_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
)

// causeSets are parameters beside the defaults and each number at its
// minimum: runs with errors, timeouts, limits and sizes that make other
// tasks wake each other.
var causeSets = map[string][]map[string]string{
	"flags": {
		{"limit": "3", "jitter": "2s", "error_rate": "0.3", "timeout": "1500ms"},
		{"count": "7", "limit": "2", "jitter": "1s", "seed": "9"},
	},
	"checker": {{"sites": "50", "workers": "7", "cores": "3"}, {"update": "0s", "workers": "5"}},
	"chess":   {{"boards": "3", "moves": "4", "opponent_move": "150s"}},
	"locks":   {{"workers": "7", "increments": "20", "cores": "2", "pause": "0s"}, {"philosophers": "3", "eat": "3ms"}},
	"cancel":  {{"timeout": "10ms", "linger": "0s"}, {"timeout": "1h"}},
	"gil":     {{"jobs": "2", "cores": "1", "interval": "1ms", "reads": "7"}},
	"spinner": {{"wait": "1s", "frame": "30ms", "chunk": "7ms"}},
}

// paramSets lists the parameters each lab is run with for the causality
// check: its defaults (nil), each number at its minimum, and causeSets.
func paramSets(l *labs.Lab) []map[string]string {
	sets := []map[string]string{nil}
	for _, p := range l.Params {
		if p.Kind != labs.Text && p.Min != "" && p.Min != p.Default {
			sets = append(sets, map[string]string{p.Name: p.Min})
		}
	}
	return append(sets, causeSets[l.Name]...)
}

// TestEveryWakeHasACause runs every variant of every lab with several sets
// of parameters and checks every wake event against the event list itself:
// it has a cause; a task's cause is that task's last event before the wake,
// at the same instant, while it held a worker (a return for a join); the
// woken task was parked in what the cause can end (a channel for a send,
// receive or close, a mutex for an unlock, a join for a return, a signal,
// sleep or call for a signal, a sleep or deadline for a timer, a call for
// I/O); a timer fires and I/O returns when the sleep or the call said;
// mutexes are handed over in the order their waiters queued; Woken finds
// the wake from its cause. The causes survive a JSON round trip (runs with
// the defaults and causeSets), and Trace.Waker finds the wake that ended
// every wait that ended (in a trace with causes).
func TestEveryWakeHasACause(t *testing.T) {
	kinds := map[trace.CauseKind]int{}
	runs, skipped := 0, 0
	for _, l := range labs.All() {
		for _, set := range paramSets(l) {
			v, err := l.Resolve(set)
			if err != nil {
				skipped++ // refused together (a cross-check): nothing to run
				continue
			}
			for _, vr := range l.Variants {
				name := fmt.Sprintf("%s/%s %v", l.Name, vr.Name, set)
				res, err := vr.Run(v)
				if err != nil || res.Trace == nil {
					skipped++
					continue
				}
				runs++
				for _, msg := range checkCauses(res.Trace, kinds) {
					t.Errorf("%s: %s", name, msg)
				}
				if set != nil && !slices.ContainsFunc(causeSets[l.Name], func(m map[string]string) bool { return maps.Equal(m, set) }) {
					continue // JSON for the defaults and the sets above: decoding is the slow part
				}
				back, err := trace.Decode(mustEncode(t, res.Trace))
				if err != nil {
					t.Fatalf("%s: Decode(Encode): %v", name, err)
				}
				if !res.Trace.Events.Equal(&back.Events) {
					t.Errorf("%s: Decode(Encode) changed the events or their causes", name)
				}
			}
		}
	}
	t.Logf("%d runs (%d skipped); wakes by cause: %v", runs, skipped, kinds)
	for k := trace.CauseSend; k <= trace.CauseIO; k++ {
		// No lab closes a channel that a task waits on (fetch.Pool and gil's
		// Processes close their job queues before their workers start):
		// labs/sched's tests cover close.
		if kinds[k] == 0 && k != trace.CauseClose {
			t.Errorf("no lab run woke a task by %s: the check misses a case", k)
		}
	}
}

func mustEncode(t *testing.T, tr *trace.Trace) []byte {
	t.Helper()
	b, err := trace.Encode(tr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkCauses replays tr's event list and returns what is wrong with its
// wakes' causes.
func checkCauses(tr *trace.Trace, kinds map[trace.CauseKind]int) []string {
	var errs []string
	fail := func(format string, args ...any) {
		if len(errs) < 10 {
			errs = append(errs, fmt.Sprintf(format, args...))
		}
	}
	ev := &tr.Events
	last := map[string]int{}       // each task's last event so far
	queue := map[string][]string{} // each mutex's waiters, first queued first
	for i := range ev.Len() {
		task, kind := ev.Task(i), ev.Kind(i)
		if kind == trace.EventWait && isLock(ev.At(i).Detail) {
			queue[ev.At(i).Detail] = append(queue[ev.At(i).Detail], task)
		}
		if kind != trace.EventWake {
			last[task] = i
			continue
		}
		c, ok := ev.Cause(i)
		prev, parked := last[task]
		last[task] = i
		if !ok {
			fail("wake %d of %s has no cause", i, task)
			continue
		}
		kinds[c.Kind]++
		if !parked {
			fail("wake %d of %s (%v): the task never parked", i, task, c)
			continue
		}
		p := ev.At(prev) // what the woken task parked in
		if c.Kind.ByTask() {
			waker, ok := last[c.Task]
			switch {
			case !ok || waker != c.Event:
				fail("wake %d of %s: cause %v, but %s's last event is %d", i, task, c, c.Task, waker)
			case ev.Time(c.Event) != ev.Time(i):
				fail("wake %d of %s at %s: cause %v at %s", i, task, trace.Clock(ev.Time(i)), c, trace.Clock(ev.Time(c.Event)))
			case c.Task == task:
				fail("wake %d of %s: woken by itself (%v)", i, task, c)
			case c.Kind == trace.CauseDone && ev.Kind(c.Event) != trace.EventDone:
				fail("wake %d of %s: cause %v is a %s, not a return", i, task, c, ev.Kind(c.Event))
			case c.Kind != trace.CauseDone && !holdsWorker(ev.Kind(c.Event)):
				fail("wake %d of %s: cause %v is a %s: the waker held no worker", i, task, c, ev.Kind(c.Event))
			case !slices.Contains(slices.Collect(ev.Woken(c.Event)), i):
				fail("wake %d of %s: Woken(%d) = %v lacks it", i, task, c.Event, slices.Collect(ev.Woken(c.Event)))
			}
		}
		on := p.Detail
		switch c.Kind {
		case trace.CauseSend, trace.CauseRecv, trace.CauseClose:
			if p.Kind != trace.EventWait || !strings.HasPrefix(on, "chan ") {
				fail("wake %d of %s (%v): parked in %s %q, not on a channel", i, task, c, p.Kind, on)
			}
		case trace.CauseUnlock:
			if p.Kind != trace.EventWait || !isLock(on) {
				fail("wake %d of %s (%v): parked in %s %q, not on a mutex", i, task, c, p.Kind, on)
			} else if q := queue[on]; len(q) == 0 || q[0] != task {
				fail("wake %d of %s (%v): %s's first waiter is %v", i, task, c, on, q)
			} else {
				queue[on] = q[1:]
			}
		case trace.CauseDone:
			if p.Kind != trace.EventWait || on != "join" {
				fail("wake %d of %s (%v): parked in %s %q, not a join", i, task, c, p.Kind, on)
			}
		case trace.CauseFire:
			if !(p.Kind == trace.EventWait && on == "signal" || p.Kind == trace.EventSleep || p.Kind == trace.EventBlock) {
				fail("wake %d of %s (%v): parked in %s %q, not on a signal", i, task, c, p.Kind, on)
			}
		case trace.CauseTimer, trace.CauseIO:
			want := trace.EventSleep
			if c.Kind == trace.CauseIO {
				want = trace.EventBlock
			}
			d, err := time.ParseDuration(on)
			switch {
			case p.Kind == trace.EventWait && c.Kind == trace.CauseTimer && strings.HasPrefix(on, "chan "):
				// a receive with a deadline that the trace does not say: it came later
				if ev.Time(i) < p.At {
					fail("wake %d of %s (%v) before its wait at %s", i, task, c, trace.Clock(p.At))
				}
			case p.Kind != want || err != nil:
				fail("wake %d of %s (%v): parked in %s %q", i, task, c, p.Kind, on)
			case ev.Time(i) != p.At+d:
				fail("wake %d of %s (%v) at %s, want %s: %s %s at %s", i, task, c, trace.Clock(ev.Time(i)), trace.Clock(p.At+d), p.Kind, on, trace.Clock(p.At))
			}
		}
	}
	// Every wait that ended, ended with a wake that Waker finds: in a trace
	// whose wakes say their cause (the scheduler's; the toy event loop of
	// labs/eventloop records no wake events, it marks when a task runs).
	for ti, tk := range tr.Tasks {
		if !ev.HasCauses() {
			break
		}
		for si, sp := range tk.Spans {
			if sp.State != trace.Waiting || si == len(tk.Spans)-1 {
				continue
			}
			w, c, ok := tr.Waker(ti, si)
			if !ok || ev.Task(w) != tk.Name || ev.Time(w) != sp.End || ev.Kind(w) != trace.EventWake || c != ev.At(w).WokenBy {
				fail("Waker(%s, span %d ending %s) = %d, %v, %v: not the wake that ended it", tk.Name, si, trace.Clock(sp.End), w, c, ok)
			}
		}
	}
	return errs
}

func isLock(on string) bool { return on == "lock" || strings.HasPrefix(on, "lock ") }

// holdsWorker reports whether a task's last event of this kind leaves it
// running on a worker.
func holdsWorker(kind string) bool {
	switch kind {
	case trace.EventRun, trace.EventResume, trace.EventPrint, trace.EventSpawn:
		return true
	}
	return false
}
