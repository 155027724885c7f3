package challenge

// Mutex, WaitGroup, Cond, Once and atomics (sync/mutex.go,
// sync/waitgroup.go, sync/cond.go, sync/once.go, runtime/sema.go).

func (m *machine) sync(gi int, op *Op, cs int) bool {
	s := m.s
	recv, want := -1, kNil // where the receiver is on the stack (from the top), and its kind
	switch op.Code {
	case opLock, opUnlock:
		recv, want = 0, kMutex
	case opDone, opWait:
		recv, want = 0, kWG
	case opAdd:
		recv, want = 1, kWG
	case opCondWait, opSignal, opBroadcast:
		recv, want = 0, kCond
	}
	if recv >= 0 {
		st := m.top(gi).stack
		if v := st[len(st)-1-recv]; v.K != want || (want == kCond && s.conds[v.N].l < 0) {
			m.panicf(gi, "runtime error: invalid memory address or nil pointer dereference")
			return false
		}
	}
	switch op.Code {
	case opSend:
		v := m.peekN(gi, 2)
		return m.send(gi, op, v[0], v[1])
	case opRecv, opRangeRecv:
		return m.recv(gi, op, m.peekN(gi, 1)[0])
	case opClose:
		m.closeChan(gi, m.pop(gi))
		return !s.over && m.done(gi, op)
	case opLock:
		mu := &s.mutexes[m.pop(gi).N]
		if mu.held {
			m.panicf(gi, "internal error: %s scheduled while %s is held", op.Label, mu.name)
			return false
		}
		mu.held, mu.owner = true, gi
		m.note("%s", op.Label)
		return m.done(gi, op)
	case opUnlock:
		m.unlock(gi, int(m.pop(gi).N), op.Label)
		return !s.over && m.done(gi, op)
	case opAdd:
		d, w := m.pop(gi), m.pop(gi)
		m.wgAdd(gi, int(w.N), int(d.N), op.Label)
		return !s.over && m.done(gi, op)
	case opDone:
		m.wgAdd(gi, int(m.pop(gi).N), -1, op.Label)
		return !s.over && m.done(gi, op)
	case opWait:
		w := m.peekN(gi, 1)[0]
		wg := &s.wgs[w.N]
		if wg.n == 0 {
			m.pop(gi)
			m.note("%s: the counter is 0, it returns at once", op.Label)
			return m.done(gi, op)
		}
		wg.waiters = append(wg.waiters, gi)
		m.park(gi, waitWG, int(w.N))
		m.note("%s: parks (counter %d)", op.Label, wg.n)
		return false
	case opCondWait:
		c := m.peekN(gi, 1)[0]
		cd := &s.conds[c.N]
		mu := &s.mutexes[cd.l]
		if !mu.held {
			m.panicf(gi, "fatal error: sync: unlock of unlocked mutex")
			return false
		}
		mu.held = false
		cd.waiters = append(cd.waiters, gi)
		m.park(gi, waitCond, int(c.N))
		m.note("%s: unlocks %s and parks", op.Label, mu.name)
		return false
	case opSignal, opBroadcast:
		c := int(m.pop(gi).N)
		if op.Code == opSignal {
			m.signal(c, op.Label)
		} else {
			m.broadcast(c, op.Label)
		}
		return m.done(gi, op)
	case opSelect:
		return m.selectOp(gi, op, cs)
	}
	return false
}

// syncDeferred runs a deferred sync call with the values the defer
// statement evaluated.
func (m *machine) syncDeferred(gi int, d deferDesc, args []Value) {
	if len(args) > 0 && (args[0].K == kNil || args[0].K == kCond && m.s.conds[args[0].N].l < 0) {
		m.panicf(gi, "runtime error: invalid memory address or nil pointer dereference")
		return
	}
	label := "deferred " + d.label
	switch d.code {
	case opUnlock:
		m.unlock(gi, int(args[0].N), label)
	case opDone:
		m.wgAdd(gi, int(args[0].N), -1, label)
	case opAdd:
		m.wgAdd(gi, int(args[0].N), int(args[1].N), label)
	case opSignal:
		m.signal(int(args[0].N), label)
	case opBroadcast:
		m.broadcast(int(args[0].N), label)
	case opClose:
		m.note("deferred %s", d.label)
		m.closeChan(gi, args[0])
	}
}

