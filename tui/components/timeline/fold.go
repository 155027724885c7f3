package timeline

import (
	"cmp"
	"slices"
	"time"

	"conclab/labs/trace"
)

// FoldCells is how many columns a folded idle stretch takes.
const FoldCells = 3

// interval is a stretch of time, [from, to).
type interval struct{ from, to time.Duration }

// fold is a stretch of idle time drawn in FoldCells columns from first.
type fold struct {
	first    int
	from, to time.Duration
}

// scale maps the window onto cols columns: bounds[c] is the time column c
// starts at, bounds[cols] the window's end; bounds never decrease, so a
// time lies in exactly one column (see column) and a column starts at one
// time. Linear unless folds compress idle stretches.
type scale struct {
	bounds []time.Duration
	folds  []fold
}

// cols is the number of columns the scale maps.
func (s scale) cols() int { return len(s.bounds) - 1 }

// column is the column holding time at, clamped to the window: the last
// column that starts at or before at.
func (s scale) column(at time.Duration) int {
	n := s.cols()
	if n <= 0 {
		return 0
	}
	c, _ := slices.BinarySearch(s.bounds[1:n], at+1) // the columns after 0 that start at or before at
	return max(0, min(c, n-1))
}

// inFold reports whether t lies strictly inside a folded stretch.
func (s scale) inFold(t time.Duration) bool {
	for _, f := range s.folds {
		if t > f.from && t < f.to {
			return true
		}
	}
	return false
}

// linear returns the scale of [from, to] on cols equal columns.
func linear(from, to time.Duration, cols int) scale {
	s := scale{bounds: make([]time.Duration, cols+1)}
	fill(s.bounds, from, to)
	return s
}

// fill sets out[i] to the start of the i-th of len(out)-1 equal parts of
// [from, to], out[last] to to.
func fill(out []time.Duration, from, to time.Duration) {
	n := len(out) - 1
	span := float64(to - from)
	for i := range out {
		out[i] = from + time.Duration(span*float64(i)/float64(max(n, 1)))
	}
	out[n] = to
}

// idleOf returns the stretches of [0, tr.Total] where no task runs, is
// blocked or is ready (every task waits or sleeps, no worker is busy),
// then the time after the run, in time order.
func idleOf(tr *trace.Trace) []interval {
	var busy []interval
	for _, t := range tr.Tasks {
		for _, sp := range t.Spans {
			if sp.End > sp.Start && (sp.State == trace.Running || sp.State == trace.Blocked || sp.State == trace.Ready) {
				busy = append(busy, interval{sp.Start, sp.End})
			}
		}
	}
	slices.SortFunc(busy, func(a, b interval) int { return cmp.Compare(a.from, b.from) })
	var idle []interval
	at := time.Duration(0)
	for _, b := range busy {
		if b.from > at {
			idle = append(idle, interval{at, b.from})
		}
		at = max(at, b.to)
	}
	if tr.Total > at {
		idle = append(idle, interval{at, tr.Total})
	}
	// The time after the run is a stretch of its own: a run whose tasks
	// only wait (for I/O, say) keeps its own time and folds what follows.
	return append(idle, interval{max(at, tr.Total), 1<<63 - 1})
}

// foldedScale maps [from, to] onto cols columns, each idle stretch worth
// folding drawn in FoldCells columns: the longest first, as long as one
// saves at least FoldCells columns at the scale the others leave, and the
// time that is not folded keeps at least half the columns. Without such a
// stretch it is linear.
func foldedScale(idle []interval, from, to time.Duration, cols int) scale {
	if to <= from || cols < 4*FoldCells {
		return linear(from, to, cols)
	}
	var gaps []interval
	i, _ := slices.BinarySearchFunc(idle, from, func(g interval, t time.Duration) int { return cmp.Compare(g.to, t+1) })
	for ; i < len(idle) && idle[i].from < to; i++ {
		if g := (interval{max(idle[i].from, from), min(idle[i].to, to)}); g.to > g.from {
			gaps = append(gaps, g)
		}
	}
	slices.SortStableFunc(gaps, func(a, b interval) int { return cmp.Compare(b.to-b.from, a.to-a.from) })
	folded, n := time.Duration(0), 0
	for _, g := range gaps {
		busyCols := cols - FoldCells*(n+1)
		rest := to - from - folded - (g.to - g.from)
		if busyCols < cols/2 || rest <= 0 {
			break
		}
		per := float64(rest) / float64(busyCols)
		if float64(g.to-g.from) < 2*FoldCells*per {
			break // the longest left saves too little: the shorter ones too
		}
		folded += g.to - g.from
		n++
	}
	if n == 0 {
		return linear(from, to, cols)
	}
	chosen := slices.Clone(gaps[:n])
	slices.SortFunc(chosen, func(a, b interval) int { return cmp.Compare(a.from, b.from) })
	// The stretches between the folds share the other columns by their
	// length (largest remainder), each at least one.
	var runs []interval
	at := from
	for _, g := range chosen {
		runs = append(runs, interval{at, g.from})
		at = g.to
	}
	runs = append(runs, interval{at, to})
	busyCols := cols - FoldCells*n
	busyTime := to - from - folded
	share := make([]int, len(runs))
	base := busyCols
	for k, r := range runs {
		if r.to > r.from {
			share[k] = 1
			base--
		}
	}
	type rem struct {
		k    int
		frac float64
	}
	var rems []rem
	left := base
	for k, r := range runs {
		if r.to <= r.from {
			continue
		}
		exact := float64(r.to-r.from) / float64(busyTime) * float64(base)
		whole := int(exact)
		share[k] += whole
		left -= whole
		rems = append(rems, rem{k, exact - float64(whole)})
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.frac, a.frac) })
	for j := 0; left > 0 && len(rems) > 0; j++ {
		share[rems[j%len(rems)].k]++
		left--
	}
	s := scale{bounds: make([]time.Duration, 0, cols+1)}
	add := func(r interval, n int) {
		part := make([]time.Duration, n+1)
		fill(part, r.from, r.to)
		s.bounds = append(s.bounds, part[:n]...)
	}
	for k, r := range runs {
		add(r, share[k])
		if k < len(chosen) {
			s.folds = append(s.folds, fold{first: len(s.bounds), from: chosen[k].from, to: chosen[k].to})
			add(chosen[k], FoldCells)
		}
	}
	s.bounds = append(s.bounds, to)
	return s
}
