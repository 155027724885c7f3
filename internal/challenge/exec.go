package challenge

import (
	"fmt"
	"go/token"
	"strings"
)

// Config is what a level adds to its program's semantics.
type Config struct {
	// SpinLimit, when positive, makes a select that takes its default case
	// SpinLimit times in a row (with nothing received in between) a failure:
	// the goroutine spins instead of blocking.
	SpinLimit int
}

// Choice is one scheduling decision: which goroutine (or timer) moves, by its
// number, and for a select with several ready cases which case it takes
// (1-based, in source order; 0 when there is nothing to choose).
type Choice struct {
	G    int
	Case int
}

func (c Choice) String() string {
	if c.Case > 0 {
		return fmt.Sprintf("%d:%d", c.G, c.Case)
	}
	return fmt.Sprint(c.G)
}

// Step is what one step did.
type Step struct {
	Choice
	Line   int    // the source line of the step
	Text   string // what it did: "load counter → 0", "mu.Lock()", "ch <- 1: parks (no receiver)"
	Shared bool   // it accessed shared state (a shared variable, a channel, a lock...)
}

// maxOps bounds the instructions of one step: a loop with no step boundary
// in it (which the compiler rejects) would otherwise never end.
const maxOps = 100000

// machine runs steps on a state it owns.
type machine struct {
	p        *Program
	cfg      Config
	s        *State
	leftover bool // the goroutines left after main returned: no run-level checks
	notes    []string
	shared   bool
	quiet    int // > 0 while running another goroutine's tail: no notes
}

func (m *machine) note(format string, args ...any) {
	if m.quiet == 0 {
		m.notes = append(m.notes, fmt.Sprintf(format, args...))
	}
}

func (m *machine) g(gi int) *goroutine { return &m.s.gs[gi] }

func (m *machine) top(gi int) *frame {
	g := m.g(gi)
	return &g.frames[len(g.frames)-1]
}

func (m *machine) op(gi int) *Op {
	f := m.top(gi)
	return &m.p.funcs[f.fn].ops[f.pc]
}

func (m *machine) push(gi int, v ...Value) {
	f := m.top(gi)
	f.stack = append(f.stack, v...)
}

func (m *machine) pop(gi int) Value {
	f := m.top(gi)
	v := f.stack[len(f.stack)-1]
	f.stack = f.stack[:len(f.stack)-1]
	return v
}

// peekN is the top n values of gi's stack, without popping them.
func (m *machine) peekN(gi, n int) []Value {
	f := m.top(gi)
	return f.stack[len(f.stack)-n:]
}

func (m *machine) popN(gi, n int) {
	f := m.top(gi)
	f.stack = f.stack[:len(f.stack)-n]
}

func (m *machine) fail(kind Kind, gi, line int, msg string) {
	if m.s.fail != nil {
		return
	}
	g := 0
	if gi >= 0 {
		g = gi + 1
	}
	m.s.fail = &Failure{Kind: kind, Message: msg, G: g, Line: line}
	m.s.over = true
}

func (m *machine) panicf(gi int, format string, args ...any) {
	line := 0
	if len(m.g(gi).frames) > 0 {
		line = m.op(gi).Line
	}
	m.fail(Panic, gi, line, fmt.Sprintf(format, args...))
}

// newFrame is a frame for funcs[fn] with its arguments and captured values.
func (m *machine) newFrame(fn int, args, captured []Value) frame {
	f := m.p.funcs[fn]
	slots := make([]Value, f.slots)
	copy(slots, args)
	copy(slots[f.params:], captured)
	return frame{fn: fn, slots: slots}
}

// spawn adds a goroutine that runs funcs[fn] (with a closure's captures).
func (m *machine) spawn(name string, line, fn int, args, captured []Value) int {
	m.s.gs = append(m.s.gs, goroutine{name: name, line: line, frames: []frame{m.newFrame(fn, args, captured)}})
	gi := len(m.s.gs) - 1
	m.settle(gi)
	return gi
}

