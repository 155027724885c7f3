package challenge

import (
	"fmt"
	"math/big"
)

// Result is what an exploration found.
type Result struct {
	// Schedule is a shortest failing schedule, nil when none fails.
	Schedule []Choice
	// Failure is how Schedule fails.
	Failure *Failure
	// States is the number of distinct states reached.
	States int
	// Interleavings is the number of distinct schedules from the start to
	// the end of the run (main returns, or the run fails); nil when it is
	// unbounded because a loop can go round for ever. Failing is how many
	// of them fail (nil likewise).
	Interleavings, Failing *big.Int
	// Complete is false when the exploration stopped at MaxStates: then no
	// failing schedule found means none was found among those states.
	Complete bool
}

// Options bound an exploration.
type Options struct {
	// MaxStates stops the search after this many distinct states (0:
	// DefaultMaxStates).
	MaxStates int
}

// DefaultMaxStates bounds an exploration when Options.MaxStates is 0: the
// shipped levels have fewer than a thousand states each.
const DefaultMaxStates = 500_000

// Explore tries every schedule of p: a breadth-first search of its states,
// where two schedules that reach the same state (the same variables,
// goroutines, stacks, channels and locks) share what follows. The first
// failing state found is at the least depth, so its schedule is a shortest
// failing one. Then every schedule is counted over the graph of states.
func Explore(p *Program, cfg Config, opt Options) Result {
	limit := opt.MaxStates
	if limit <= 0 {
		limit = DefaultMaxStates
	}
	start, err := p.start()
	if err != nil {
		panic(err) // Compile ran start already
	}
	type node struct {
		parent int32
		via    Choice
		edges  []int32
		end    bool // the run is over here
		fails  bool
	}
	nodes := []node{{parent: -1, end: start.over}}
	states := []*State{start}
	seen := map[string]int32{string(start.key(nil)): 0}
	found := int32(-1)
	var buf []byte
	res := Result{Complete: true}
	for i := 0; i < len(nodes); i++ {
		s := states[i]
		states[i] = nil // expanded: only its edges are kept
		if nodes[i].end {
			continue
		}
		for _, c := range p.choices(s, cfg) {
			next, _ := p.step(s, cfg, c)
			buf = next.key(buf)
			j, ok := seen[string(buf)]
			if !ok {
				if len(nodes) >= limit {
					res.Complete = false
					continue
				}
				j = int32(len(nodes))
				seen[string(buf)] = j
				nodes = append(nodes, node{parent: int32(i), via: c, end: next.over, fails: next.fail != nil})
				states = append(states, next)
				if next.fail != nil && found < 0 {
					found = j
					res.Failure = next.fail
				}
			}
			nodes[i].edges = append(nodes[i].edges, j)
		}
	}
	res.States = len(nodes)
	if found >= 0 {
		for j := found; nodes[j].parent >= 0; j = nodes[j].parent {
			res.Schedule = append(res.Schedule, nodes[j].via)
		}
		for a, b := 0, len(res.Schedule)-1; a < b; a, b = a+1, b-1 {
			res.Schedule[a], res.Schedule[b] = res.Schedule[b], res.Schedule[a]
		}
	}
	if !res.Complete {
		return res
	}
	// Count the schedules: a depth-first pass in post-order, where a node's
	// count is the sum of its successors' (1 at the end of a run). Meeting a
	// node still on the path is a cycle: then there are unboundedly many.
	all := make([]*big.Int, len(nodes))
	bad := make([]*big.Int, len(nodes))
	const (
		white = iota
		grey
		black
	)
	color := make([]uint8, len(nodes))
	type item struct{ n, next int32 }
	stack := []item{{0, 0}}
	color[0] = grey
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		n := &nodes[top.n]
		if int(top.next) < len(n.edges) {
			j := n.edges[top.next]
			top.next++
			switch color[j] {
			case grey:
				return res // a cycle: leave the counts nil
			case white:
				color[j] = grey
				stack = append(stack, item{j, 0})
			}
			continue
		}
		a, b := new(big.Int), new(big.Int)
		if n.end {
			a.SetInt64(1)
			if n.fails {
				b.SetInt64(1)
			}
		}
		for _, j := range n.edges {
			a.Add(a, all[j])
			b.Add(b, bad[j])
		}
		all[top.n], bad[top.n] = a, b
		color[top.n] = black
		stack = stack[:len(stack)-1]
	}
	res.Interleavings, res.Failing = all[0], bad[0]
	return res
}

// FormatSchedule writes a schedule as play takes it: 1,1,2,3:2.
func FormatSchedule(s []Choice) string {
	out := make([]byte, 0, 2*len(s))
	for i, c := range s {
		if i > 0 {
			out = append(out, ',')
		}
		out = fmt.Append(out, c)
	}
	return string(out)
}
