// Package condbuffer is an exercise of the locks lab: a bounded buffer
// built on a sync.Cond.
//
// Producers Put items into a buffer with room for a few; consumers Get them
// out, first in, first out. A Get must wait while the buffer is empty, and
// a Put while it is full. A sync.Cond is made for such waits: with its lock
// held, c.Wait() unlocks it, sleeps until another goroutine calls
// c.Broadcast() (or c.Signal()), and locks it again before it returns.
//
// Here the buffer has one Cond, changed, and Put and Get broadcast on it
// whenever they change the buffer: everyone waiting wakes and looks again.
// That is the catch. Two consumers wait on an empty buffer; one item comes,
// and both wake. The first to lock takes the item; the second finds the
// buffer empty again. Wait returned, but what it waited for is not true
// any more. (The sync package says it: "the caller typically cannot assume
// that the condition is true when Wait returns".)
//
// As shipped, Put and Get do not wait at all: Get on an empty buffer takes
// nothing (0), and Put on a full one drops its item.
//
// Goal: Get waits while the buffer is empty and Put while it is full, and
// each returns the moment it can go on: an item put at 10 ms is got at
// 10 ms. No item is lost, none is got twice, and no Get gets nothing.
//
// This is the exercise solved with the waits in for loops;
// solutions/condbuffer/alt_channel shows Go's own bounded buffer, a
// buffered channel, doing the same.
//
// Change Put and Get. Check your work with `conclab check condbuffer`;
// stuck? `conclab hint condbuffer`.
package condbuffer

import (
	"sync"

	"conclab/exercises/kit"
)

// Buffer is a bounded first-in, first-out buffer of items, safe for
// concurrent use. Make one with New.
type Buffer struct {
	log     *kit.Log
	mu      sync.Mutex
	changed *sync.Cond // broadcast on every change of the buffer; its lock is mu
	items   []int      // a ring: count items from head, at most len(items)
	head    int
	count   int
}

// New returns an empty buffer with room for capacity items.
func New(log *kit.Log, capacity int) *Buffer {
	b := &Buffer{log: log, items: make([]int, capacity)}
	b.changed = sync.NewCond(&b.mu)
	return b
}

// push adds item at the tail; b.mu must be held. On a full buffer it drops
// the item and says so.
func (b *Buffer) push(item int) {
	if b.count == len(b.items) {
		b.log.Printf("buffer", "Put found the buffer full and dropped %d", item)
		return
	}
	b.items[(b.head+b.count)%len(b.items)] = item
	b.count++
}

// pop takes the item at the head; b.mu must be held. On an empty buffer it
// takes nothing, says so, and returns 0.
func (b *Buffer) pop() int {
	if b.count == 0 {
		b.log.Printf("buffer", "Get found the buffer empty and took nothing")
		return 0
	}
	item := b.items[b.head]
	b.head = (b.head + 1) % len(b.items)
	b.count--
	return item
}

// Put adds item to the buffer, waiting while the buffer is full.
func (b *Buffer) Put(item int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	// Answer, part 1: wait while there is no room, in a loop. Wait
	// unlocks b.mu, sleeps until a Broadcast, and locks b.mu again before
	// it returns; by then another producer woken by the same Broadcast may
	// have taken the place that was freed. So look again every time: only
	// when the loop ends, with b.mu held, is there room for sure.
	for b.count == len(b.items) {
		b.changed.Wait()
	}
	b.push(item)
	b.changed.Broadcast() // wake everyone waiting: a Get may go on now
}

// Get takes the oldest item from the buffer, waiting while it is empty.
func (b *Buffer) Get() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	// Answer, part 2: the same for an item. Two consumers woken for one
	// item both come out of Wait; the first to lock b.mu takes it, and
	// the loop sends the second back to Wait. (An if would let it pop an
	// empty buffer. A Get's own Broadcast also wakes the other consumers,
	// who find nothing and wait again: the loop is what makes one Cond for
	// two conditions safe.)
	for b.count == 0 {
		b.changed.Wait()
	}
	item := b.pop()
	b.changed.Broadcast() // wake everyone waiting: a Put may go on now
	return item
}
