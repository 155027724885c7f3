package challenge

import "fmt"

// Channels, select and timers (runtime/chan.go, runtime/select.go,
// time/sleep.go).

// sendResult is how an attempt to send ended.
type sendResult uint8

const (
	sendDone sendResult = iota
	sendClosed
	sendBlocked
)

// trySend sends val on ch if it can without waiting: to the first parked
// receiver, or into the buffer.
func (m *machine) trySend(label string, ch int, val Value) sendResult {
	c := &m.s.chans[ch]
	if c.closed {
		return sendClosed
	}
	if len(c.recvq) > 0 {
		w := c.recvq[0]
		c.recvq = c.recvq[1:]
		m.note("%s: hands %s to G%d", label, m.p.format(m.s, val), w.g+1)
		m.wakeReceiver(w, val, true)
		return sendDone
	}
	if len(c.buf) < c.cap {
		c.buf = append(c.buf, val)
		m.note("%s: buffered (%d of %d)", label, len(c.buf), c.cap)
		return sendDone
	}
	return sendBlocked
}

// tryRecv receives from ch if it can without waiting: from a parked sender
// (for a buffered channel: the buffer's head, and the sender's value joins
// the tail), from the buffer, or the zero value of a closed channel.
func (m *machine) tryRecv(label string, ch int) (v Value, ok, done bool) {
	c := &m.s.chans[ch]
	if len(c.sendq) > 0 {
		w := c.sendq[0]
		c.sendq = c.sendq[1:]
		v = w.val
		if c.cap > 0 {
			v = c.buf[0]
			c.buf = append(c.buf[1:], w.val)
		}
		m.note("%s: takes %s from G%d", label, m.p.format(m.s, v), w.g+1)
		m.wakeSender(w)
		return v, true, true
	}
	if len(c.buf) > 0 {
		v = c.buf[0]
		c.buf = c.buf[1:]
		m.note("%s: takes %s from the buffer", label, m.p.format(m.s, v))
		return v, true, true
	}
	if c.closed {
		m.note("%s: closed, gets %s, false", label, m.p.format(m.s, c.zero))
		return c.zero, false, true
	}
	return Value{}, false, false
}

func (m *machine) send(gi int, op *Op, ch, val Value) bool {
	if ch.K == kNil {
		m.park(gi, waitForever, 0)
		m.note("%s: a nil channel, parks for ever", op.Label)
		return false
	}
	switch m.trySend(op.Label, int(ch.N), val) {
	case sendClosed:
		m.panicf(gi, "send on closed channel")
		return false
	case sendDone:
		m.popN(gi, 2)
		return m.done(gi, op)
	}
	c := &m.s.chans[ch.N]
	c.sendq = append(c.sendq, waiter{g: gi, val: val, cs: -1})
	m.park(gi, waitSend, int(ch.N))
	if c.cap == 0 {
		m.note("%s: parks (no receiver)", op.Label)
	} else {
		m.note("%s: parks (buffer full)", op.Label)
	}
	return false
}

func (m *machine) recv(gi int, op *Op, ch Value) bool {
	if ch.K == kNil {
		m.park(gi, waitForever, 0)
		m.note("%s: a nil channel, parks for ever", op.Label)
		return false
	}
	v, ok, done := m.tryRecv(op.Label, int(ch.N))
	if done {
		return m.received(gi, op, v, ok)
	}
	c := &m.s.chans[ch.N]
	c.recvq = append(c.recvq, waiter{g: gi, cs: -1})
	m.park(gi, waitRecv, int(ch.N))
	m.note("%s: parks (nothing to receive)", op.Label)
	return false
}

// received completes gi's receive op with v, ok and reports whether its
// step goes on.
func (m *machine) received(gi int, op *Op, v Value, ok bool) bool {
	m.pop(gi) // the channel
	if op.Code == opRangeRecv {
		if !ok {
			m.top(gi).pc = op.A
			return false
		}
		m.push(gi, v)
		return m.done(gi, op)
	}
	switch op.A {
	case 0:
		m.push(gi, v)
	case 1:
		m.push(gi, v, boolValue(ok))
	}
	return m.done(gi, op)
}

// wakeReceiver completes the receive of a parked goroutine (or select).
func (m *machine) wakeReceiver(w waiter, v Value, ok bool) {
	if w.cs >= 0 {
		m.selectWoken(w.g, w.cs, v, ok)
		return
	}
	m.unpark(w.g)
	goOn := m.received(w.g, m.op(w.g), v, ok)
	m.woken(w.g, goOn)
}

