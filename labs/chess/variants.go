package chess

import (
	"time"

	"conclab/labs/sched"
)

// Game holds the exhibition's numbers: how many boards, how long the master
// and each opponent take per move, and how many move pairs a game lasts.
type Game struct {
	Boards       int
	MasterMove   time.Duration
	OpponentMove time.Duration
	Moves        int
}

// Sequential: the master plays one board to the end, then the next. While
// the opponent thinks she waits at the board: a blocking call that keeps the
// worker (the master) busy doing nothing.
func Sequential(t *sched.Task, g Game, board int) {
	for move := 1; move <= g.Moves; move++ {
		t.Compute(g.MasterMove) // the master thinks and moves
		t.Block(g.OpponentMove) // she waits at the board for the reply
	}
	t.Printf("board %d: game over", board)
}

// Concurrent: the master moves, then walks on to the next board while this
// opponent thinks. The only change from Sequential is one line: Sleep gives
// the master back, Block kept her.
func Concurrent(t *sched.Task, g Game, board int) {
	for move := 1; move <= g.Moves; move++ {
		t.Compute(g.MasterMove) // the master thinks and moves
		t.Sleep(g.OpponentMove) // she walks on; the opponent replies later
	}
	t.Printf("board %d: game over", board)
}
