// Package chess is the exercise of the chess exhibition lab: concurrency in
// one picture.
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
	// Answer, part 1: the master is a token that one board holds at a time.
	// A channel with room for one value is such a token: a send takes her
	// (it blocks while another board holds her), a receive gives her back.
	// Boards waiting to send are served first come, first served, so she
	// goes round the boards in order, as in the talk. (A sync.Mutex works
	// too: solutions/chess/alt_mutex/chess.go.)
	master := make(chan struct{}, 1)

	// Answer, part 2: a goroutine per board, and a WaitGroup so that
	// Exhibition returns only when every game is over.
	var wg sync.WaitGroup
	for board := 1; board <= g.Boards; board++ {
		wg.Go(func() { Play(log, g, board, master) })
	}
	wg.Wait()
}

// Play plays one board to the end: the master moves, the opponent replies,
// 30 times over.
func Play(log *kit.Log, g Game, board int, master chan struct{}) {
	name := fmt.Sprintf("board %d", board)
	for move := 1; move <= g.Moves; move++ {
		log.Wait(name, "master")
		master <- struct{}{}         // wait until the master is free, and take her
		log.Work(name, g.MasterMove) // the master thinks and moves
		<-master                     // she walks on to the next board...
		// ...while this opponent thinks. Holding the master here as well would
		// make the boards take turns for whole moves: 43200 s again.
		log.Sleep(name, g.OpponentMove)
	}
	log.Printf(name, "board %d: game over", board)
	log.Done(name)
}