// wakeSender completes the send of a parked goroutine (or select).
func (m *machine) wakeSender(w waiter) {
	if m.g(w.g).timer {
		m.g(w.g).status = finished
		return
	}
	if w.cs >= 0 {
		m.selectWoken(w.g, w.cs, Value{}, false)
		return
	}
	m.unpark(w.g)
	m.popN(w.g, 2)
	m.woken(w.g, m.done(w.g, m.op(w.g)))
}

// closeChan closes ch: parked receivers get the zero value and false;
// parked senders wake up to panic.
func (m *machine) closeChan(gi int, ch Value) {
	if ch.K == kNil {
		m.panicf(gi, "close of nil channel")
		return
	}
	c := &m.s.chans[ch.N]
	if c.closed {
		m.panicf(gi, "close of closed channel")
		return
	}
	c.closed = true
	recvq, sendq, zero := c.recvq, c.sendq, c.zero
	c.recvq, c.sendq = nil, nil
	m.note("close(%s)", c.name)
	for _, w := range recvq {
		m.note("wakes G%d", w.g+1)
		m.wakeReceiver(w, zero, false)
	}
	for _, w := range sendq {
		m.note("wakes G%d (it will panic)", w.g+1)
		if w.cs >= 0 {
			m.dequeueSelect(w.g, w.cs)
			m.unpark(w.g)
			m.g(w.g).phase = phaseSendClosed
			continue
		}
		m.unpark(w.g) // its send runs again, and panics
	}
}

// after makes a timer: an entity that the scheduler fires whenever it
// chooses, and its channel. Since Go 1.23 a timer's channel is synchronous
// (unbuffered): a fired timer waits, like a parked sender, until its value
// is received, and one that nothing refers to any more is collected.
func (m *machine) after(gi int, op *Op) {
	s := m.s
	s.chans = append(s.chans, channel{name: op.Label, zero: Value{K: kTime}, timer: len(s.gs) + 1, selectMade: op.B == 1})
	s.gs = append(s.gs, goroutine{name: "timer " + op.Label, line: op.Line, timer: true, tchan: len(s.chans) - 1})
	m.push(gi, Value{K: kChan, N: int64(len(s.chans) - 1)})
	m.note("starts timer T%d", len(s.gs))
}

// fire fires timer gi: a receiver waiting on its channel gets the time;
// otherwise the value waits on the channel for one.
func (m *machine) fire(gi int) {
	g := m.g(gi)
	c := &m.s.chans[g.tchan]
	m.note("%s fires", c.name)
	if len(c.recvq) > 0 {
		g.status = finished
		w := c.recvq[0]
		c.recvq = c.recvq[1:]
		m.note("wakes G%d", w.g+1)
		m.wakeReceiver(w, Value{K: kTime}, true)
		return
	}
	c.sendq = append(c.sendq, waiter{g: gi, val: Value{K: kTime}, cs: -1})
	m.park(gi, waitSend, g.tchan)
}

// collect drops the timer of channel ch when a select made it and took
// another case: nothing refers to it any more (see after).
func (m *machine) collect(ch int) {
	c := &m.s.chans[ch]
	if c.timer == 0 || !c.selectMade {
		return
	}
	t := &m.s.gs[c.timer-1]
	if t.status != finished {
		t.status = finished
		c.sendq = nil
	}
}

// operands splits a select's operands (in case order: the channel, and for a
// send the value).
func (m *machine) operands(desc *selectDesc, vals []Value) (chans, sends []Value) {
	for _, c := range desc.cases {
		chans = append(chans, vals[0])
		if c.send {
			sends = append(sends, vals[1])
			vals = vals[2:]
		} else {
			sends = append(sends, Value{})
			vals = vals[1:]
		}
	}
	return chans, sends
}

func operandCount(desc *selectDesc) int {
	n := 0
	for _, c := range desc.cases {
		n++
		if c.send {
			n++
		}
	}
	return n
}

// caseReady reports whether a select case can proceed now (a send on a
// closed channel can: it panics).
func (m *machine) caseReady(c selectCase, ch Value) bool {
	if ch.K != kChan || ch.N < 0 {
		return false
	}
	x := &m.s.chans[ch.N]
	if c.send {
		return x.closed || len(x.recvq) > 0 || len(x.buf) < x.cap
	}
	return len(x.sendq) > 0 || len(x.buf) > 0 || x.closed
}