func (m *machine) unlock(gi, mu int, label string) {
	x := &m.s.mutexes[mu]
	if !x.held {
		m.panicf(gi, "fatal error: sync: unlock of unlocked mutex")
		return
	}
	x.held = false
	m.note("%s", label)
}

// wgAdd is WaitGroup.Add (Done is Add(-1)): at zero it releases every
// waiter; each returns from Wait in a step of its own.
func (m *machine) wgAdd(gi, w, delta int, label string) {
	wg := &m.s.wgs[w]
	wg.n += delta
	if wg.n < 0 {
		m.panicf(gi, "sync: negative WaitGroup counter")
		return
	}
	if len(wg.waiters) > 0 && delta > 0 && wg.n == delta {
		m.panicf(gi, "sync: WaitGroup misuse: Add called concurrently with Wait")
		return
	}
	m.note("%s: counter %d", label, wg.n)
	if wg.n > 0 || len(wg.waiters) == 0 {
		return
	}
	for _, g := range wg.waiters {
		m.unpark(g)
		m.g(g).phase = phaseWGReturn
		m.note("wakes G%d", g+1)
	}
	wg.waiters = nil
}

// signal wakes the longest waiting goroutine of a Cond (notifyListNotifyOne
// wakes the lowest ticket); it relocks in a step of its own.
func (m *machine) signal(c int, label string) {
	cd := &m.s.conds[c]
	if len(cd.waiters) == 0 {
		m.note("%s: nobody waits", label)
		return
	}
	g := cd.waiters[0]
	cd.waiters = cd.waiters[1:]
	m.unpark(g)
	m.g(g).phase = phaseCondRelock
	m.note("%s: wakes G%d", label, g+1)
}

func (m *machine) broadcast(c int, label string) {
	cd := &m.s.conds[c]
	if len(cd.waiters) == 0 {
		m.note("%s: nobody waits", label)
		return
	}
	for _, g := range cd.waiters {
		m.unpark(g)
		m.g(g).phase = phaseCondRelock
		m.note("%s: wakes G%d", label, g+1)
	}
	cd.waiters = nil
}

// atomic runs a method of an atomic.Int64 or atomic.Bool: one indivisible
// step.
func (m *machine) atomic(gi int, op *Op) bool {
	nargs := map[int]int{atomicLoad: 0, atomicStore: 1, atomicAdd: 1, atomicSwap: 1, atomicCAS: 2}[op.A]
	args := append([]Value(nil), m.peekN(gi, nargs)...)
	m.popN(gi, nargs)
	x := m.pop(gi)
	if x.K != kAtomic {
		m.panicf(gi, "runtime error: invalid memory address or nil pointer dereference")
		return false
	}
	cell := &m.s.cells[x.N]
	old := *cell
	var result Value
	switch op.A {
	case atomicLoad:
		result = old
	case atomicStore:
		*cell = args[0]
	case atomicAdd:
		*cell = intValue(old.N + args[0].N)
		result = *cell
	case atomicSwap:
		*cell, result = args[0], old
	case atomicCAS:
		result = boolValue(old == args[0])
		if result.truth() {
			*cell = args[1]
		}
	}
	if op.A == atomicStore {
		m.note("%s", op.Label)
	} else {
		m.push(gi, result)
		m.note("%s → %s", op.Label, m.p.format(m.s, result))
	}
	return m.done(gi, op)
}

// onceDo is sync.Once.Do(f): the first call runs f holding the once's
// mutex, and is done when f returns; a call while f runs waits for it (at
// the mutex); a call after returns at once (sync/once.go).
func (m *machine) onceDo(gi int, op *Op) bool {
	fv, o := m.pop(gi), m.pop(gi)
	if o.K != kOnce {
		m.panicf(gi, "runtime error: invalid memory address or nil pointer dereference")
		return false
	}
	x := &m.s.onces[o.N]
	mu := &m.s.mutexes[x.mu]
	if x.done {
		m.note("%s: done already, returns", op.Label)
		return m.done(gi, op)
	}
	if fv.K != kFunc {
		m.panicf(gi, "runtime error: invalid memory address or nil pointer dereference")
		return false
	}
	mu.held, mu.owner = true, gi
	m.top(gi).pc++
	cl := m.s.closures[fv.N]
	fr := m.newFrame(cl.fn, nil, cl.captured)
	fr.once = int(o.N) + 1
	g := m.g(gi)
	g.frames = append(g.frames, fr)
	m.note("%s: runs its function", op.Label)
	return false
}
