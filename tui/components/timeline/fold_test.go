package timeline

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs/trace"
	"conclab/tui/styles"
)

// runWaitRun is a task that runs 1 s, waits for a timer 60 s, runs 1 s.
func runWaitRun() *trace.Trace {
	s := time.Second
	return &trace.Trace{Total: 62 * s, Workers: 1, Tasks: []trace.Task{{Name: "T", Spans: []trace.Span{
		{State: trace.Running, Worker: 0, Start: 0, End: s},
		{State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn("timer"), Start: s, End: 61 * s},
		{State: trace.Running, Worker: 0, Start: 61 * s, End: 62 * s},
	}}}}
}

// TestFoldOneWait: the minute of waiting between two seconds of work is
// folded into FoldCells columns that say "≈ 1m"; the two seconds share
// the other columns, so each is drawn over many cells, not one.
func TestFoldOneWait(t *testing.T) {
	m := New(styles.DefaultStyles())
	m.SetTrace(runWaitRun())
	m.SetSize(42, 1+AxisHeight) // no worker row: 1 worker > (3-2)/2
	m.SetCursor(62 * time.Second)
	m.SetFold(true)
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	row, axis, labels := lines[0], lines[1], lines[2]
	if got, want := strings.Count(axis, "≈"), FoldCells; got != want {
		t.Errorf("axis %q has %d fold cells, want %d", axis, got, want)
	}
	if !strings.Contains(labels, "≈ 1m") {
		t.Errorf("labels %q do not say the fold's length ≈ 1m", labels)
	}
	// 40 columns: 3 folded, 37 for the 2 s of work, 18 or 19 each.
	if got := strings.Count(row, "█"); got != 40-FoldCells {
		t.Errorf("row %q has %d running cells, want %d", row, got, 40-FoldCells)
	}
	m.SetFold(false)
	if row := strings.Split(ansi.Strip(m.View()), "\n")[0]; strings.Count(row, "█") > 2 {
		t.Errorf("unfolded row %q has more than 2 running cells of 40 for 2 s of 62", row)
	}
}

// randomTrace is a run of n tasks that alternate running, ready or blocked
// stretches with waits, of random lengths from 1 ms to a minute.
func randomTrace(r *rand.Rand, n int) *trace.Trace {
	tr := &trace.Trace{Workers: 1}
	busyStates := []trace.State{trace.Running, trace.Ready, trace.Blocked}
	for i := range n {
		var spans []trace.Span
		at := time.Duration(r.Int64N(int64(time.Minute)))
		for range 2 + r.IntN(6) {
			d := time.Duration(1+r.Int64N(60_000)) * time.Millisecond
			st := trace.Waiting
			if len(spans)%2 == 0 {
				st = busyStates[r.IntN(len(busyStates))]
			}
			spans = append(spans, trace.Span{State: st, Worker: trace.NoWorker, Start: at, End: at + d})
			at += d
		}
		tr.Tasks = append(tr.Tasks, trace.Task{Name: "t" + string(rune('a'+i)), Spans: spans})
		tr.Total = max(tr.Total, at)
	}
	return tr
}

