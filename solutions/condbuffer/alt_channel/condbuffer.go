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
// This is the exercise solved without a Cond: a buffered channel is Go's
// own bounded buffer (solutions/condbuffer/condbuffer.go builds one on the
// Cond, as the exercise asks).
//
// Change Put and Get. Check your work with `conclab check condbuffer`;
// stuck? `conclab hint condbuffer`.
package condbuffer

import "conclab/exercises/kit"

// Buffer is a bounded first-in, first-out buffer of items, safe for
// concurrent use. Make one with New.
type Buffer struct {
	// Answer: a channel with room for capacity items is a bounded FIFO
	// buffer. A send waits while it is full, a receive while it is empty,
	// and the runtime wakes exactly one waiter when that changes
	// (runtime/chan.go: a lock, a ring of slots, and queues of waiting
	// senders and receivers) — the loop around the wait is the runtime's.
	items chan int
}

// New returns an empty buffer with room for capacity items.
func New(log *kit.Log, capacity int) *Buffer {
	return &Buffer{items: make(chan int, capacity)}
}

// Put adds item to the buffer, waiting while the buffer is full.
func (b *Buffer) Put(item int) { b.items <- item }

// Get takes the oldest item from the buffer, waiting while it is empty.
func (b *Buffer) Get() int { return <-b.items }
