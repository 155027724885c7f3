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
	// TODO: play each board in a goroutine of its own, and return only when
	// every game is over.
	for board := 1; board <= g.Boards; board++ {
		Play(log, g, board)
	}
}

// Play plays one board to the end: the master moves, the opponent replies,
// 30 times over.
func Play(log *kit.Log, g Game, board int) {
	name := fmt.Sprintf("board %d", board)
	for move := 1; move <= g.Moves; move++ {
		// TODO: there is only one master. Before she thinks at this board,
		// this board must wait until she is free; once she has moved she
		// is free again, while the opponent thinks.
		log.Work(name, g.MasterMove)    // the master thinks and moves
		log.Sleep(name, g.OpponentMove) // the opponent thinks and replies
	}
	log.Printf(name, "board %d: game over", board)
	log.Done(name)
}
