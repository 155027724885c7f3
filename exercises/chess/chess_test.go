//go:build exercises

package chess

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

// roundRobin is the exhibition's length when the master goes round the
// boards in turn: every round but the last lasts the longer of her walk round
// all boards and one move pair at a board; then the last round, and the last
// opponent's reply. For 24 boards: 29 × max(120 s, 60 s) + 120 s + 55 s = 3655 s.
func roundRobin(g Game) time.Duration {
	n := time.Duration(g.Boards)
	round := max(n*g.MasterMove, g.MasterMove+g.OpponentMove)
	return time.Duration(g.Moves-1)*round + n*g.MasterMove + g.OpponentMove
}

// oneByOne is its length when the boards are played one after another.
func oneByOne(g Game) time.Duration {
	return time.Duration(g.Boards*g.Moves) * (g.MasterMove + g.OpponentMove)
}

func TestRoundRobinModel(t *testing.T) {
	tests := []struct {
		g    Game
		want time.Duration
	}{
		{Exhibition24, 3655 * time.Second},
		{Game{12, 5 * time.Second, 55 * time.Second, 30}, 1855 * time.Second},
		{Game{3, 5 * time.Second, 150 * time.Second, 2}, 320 * time.Second},
	}
	for _, tt := range tests {
		if got := roundRobin(tt.g); got != tt.want {
			t.Errorf("roundRobin(%v) = %v, want %v", tt.g, got, tt.want) // guards the check itself
		}
	}
	if got := oneByOne(Exhibition24); got != 43200*time.Second {
		t.Errorf("oneByOne(%v) = %v, want 12h", Exhibition24, got)
	}
}

func TestExhibition(t *testing.T) {
	tests := []struct {
		name string
		g    Game
	}{
		{"24 boards, the talk's exhibition", Exhibition24},
		{"12 boards: a round is exactly one move pair", Game{12, 5 * time.Second, 55 * time.Second, 30}},
		{"3 boards, slow opponents: the master waits", Game{3, 5 * time.Second, 150 * time.Second, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				Exhibition(log, tt.g)
				checkExhibition(t, log, tt.g)
			})
		})
	}
}

func checkExhibition(t *testing.T, log *kit.Log, g Game) {
	t.Helper()
	elapsed, want := log.Elapsed(), roundRobin(g)
	over := 0
	for _, l := range log.Lines("") {
		if strings.HasSuffix(l.Text, "game over") {
			over++
		}
	}
	if n := log.MostAtWork(); n > 1 {
		t.Fatalf("%d boards had the master's attention at the same time, want 1 (the exhibition took %s, want %s): "+
			"she is one person — a board must take her before she thinks (a channel with room for one value, or a sync.Mutex) "+
			"and give her back once she has moved", n, kit.Seconds(elapsed), kit.Seconds(want))
	}
	switch {
	case elapsed == oneByOne(g) && elapsed != want:
		t.Fatalf("the boards were played one after another: %s of virtual time, want %s — does each board have its own "+
			"goroutine, and does the master walk on to the next board while this opponent thinks?", kit.Seconds(elapsed), kit.Seconds(want))
	case over < g.Boards:
		t.Fatalf("Exhibition returned after %s with %d of %d games over, want it to return at %s when the last game is over "+
			"— wait for every board's goroutine (sync.WaitGroup)", kit.Seconds(elapsed), over, g.Boards, kit.Seconds(want))
	case elapsed != want:
		t.Fatalf("the exhibition took %s, want %s = %d × max(%d × %s, %s + %s) + %d × %s + %s: the master should never wait "+
			"while a board needs her, and should take the boards in turn (first come, first served)",
			kit.Seconds(elapsed), kit.Seconds(want), g.Moves-1, g.Boards, kit.Seconds(g.MasterMove), kit.Seconds(g.MasterMove),
			kit.Seconds(g.OpponentMove), g.Boards, kit.Seconds(g.MasterMove), kit.Seconds(g.OpponentMove))
	case over != g.Boards:
		t.Fatalf("%d games ended, want %d: %s", over, g.Boards, fmt.Sprint(log.Lines("")))
	}
}
