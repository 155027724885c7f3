package exercise

import (
	"cmp"
	"slices"
	"sync"
	"unicode"

	"conclab/internal/check"
	"conclab/labs"
	"conclab/labs/trace"
)

// labOrders caches labOrder by lab name.
var labOrders sync.Map

// labOrder is the order of the tasks in the lab's own lanes: the tasks of
// its default variants run with its default parameters, in the order they
// first appear (spawn order: main, then A B C D; board 1 to board 24; CN
// IN US ...). It is computed once per lab, in the command that delivers a
// report (never in Update); a predict-then-run lab or an unknown one has
// none.
func labOrder(lab string) map[string]int {
	if o, ok := labOrders.Load(lab); ok {
		return o.(map[string]int)
	}
	order := map[string]int{}
	if l, err := labs.Get(lab); err == nil && l.Predict == nil {
		if values, err := l.Resolve(nil); err == nil {
			for _, name := range l.DefaultVariants() {
				for _, t := range runTasks(l, name, values) {
					if _, ok := order[t.Name]; !ok {
						order[t.Name] = len(order)
					}
				}
			}
		}
	}
	labOrders.Store(lab, order)
	return order
}

// runTasks runs variant name and returns its tasks (none if it fails).
func runTasks(l *labs.Lab, name string, values labs.Values) (tasks []trace.Task) {
	defer func() {
		if recover() != nil {
			tasks = nil
		}
	}()
	v, err := l.Variant(name)
	if err != nil {
		return nil
	}
	res, err := v.Run(values)
	if err != nil || res.Trace == nil {
		return nil
	}
	return res.Trace.Tasks
}

// inLabOrder returns rep with the tasks of each of its traces in one order,
// whoever's code wrote them: the lab's (see labOrder), then the tasks the
// lab does not have in natural order ("board 2" before "board 10"). The
// traces' tasks come in the order the goroutines first reported, which
// changes from run to run. rep is not changed (a reference's report is
// shared): the result is a copy where it differs.
func inLabOrder(lab string, rep *check.Report) *check.Report {
	if rep == nil || len(rep.Traces) == 0 {
		return rep
	}
	order := labOrder(lab)
	out := *rep
	out.Traces = slices.Clone(rep.Traces)
	for i, tt := range out.Traces {
		if tt.Trace == nil {
			continue
		}
		tr := *tt.Trace
		tr.Tasks = slices.Clone(tr.Tasks)
		slices.SortStableFunc(tr.Tasks, func(a, b trace.Task) int { return compareTasks(order, a.Name, b.Name) })
		out.Traces[i].Trace = &tr
	}
	return &out
}

// compareTasks orders task names: those in order by it, before the others,
// which go in natural order.
func compareTasks(order map[string]int, a, b string) int {
	ia, oka := order[a]
	ib, okb := order[b]
	switch {
	case oka && okb:
		return cmp.Compare(ia, ib)
	case oka:
		return -1
	case okb:
		return 1
	}
	return natural(a, b)
}

// natural compares names with their runs of digits as numbers: "board 2"
// before "board 10", "site-9" before "site-10".
func natural(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	i, j := 0, 0
	for i < len(ra) && j < len(rb) {
		if unicode.IsDigit(ra[i]) && unicode.IsDigit(rb[j]) {
			si, sj := i, j
			for i < len(ra) && unicode.IsDigit(ra[i]) {
				i++
			}
			for j < len(rb) && unicode.IsDigit(rb[j]) {
				j++
			}
			na, nb := trimZeros(ra[si:i]), trimZeros(rb[sj:j])
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), cmp.Compare(string(na), string(nb))); c != 0 {
				return c
			}
			continue
		}
		if c := cmp.Compare(ra[i], rb[j]); c != 0 {
			return c
		}
		i, j = i+1, j+1
	}
	return cmp.Or(cmp.Compare(len(ra)-i, len(rb)-j), cmp.Compare(a, b))
}

func trimZeros(d []rune) []rune {
	for len(d) > 1 && d[0] == '0' {
		d = d[1:]
	}
	return d
}