// run runs one step of goroutine (or timer) gi; cs is the select case to
// take when its select has several ready cases (1-based), else 0.
func (m *machine) run(gi, cs int) {
	g := m.g(gi)
	if g.timer {
		m.shared = true
		m.fire(gi)
		return
	}
	switch g.phase {
	case phaseWGReturn:
		m.shared = true
		w := m.pop(gi)
		wg := &m.s.wgs[w.N]
		g.phase = phaseNone
		if wg.n != 0 || len(wg.waiters) > 0 {
			m.push(gi, w)
			m.panicf(gi, "sync: WaitGroup is reused before previous Wait has returned")
			return
		}
		m.note("%s returns", m.op(gi).Label)
		m.advance(gi)
		return
	case phaseCondRelock:
		m.shared = true
		c := m.pop(gi)
		mu := &m.s.mutexes[m.s.conds[c.N].l]
		mu.held, mu.owner = true, gi
		g.phase = phaseNone
		m.note("%s relocks %s", m.op(gi).Label, mu.name)
		m.advance(gi)
		return
	case phaseSendClosed:
		m.shared = true
		m.panicf(gi, "send on closed channel")
		return
	}
	if f := m.top(gi); f.returning {
		if len(f.defers) > 0 {
			m.runDefer(gi)
		} else if m.popFrame(gi, f.results) { // main's return, after its deferred calls
			m.exec(gi, 0)
		}
		return
	}
	m.exec(gi, cs)
}

// advance moves gi past its current op and, unless that op ended the step,
// runs the rest of the step.
func (m *machine) advance(gi int) {
	op := m.op(gi)
	m.top(gi).pc++
	if !op.End {
		m.exec(gi, 0)
	}
}

// exec runs gi's ops until one ends the step (or gi parks, blocks, finishes,
// or the run fails).
func (m *machine) exec(gi, cs int) {
	for n := 0; ; n++ {
		if m.s.over {
			return
		}
		g := m.g(gi)
		if g.status != runnable || len(g.frames) == 0 {
			return
		}
		if n > maxOps {
			m.panicf(gi, "a step ran more than %d instructions", maxOps)
			return
		}
		f := m.top(gi)
		op := &m.p.funcs[f.fn].ops[f.pc]
		if op.Shared {
			m.shared = true
		}
		if !m.do(gi, op, cs) {
			return
		}
	}
}

