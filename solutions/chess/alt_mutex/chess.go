// Package chess is the exercise of the chess exhibition lab: concurrency in
// one picture.
//
// This is the exercise solved with a sync.Mutex for the master, as hints 2
// and 3 put it (`conclab hint chess`); solutions/chess/chess.go solves it
// with a channel that has room for one value. Both take 3655 s.
//
// A master plays 24 opponents. She thinks 5 s per move; each opponent takes
// 55 s to reply; a game lasts 30 move pairs. Played one board after another
// the exhibition takes 24 × 30 × (5 + 55) s = 43200 s: 12 hours. If the
// master moves and walks on to the next board while that opponent thinks,
// it takes 3655 s: about an hour.
//
// Goal: make Exhibition take 3655 s. Every board gets a goroutine of its
// own — but there is only one master: at most one board at a time may have
// her attention while she thinks.
//
// Check your work with `conclab check chess`; stuck? `conclab hint chess`.
package chess

import (
	"fmt"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Game holds the exhibition's numbers.
type Game struct {
	Boards       int
	MasterMove   time.Duration // how long the master thinks before each move
	OpponentMove time.Duration // how long an opponent thinks before each reply
	Moves        int           // move pairs per game
}

// Exhibition24 is the lab's exhibition: 24 boards, 5 s, 55 s, 30 move pairs.
var Exhibition24 = Game{Boards: 24, MasterMove: 5 * time.Second, OpponentMove: 55 * time.Second, Moves: 30}

// Exhibition plays every board and returns when every game is over.
func Exhibition(log *kit.Log, g Game) {
	// Answer, part 1: the master is a lock. Only one goroutine at a time
	// holds a sync.Mutex: a board that calls Lock while another board holds
	// her waits until that board calls Unlock. It is shared by pointer (a
	// copied Mutex is another lock, which go vet reports).
	var master sync.Mutex

	// Answer, part 2: a goroutine per board, counted by a WaitGroup, so that
	// Exhibition returns only when every game is over.
	var wg sync.WaitGroup
	for board := 1; board <= g.Boards; board++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Play(log, g, board, &master)
		}()
	}
	wg.Wait()
}

// Play plays one board to the end: the master moves, the opponent replies,
// 30 times over.
func Play(log *kit.Log, g Game, board int, master *sync.Mutex) {
	name := fmt.Sprintf("board %d", board)
	for move := 1; move <= g.Moves; move++ {
		log.Wait(name, "master")
		master.Lock()                // wait until the master is free, and take her
		log.Work(name, g.MasterMove) // the master thinks and moves
		master.Unlock()              // she walks on to the next board...
		// ...while this opponent thinks, outside the lock: holding it here
		// as well would make the boards take turns for whole moves, 43200 s.
		//
		// A Mutex queues its waiters in order too, but a waiter it wakes
		// competes with goroutines that call Lock at that moment
		// (internal/sync/mutex.go), where a channel's queue is strictly
		// first come, first served. In the checks no board calls Lock at
		// the instant the master is handed on: goroutines waiting in Lock
		// stop testing/synctest's virtual clock, so conclab checks this code
		// on its kit clock, where timers due at the same instant fire one at
		// a time. The boards take turns, and it takes 3655 s.
		log.Sleep(name, g.OpponentMove)
	}
	log.Printf(name, "board %d: game over", board)
	log.Done(name)
}
