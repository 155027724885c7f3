package challenge

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// start is the state before the first step: the globals initialised and main
// ready to run as goroutine 1.
func (p *Program) start() (*State, error) {
	m := &machine{p: p, s: &State{cells: make([]Value, len(p.globals))}}
	for _, g := range p.globals {
		m.s.names = append(m.s.names, g.name)
	}
	m.s.gs = []goroutine{{name: "init", frames: []frame{m.newFrame(p.init, nil, nil)}}}
	m.quiet++
	m.exec(0, 0)
	if m.s.fail != nil {
		return nil, fmt.Errorf("initialising the globals: %s", m.s.fail.Message)
	}
	if g := m.s.gs[0]; g.status != finished || len(m.s.gs) > 1 {
		return nil, errors.New("initialising the globals must not block or start goroutines")
	}
	m.s.gs = []goroutine{{name: "main", line: p.funcs[p.main].line, frames: []frame{m.newFrame(p.main, nil, nil)}}}
	m.s.over = false
	m.settle(0)
	return m.s, nil
}

// peek runs the pure ops at the start of gi's next step on a copy of its
// stack, and returns the first op that is not pure with the stack it would
// find: enough to know whether a Lock would block or which cases of a
// select are ready.
func (m *machine) peek(gi int) (*Op, []Value) {
	f := m.top(gi)
	ops := m.p.funcs[f.fn].ops
	st := slices.Clone(f.stack)
	pc := f.pc
	for range maxOps {
		op := &ops[pc]
		switch op.Code {
		case opConst:
			st = append(st, m.p.consts[op.A])
		case opLoadLocal:
			st = append(st, f.slots[op.A])
		case opLoadGlobal:
			if op.Shared {
				return op, st
			}
			st = append(st, m.s.cells[op.A])
		case opCondL:
			if c := st[len(st)-1]; c.K != kCond || m.s.conds[c.N].l < 0 {
				return op, st
			}
			st[len(st)-1] = Value{K: kMutex, N: int64(m.s.conds[st[len(st)-1].N].l)}
		case opAfter:
			st[len(st)-1] = Value{K: kChan, N: -1} // a new timer's channel: empty
		case opClosure:
			st = append(st, Value{K: kFunc, N: -1}) // a function literal (once.Do's, wg.Go's)
		default:
			return op, st
		}
		if op.End {
			return op, st
		}
		pc++
	}
	return &ops[pc], st
}

// options says whether goroutine gi can take a step now (0: it cannot) and,
// when its step is a select with several ready cases, which (0-based).
func (m *machine) options(gi int) (n int, cases []int) {
	g := m.g(gi)
	if g.status != runnable {
		return 0, nil
	}
	if g.timer {
		return 1, nil
	}
	switch g.phase {
	case phaseCondRelock:
		if m.s.mutexes[m.s.conds[m.top(gi).stack[len(m.top(gi).stack)-1].N].l].held {
			return 0, nil
		}
		return 1, nil
	case phaseWGReturn, phaseSendClosed:
		return 1, nil
	}
	if m.top(gi).returning {
		return 1, nil
	}
	op, st := m.peek(gi)
	switch op.Code {
	case opLock:
		if len(st) > 0 && st[len(st)-1].K == kMutex && m.s.mutexes[st[len(st)-1].N].held {
			return 0, nil
		}
	case opOnceDo:
		if len(st) > 1 && st[len(st)-2].K == kOnce {
			if o := m.s.onces[st[len(st)-2].N]; !o.done && m.s.mutexes[o.mu].held {
				return 0, nil
			}
		}
	case opSelect:
		desc := &m.p.selects[op.A]
		if len(st) < operandCount(desc) {
			return 1, nil // a run that failed in this select
		}
		ready := m.readyCases(desc, st[len(st)-operandCount(desc):])
		if len(ready) > 1 {
			return len(ready), ready
		}
	}
	return 1, nil
}

// blocked reports whether gi waits for another goroutine: parked, or at a
// Lock of a held mutex.
func (m *machine) blocked(gi int) bool {
	g := m.g(gi)
	if g.status == finished {
		return false
	}
	n, _ := m.options(gi)
	return n == 0
}

// lineOf is the line of gi's next step (a timer: where it was started).
func (m *machine) lineOf(gi int) int {
	g := m.g(gi)
	if g.timer || len(g.frames) == 0 {
		return g.line
	}
	f := m.top(gi)
	op := m.p.funcs[f.fn].ops[f.pc]
	if (f.returning || op.Code == opReturn && op.A == 1) && g.phase == phaseNone && len(f.defers) > 0 {
		return m.p.defers[f.defers[len(f.defers)-1].desc].line // the deferred call that runs next
	}
	return op.Line
}

