// Package challenge is "you are the scheduler": tiny Go programs of two to
// four goroutines that the learner runs one step at a time, choosing which
// goroutine moves next, until the program fails; and an explorer that tries
// every interleaving of such a program.
//
// A program is real Go source: it is parsed with go/parser, type-checked with
// go/types, and compiled to a small instruction list in which every
// instruction keeps the source line it came from. What the learner reads is
// exactly what runs. A step is one statement, except that each access to
// shared memory is its own step: a statement that reads or writes shared
// variables several times takes one step per access, and a read-modify-write
// of a shared variable (x++, x += n, x = x + n) takes three: load, add, store.
// Every channel operation, Lock, Unlock, WaitGroup, Cond, Once and atomic
// call, close, go statement and select is one step. The primitives follow
// the Go runtime (runtime/chan.go, runtime/select.go, sync/waitgroup.go,
// sync/cond.go, sync/once.go):
// a channel operation that cannot complete parks its goroutine (that is a
// step) in the channel's first-in first-out queue, and the goroutine that
// completes it later wakes it; a Lock of a held mutex is blocked, and once the
// mutex is free any goroutine waiting for it may take it; Cond.Wait unlocks
// and parks in one step and relocks in another, so a woken waiter can find its
// condition false again; a timer from time.After is an entity of its own that
// the scheduler fires whenever it chooses (nothing is assumed about time).
// A panic ends the run at once (Go would first run the panicking goroutine's
// deferred calls, then crash).
//
// A run fails (and the learner wins) when an assertion is false, two
// goroutines are in the critical section at once, a goroutine panics, every
// goroutine is blocked (Go's "all goroutines are asleep - deadlock!"), main
// returns while another goroutine is blocked (a leak), or, in a level that
// sets a spin limit, a select takes its default that many times in a row.
//
// Game drives one run for a screen or the command line (step, step to the next
// shared access, undo, restart, snapshot); Explore searches every schedule
// breadth first with state hashing and returns the shortest failing one, or
// proves that none fails.
package challenge
