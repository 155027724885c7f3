package chess

import (
	"fmt"
	"math"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs/trace"
)

// exhibition is the closed form of LABS.md, written here independently of
// Predicted: sequential N x moves x (master + opponent); concurrent
// (moves-1) x max(N x master, master + opponent) + N x master + opponent.
func exhibition(g Game, concurrent bool) time.Duration {
	n, m := time.Duration(g.Boards), time.Duration(g.Moves)
	if !concurrent {
		return n * m * (g.MasterMove + g.OpponentMove)
	}
	return (m-1)*max(n*g.MasterMove, g.MasterMove+g.OpponentMove) + n*g.MasterMove + g.OpponentMove
}

// played runs a variant of the exhibition g and checks its total against
// the closed form (two-masters: each master's half played sequentially).
func played(t *testing.T, variant string, g Game) *trace.Trace {
	t.Helper()
	tr := labtest.Run(t, Lab(), variant, map[string]string{
		"boards": fmt.Sprint(g.Boards), "moves": fmt.Sprint(g.Moves),
		"master_move": g.MasterMove.String(), "opponent_move": g.OpponentMove.String(),
	}).Trace
	half := g
	half.Boards = (g.Boards + 1) / 2
	want := map[string]time.Duration{"sequential": exhibition(g, false), "concurrent": exhibition(g, true),
		"two-masters": exhibition(half, false)}[variant]
	if tr.Total != want {
		t.Fatalf("%s(%+v) total = %v, want %v (the closed form)", variant, g, tr.Total, want)
	}
	return tr
}

// running is the time the trace's tasks spent running: the master's moves.
func running(tr *trace.Trace) time.Duration {
	var d time.Duration
	for _, task := range tr.Tasks {
		for _, sp := range task.Spans {
			if sp.State == trace.Running {
				d += sp.Duration()
			}
		}
	}
	return d
}

// crossover is the number of boards from which one more board costs a whole
// lap per move (moves x master) instead of one move: found by running the
// concurrent exhibition for 1, 2, ... boards.
func crossover(t *testing.T, g Game) int {
	t.Helper()
	prev := time.Duration(-1)
	for n := 1; n <= 100; n++ {
		g.Boards = n
		total := played(t, "concurrent", g).Total
		if prev >= 0 && total-prev == time.Duration(g.Moves)*g.MasterMove && n > 1 {
			return n - 1
		}
		prev = total
	}
	t.Fatalf("no crossover below 100 boards for %+v", g)
	return 0
}

func secs(d time.Duration) int { return int(d / time.Second) }

// TestWalkthroughNumbers ties every number of the walkthrough to a run of
// the exhibition, each run checked against the closed form first.
func TestWalkthroughNumbers(t *testing.T) {
	g := GameOf(labtest.Resolve(t, Lab(), nil))
	pair := g.MasterMove + g.OpponentMove
	seq := played(t, "sequential", g)
	conc := played(t, "concurrent", g)
	two := played(t, "two-masters", g)
	one := g
	one.Boards = 1
	oneGame := played(t, "sequential", one).Total

	// A lap: board 1's second move starts one lap after its first.
	var moves []trace.Span
	for _, sp := range conc.Task("board 1").Spans {
		if sp.State == trace.Running {
			moves = append(moves, sp)
		}
	}
	lap := moves[1].Start - moves[0].Start

	// Below the crossover: a fixed part and a few seconds per board.
	small := func(n int) time.Duration { h := g; h.Boards = n; return played(t, "concurrent", h).Total }
	perBoard := small(7) - small(6)
	fixed := small(6) - 6*perBoard
	above := small(14) - small(13)

	slow := g
	slow.OpponentMove = 150 * time.Second
	slowRun := played(t, "concurrent", slow)
	slowMoving := running(slowRun)
	slowLap := time.Duration(g.Boards) * g.MasterMove

	perMaster := map[int]int{}
	for _, task := range two.Tasks {
		perMaster[task.Spans[len(task.Spans)-1].Worker]++
	}
	if running(seq)*12 != seq.Total {
		t.Errorf("sequential: the master thinks %v of %v, want one twelfth", running(seq), seq.Total)
	}
	speedup := math.Round(float64(seq.Total)/float64(conc.Total)*10) / 10

	claim := func(phrase string, got ...any) labtest.Claim { return labtest.Claim{Phrase: phrase, Got: got} }
	labtest.Claims(t, walkthrough, []labtest.Claim{
		claim("so one game is {} x {} s = {} minutes, and {} games are {} hours", g.Moves, secs(pair), int(oneGame.Minutes()), g.Boards, int(seq.Total.Hours())),
		claim("busy for the whole {} hours, but only one {} of that is thinking", int(seq.Total.Hours()), "twelfth"),
		claim("One lap of {} boards takes {} x {} s = {} s", g.Boards, g.Boards, secs(g.MasterMove), secs(lap)),
		claim("So every lap costs {} s", secs(lap)),
		claim("reply: {} x {} s + {} x {} s + {} s = {} s, about one hour", g.Moves-1, secs(lap), g.Boards, secs(g.MasterMove), secs(g.OpponentMove), secs(conc.Total)),
		claim("a move pair is {} s + {} s = {} s. With {} boards they are equal", secs(g.MasterMove), secs(g.OpponentMove), secs(pair), crossover(t, g)),
		claim("With fewer than {} boards she finishes a lap", crossover(t, g)),
		claim("every lap but the last costs a whole move pair, {} s", secs(pair)),
		claim("The total is {} x {} s + N x {} s + {} s = {} s + {} s per board: {} boards take {} s ({}), {} boards {} s. Below the crossover a board costs only {} s more.",
			g.Moves-1, secs(pair), secs(g.MasterMove), secs(g.OpponentMove), secs(fixed), secs(perBoard), 6, secs(small(6)), trace.Clock(small(6)), 11, secs(small(11)), secs(perBoard)),
		claim("With more than {} boards the opponents wait for her: every lap costs N x {} s, and each board more adds {} x {} s = {} s.",
			crossover(t, g), secs(g.MasterMove), g.Moves, secs(g.MasterMove), secs(above)),
		claim("a move pair is {} s and the crossover moves to {} boards. The {} boards are now below it: a lap of {} s ends {} s before the first reply",
			secs(slow.MasterMove+slow.OpponentMove), crossover(t, slow), g.Boards, secs(slowLap), secs(slow.MasterMove+slow.OpponentMove-slowLap)),
		claim("the exhibition takes {} s ({}), of which she spends {} s moving and {} s waiting", secs(slowRun.Total), trace.Clock(slowRun.Total), secs(slowMoving), secs(slowRun.Total-slowMoving)),
		claim("Each plays her {} boards", perMaster[0]),
		claim("It halves the time: {} hours", int(two.Total.Hours())),
		claim("cut it by {} (from {} hours to {})", speedup, int(seq.Total.Hours()), trace.Clock(conc.Total)),
	},
		"play 24 opponents", "A game lasts 30 move pairs", // the parameters' defaults
		"Each move pair costs 5 s of her thinking plus 55 s of waiting",
		"sits down at board 1", "sits down at board 2", "moves at board 1 and walks on to board 2",
		"back at board 1", "(after 55 s)", "N x 5 s of moves", "A lap is boards x 5 s",
		"(moves - 1) x max", // the closed form's own constant
		"--set boards=12", "--set boards=6", "--set opponent_move=150s", "With slower opponents (150 s)",
	)
	if perMaster[0] != perMaster[1] {
		t.Errorf("two-masters: boards per master = %v, want two equal halves", perMaster)
	}
}
