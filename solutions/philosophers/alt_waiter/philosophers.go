// Package philosophers is an exercise of the locks lab: Dijkstra's dining
// philosophers.
//
// Five philosophers, p1 to p5, sit at a round table with a fork between each
// two: p1 has fork 1 on the left and fork 2 on the right, and so on round to
// p5, whose right fork is fork 1. A philosopher needs both forks to eat.
// Each picks up the left fork, pauses (1 ms), picks up the right one, eats
// (1 ms), and puts both down. If all five pick up their left fork at once,
// each then waits for a right fork that a neighbour holds: a ring of five
// waits, and no one eats. These forks are polite: a philosopher who has
// waited GiveUp (1 s) for one leaves hungry, putting down what they hold.
// So all five leave at 1.001 s, and none has eaten.
//
// Goal: every philosopher eats once — whatever the table's size — and Dine
// returns when the last meal is over. Neighbours share a fork, so they
// never eat at the same time.
//
// This is the exercise solved with a waiter who seats at most
// Philosophers - 1 at once; solutions/philosophers/philosophers.go solves
// it with Dijkstra's fork order instead.
//
// Change Dine and Philosopher. Check your work with `conclab check
// philosophers`; stuck? `conclab hint philosophers`.
package philosophers

import (
	"fmt"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// GiveUp is how long a philosopher waits for a fork before leaving hungry.
const GiveUp = time.Second

// Fork is a fork on the table: a channel with room for one token. Whoever
// puts the token in holds the fork; taking it out puts the fork down.
type Fork struct {
	N     int
	token chan struct{}
}

// NewFork returns fork n, on the table.
func NewFork(n int) *Fork { return &Fork{N: n, token: make(chan struct{}, 1)} }

// Take picks up the fork for task, waiting at most GiveUp for it. It
// reports whether task holds it now; false means it gave up.
func (f *Fork) Take(log *kit.Log, task string) bool {
	log.Wait(task, fmt.Sprintf("fork %d", f.N))
	select {
	case f.token <- struct{}{}:
		log.Run(task)
		log.Printf(task, "took fork %d", f.N)
		return true
	case <-log.After(GiveUp): // time.After, on the log's clock
		log.Run(task)
		log.Printf(task, "gave up waiting for fork %d", f.N)
		return false
	}
}

// PutDown puts the fork back on the table; the caller holds it.
func (f *Fork) PutDown() { <-f.token }

// Dinner is the table's size and how long each step takes.
type Dinner struct {
	Philosophers int
	Pause        time.Duration // between picking up one fork and reaching for the other
	Eat          time.Duration
}

// Lab is the locks lab's table: five philosophers, a pause and a meal of
// 1 ms.
var Lab = Dinner{Philosophers: 5, Pause: time.Millisecond, Eat: time.Millisecond}

// Dine seats d.Philosophers philosophers, each in a goroutine of their own,
// p1 to pN, all at once, and returns when all have left the table. ate[i]
// says whether philosopher i+1 ate.
func Dine(log *kit.Log, d Dinner) (ate []bool) {
	n := d.Philosophers
	forks := make([]*Fork, n)
	for i := range forks {
		forks[i] = NewFork(i + 1)
	}
	// Answer, part 1: the waiter, a semaphore with n - 1 places: a
	// buffered channel that a philosopher sends to before reaching for a
	// fork (a place at the table, waiting if all are taken) and receives
	// from after putting both down. (golang.org/x/sync/semaphore does the
	// same with Acquire and Release.)
	seats := make(chan struct{}, max(n-1, 1))
	ate = make([]bool, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("p%d", i+1)
			left, right := forks[i], forks[(i+1)%n]
			ate[i] = Philosopher(log, name, left, right, d, seats)
			log.Done(name)
		}()
	}
	wg.Wait()
	return ate
}

// Philosopher picks up two forks, eats and puts them down. It reports
// whether the philosopher ate.
func Philosopher(log *kit.Log, name string, left, right *Fork, d Dinner, seats chan struct{}) bool {
	// Answer, part 2: sit down before touching a fork, leave after putting
	// both down. With at most n - 1 philosophers at the table there are
	// more forks than people holding one, so someone holds both: the ring
	// of n waits cannot close. Left fork first is fine now.
	log.Wait(name, "seat")
	seats <- struct{}{}
	log.Run(name)
	defer func() { <-seats }()
	if !left.Take(log, name) {
		return false
	}
	defer left.PutDown()
	log.Sleep(name, d.Pause)
	if !right.Take(log, name) {
		return false
	}
	defer right.PutDown()
	log.Printf(name, "eats")
	log.Work(name, d.Eat)
	return true
}
