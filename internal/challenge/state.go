package challenge

import (
	"encoding/binary"
	"slices"
)

// status is where a goroutine stands.
type status uint8

const (
	runnable status = iota // it may be scheduled (a Lock of a held mutex may still block it)
	parked                 // it waits in a queue until another goroutine wakes it
	finished               // it returned (a timer: it fired, or was collected)
)

// waitKind is what a parked goroutine waits for.
type waitKind uint8

const (
	waitNone    waitKind = iota
	waitSend             // in chans[on].sendq
	waitRecv             // in chans[on].recvq
	waitSelect           // in the queues of every channel of its select
	waitWG               // in wgs[on]
	waitCond             // in conds[on]
	waitForever          // a nil channel, or select {}
)

// phase is what a woken goroutine's next step does besides its next op.
type phase uint8

const (
	phaseNone       phase = iota
	phaseWGReturn         // woken in WaitGroup.Wait: it returns (and panics if the group was reused)
	phaseCondRelock       // woken in Cond.Wait: it relocks conds[on].L
	phaseSendClosed       // woken because a channel it sent on in a select was closed: it panics
)

type goroutine struct {
	name   string
	line   int  // where it was started
	timer  bool // a timer from time.After, not a goroutine
	tchan  int  // a timer: the channel it fires into
	status status
	wait   waitKind
	on     int
	phase  phase
	spins  int // selects that took their default in a row
	frames []frame
}

type frame struct {
	once      int // a sync.Once's function: on return the once is done (index + 1; 0: none)
	fn        int
	pc        int
	slots     []Value
	stack     []Value
	defers    []deferred
	returning bool
	results   []Value
}

type deferred struct {
	desc int
	args []Value
}

type waiter struct {
	g   int
	val Value // a sender's value
	cs  int   // the select case, or -1
}

type channel struct {
	name       string
	cap        int
	zero       Value
	buf        []Value
	closed     bool
	sendq      []waiter
	recvq      []waiter
	timer      int  // the timer (goroutine index + 1) that fires into it, or 0
	selectMade bool // made by time.After inside a select's case
}

type mutex struct {
	name  string
	held  bool
	owner int // goroutine index of the holder, for display (not part of the state's identity)
}

type waitGroup struct {
	name    string
	n       int
	waiters []int
}

type cond struct {
	name    string
	l       int // its mutex
	waiters []int
}

// once is a sync.Once: a mutex held while its function runs, and done.
type once struct {
	mu   int
	done bool
}

type closure struct {
	fn       int
	captured []Value
}

// Kind is how a run failed.
type Kind string

// The ways a run can fail. Each is a way to win a level.
const (
	Assert   Kind = "assert"   // an assertion is false
	Critical Kind = "critical" // two goroutines in the critical section at once
	Panic    Kind = "panic"    // a goroutine panicked (or a fatal error of the runtime)
	Deadlock Kind = "deadlock" // every goroutine is blocked
	Leak     Kind = "leak"     // main returned while another goroutine was blocked
	Spin     Kind = "spin"     // a select took its default the spin limit times in a row
)

// Failure is how and where a run failed. G is the goroutine number whose
// step failed (0 for a deadlock); Line is that step's line (0 for a deadlock).
type Failure struct {
	Kind    Kind   `json:"kind"`
	Message string `json:"message"`
	G       int    `json:"goroutine,omitempty"`
	Line    int    `json:"line,omitempty"`
}

// State is the whole state of a run: variables, goroutines and their stacks,
// channels and sync objects. It is plain data: Clone copies it and key
// encodes it for hashing.
type State struct {
	cells    []Value
	names    []string // each cell's variable, for display (append-only, not part of the key)
	gs       []goroutine
	chans    []channel
	mutexes  []mutex
	wgs      []waitGroup
	conds    []cond
	onces    []once
	closures []closure
	output   []string
	fail     *Failure
	over     bool // the run ended: main returned or the run failed
}

