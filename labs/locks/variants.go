package locks

import (
	"fmt"
	"time"

	"conclab/labs/sched"
)

// Costs are how long the two steps of counter++ take on the virtual clock.
// In real Go each takes about a nanosecond; here they are stretched to
// milliseconds so that the steps show on a timeline.
type Costs struct {
	Read, Write time.Duration
}

// Increment is counter++ written out as the two steps a core takes: it
// reads the counter, then writes back what it read plus one. Nothing stops
// another goroutine from writing the counter in between: its update is
// then lost, overwritten by a value computed from an older one.
func Increment(t *sched.Task, counter *int, d Costs) {
	t.Compute(d.Read)  // read the counter into a register
	n := *counter      // the value the read got
	t.Compute(d.Write) // add one and write it back
	*counter = n + 1   // over whatever another goroutine wrote since the read
}

// Start runs body in workers goroutines, g1 to gN, and waits for all of
// them (a sync.WaitGroup).
func Start(t *sched.Task, workers int, body func(g *sched.Task)) {
	gs := make([]*sched.Task, workers)
	for i := range gs {
		gs[i] = t.Go(fmt.Sprintf("g%d", i+1), body)
	}
	t.Wait(gs...)
}

// Racy: every goroutine increments the shared counter with no lock. Two
// goroutines on two cores can read the same value and both write it back
// plus one: two increments, one counted.
func Racy(t *sched.Task, counter *int, workers, increments int, d Costs) {
	Start(t, workers, func(g *sched.Task) {
		for range increments {
			Increment(g, counter, d)
		}
	})
	t.Printf("counter = %d after %d increments", *counter, workers*increments)
}

// Locked: the same increments, each inside mu.Lock() and mu.Unlock(). Only
// the goroutine that holds the mutex touches the counter; the others wait
// for it, parked, their cores free for other work.
func Locked(t *sched.Task, counter *int, workers, increments int, d Costs) {
	mu := sched.NewMutex("counter") // var mu sync.Mutex
	Start(t, workers, func(g *sched.Task) {
		for range increments {
			mu.Lock(g)
			Increment(g, counter, d)
			mu.Unlock(g)
		}
	})
	t.Printf("counter = %d after %d increments", *counter, workers*increments)
}

// ChannelToken: a channel with room for one value, holding one token.
// Taking the token is locking, putting it back is unlocking: whoever holds
// it may touch the counter, and the others wait on the channel.
func ChannelToken(t *sched.Task, counter *int, workers, increments int, d Costs) {
	token := sched.NewChan[struct{}]("token", 1) // make(chan struct{}, 1)
	token.Send(t, struct{}{})                    // the one token
	Start(t, workers, func(g *sched.Task) {
		for range increments {
			token.Recv(g) // <-token: wait for it
			Increment(g, counter, d)
			token.Send(g, struct{}{}) // token <- struct{}{}: hand it on
		}
	})
	t.Printf("counter = %d after %d increments", *counter, workers*increments)
}

// Atomic: every goroutine adds one with counter.Add(1) (sync/atomic): one
// indivisible read-modify-write, no lock in the program. The hardware makes
// the cores take turns on the counter (see AtomicCounter).
func Atomic(t *sched.Task, counter *AtomicCounter, workers, increments int) {
	Start(t, workers, func(g *sched.Task) {
		for range increments {
			counter.Add(g, 1)
		}
	})
	t.Printf("counter = %d after %d increments", counter.Load(), workers*increments)
}

// Account is a bank account with its own lock.
type Account struct {
	Name    string
	Balance int
	mu      *sched.Mutex
}

// NewAccount opens an account with a balance.
func NewAccount(name string, balance int) *Account {
	return &Account{Name: name, Balance: balance, mu: sched.NewMutex(name)}
}

