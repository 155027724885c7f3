package chess_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"conclab/internal/labtest"
	"conclab/labs/chess"
	"conclab/labs/trace"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func run(t testing.TB, variant string, sets map[string]string) *trace.Trace {
	t.Helper()
	return labtest.Run(t, chess.Lab(), variant, sets).Trace
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		variant string
		want    time.Duration
		clock   string
	}{
		{"sequential", 43200 * time.Second, "12:00:00"},
		{"concurrent", 3655 * time.Second, "1:00:55"},
		{"two-masters", 21600 * time.Second, "6:00:00"},
	}
	for _, tt := range tests {
		tr := run(t, tt.variant, nil)
		if tr.Total != tt.want {
			t.Errorf("%s total = %v, want %v", tt.variant, tr.Total, tt.want)
		}
		assert.Equal(t, tt.clock, trace.Clock(tr.Total))
	}
}

// TestLongestExhibition: the longest exhibition the parameters allow is
// played to the nanosecond (the virtual clock does not wrap around), and one
// a nanosecond a move longer is refused in one line.
func TestLongestExhibition(t *testing.T) {
	const boards, moves = 80, 1000
	perMove := chess.MaxTotal / (boards * moves) // 21h54m: 200 years in 80 000 moves
	sets := map[string]string{"boards": fmt.Sprint(boards), "moves": fmt.Sprint(moves), "master_move": "1h", "opponent_move": (perMove - time.Hour).String()}
	if got := run(t, "sequential", sets).Total; got != chess.MaxTotal {
		t.Errorf("sequential(%v) total = %v, want %v", sets, got, chess.MaxTotal)
	}
	sets["opponent_move"] = (perMove - time.Hour + time.Nanosecond).String()
	_, err := chess.Lab().Resolve(sets)
	if err == nil || !strings.Contains(err.Error(), "200 years") {
		t.Errorf("Resolve(%v) = %v, want an error saying at most 200 years", sets, err)
	}
	max := map[string]string{"boards": "10000", "moves": "100", "master_move": "1h", "opponent_move": "24h"}
	if _, err := chess.Lab().Resolve(max); err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("Resolve(%v) = %v, want a one-line error (2854 years do not fit)", max, err)
	}
}

// TestFormula checks the simulation against the closed forms for many
// exhibitions, on both sides of the crossover (N*master = master+opponent).
func TestFormula(t *testing.T) {
	type game struct {
		boards, moves    int
		master, opponent time.Duration
	}
	var games []game
	for _, n := range []int{1, 2, 6, 11, 12, 13, 24, 31, 32, 50} {
		games = append(games, game{n, 30, 5 * time.Second, 55 * time.Second})
		games = append(games, game{n, 30, 5 * time.Second, 150 * time.Second})
	}
	games = append(games, game{7, 1, 3 * time.Second, 0}, game{3, 5, 700 * time.Millisecond, 1300 * time.Millisecond})
	for _, g := range games {
		sets := map[string]string{"boards": fmt.Sprint(g.boards), "moves": fmt.Sprint(g.moves),
			"master_move": g.master.String(), "opponent_move": g.opponent.String()}
		cg := chess.Game{Boards: g.boards, Moves: g.moves, MasterMove: g.master, OpponentMove: g.opponent}
		n, m := time.Duration(g.boards), time.Duration(g.moves)
		seq := n * m * (g.master + g.opponent)
		conc := (m-1)*max(n*g.master, g.master+g.opponent) + n*g.master + g.opponent
		for _, c := range []struct {
			variant string
			want    time.Duration
		}{{"sequential", seq}, {"concurrent", conc}} {
			got := run(t, c.variant, sets).Total
			if got != c.want {
				t.Errorf("%s(%+v) = %v, want %v", c.variant, g, got, c.want)
			}
			if p := chess.Predicted(cg, c.variant == "concurrent", 1); p != c.want {
				t.Errorf("Predicted(%+v, %s) = %v, want %v", g, c.variant, p, c.want)
			}
		}
		if got, want := run(t, "two-masters", sets).Total, chess.Predicted(cg, false, 2); got != want {
			t.Errorf("two-masters(%+v) = %v, want %v", g, got, want)
		}
	}
}

// TestSequentialBoardIsBlocked: in the sequential exhibition the master is
// blocked (holding herself at the board) while the opponent thinks; in the
// concurrent one she is free.
func TestWhatTheMasterDoes(t *testing.T) {
	sets := map[string]string{"boards": "2", "moves": "1"}
	seq := run(t, "sequential", sets).Task("board 1").Spans
	assert.Equal(t, []trace.Span{
		{State: trace.Running, Worker: 0, Start: 0, End: 5 * time.Second},
		{State: trace.Blocked, Worker: 0, On: trace.OnIO, Start: 5 * time.Second, End: 60 * time.Second},
	}, seq)
	conc := run(t, "concurrent", sets).Task("board 2").Spans
	assert.Equal(t, []trace.Span{
		{State: trace.Ready, Worker: trace.NoWorker, Start: 0, End: 5 * time.Second},
		{State: trace.Running, Worker: 0, Start: 5 * time.Second, End: 10 * time.Second},
		{State: trace.Waiting, Worker: trace.NoWorker, On: trace.OnTimer, Start: 10 * time.Second, End: 65 * time.Second},
	}, conc)
}

func TestBadParams(t *testing.T) {
	tests := []struct {
		sets map[string]string
		want string
	}{
		{map[string]string{"boards": "-1"}, "chess: boards = -1 is out of range (allowed: 1..10000)"},
		{map[string]string{"boards": "abc"}, `chess: boards = "abc" is not a whole number (allowed: 1..10000)`},
		{map[string]string{"boards": "1000000000"}, "chess: boards = 1000000000 is out of range (allowed: 1..10000)"},
		{map[string]string{"master_move": "0s"}, "chess: master_move = 0s is out of range (allowed: 1ms..1h)"},
		{map[string]string{"opponent_move": "5"}, `chess: opponent_move = "5" is not a duration: durations need a unit, 3s or 700ms (allowed: 0s..24h)`},
		{map[string]string{"boards": "10000", "moves": "1000"}, "chess: boards x moves = 10000000 moves is too many to simulate (at most 1000000)"},
	}
	for _, tt := range tests {
		_, err := chess.Lab().Resolve(tt.sets)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Resolve(%v) = %v, want %v", tt.sets, err, tt.want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, v := range []string{"sequential", "concurrent", "two-masters"} {
		a, err := trace.Encode(run(t, v, nil))
		require.NoError(t, err)
		b, err := trace.Encode(run(t, v, nil))
		require.NoError(t, err)
		assert.Equal(t, string(a), string(b), v)
	}
}

func TestSourceIsTheCodeThatRuns(t *testing.T) {
	l := chess.Lab()
	seq, _ := l.Variant("sequential")
	conc, _ := l.Variant("concurrent")
	assert.Contains(t, seq.Source, "t.Block(g.OpponentMove)")
	assert.Contains(t, conc.Source, "t.Sleep(g.OpponentMove)")
	assert.Greater(t, len(l.Steps), 3)
}

// BenchmarkExhibition simulates the default exhibition, both variants.
func BenchmarkExhibition(b *testing.B) {
	l := chess.Lab()
	v, err := l.Resolve(nil)
	require.NoError(b, err)
	for b.Loop() {
		for _, name := range []string{"sequential", "concurrent"} {
			vr, _ := l.Variant(name)
			if _, err := vr.Run(v); err != nil {
				b.Fatal(err)
			}
		}
	}
}
