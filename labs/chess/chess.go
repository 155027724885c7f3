// Package chess is the chess exhibition lab: a master plays many opponents at
// once. Played one board after another it takes 12 hours; going round the
// boards while each opponent thinks it takes an hour. A second master adds
// parallelism, which is not the same thing as concurrency.
package chess

import (
	_ "embed"
	"fmt"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
)

//go:embed variants.go
var variantsSource string

//go:embed walkthrough.md
var walkthrough string

func init() { labs.Register(Lab()) }

// Lab returns the chess exhibition lab.
func Lab() *labs.Lab {
	return &labs.Lab{
		Name:    "chess",
		Title:   "Chess exhibition",
		Summary: "One master, 24 boards: 12 hours one board at a time, 1 hour going round the boards",
		Order:   70,
		Params: []labs.Param{
			{Name: "boards", Kind: labs.Int, Default: "24", Min: "1", Max: "10000", Help: "how many opponents play the master"},
			{Name: "master_move", Kind: labs.Duration, Default: "5s", Min: "1ms", Max: "1h", Help: "how long the master takes to move"},
			{Name: "opponent_move", Kind: labs.Duration, Default: "55s", Min: "0s", Max: "24h", Help: "how long each opponent takes to reply"},
			{Name: "moves", Kind: labs.Int, Default: "30", Min: "1", Max: "1000", Help: "move pairs per game"},
		},
		Check: func(v labs.Values) error {
			if n := v.Int("boards") * v.Int("moves"); n > 1_000_000 {
				return fmt.Errorf("boards x moves = %d moves is too many to simulate (at most 1000000)", n)
			}
			g := GameOf(v)
			if perMove := g.MasterMove + g.OpponentMove; perMove > MaxTotal/time.Duration(g.Boards*g.Moves) {
				years := float64(g.Boards*g.Moves) * perMove.Hours() / (365 * 24)
				return fmt.Errorf("boards x moves x (master_move + opponent_move) = %.0f years one board after another is longer than the virtual clock counts (at most 200 years)", years)
			}
			return nil
		},
		Variants: []labs.Variant{
			{Name: "sequential", Summary: "one board after another: the master waits at each board while the opponent thinks",
				Why:    "she waits at each board while its opponent thinks: every move pair costs her move plus the reply, one board after another",
				Source: labs.FuncSource(variantsSource, "Sequential"), Run: run(Sequential, 1)},
			{Name: "concurrent", Summary: "the master moves and walks on to the next board: one master, all boards at once",
				Why:    "she moves and walks on: a lap costs only her moves, and the replies come while she is at the other boards",
				Source: labs.FuncSource(variantsSource, "Concurrent"), Run: run(Concurrent, 1)},
			{Name: "two-masters", Summary: "two masters each play their half one board at a time: parallelism, not concurrency",
				Why:    "each master plays half the boards one after another: about half the sequential time, still waiting at every board",
				Source: labs.FuncSource(variantsSource, "Sequential"), Run: run(Sequential, 2)},
		},
		Default: []string{"sequential", "concurrent"},
		Steps:   labs.ParseSteps(walkthrough),
		Glossary: []labs.Term{
			{Word: "master", Meaning: "the one worker: a board runs only while she is at it"},
			{Word: "board", Meaning: "one task: a game of move pairs, her move then the opponent's reply"},
		},
	}
}

// MaxTotal is the longest exhibition the lab plays (one board after another):
// 200 years, within what a time.Duration counts (292 years).
const MaxTotal = 200 * 365 * 24 * time.Hour

// GameOf reads the exhibition's numbers from validated parameters.
func GameOf(v labs.Values) Game {
	return Game{Boards: v.Int("boards"), MasterMove: v.Duration("master_move"),
		OpponentMove: v.Duration("opponent_move"), Moves: v.Int("moves")}
}

// run plays every board as a task on as many workers (masters) as given.
func run(play func(*sched.Task, Game, int), masters int) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		g := GameOf(v)
		sim := sched.New(sched.Config{Model: sched.Cooperative, Workers: masters})
		for b := 1; b <= g.Boards; b++ {
			sim.Go(fmt.Sprintf("board %d", b), func(t *sched.Task) { play(t, g, b) })
		}
		tr, err := sim.Run()
		if err != nil {
			return labs.Result{}, err
		}
		return labs.Result{Trace: tr, Facts: map[string]any{"masters": masters, "boards": g.Boards}}, nil
	}
}

// Predicted is the closed form the simulation must match:
// sequential N*moves*(master+opponent) divided among the masters, and
// concurrent (moves-1)*max(N*master, master+opponent) + N*master + opponent.
func Predicted(g Game, concurrent bool, masters int) time.Duration {
	perMaster := (g.Boards + masters - 1) / masters
	n := time.Duration(perMaster)
	if !concurrent {
		return n * time.Duration(g.Moves) * (g.MasterMove + g.OpponentMove)
	}
	round := max(n*g.MasterMove, g.MasterMove+g.OpponentMove)
	return time.Duration(g.Moves-1)*round + n*g.MasterMove + g.OpponentMove
}
