package sched_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

// op is one call a task of a random program made, as the program itself
// logs it: who, what, on what, and the events the scheduler recorded during
// the call, [from, to) (sim.EventCount before and after). A call that
// parks spans the events of the tasks that ran meanwhile; a wake recorded
// while a task was parked in a call is that call's end.
type op struct {
	task     string
	call     string // send, recv, recvBefore, close, lock, unlock, await, sleepUntil, blockUntil, fire, sleep, block, wait
	on       string // the channel, mutex or signal; for wait the tasks joined, comma-separated
	start, d time.Duration
	from, to int
}

// program is a random program: producers send on two channels (one
// unbuffered, one buffered) and take a mutex across a sleep; consumers
// range over the channels, some with deadlines; closers close each channel
// once its producers are done; waiters wait on a signal that a canceller
// fires; main joins them all. It cannot deadlock: every channel is closed
// once its producers return, and no task holds the mutex while it waits for
// anything but a timer.
type program struct {
	sim *sched.Sim
	rng *rand.Rand
	log []op
}

func (p *program) do(t *sched.Task, call, on string, d time.Duration, f func()) {
	o := op{task: t.Name(), call: call, on: on, start: t.Now(), d: d, from: p.sim.EventCount()}
	f()
	o.to = p.sim.EventCount()
	p.log = append(p.log, o)
}

func (p *program) ms(max int) time.Duration { return time.Duration(p.rng.IntN(max)) * time.Millisecond }

// pause passes some time in one of the ways a task can, or none.
func (p *program) pause(t *sched.Task, m *sched.Mutex) {
	d := p.ms(20)
	switch p.rng.IntN(5) {
	case 0:
		p.do(t, "sleep", "", d, func() { t.Sleep(d) })
	case 1:
		p.do(t, "block", "", d, func() { t.Block(d) })
	case 2:
		t.Compute(d)
	case 3:
		p.do(t, "lock", "m", 0, func() { m.Lock(t) })
		p.do(t, "sleep", "", d, func() { t.Sleep(d) })
		p.do(t, "unlock", "m", 0, func() { m.Unlock(t) })
	}
}

func newProgram(cfg sched.Config, seed uint64) *program {
	p := &program{sim: sched.New(cfg), rng: rand.New(rand.NewPCG(seed, 17))}
	chans := map[string]*sched.Chan[int]{"u": sched.NewChan[int]("u", 0), "b": sched.NewChan[int]("b", 2)}
	m := sched.NewMutex("m")
	var g sched.Signal
	p.sim.Go("main", func(t *sched.Task) {
		var all []*sched.Task
		for _, name := range []string{"u", "b"} {
			c := chans[name]
			var producers []*sched.Task
			for k := range 1 + p.rng.IntN(3) {
				n := p.rng.IntN(5)
				producers = append(producers, t.Go(fmt.Sprintf("P%s%d", name, k), func(t *sched.Task) {
					for i := range n {
						p.pause(t, m)
						p.do(t, "send", name, 0, func() { c.Send(t, i) })
					}
				}))
			}
			for k := range 1 + p.rng.IntN(2) {
				deadline := p.rng.IntN(2) == 0
				all = append(all, t.Go(fmt.Sprintf("C%s%d", name, k), func(t *sched.Task) {
					for {
						p.pause(t, m)
						ok := false
						if deadline {
							d := p.ms(30)
							p.do(t, "recvBefore", name, d, func() {
								var timedOut bool
								_, ok, timedOut = c.RecvBefore(t, t.Now()+d)
								ok = ok || timedOut
							})
						} else {
							p.do(t, "recv", name, 0, func() { _, ok = c.Recv(t) })
						}
						if !ok {
							return
						}
					}
				}))
			}
			all = append(all, producers...)
			all = append(all, t.Go("close "+name, func(t *sched.Task) {
				p.do(t, "wait", names(producers), 0, func() { t.Wait(producers...) })
				p.do(t, "close", name, 0, func() { c.Close(t) })
			}))
		}
		for k := range 3 {
			d := p.ms(60)
			all = append(all, t.Go(fmt.Sprintf("W%d", k), func(t *sched.Task) {
				switch k {
				case 0:
					p.do(t, "await", "g", 0, func() { t.Await(&g) })
				case 1:
					p.do(t, "sleepUntil", "g", d, func() { t.SleepUntil(d, &g) })
				default:
					p.do(t, "blockUntil", "g", d, func() { t.BlockUntil(d, &g) })
				}
			}))
		}
		fire := p.ms(60)
		all = append(all, t.Go("canceller", func(t *sched.Task) {
			p.do(t, "sleep", "", fire, func() { t.Sleep(fire) })
			p.do(t, "fire", "g", 0, func() { g.Fire(t) })
		}))
		p.do(t, "wait", names(all), 0, func() { t.Wait(all...) })
	})
	return p
}

func names(tasks []*sched.Task) string {
	var s string
	for i, t := range tasks {
		if i > 0 {
			s += ","
		}
		s += t.Name()
	}
	return s
}