// readyCases are the indices of the cases of gi's select that can proceed.
func (m *machine) readyCases(desc *selectDesc, vals []Value) []int {
	chans, _ := m.operands(desc, vals)
	var ready []int
	for i, c := range desc.cases {
		if m.caseReady(c, chans[i]) {
			ready = append(ready, i)
		}
	}
	return ready
}

// selectOp runs a select: a ready case (the scheduler's choice cs among
// several), else the default, else it parks on every channel.
func (m *machine) selectOp(gi int, op *Op, cs int) bool {
	desc := &m.p.selects[op.A]
	n := operandCount(desc)
	vals := append([]Value(nil), m.peekN(gi, n)...)
	chans, sends := m.operands(desc, vals)
	ready := m.readyCases(desc, vals)
	g := m.g(gi)
	if len(ready) == 0 {
		if desc.def >= 0 {
			m.popN(gi, n)
			for _, ch := range chans {
				if ch.K == kChan {
					m.collect(int(ch.N))
				}
			}
			g.spins++
			m.note("select: nothing ready, takes the default")
			if m.cfg.SpinLimit > 0 && g.spins >= m.cfg.SpinLimit {
				m.fail(Spin, gi, op.Line, fmt.Sprintf("G%d's select took its default %d times in a row: it spins, burning a CPU, instead of waiting", gi+1, g.spins))
				return false
			}
			m.top(gi).pc = desc.def
			return true
		}
		if len(desc.cases) == 0 {
			m.park(gi, waitForever, 0)
			m.note("select {}: parks for ever")
			return false
		}
		for i, c := range desc.cases {
			if chans[i].K != kChan {
				continue
			}
			x := &m.s.chans[chans[i].N]
			if c.send {
				x.sendq = append(x.sendq, waiter{g: gi, val: sends[i], cs: i})
			} else {
				x.recvq = append(x.recvq, waiter{g: gi, cs: i})
			}
		}
		m.park(gi, waitSelect, op.A)
		m.note("select: nothing ready, parks")
		return false
	}
	k := ready[0]
	for _, r := range ready {
		if r == cs-1 {
			k = r
		}
	}
	c := desc.cases[k]
	m.popN(gi, n)
	g.spins = 0
	for i, ch := range chans {
		if i != k && ch.K == kChan {
			m.collect(int(ch.N))
		}
	}
	if c.send {
		if m.trySend(c.label, int(chans[k].N), sends[k]) == sendClosed {
			m.panicf(gi, "send on closed channel")
			return false
		}
	} else {
		v, ok, _ := m.tryRecv(c.label, int(chans[k].N))
		m.pushCase(gi, c, v, ok)
	}
	m.top(gi).pc = c.entry
	return true
}

// pushCase pushes what a receive case assigns.
func (m *machine) pushCase(gi int, c selectCase, v Value, ok bool) {
	switch c.recv {
	case 0:
		m.push(gi, v)
	case 1:
		m.push(gi, v, boolValue(ok))
	}
}

// dequeueSelect removes parked select gi from every channel's queues; the
// timers it made for cases other than k are collected.
func (m *machine) dequeueSelect(gi, k int) {
	var drop []int
	for i := range m.s.chans {
		c := &m.s.chans[i]
		keep := func(q []waiter) []waiter {
			out := q[:0:0]
			for _, w := range q {
				if w.g != gi {
					out = append(out, w)
				} else if w.cs != k {
					drop = append(drop, i)
				}
			}
			return out
		}
		c.sendq = keep(c.sendq)
		c.recvq = keep(c.recvq)
	}
	for _, i := range drop {
		m.collect(i)
	}
}

// selectWoken completes case k of parked select gi, which another goroutine
// (or a timer) chose by sending or receiving on its channel.
func (m *machine) selectWoken(gi, k int, v Value, ok bool) {
	m.dequeueSelect(gi, k)
	m.unpark(gi)
	op := m.op(gi)
	desc := &m.p.selects[op.A]
	m.popN(gi, operandCount(desc))
	m.g(gi).spins = 0
	c := desc.cases[k]
	if !c.send {
		m.pushCase(gi, c, v, ok)
	}
	m.top(gi).pc = c.entry
	m.woken(gi, true)
}