// TestFoldTruthful folds random runs on many widths and windows and checks
// the scale against the spans themselves: each time lies in exactly one
// column, which starts at or before it; every fold takes FoldCells columns
// and holds only time when no task runs, is ready or is blocked; the time
// not folded keeps at least half the columns.
func TestFoldTruthful(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 2))
	folded := 0
	for k := range 60 {
		tr := randomTrace(r, 1+r.IntN(5))
		cols := 12 + r.IntN(150)
		from := time.Duration(r.Int64N(int64(tr.Total / 2)))
		to := from + 1 + time.Duration(r.Int64N(int64(tr.Total+time.Minute-from)))
		sc := foldedScale(idleOf(tr), from, to, cols)
		if sc.cols() != cols || sc.bounds[0] != from || sc.bounds[cols] != to {
			t.Fatalf("run %d: %d columns from %v to %v, want %d from %v to %v", k, sc.cols(), sc.bounds[0], sc.bounds[cols], cols, from, to)
		}
		for c := 1; c <= cols; c++ {
			if sc.bounds[c] < sc.bounds[c-1] {
				t.Fatalf("run %d: column %d starts at %v, before column %d (%v)", k, c, sc.bounds[c], c-1, sc.bounds[c-1])
			}
		}
		for range 200 {
			at := from + time.Duration(r.Int64N(int64(to-from)))
			c := sc.column(at)
			if sc.bounds[c] > at || at >= sc.bounds[c+1] && sc.bounds[c+1] > sc.bounds[c] {
				t.Fatalf("run %d: column(%v) = %d, which covers [%v, %v)", k, at, c, sc.bounds[c], sc.bounds[c+1])
			}
		}
		for _, f := range sc.folds {
			if sc.bounds[f.first] != f.from || sc.bounds[f.first+FoldCells] != f.to {
				t.Errorf("run %d: fold %v-%v is not columns %d-%d (%v-%v)", k, f.from, f.to, f.first, f.first+FoldCells-1, sc.bounds[f.first], sc.bounds[f.first+FoldCells])
			}
			for _, task := range tr.Tasks {
				for _, sp := range task.Spans {
					if sp.State != trace.Waiting && sp.Start < f.to && sp.End > f.from {
						t.Errorf("run %d: fold %v-%v folds %s %v-%v of %s", k, f.from, f.to, sp.State, sp.Start, sp.End, task.Name)
					}
				}
			}
		}
		if busy := cols - FoldCells*len(sc.folds); busy < cols/2 {
			t.Errorf("run %d: %d folds leave %d of %d columns", k, len(sc.folds), busy, cols)
		}
		if len(sc.folds) > 0 {
			folded++
		}
	}
	if folded < 20 {
		t.Errorf("%d of 60 random runs fold anything, want most: the checks above checked little", folded)
	}
	t.Logf("%d of 60 random runs fold", folded)
}

// TestFoldChessConcurrent: the concurrent exhibition's master is busy from
// the first move to the last; only the 55 s of the last replies are idle
// in the run, and, on the whole 12 hours, the time after it (folded on its
// own: ≈ 10h59m). Zoomed on the last round, those 55 s fold and the
// master's 24 moves share the rest: each board gets its move drawn.
func TestFoldChessConcurrent(t *testing.T) {
	_, conc := chessTraces(t)
	for _, tt := range []struct {
		name     string
		from, to time.Duration
		w, h     int
	}{
		{"conc_fold_12h", 0, 12 * time.Hour, 60, 12},
		{"conc_fold_last_round", conc.Total - 120*time.Second - 55*time.Second, conc.Total, 60, 29},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := New(styles.DefaultStyles())
			m.SetTrace(conc)
			m.SetWindow(tt.from, tt.to)
			m.SetSize(tt.w, tt.h)
			m.SetCursor(conc.Total)
			m.SetFold(true)
			view := ansi.Strip(m.View())
			golden.RequireEqual(t, view)
		})
	}
	m := New(styles.DefaultStyles())
	m.SetTrace(conc)
	if got, want := idleOf(conc)[0], (interval{conc.Total - 55*time.Second, conc.Total}); got.from != want.from {
		t.Errorf("first idle stretch of concurrent starts at %v, want %v (the last replies)", got.from, want.from)
	}
	m.SetWindow(conc.Total-175*time.Second, conc.Total)
	m.SetSize(60, 29)
	m.SetCursor(conc.Total)
	m.SetFold(true)
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if !strings.Contains(lines[len(lines)-1], "≈ 55s") {
		t.Errorf("the axis of the last round does not fold the last 55 s: %q", lines[len(lines)-1])
	}
	for _, l := range lines[1:25] { // every board row shows its last move
		if !strings.Contains(l, "█") {
			t.Errorf("board row %q shows no move of the master", l)
		}
	}
}

// TestColumnAndBack: on the model, folded or not, the time a column starts
// at lies in that column, for every column whose time is its own (not
// shared with the next: a window narrower than its columns in ns).
func TestColumnAndBack(t *testing.T) {
	for _, fold := range []bool{false, true} {
		m := New(styles.DefaultStyles())
		m.SetTrace(runWaitRun())
		m.SetSize(42, 1+AxisHeight)
		m.SetFold(fold)
		cols := m.cols()
		b := m.bounds(cols)
		for c := range cols {
			if b[c+1] > b[c] {
				if got := m.column(b[c], cols); got != c {
					t.Errorf("fold %v: column(%v) = %d, want %d", fold, b[c], got, c)
				}
			}
		}
	}
}