// nextLabel says what gi's next step does: its statement, and the shared
// access in it ("if balance >= amount (load balance)").
func (m *machine) nextLabel(gi int) string {
	g := m.g(gi)
	if g.timer {
		return "fire " + m.s.chans[g.tchan].name
	}
	if len(g.frames) == 0 {
		return ""
	}
	f := m.top(gi)
	switch g.phase {
	case phaseWGReturn:
		return m.op(gi).Label + " (returns)"
	case phaseCondRelock:
		return m.op(gi).Label + " (relocks)"
	case phaseSendClosed:
		return m.op(gi).Label + " (panics: send on closed channel)"
	}
	if f.returning {
		if len(f.defers) > 0 {
			return "deferred " + m.p.defers[f.defers[len(f.defers)-1].desc].label
		}
		return "return (the program ends)"
	}
	ops := m.p.funcs[f.fn].ops
	part := ""
	for pc := f.pc; pc < len(ops); pc++ {
		op := ops[pc]
		if op.Code == opReturn && op.A == 1 {
			if m.mainReturn(gi) {
				return "return (the program ends)"
			}
			return "return"
		}
		if op.Code == opSelect && part == "" {
			return "select"
		}
		if op.Shared && part == "" {
			part = op.Label
		}
		if !op.End {
			continue
		}
		if part == "" {
			part = op.Label
		}
		switch stmt := op.Stmt; {
		case part == "":
			return stmt
		case stmt == "" || strings.Contains(part, stmt):
			return part
		default:
			return stmt + " (" + part + ")"
		}
	}
	return part
}

// blockedOn says why a blocked goroutine waits.
func (m *machine) blockedOn(gi int) string {
	g := m.g(gi)
	label := m.nextLabel(gi)
	if g.status == runnable {
		if g.phase == phaseCondRelock {
			st := m.top(gi).stack
			mu := m.s.mutexes[m.s.conds[st[len(st)-1].N].l]
			return fmt.Sprintf("%s: %s is held by %s", label, mu.name, m.holder(mu))
		}
		op, st := m.peek(gi)
		if op.Code == opLock && len(st) > 0 && st[len(st)-1].K == kMutex {
			mu := m.s.mutexes[st[len(st)-1].N]
			return fmt.Sprintf("%s: %s is held by %s", label, mu.name, m.holder(mu))
		}
		if op.Code == opOnceDo && len(st) > 1 && st[len(st)-2].K == kOnce {
			mu := m.s.mutexes[m.s.onces[st[len(st)-2].N].mu]
			return fmt.Sprintf("%s: G%d is running its function", label, mu.owner+1)
		}
		return label
	}
	switch g.wait {
	case waitSend:
		c := m.s.chans[g.on]
		if c.cap == 0 {
			return fmt.Sprintf("%s: nobody receives from %s", label, c.name)
		}
		return fmt.Sprintf("%s: %s is full", label, c.name)
	case waitRecv:
		return fmt.Sprintf("%s: nothing to receive from %s", label, m.s.chans[g.on].name)
	case waitSelect:
		return "select: no case is ready"
	case waitWG:
		return fmt.Sprintf("%s: %s's counter is %d", label, m.s.wgs[g.on].name, m.s.wgs[g.on].n)
	case waitCond:
		return fmt.Sprintf("%s: waits for a Signal or Broadcast", label)
	case waitForever:
		return label + ": waits for ever"
	}
	return label
}

// holder names who holds mu: "G2", or "G2, which has finished".
func (m *machine) holder(mu mutex) string {
	if m.s.gs[mu.owner].status == finished {
		return fmt.Sprintf("G%d, which has finished", mu.owner+1)
	}
	return fmt.Sprintf("G%d", mu.owner+1)
}

// choices are the steps that can be taken in s, in goroutine order.
func (p *Program) choices(s *State, cfg Config) []Choice {
	if s.over {
		return nil
	}
	m := &machine{p: p, cfg: cfg, s: s}
	var out []Choice
	for gi := range s.gs {
		n, cases := m.options(gi)
		switch {
		case n == 0:
		case cases != nil:
			for _, k := range cases {
				out = append(out, Choice{G: gi + 1, Case: k + 1})
			}
		default:
			out = append(out, Choice{G: gi + 1})
		}
	}
	return out
}

// errStep is a choice that cannot be taken: bad input, not a failure.
type errStep struct{ msg string }

func (e errStep) Error() string { return e.msg }