func (s *State) clone() *State {
	c := &State{
		cells:    slices.Clone(s.cells),
		names:    s.names[:len(s.names):len(s.names)],
		gs:       slices.Clone(s.gs),
		chans:    slices.Clone(s.chans),
		mutexes:  slices.Clone(s.mutexes),
		wgs:      slices.Clone(s.wgs),
		conds:    slices.Clone(s.conds),
		onces:    slices.Clone(s.onces),
		closures: s.closures[:len(s.closures):len(s.closures)], // append-only, entries never change
		output:   s.output[:len(s.output):len(s.output)],
		fail:     s.fail,
		over:     s.over,
	}
	for i := range c.gs {
		g := &c.gs[i]
		g.frames = slices.Clone(g.frames)
		for j := range g.frames {
			f := &g.frames[j]
			f.slots = slices.Clone(f.slots)
			f.stack = slices.Clone(f.stack)
			f.defers = slices.Clone(f.defers) // deferred args never change
			f.results = slices.Clone(f.results)
		}
	}
	for i := range c.chans {
		ch := &c.chans[i]
		ch.buf = slices.Clone(ch.buf)
		ch.sendq = slices.Clone(ch.sendq)
		ch.recvq = slices.Clone(ch.recvq)
	}
	for i := range c.wgs {
		c.wgs[i].waiters = slices.Clone(c.wgs[i].waiters)
	}
	for i := range c.conds {
		c.conds[i].waiters = slices.Clone(c.conds[i].waiters)
	}
	return c
}

// key encodes everything that decides what the run can do next, so that two
// states with the same key have the same futures. Left out is only what is
// shown but changes nothing: names, where a goroutine was started, and a
// mutex's holder (any goroutine may unlock a mutex in Go).
func (s *State) key(buf []byte) []byte {
	b := buf[:0]
	u := func(n int) { b = binary.AppendVarint(b, int64(n)) }
	v := func(x Value) { b = append(b, byte(x.K)); b = binary.AppendVarint(b, x.N) }
	vs := func(xs []Value) {
		u(len(xs))
		for _, x := range xs {
			v(x)
		}
	}
	str := func(x string) { u(len(x)); b = append(b, x...) }
	vs(s.cells)
	u(len(s.gs))
	for _, g := range s.gs {
		b = append(b, byte(g.status), byte(g.wait), byte(g.phase))
		if g.timer {
			b = append(b, 1)
			u(g.tchan)
		} else {
			b = append(b, 0)
		}
		u(g.on)
		u(g.spins)
		u(len(g.frames))
		for _, f := range g.frames {
			u(f.once)
			u(f.fn)
			u(f.pc)
			vs(f.slots)
			vs(f.stack)
			u(len(f.defers))
			for _, d := range f.defers {
				u(d.desc)
				vs(d.args)
			}
			if f.returning {
				b = append(b, 1)
				vs(f.results)
			} else {
				b = append(b, 0)
			}
		}
	}
	u(len(s.chans))
	for _, c := range s.chans {
		u(c.cap)
		v(c.zero)
		u(c.timer)
		if c.selectMade {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		vs(c.buf)
		if c.closed {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		u(len(c.sendq))
		for _, w := range c.sendq {
			u(w.g)
			v(w.val)
			u(w.cs)
		}
		u(len(c.recvq))
		for _, w := range c.recvq {
			u(w.g)
			u(w.cs)
		}
	}
	u(len(s.mutexes))
	for _, m := range s.mutexes {
		if m.held {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	u(len(s.wgs))
	for _, w := range s.wgs {
		u(w.n)
		u(len(w.waiters))
		for _, g := range w.waiters {
			u(g)
		}
	}
	u(len(s.conds))
	for _, c := range s.conds {
		u(c.l)
		u(len(c.waiters))
		for _, g := range c.waiters {
			u(g)
		}
	}
	u(len(s.onces))
	for _, o := range s.onces {
		u(o.mu)
		if o.done {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	u(len(s.closures))
	for _, c := range s.closures {
		u(c.fn)
		vs(c.captured)
	}
	u(len(s.output))
	for _, o := range s.output {
		str(o)
	}
	if s.fail != nil {
		str(string(s.fail.Kind))
		str(s.fail.Message)
	}
	if s.over {
		b = append(b, 1)
	}
	return b
}
