package locks

import (
	"time"

	"conclab/labs/sched"
)

// AtomicCounter is an integer that goroutines add to with sync/atomic
// (atomic.Int64's Add). Add is one indivisible read-modify-write: on amd64
// it is a single instruction, LOCK XADDQ (internal/runtime/atomic's Xadd64).
// The LOCK prefix gives the core the counter's cache line to itself from
// the read to the write, so no other core can write the counter in between.
// A core whose goroutine calls Add meanwhile stalls until the line is free:
// its goroutine is still running, not parked, so its core does nothing
// else while it waits. Make one with NewAtomicCounter.
type AtomicCounter struct {
	n    int
	cost Costs
	free time.Duration // when the cache line is free again
}

// NewAtomicCounter returns a counter at 0 whose Add takes d.Read + d.Write.
func NewAtomicCounter(d Costs) *AtomicCounter { return &AtomicCounter{cost: d} }

// Add adds delta: the core waits for the cache line (stalled, still
// running), takes it for the read and the write, and the sum lands at once.
func (c *AtomicCounter) Add(t *sched.Task, delta int) {
	for t.Now() < c.free {
		t.Compute(c.free - t.Now()) // stall: another core has the line
	}
	c.free = t.Now() + c.cost.Read + c.cost.Write
	t.Compute(c.cost.Read + c.cost.Write) // read, add, write: the line is ours
	c.n += delta
}

// Load reads the counter.
func (c *AtomicCounter) Load() int { return c.n }