// check says why c cannot be taken in s, or nil.
func (p *Program) check(s *State, cfg Config, c Choice) error {
	if s.over {
		return errStep{"the program has ended"}
	}
	if c.G < 1 || c.G > len(s.gs) {
		return errStep{fmt.Sprintf("there is no goroutine %d (there are %d)", c.G, len(s.gs))}
	}
	m := &machine{p: p, cfg: cfg, s: s}
	gi := c.G - 1
	g := m.g(gi)
	who := fmt.Sprintf("G%d", c.G)
	if g.timer {
		who = fmt.Sprintf("T%d", c.G)
	}
	if g.status == finished {
		if g.timer {
			return errStep{who + " has fired (or was collected)"}
		}
		return errStep{who + " has finished"}
	}
	n, cases := m.options(gi)
	if n == 0 {
		return errStep{fmt.Sprintf("%s is blocked at line %d: %s", who, m.lineOf(gi), m.blockedOn(gi))}
	}
	if cases == nil {
		if c.Case != 0 {
			return errStep{fmt.Sprintf("%s's next step is not a select with several ready cases: write %d, not %s", who, c.G, c)}
		}
		return nil
	}
	var list []string
	for _, k := range cases {
		if k+1 == c.Case {
			return nil
		}
		list = append(list, fmt.Sprintf("%d:%d", c.G, k+1))
	}
	return errStep{fmt.Sprintf("%s's select has several ready cases: choose one with %s", who, strings.Join(list, " or "))}
}

// step takes choice c in s and returns the new state (s is not changed).
// c must be one of choices(s).
func (p *Program) step(s *State, cfg Config, c Choice) (*State, Step) {
	return p.stepAfter(s, cfg, c, false)
}

// stepAfter is step; after is true for the goroutines left once main has
// returned, whose runs are not checked for deadlocks or critical sections.
func (p *Program) stepAfter(s *State, cfg Config, c Choice, after bool) (*State, Step) {
	m := &machine{p: p, cfg: cfg, s: s.clone(), leftover: after}
	gi := c.G - 1
	st := Step{Choice: c, Line: m.lineOf(gi)}
	m.run(gi, c.Case)
	if !m.s.over {
		m.settle(gi)
	}
	if !m.s.over && !after {
		m.checkCritical()
	}
	if !m.s.over && !after && len(p.choices(m.s, cfg)) == 0 {
		m.deadlock()
	}
	if m.s.fail != nil && s.fail == nil {
		m.notes = append(m.notes, m.s.fail.Message)
	}
	st.Text = strings.Join(m.notes, "; ")
	st.Shared = m.shared
	return m.s, st
}

// checkCritical fails the run when two goroutines are in the critical
// section: their next step is critical().
func (m *machine) checkCritical() {
	var in []int
	for gi := range m.s.gs {
		g := m.g(gi)
		if g.status != runnable || g.timer || g.phase != phaseNone || len(g.frames) == 0 || m.top(gi).returning {
			continue
		}
		if m.op(gi).Code == opCritical {
			in = append(in, gi)
		}
	}
	if len(in) >= 2 {
		m.fail(Critical, in[1], m.lineOf(in[1]), fmt.Sprintf("G%d and G%d are both in the critical section", in[0]+1, in[1]+1))
	}
}

// deadlock fails the run: no goroutine can move, and main has not returned.
func (m *machine) deadlock() {
	var where []string
	for gi, g := range m.s.gs {
		if g.status == finished || g.timer {
			continue
		}
		where = append(where, fmt.Sprintf("G%d at line %d, %s", gi+1, m.lineOf(gi), m.blockedOn(gi)))
	}
	m.fail(Deadlock, -1, 0, "all goroutines are asleep - deadlock! ("+strings.Join(where, "; ")+")")
}

// leaked is a goroutine left blocked for ever after main returned.
type leaked struct {
	g, line   int
	name, why string
}

// maxLeakStates bounds the search for a leak after main returns.
const maxLeakStates = 100_000

// leak looks for a goroutine that main's return leaves blocked for ever: in
// Go the process ends with main, but in a program that keeps running (main
// is then any function that returns) the goroutines left go on. It explores
// every way they can go on; a way that comes to a stop with one of them
// unfinished leaves it blocked for ever. A way in which one panics is not
// followed (the process would end).
func (p *Program) leak(s *State, cfg Config) (leaked, bool) {
	start := s.clone()
	start.over, start.fail = false, nil
	seen := map[string]bool{string(start.key(nil)): true}
	queue := []*State{start}
	for len(queue) > 0 && len(seen) < maxLeakStates {
		cur := queue[0]
		queue = queue[1:]
		cs := p.choices(cur, cfg)
		if len(cs) == 0 {
			m := &machine{p: p, cfg: cfg, s: cur}
			for gi, g := range cur.gs {
				if g.status != finished && !g.timer {
					return leaked{g: gi, line: m.lineOf(gi), name: g.name, why: m.blockedOn(gi)}, true
				}
			}
			continue
		}
		for _, c := range cs {
			next, _ := p.stepAfter(cur, cfg, c, true)
			if next.fail != nil {
				continue
			}
			if k := string(next.key(nil)); !seen[k] {
				seen[k] = true
				queue = append(queue, next)
			}
		}
	}
	return leaked{}, false
}
