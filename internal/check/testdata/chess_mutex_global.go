// A learner's answer to the chess exercise: the master is a package-level
// sync.Mutex, so that Play keeps its signature. (TestCheckMutexAnswers.)
package chess

import (
	"fmt"
	"sync"
	"time"

	"conclab/exercises/kit"
)

type Game struct {
	Boards       int
	MasterMove   time.Duration
	OpponentMove time.Duration
	Moves        int
}

var Exhibition24 = Game{Boards: 24, MasterMove: 5 * time.Second, OpponentMove: 55 * time.Second, Moves: 30}

var master sync.Mutex

func Exhibition(log *kit.Log, g Game) {
	var wg sync.WaitGroup
	for board := 1; board <= g.Boards; board++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Play(log, g, board)
		}()
	}
	wg.Wait()
}

func Play(log *kit.Log, g Game, board int) {
	name := fmt.Sprintf("board %d", board)
	for move := 1; move <= g.Moves; move++ {
		master.Lock()
		log.Work(name, g.MasterMove)
		master.Unlock()
		log.Sleep(name, g.OpponentMove)
	}
	log.Printf(name, "board %d: game over", board)
	log.Done(name)
}
