// Package lockorder is an exercise of the locks lab: two locks taken in
// opposite orders deadlock.
//
// Two accounts, A and B, hold 100 each. Transfer t1 pays 30 from A to B
// while t2 pays 20 from B to A. Each transfer locks the account it takes
// money from, writes an audit line (1 ms), then locks the account it pays
// into, checks the balance and moves the money. t1 locks A and t2 locks B at 0 s; at
// 1 ms t1 waits for B, which t2 holds, and t2 waits for A, which t1 holds:
// each waits for the other, for ever. A sync.Mutex would hang the program
// there. The accounts' locks here are a bank's: a transfer that has waited
// LockTimeout (1 s) for a lock gives up, as a database aborts a transaction
// that waits too long for a row lock. So both give up at 1.001 s, and no
// money moves.
//
// Goal: every transfer goes through — A = 90, B = 110 after the lab's two,
// done in 2 ms: whichever transfer locks first goes first, and the other
// waits for it holding nothing. Transfers that share no account must not
// wait for each other.
//
// This is the exercise solved with one lock order, the account whose Name
// comes first, first, as the lab's "ordered" variant does.
//
// Change Transfer only. Check your work with `conclab check lockorder`;
// stuck? `conclab hint lockorder`.
package lockorder

import (
	"fmt"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// LockTimeout is how long a transfer waits for an account's lock before it
// gives up.
const LockTimeout = time.Second

// Audit is how long a transfer takes to write its audit line, once it
// holds its first lock.
const Audit = time.Millisecond

// Lock is an account's lock: a channel with room for one token. Whoever
// puts the token in holds the lock; taking it out releases it. Unlike a
// sync.Mutex, it gives up after LockTimeout.
type Lock struct {
	name  string
	token chan struct{}
}

// NewLock returns the lock of account name, free.
func NewLock(name string) *Lock { return &Lock{name: name, token: make(chan struct{}, 1)} }

// Acquire takes the lock for task, waiting at most LockTimeout for it. It
// reports whether task holds it now; false means it gave up.
func (l *Lock) Acquire(log *kit.Log, task string) bool {
	log.Wait(task, "lock "+l.name)
	select {
	case l.token <- struct{}{}:
		log.Run(task)
		log.Printf(task, "locked %s", l.name)
		return true
	case <-log.After(LockTimeout): // time.After, on the log's clock
		log.Run(task)
		log.Printf(task, "gave up waiting for %s", l.name)
		return false
	}
}

// Release releases the lock, which the caller holds.
func (l *Lock) Release() { <-l.token }

// Account is a bank account with its lock. Name orders the accounts: "A"
// comes before "B".
type Account struct {
	Name    string
	Balance int
	Lock    *Lock
}

// NewAccount opens account name with a balance.
func NewAccount(name string, balance int) *Account {
	return &Account{Name: name, Balance: balance, Lock: NewLock(name)}
}

// Transfer moves amount from one account to the other: with both accounts
// locked, so that no other transfer touches either meanwhile. It reports
// whether the money moved.
func Transfer(log *kit.Log, task string, from, to *Account, amount int) bool {
	// Answer, part 1: one global order for every lock, whichever way the
	// money goes: the account whose Name comes first is locked first. A
	// deadlock needs a cycle: a transfer that holds a lock later in the
	// order while it waits for one earlier in it. When everyone takes the
	// locks in the same order, no one can: t1 and t2 both ask for A
	// first. The one that gets it (they ask at the same instant, and
	// either may) writes its audit line, takes B, moves the money and
	// lets go of both at 1 ms, while the other waits holding nothing; then
	// the other goes: 2 ms.
	first, second := from, to
	if to.Name < from.Name {
		first, second = to, from
	}
	if !first.Lock.Acquire(log, task) {
		return false
	}
	defer first.Lock.Release()
	log.Sleep(task, Audit) // the audit line: a write that waits
	if !second.Lock.Acquire(log, task) {
		return false
	}
	defer second.Lock.Release()
	// Answer, part 2: both accounts are locked, whichever came first:
	// check the balance and move the money, then let go of both (the
	// defers, in reverse order; the order of releases cannot deadlock).
	if from.Balance < amount {
		log.Printf(task, "%s has %d, not %d", from.Name, from.Balance, amount)
		return false
	}
	from.Balance -= amount
	to.Balance += amount
	log.Printf(task, "moved %d from %s to %s", amount, from.Name, to.Name)
	return true
}

// Payment is a transfer to make.
type Payment struct {
	From, To *Account
	Amount   int
}

// Transfers makes each payment in a goroutine of its own, t1 to tN, at the
// same time, and waits for all of them. ok[i] says whether payments[i]
// went through.
func Transfers(log *kit.Log, payments []Payment) (ok []bool) {
	ok = make([]bool, len(payments))
	var wg sync.WaitGroup
	for i, p := range payments {
		task := fmt.Sprintf("t%d", i+1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok[i] = Transfer(log, task, p.From, p.To, p.Amount)
			log.Done(task)
		}()
	}
	wg.Wait()
	return ok
}