// wakes says which calls a wake of each cause may end, and which calls of
// the waker may cause it.
var wakes = map[trace.CauseKind]struct{ parked, waker []string }{
	trace.CauseSend:   {[]string{"recv", "recvBefore"}, []string{"send"}},
	trace.CauseRecv:   {[]string{"send"}, []string{"recv", "recvBefore"}},
	trace.CauseClose:  {[]string{"recv", "recvBefore", "send"}, []string{"close"}},
	trace.CauseUnlock: {[]string{"lock"}, []string{"unlock"}},
	trace.CauseFire:   {[]string{"await", "sleepUntil", "blockUntil"}, []string{"fire"}},
	trace.CauseDone:   {[]string{"wait"}, nil},
	trace.CauseTimer:  {[]string{"sleep", "sleepUntil", "recvBefore"}, nil},
	trace.CauseIO:     {[]string{"block", "blockUntil"}, nil},
}

// TestWakeCausesAgainstTheProgramsLog runs random programs on every model
// and checks each wake's cause against what the program logged: the woken
// task was parked in a call the cause can end, on the same channel, mutex
// or signal; a task's cause is a call of that task, on the same thing,
// during which it did not park and the scheduler recorded the wake; a join
// ends when the last task joined returns; a timer or I/O at the time the
// call asked for. And the cause's event is the waker's last one.
func TestWakeCausesAgainstTheProgramsLog(t *testing.T) {
	models := []sched.Config{
		{Model: sched.Cooperative, Workers: 1},
		{Model: sched.Cooperative, Workers: 2},
		{Model: sched.GIL, Quantum: 3 * time.Millisecond},
		{Model: sched.GoRuntime, Workers: 1, Quantum: 4 * time.Millisecond},
		{Model: sched.GoRuntime, Workers: 3, Quantum: 4 * time.Millisecond},
	}
	kinds := map[trace.CauseKind]int{}
	for _, cfg := range models {
		for seed := range uint64(30) {
			p := newProgram(cfg, seed)
			tr, err := p.sim.Run()
			if err != nil {
				t.Fatalf("%v seed %d: %v", cfg, seed, err)
			}
			for _, msg := range checkWakes(&tr.Events, p.log, kinds) {
				t.Errorf("%v seed %d: %s", cfg, seed, msg)
			}
		}
	}
	t.Logf("wakes checked, by cause: %v", kinds)
	for k := trace.CauseSend; k <= trace.CauseIO; k++ {
		if kinds[k] == 0 {
			t.Errorf("no wake by %s in any run: the programs miss a case", k)
		}
	}
}

func checkWakes(ev *trace.Events, log []op, kinds map[trace.CauseKind]int) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	for i := range ev.Len() {
		if ev.Kind(i) != trace.EventWake {
			continue
		}
		woken, at := ev.Task(i), ev.Time(i)
		c, ok := ev.Cause(i)
		if !ok {
			fail("wake %d of %s has no cause", i, woken)
			continue
		}
		kinds[c.Kind]++
		// The call the woken task was parked in.
		k := slices.IndexFunc(log, func(o op) bool { return o.task == woken && o.from <= i && i < o.to })
		if k < 0 {
			fail("wake %d of %s (%v): the task was in no call", i, woken, c)
			continue
		}
		parked := log[k]
		if !slices.Contains(wakes[c.Kind].parked, parked.call) {
			fail("wake %d of %s (%v) ends a %s", i, woken, c, parked.call)
		}
		switch c.Kind {
		case trace.CauseTimer, trace.CauseIO:
			if want := parked.start + parked.d; at != want {
				fail("wake %d of %s (%v) at %s, want %s (%s of %s at %s)", i, woken, c, at, want, parked.call, parked.d, parked.start)
			}
		case trace.CauseDone:
			var last, lastTask = -1, ""
			for j := range ev.Len() {
				if ev.Kind(j) == trace.EventDone && slices.Contains(splitNames(parked.on), ev.Task(j)) {
					last, lastTask = j, ev.Task(j)
				}
			}
			if c.Event != last || c.Task != lastTask {
				fail("wake %d of %s (%v): the last of %s to return is %s at event %d", i, woken, c, parked.on, lastTask, last)
			}
		default: // a call of the waker, on the same thing, during which it did not park
			n := 0
			for _, o := range log {
				if o.task == c.Task && o.from <= i && i < o.to && slices.Contains(wakes[c.Kind].waker, o.call) && o.on == parked.on && !hasEventOf(ev, c.Task, o.from, o.to) {
					n++
				}
			}
			if n != 1 {
				fail("wake %d of %s (%v, parked in %s %s): %d calls of %s could have done it, want 1", i, woken, c, parked.call, parked.on, n, c.Task)
			}
		}
		if c.Kind.ByTask() {
			if last := lastEventOf(ev, c.Task, i); c.Event != last || ev.Time(c.Event) != at {
				fail("wake %d of %s: cause %v, want the waker's last event %d, at %s", i, woken, c, last, at)
			}
		}
	}
	return errs
}

func splitNames(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// hasEventOf reports whether task recorded an event in [from, to).
func hasEventOf(ev *trace.Events, task string, from, to int) bool {
	for j := from; j < to; j++ {
		if ev.Task(j) == task {
			return true
		}
	}
	return false
}
