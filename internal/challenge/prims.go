package challenge

// The synchronisation primitives, after the Go runtime: runtime/chan.go
// (chansend, chanrecv, closechan), runtime/select.go (selectgo),
// sync/waitgroup.go, sync/cond.go and runtime/sema.go (notifyList). An op
// that parks leaves its operands on the goroutine's stack; the goroutine
// that completes it pops them, as Go's waker copies into the parked
// goroutine's sudog.

// done moves gi past op and reports whether the step goes on.
func (m *machine) done(gi int, op *Op) bool {
	m.top(gi).pc++
	return !op.End
}

func (m *machine) park(gi int, w waitKind, on int) {
	g := m.g(gi)
	g.status, g.wait, g.on = parked, w, on
}

func (m *machine) unpark(gi int) {
	g := m.g(gi)
	g.status, g.wait = runnable, waitNone
}

// woken finishes the step of a goroutine whose op another one completed:
// the rest of its step (local by construction) and what settles after it.
func (m *machine) woken(gi int, goOn bool) {
	m.quiet++
	if goOn {
		m.exec(gi, 0)
	}
	m.settle(gi)
	m.quiet--
}