// do performs op for gi and reports whether the step goes on.
func (m *machine) do(gi int, op *Op, cs int) bool {
	s := m.s
	f := m.top(gi)
	next := func() bool {
		f.pc++
		if op.End && op.Label != "" && !op.Shared && len(m.notes) == 0 {
			m.note("%s", op.Label) // a statement that did nothing else worth saying
		}
		return !op.End
	}
	switch op.Code {
	case opNop:
		return next()
	case opConst:
		m.push(gi, m.p.consts[op.A])
		return next()
	case opLoadLocal:
		m.push(gi, f.slots[op.A])
		return next()
	case opStoreLocal:
		f.slots[op.A] = m.pop(gi)
		return next()
	case opLoadGlobal:
		v := s.cells[op.A]
		m.push(gi, v)
		if op.Shared {
			m.note("load %s → %s", m.p.globals[op.A].name, m.p.format(s, v))
		}
		return next()
	case opStoreGlobal:
		v := m.pop(gi)
		s.cells[op.A] = v
		if op.Shared {
			m.note("store %s = %s", m.p.globals[op.A].name, m.p.format(s, v))
		}
		return next()
	case opLoadCell:
		v := s.cells[f.slots[op.A].N]
		m.push(gi, v)
		m.note("load %s → %s", m.p.funcs[f.fn].slotName[op.A], m.p.format(s, v))
		return next()
	case opStoreCell:
		v := m.pop(gi)
		s.cells[f.slots[op.A].N] = v
		m.note("store %s = %s", m.p.funcs[f.fn].slotName[op.A], m.p.format(s, v))
		return next()
	case opNewCell:
		s.cells = append(s.cells, m.pop(gi))
		s.names = append(s.names[:len(s.names):len(s.names)], m.p.funcs[f.fn].slotName[op.A])
		f.slots[op.A] = Value{K: kCell, N: int64(len(s.cells) - 1)}
		return next()
	case opPop:
		m.pop(gi)
		return next()
	case opBinary:
		b, a := m.pop(gi), m.pop(gi)
		v, err := arith(token.Token(op.A), a, b)
		if err != "" {
			m.panicf(gi, "%s", err)
			return false
		}
		m.push(gi, v)
		if op.End && op.Label != "" {
			m.note("%s → %s", op.Label, m.p.format(s, v))
			f.pc++
			return false
		}
		return next()
	case opUnary:
		a := m.pop(gi)
		if token.Token(op.A) == token.NOT {
			m.push(gi, boolValue(!a.truth()))
		} else {
			m.push(gi, intValue(-a.N))
		}
		return next()
	case opJump:
		f.pc = op.A
		return true
	case opJumpIfFalse:
		c := m.pop(gi)
		if op.Label != "" {
			// "if ok → true", in place of "ok → true" when the condition was a call
			cond := op.Label[strings.Index(op.Label, " ")+1:]
			if n := len(m.notes); n > 0 && m.quiet == 0 && strings.HasPrefix(m.notes[n-1], cond+" → ") {
				m.notes = m.notes[:n-1]
			}
			m.note("%s → %v", op.Label, c.truth())
		}
		if !c.truth() {
			f.pc = op.A
			return !op.End
		}
		f.pc++
		return !op.End
	case opCall, opCallValue:
		return m.call(gi, op)
	case opReturn:
		return m.ret(gi, op)
	case opClosure:
		fn := m.p.funcs[op.A]
		captured := make([]Value, len(fn.captures))
		for i, slot := range fn.captures {
			captured[i] = f.slots[slot]
		}
		s.closures = append(s.closures, closure{fn: op.A, captured: captured})
		m.push(gi, Value{K: kFunc, N: int64(len(s.closures) - 1)})
		return next()
	case opGo:
		args := append([]Value(nil), m.peekN(gi, op.B)...)
		m.popN(gi, op.B)
		fn, captured := op.A, []Value(nil)
		if fn < 0 {
			cl := m.pop(gi)
			if cl.K != kFunc {
				m.panicf(gi, "go of a nil func value")
				return false
			}
			fn, captured = s.closures[cl.N].fn, s.closures[cl.N].captured
		}
		f.pc++ // before spawning: s.gs may move
		ng := m.spawn(m.p.funcs[fn].name, op.Line, fn, args, captured)
		m.note("%s → G%d", op.Label, ng+1)
		return !op.End
	case opDefer:
		d := m.p.defers[op.A]
		args := append([]Value(nil), m.peekN(gi, d.nargs)...)
		m.popN(gi, d.nargs)
		f.defers = append(f.defers, deferred{desc: op.A, args: args})
		return next()
	case opMakeChan:
		n := m.pop(gi)
		if n.N < 0 {
			m.panicf(gi, "makechan: size out of range")
			return false
		}
		s.chans = append(s.chans, channel{name: m.p.strings[op.B], cap: int(n.N), zero: m.p.consts[op.A]})
		m.push(gi, Value{K: kChan, N: int64(len(s.chans) - 1)})
		return next()
	case opNewMutex:
		s.mutexes = append(s.mutexes, mutex{name: m.p.strings[op.A]})
		m.push(gi, Value{K: kMutex, N: int64(len(s.mutexes) - 1)})
		return next()
	case opNewWG:
		s.wgs = append(s.wgs, waitGroup{name: m.p.strings[op.A]})
		m.push(gi, Value{K: kWG, N: int64(len(s.wgs) - 1)})
		return next()
	case opNewCond:
		l, mu := m.pop(gi), -1 // -1: NewCond(nil), whose Wait dereferences nil
		if l.K == kMutex {
			mu = int(l.N)
		}
		s.conds = append(s.conds, cond{name: m.p.strings[op.A], l: mu})
		m.push(gi, Value{K: kCond, N: int64(len(s.conds) - 1)})
		return next()
	case opCondL:
		c := m.pop(gi)
		if c.K != kCond || s.conds[c.N].l < 0 {
			m.panicf(gi, "runtime error: invalid memory address or nil pointer dereference")
			return false
		}
		m.push(gi, Value{K: kMutex, N: int64(s.conds[c.N].l)})
		return next()
	case opAfter:
		m.pop(gi)
		m.after(gi, op)
		return next()
	case opSleep:
		m.pop(gi)
		return next()
	case opAssert:
		ok := m.pop(gi)
		if !ok.truth() {
			m.fail(Assert, gi, op.Line, fmt.Sprintf("assert(%s) is false", m.p.strings[op.A]))
			return false
		}
		m.note("%s: true", op.Label)
		f.pc++
		return !op.End
	case opCritical:
		m.note("passes through the critical section")
		return next()
	case opPanic:
		v := m.pop(gi)
		msg := m.p.format(s, v)
		if v.K == kString {
			msg = m.p.strings[v.N]
		}
		m.panicf(gi, "%s", msg)
		return false
	case opPrint:
		vals := m.peekN(gi, op.B)
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = m.p.format(s, v)
			if v.K == kString {
				parts[i] = m.p.strings[v.N]
			}
		}
		m.popN(gi, op.B)
		s.output = append(s.output[:len(s.output):len(s.output)], strings.Join(parts, " "))
		m.note("prints %q", s.output[len(s.output)-1])
		return next()
	case opLen:
		c := m.pop(gi)
		n := 0
		if c.K == kChan {
			if op.B == 1 {
				n = s.chans[c.N].cap
			} else {
				n = len(s.chans[c.N].buf)
			}
		}
		m.push(gi, intValue(int64(n)))
		return next()
	case opSend, opRecv, opRangeRecv, opClose, opLock, opUnlock, opAdd, opDone, opWait, opCondWait, opSignal, opBroadcast, opSelect:
		return m.sync(gi, op, cs)
	case opNewAtomic:
		zero := intValue(0)
		if op.B == 1 {
			zero = boolValue(false)
		}
		s.cells = append(s.cells, zero)
		s.names = append(s.names[:len(s.names):len(s.names)], m.p.strings[op.A])
		m.push(gi, Value{K: kAtomic, N: int64(len(s.cells) - 1)})
		return next()
	case opAtomic:
		return m.atomic(gi, op)
	case opNewOnce:
		s.mutexes = append(s.mutexes, mutex{name: m.p.strings[op.A]})
		s.onces = append(s.onces, once{mu: len(s.mutexes) - 1})
		m.push(gi, Value{K: kOnce, N: int64(len(s.onces) - 1)})
		return next()
	case opOnceDo:
		return m.onceDo(gi, op)
	case opWGGo:
		fv, w := m.pop(gi), m.pop(gi)
		if w.K != kWG || fv.K != kFunc {
			m.panicf(gi, "runtime error: invalid memory address or nil pointer dereference")
			return false
		}
		m.wgAdd(gi, int(w.N), 1, op.Label)
		if s.over {
			return false
		}
		f.pc++
		ng := m.spawn(m.p.funcs[s.closures[fv.N].fn].name, op.Line, op.A, []Value{w, fv}, nil)
		m.note("starts G%d", ng+1)
		return !op.End
	}
	m.panicf(gi, "internal error: unknown op %d", op.Code)
	return false
}

// arith computes a op b.
func arith(op token.Token, a, b Value) (Value, string) {
	switch op {
	case token.EQL:
		return boolValue(a == b), ""
	case token.NEQ:
		return boolValue(a != b), ""
	case token.LSS:
		return boolValue(a.N < b.N), ""
	case token.LEQ:
		return boolValue(a.N <= b.N), ""
	case token.GTR:
		return boolValue(a.N > b.N), ""
	case token.GEQ:
		return boolValue(a.N >= b.N), ""
	case token.ADD:
		return intValue(a.N + b.N), ""
	case token.SUB:
		return intValue(a.N - b.N), ""
	case token.MUL:
		return intValue(a.N * b.N), ""
	case token.QUO, token.REM:
		if b.N == 0 {
			return Value{}, "runtime error: integer divide by zero"
		}
		if op == token.QUO {
			return intValue(a.N / b.N), ""
		}
		return intValue(a.N % b.N), ""
	}
	return Value{}, "internal error: operator " + op.String()
}
