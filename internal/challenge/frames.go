package challenge

import (
	"fmt"
	"strings"
)

// Calls, returns, deferred calls, and the end of goroutines.

// call enters a function: funcs[op.A], or the closure below the arguments.
func (m *machine) call(gi int, op *Op) bool {
	args := append([]Value(nil), m.peekN(gi, op.B)...)
	m.popN(gi, op.B)
	fn, captured := op.A, []Value(nil)
	if op.Code == opCallValue {
		cl := m.pop(gi)
		if cl.K != kFunc {
			m.panicf(gi, "runtime error: invalid memory address or nil pointer dereference")
			return false
		}
		fn, captured = m.s.closures[cl.N].fn, m.s.closures[cl.N].captured
	}
	m.top(gi).pc++
	g := m.g(gi)
	g.frames = append(g.frames, m.newFrame(fn, args, captured))
	m.note("%s", op.Label)
	return false
}

// ret returns from gi's top frame: with deferred calls pending it starts
// running them, one per step; otherwise the frame is popped.
func (m *machine) ret(gi int, op *Op) bool {
	f := m.top(gi)
	results := append([]Value(nil), m.peekN(gi, op.B)...)
	m.popN(gi, op.B)
	if op.A == 0 {
		m.note("%s", op.Label)
	}
	if len(f.defers) > 0 {
		f.returning, f.results = true, results
		if op.A == 1 { // falling off the end: this step runs the first deferred call
			m.runDefer(gi)
		}
		return false
	}
	return m.popFrame(gi, results)
}

// popFrame pops gi's top frame and hands its results to the caller, and
// reports whether the step goes on in the caller.
func (m *machine) popFrame(gi int, results []Value) bool {
	g := m.g(gi)
	if o := g.frames[len(g.frames)-1].once; o > 0 {
		x := &m.s.onces[o-1]
		x.done = true
		m.s.mutexes[x.mu].held = false
		m.note("%s.Do's function returned: done", m.s.mutexes[x.mu].name)
	}
	g.frames = g.frames[:len(g.frames)-1]
	if len(g.frames) == 0 {
		m.finish(gi)
		return false
	}
	f := m.top(gi)
	if f.returning { // a deferred call returned
		if len(f.defers) == 0 && !m.mainReturn(gi) {
			return m.popFrame(gi, f.results)
		}
		return false
	}
	f.stack = append(f.stack, results...)
	call := &m.p.funcs[f.fn].ops[f.pc-1]
	return call.Cont
}

// runDefer runs gi's last deferred call.
func (m *machine) runDefer(gi int) {
	f := m.top(gi)
	d := f.defers[len(f.defers)-1]
	f.defers = f.defers[:len(f.defers)-1]
	desc := m.p.defers[d.desc]
	switch desc.code {
	case opCall, opCallValue:
		m.note("deferred %s", desc.label)
		fn, args, captured := desc.fn, d.args, []Value(nil)
		if desc.code == opCallValue {
			cl := d.args[0]
			if cl.K != kFunc {
				m.panicf(gi, "runtime error: invalid memory address or nil pointer dereference")
				return
			}
			fn, args, captured = m.s.closures[cl.N].fn, d.args[1:], m.s.closures[cl.N].captured
		}
		g := m.g(gi)
		g.frames = append(g.frames, m.newFrame(fn, args, captured))
		return
	case opPrint:
		parts := make([]string, len(d.args))
		for i, v := range d.args {
			parts[i] = m.p.format(m.s, v)
			if v.K == kString {
				parts[i] = m.p.strings[v.N]
			}
		}
		m.s.output = append(m.s.output[:len(m.s.output):len(m.s.output)], strings.Join(parts, " "))
		m.note("deferred %s: prints %q", desc.label, m.s.output[len(m.s.output)-1])
	default:
		m.shared = true
		m.syncDeferred(gi, desc, d.args)
	}
	if m.s.over {
		return
	}
	if f := m.top(gi); f.returning && len(f.defers) == 0 && !m.mainReturn(gi) {
		if m.popFrame(gi, f.results) {
			m.exec(gi, 0)
		}
	}
}

// mainReturn reports whether gi's next frame to pop is main's own: main's
// return ends the program, so it is a step of its own.
func (m *machine) mainReturn(gi int) bool { return gi == 0 && len(m.g(gi).frames) == 1 }

// finish ends goroutine gi; when it is main the program ends.
func (m *machine) finish(gi int) {
	g := m.g(gi)
	g.status = finished
	if gi != 0 || m.s.over {
		return
	}
	m.s.over = true
	m.note("main returns: the program ends")
	if who, ok := m.p.leak(m.s, m.cfg); ok {
		m.fail(Leak, who.g, who.line, fmt.Sprintf("main returned, and G%d (%s) can be left blocked for ever at line %d: %s", who.g+1, who.name, who.line, who.why))
	}
}

// settle runs what is not a step of gi's own: jumps, and the end of a
// function with nothing deferred (but main's return, which ends the
// program, is a step).
func (m *machine) settle(gi int) {
	for n := 0; n < maxOps && !m.s.over; n++ {
		g := m.g(gi)
		if g.status != runnable || g.phase != phaseNone || len(g.frames) == 0 || g.timer {
			return
		}
		f := m.top(gi)
		if f.returning {
			return
		}
		op := &m.p.funcs[f.fn].ops[f.pc]
		switch {
		case op.Code == opJump:
			f.pc = op.A
		case op.Code == opReturn && op.A == 1 && len(f.defers) == 0 && !m.mainReturn(gi):
			m.quiet++
			if m.popFrame(gi, nil) {
				m.exec(gi, 0)
			}
			m.quiet--
		default:
			return
		}
	}
}
