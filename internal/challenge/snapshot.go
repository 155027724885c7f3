package challenge

import "strings"

// Snapshot is what a screen shows of a game: every goroutine (and timer)
// with its current line and next step, the variables, channels, mutexes,
// WaitGroups and Conds, and the steps so far. It is a copy: changing it
// changes nothing.
type Snapshot struct {
	Goroutines []GoroutineView
	Vars       []VarView // package-level variables, then locals that closures share
	Chans      []ChanView
	Mutexes    []MutexView
	WaitGroups []WaitGroupView
	Conds      []CondView
	Output     []string // what println printed, in order
	Steps      []Step
	Failure    *Failure // how the run failed, or nil
	Over       bool     // the run has ended
}

// GoroutineView is one goroutine, or a timer from time.After.
type GoroutineView struct {
	N      int    // its number in schedules
	Name   string // the function it runs ("main", "worker", "func@9"), or "timer time.After(...)"
	Timer  bool
	State  string     // "ready", "blocked" (waiting for another goroutine), "done", or "failed" (its step failed the run)
	Line   int        // the line of its next step (for a timer: where it was started); 0 when done
	Func   string     // the function its next step is in
	Next   string     // what its next step does: "counter++ (load counter)"
	Why    string     // when blocked: what it waits for
	Cases  []CaseView // when its next step is a select with several ready cases: those cases
	Held   []string
	Locals []VarView
	// Critical is true when its next step is critical(): it is in the
	// critical section.
	Critical bool
}

// CaseView is a ready case of a select: its number in a Choice (1-based,
// in source order), its line and its text ("case v := <-answer").
type CaseView struct {
	N    int
	Line int
	Text string
}

// VarView is a variable and its value as the learner reads it.
type VarView struct {
	Name   string
	Value  string
	Shared bool // an access to it is a step of its own
}

// ChanView is a channel: its buffer, whether it is closed, and who waits.
type ChanView struct {
	Name      string
	Cap       int
	Buf       []string
	Closed    bool
	Senders   []int // goroutines parked sending, first first
	Receivers []int // goroutines parked receiving (selects included)
}

// MutexView is a mutex and its holder (0: free).
type MutexView struct {
	Name   string
	Holder int
}

// WaitGroupView is a WaitGroup's counter and the goroutines parked in Wait.
type WaitGroupView struct {
	Name    string
	Counter int
	Waiters []int
}

// CondView is a Cond, its lock, and the goroutines parked in Wait (first
// to be signalled first).
type CondView struct {
	Name    string
	Lock    string
	Waiters []int
}

// Snapshot describes the game now.
func (g *Game) Snapshot() Snapshot {
	s := g.state()
	p := g.prog
	m := &machine{p: p, cfg: g.cfg, s: s}
	out := Snapshot{Steps: g.Steps(), Failure: s.fail, Over: s.over, Output: append([]string(nil), s.output...)}
	ids := func(ws []waiter) []int {
		var o []int
		for _, w := range ws {
			o = append(o, w.g+1)
		}
		return o
	}
	plus1 := func(gs []int) []int {
		var o []int
		for _, x := range gs {
			o = append(o, x+1)
		}
		return o
	}
	for gi, gr := range s.gs {
		v := GoroutineView{N: gi + 1, Name: gr.name, Timer: gr.timer}
		switch {
		case gr.status == finished:
			v.State = "done"
		case s.fail != nil && s.fail.G == gi+1:
			v.State = "failed"
		case m.blocked(gi):
			v.State, v.Why = "blocked", m.blockedOn(gi)
		default:
			v.State = "ready"
		}
		if gr.status != finished && v.State != "failed" {
			v.Line, v.Next = m.lineOf(gi), m.nextLabel(gi)
			if !s.over && v.State == "ready" {
				if _, cases := m.options(gi); cases != nil {
					op, _ := m.peek(gi)
					desc := p.selects[op.A]
					for _, k := range cases {
						c := desc.cases[k]
						v.Cases = append(v.Cases, CaseView{N: k + 1, Line: c.line, Text: "case " + strings.TrimPrefix(c.label, "select: ")})
					}
				}
			}
		}
		if len(gr.frames) > 0 && gr.status != finished {
			f := m.top(gi)
			fn := p.funcs[f.fn]
			v.Func = fn.name
			v.Critical = gr.status == runnable && gr.phase == phaseNone && !f.returning && m.op(gi).Code == opCritical
			for _, x := range f.stack {
				v.Held = append(v.Held, p.format(s, x))
			}
			for i, x := range f.slots {
				if x.K == kCell || fn.slotName[i] == "_" {
					continue
				}
				v.Locals = append(v.Locals, VarView{Name: fn.slotName[i], Value: p.format(s, x)})
			}
		}
		out.Goroutines = append(out.Goroutines, v)
	}
	for i, x := range s.cells {
		shared := i >= len(p.globals) || p.globals[i].shared
		if x.K == kChan || x.K == kMutex || x.K == kWG || x.K == kCond || x.K == kFunc || x.K == kAtomic || x.K == kOnce {
			continue // shown as what they are
		}
		out.Vars = append(out.Vars, VarView{Name: s.names[i], Value: p.format(s, x), Shared: shared})
	}
	for _, c := range s.chans {
		cv := ChanView{Name: c.name, Cap: c.cap, Closed: c.closed, Senders: ids(c.sendq), Receivers: ids(c.recvq)}
		for _, x := range c.buf {
			cv.Buf = append(cv.Buf, p.format(s, x))
		}
		out.Chans = append(out.Chans, cv)
	}
	for _, mu := range s.mutexes {
		h := 0
		if mu.held {
			h = mu.owner + 1
		}
		out.Mutexes = append(out.Mutexes, MutexView{Name: mu.name, Holder: h})
	}
	for _, w := range s.wgs {
		out.WaitGroups = append(out.WaitGroups, WaitGroupView{Name: w.name, Counter: w.n, Waiters: plus1(w.waiters)})
	}
	for _, c := range s.conds {
		out.Conds = append(out.Conds, CondView{Name: c.name, Lock: s.mutexes[c.l].name, Waiters: plus1(c.waiters)})
	}
	return out
}
