package challenge

import (
	"math/big"
	"testing"
)

// TestExplore: the explorer finds a shortest failing schedule for every
// breakable level, of the level's kind and no longer than the stored one,
// and playing it fails at its last step; for a safe level it finds none,
// having explored every state.
func TestExplore(t *testing.T) {
	for _, l := range Levels() {
		t.Run(l.Name, func(t *testing.T) {
			p := program(t, l)
			r := Explore(p, l.Config, Options{})
			if !r.Complete || r.Interleavings == nil || r.Failing == nil {
				t.Fatalf("Explore(%s) = complete %v, %v interleavings, %v failing; want every state explored and counted", l.Name, r.Complete, r.Interleavings, r.Failing)
			}
			if l.Safe {
				if r.Schedule != nil || r.Failing.Sign() != 0 {
					t.Fatalf("Explore(%s) = %s (%+v), %v failing; want no failing schedule", l.Name, FormatSchedule(r.Schedule), r.Failure, r.Failing)
				}
				return
			}
			if r.Schedule == nil || r.Failure.Kind != l.Goal {
				t.Fatalf("Explore(%s) = %s (%+v), want a failing schedule of kind %s", l.Name, FormatSchedule(r.Schedule), r.Failure, l.Goal)
			}
			if won := len(parse(t, l.Winning)); len(r.Schedule) > won {
				t.Errorf("Explore(%s) = %d steps, longer than the stored winning schedule's %d", l.Name, len(r.Schedule), won)
			}
			if r.Failing.Sign() <= 0 || r.Failing.Cmp(r.Interleavings) > 0 {
				t.Errorf("Explore(%s): %v of %v interleavings fail, want 1..all", l.Name, r.Failing, r.Interleavings)
			}
			g, err := Play(p, l.Config, r.Schedule)
			if err != nil || g.Failure() == nil || *g.Failure() != *r.Failure {
				t.Fatalf("Play(%s) = %+v, %v; want the explorer's failure %+v", FormatSchedule(r.Schedule), g.Failure(), err, r.Failure)
			}
		})
	}
}

// bruteForce enumerates every schedule of p one by one, without merging
// states or any other reduction: how many runs there are, how many fail,
// and the length of the shortest failing one (-1: none). It shares only the
// step function with Explore.
func bruteForce(p *Program, cfg Config) (runs, failing int64, shortest int) {
	shortest = -1
	var walk func(s *State, depth int)
	walk = func(s *State, depth int) {
		if s.over {
			runs++
			if s.fail != nil {
				failing++
				if shortest < 0 || depth < shortest {
					shortest = depth
				}
			}
			return
		}
		for _, c := range p.choices(s, cfg) {
			next, _ := p.step(s, cfg, c)
			walk(next, depth+1)
		}
	}
	s, err := p.start()
	if err != nil {
		panic(err)
	}
	walk(s, 0)
	return runs, failing, shortest
}

// TestExploreAgreesWithBruteForce: on the levels small enough to enumerate
// schedule by schedule in a test, brute force and the explorer agree on the
// number of interleavings, the failing ones, and the shortest failure. (The
// benchmark BenchmarkBruteForce checks the big ones.)
func TestExploreAgreesWithBruteForce(t *testing.T) {
	for _, l := range Levels() {
		p := program(t, l)
		r := Explore(p, l.Config, Options{})
		if r.Interleavings == nil || r.Interleavings.Cmp(big.NewInt(5000)) > 0 {
			continue
		}
		t.Run(l.Name, func(t *testing.T) { checkBrute(t, l, r) })
	}
}

func checkBrute(t testing.TB, l *Level, r Result) {
	t.Helper()
	runs, failing, shortest := bruteForce(program(t, l), l.Config)
	if r.Interleavings.Cmp(big.NewInt(runs)) != 0 || r.Failing.Cmp(big.NewInt(failing)) != 0 {
		t.Errorf("%s: Explore counts %v interleavings, %v failing; brute force %d, %d", l.Name, r.Interleavings, r.Failing, runs, failing)
	}
	if shortest != len(r.Schedule) && !(shortest < 0 && r.Schedule == nil) {
		t.Errorf("%s: Explore's shortest failing schedule has %d steps, brute force's %d", l.Name, len(r.Schedule), shortest)
	}
}

// memoCount counts by another algorithm than Explore's: a depth-first
// recursion over schedules that remembers, per state, how many runs start
// there, how many of them fail, and the fewest steps to a failure (-1: none).
func memoCount(p *Program, cfg Config) (all, failing *big.Int, shortest int) {
	type memo struct {
		all, failing *big.Int
		shortest     int
	}
	seen := map[string]memo{}
	var count func(s *State) memo
	count = func(s *State) memo {
		k := string(s.key(nil))
		if m, ok := seen[k]; ok {
			return m
		}
		m := memo{all: new(big.Int), failing: new(big.Int), shortest: -1}
		if s.over {
			m.all.SetInt64(1)
			if s.fail != nil {
				m.failing.SetInt64(1)
				m.shortest = 0
			}
		}
		for _, c := range p.choices(s, cfg) {
			next, _ := p.step(s, cfg, c)
			sub := count(next)
			m.all.Add(m.all, sub.all)
			m.failing.Add(m.failing, sub.failing)
			if sub.shortest >= 0 && (m.shortest < 0 || sub.shortest+1 < m.shortest) {
				m.shortest = sub.shortest + 1
			}
		}
		seen[k] = m
		return m
	}
	s, err := p.start()
	if err != nil {
		panic(err)
	}
	m := count(s)
	return m.all, m.failing, m.shortest
}

// TestExploreAgreesWithMemo: on every level, including those with too many
// interleavings to enumerate one by one, a memoised depth-first count agrees
// with Explore's breadth-first search and count.
func TestExploreAgreesWithMemo(t *testing.T) {
	for _, l := range Levels() {
		p := program(t, l)
		r := Explore(p, l.Config, Options{})
		all, failing, shortest := memoCount(p, l.Config)
		if r.Interleavings.Cmp(all) != 0 || r.Failing.Cmp(failing) != 0 || (shortest != len(r.Schedule) && !(shortest < 0 && r.Schedule == nil)) {
			t.Errorf("%s: Explore = %v interleavings, %v failing, shortest %d; memoised count = %v, %v, %d", l.Name, r.Interleavings, r.Failing, len(r.Schedule), all, failing, shortest)
		}
	}
}