// Transfers: t1 moves 30 from A to B while t2 moves 20 from B to A.
func Transfers(t *sched.Task, a, b *Account, pause time.Duration, transfer func(*sched.Task, *Account, *Account, int, time.Duration)) {
	t.Wait(
		t.Go("t1", func(t *sched.Task) { transfer(t, a, b, 30, pause) }),
		t.Go("t2", func(t *sched.Task) { transfer(t, b, a, 20, pause) }),
	)
	t.Printf("A = %d, B = %d", a.Balance, b.Balance)
}

// Transfer locks the account it takes money from, then, after a pause,
// the one it pays into. Two transfers in opposite directions can each take
// their first lock and wait forever for the other's.
func Transfer(t *sched.Task, from, to *Account, amount int, pause time.Duration) {
	from.mu.Lock(t)
	t.Printf("locked %s", from.Name)
	t.Sleep(pause) // check the balance, write an audit line: anything that waits
	t.Printf("wants %s", to.Name)
	to.mu.Lock(t)
	from.Balance -= amount
	to.Balance += amount
	t.Printf("moved %d from %s to %s", amount, from.Name, to.Name)
	to.mu.Unlock(t)
	from.mu.Unlock(t)
}

// TransferOrdered locks the two accounts in one global order, the lower
// name first, whichever way the money goes. No goroutine can then hold the
// second lock of that order while it waits for the first: no cycle.
func TransferOrdered(t *sched.Task, from, to *Account, amount int, pause time.Duration) {
	first, second := from, to
	if to.Name < from.Name {
		first, second = to, from
	}
	first.mu.Lock(t)
	t.Printf("locked %s", first.Name)
	t.Sleep(pause) // check the balance, write an audit line: anything that waits
	t.Printf("wants %s", second.Name)
	second.mu.Lock(t)
	from.Balance -= amount
	to.Balance += amount
	t.Printf("moved %d from %s to %s", amount, from.Name, to.Name)
	second.mu.Unlock(t)
	first.mu.Unlock(t)
}

// Fork is a fork on the philosophers' table: a numbered lock.
type Fork struct {
	N  int
	mu *sched.Mutex
}

// Table seats n philosophers, p1 to pN, round a table with a fork between
// each two: philosopher i has fork i on the left and fork i+1 on the right
// (the last one's right fork is fork 1). Each eats once, picking up the
// forks in the order pick says, and the table counts who ate.
func Table(t *sched.Task, n int, pause, eat time.Duration, ate *int, pick func(left, right *Fork) (first, second *Fork)) {
	forks := make([]*Fork, n)
	for i := range forks {
		forks[i] = &Fork{N: i + 1, mu: sched.NewMutex(fmt.Sprintf("fork %d", i+1))}
	}
	ps := make([]*sched.Task, n)
	for i := range ps {
		first, second := pick(forks[i], forks[(i+1)%n])
		ps[i] = t.Go(fmt.Sprintf("p%d", i+1), func(t *sched.Task) {
			first.mu.Lock(t)
			t.Printf("took fork %d", first.N)
			t.Sleep(pause)
			second.mu.Lock(t)
			t.Printf("took fork %d, eats", second.N)
			*ate++
			t.Sleep(eat)
			second.mu.Unlock(t)
			first.mu.Unlock(t)
		})
	}
	t.Wait(ps...)
	t.Printf("%d of %d ate", *ate, n)
}

// LeftFirst: every philosopher picks up the fork on the left, then the one
// on the right. If all pick up their left fork at once, each waits for the
// right one, which a neighbour holds: a ring of n, and no one eats.
func LeftFirst(left, right *Fork) (first, second *Fork) { return left, right }

// LowerFirst: every philosopher picks up the lower-numbered of the two
// forks first (Dijkstra's fix). The last philosopher now reaches for fork 1
// first, like the first one: one of them waits with empty hands, and the
// ring cannot close.
func LowerFirst(left, right *Fork) (first, second *Fork) {
	if right.N < left.N {
		return right, left
	}
	return left, right
}
