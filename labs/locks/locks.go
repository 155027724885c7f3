// Package locks is the locks lab: who holds the lock? Four goroutines
// increment a shared counter ten times each. With no lock, goroutines on
// several cores read the same value and write it back plus one, and
// updates are lost; a sync.Mutex, a channel holding one token, or
// sync/atomic count all 40, taking turns. Then deadlock: two transfers
// that lock their accounts in opposite orders, and five dining
// philosophers who each pick up the left fork first, wait for each other
// forever; a global lock order (Dijkstra's fix) breaks the cycle. The
// scheduler names the cycle: "t1 holds A, waits for B; t2 holds B, waits
// for A".
package locks

import (
	_ "embed"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

//go:embed variants.go
var variantsSource string

//go:embed atomic.go
var atomicSource string

//go:embed walkthrough.md
var walkthrough string

func init() { labs.Register(Lab()) }

// MaxIncrements bounds workers x increments (each increment is a few
// scheduling events).
const MaxIncrements = 100_000

// Lab returns the locks lab.
func Lab() *labs.Lab {
	src := func(names ...string) string {
		parts := make([]string, len(names))
		for i, n := range names {
			parts[i] = labs.FuncSource(variantsSource, n)
		}
		return strings.Join(parts, "\n\n")
	}
	return &labs.Lab{
		Name:    "locks",
		Title:   "Locks and deadlock",
		Summary: "Who holds the lock? 40 increments lose 30 without one and take 80 ms with one; two locks taken in opposite orders deadlock",
		Order:   100,
		Params: []labs.Param{
			{Name: "workers", Kind: labs.Int, Default: "4", Min: "1", Max: "1000", Help: "goroutines that increment the counter"},
			{Name: "increments", Kind: labs.Int, Default: "10", Min: "1", Max: "100000", Help: "increments each goroutine makes (counter++)"},
			{Name: "read", Kind: labs.Duration, Default: "1ms", Min: "0s", Max: "1s", Help: "how long reading the counter takes (real Go: about a nanosecond)"},
			{Name: "write", Kind: labs.Duration, Default: "1ms", Min: "0s", Max: "1s", Help: "how long writing it back takes (real Go: about a nanosecond)"},
			{Name: "cores", Kind: labs.Int, Default: "4", Min: "1", Max: "64", Help: "GOMAXPROCS: the goroutines that run at the same instant"},
			{Name: "pause", Kind: labs.Duration, Default: "1ms", Min: "0s", Max: "1s", Help: "transfers, philosophers: the wait between taking the first lock and asking for the second"},
			{Name: "philosophers", Kind: labs.Int, Default: "5", Min: "2", Max: "1000", Help: "philosophers: how many sit at the table (as many forks)"},
			{Name: "eat", Kind: labs.Duration, Default: "1ms", Min: "0s", Max: "1s", Help: "philosophers: how long a philosopher eats, holding both forks"},
		},
		Check: func(v labs.Values) error {
			if n := v.Int("workers") * v.Int("increments"); n > MaxIncrements {
				return fmt.Errorf("workers x increments = %d increments is too many to simulate (at most %d)", n, MaxIncrements)
			}
			return nil
		},
		Variants: []labs.Variant{
			{Name: "racy", Summary: "counter++ with no lock: goroutines on other cores read the same value, and updates are lost",
				Source: src("Racy", "Increment", "Start"), Run: runCounter(racy)},
			{Name: "mutex", Summary: "each counter++ inside mu.Lock() and mu.Unlock(): one goroutine at a time, every increment counted",
				Source: src("Locked", "Increment", "Start"), Run: runCounter(locked)},
			{Name: "channel-token", Summary: "a channel holding one token: take it to increment, put it back after; a lock made of a channel",
				Source: src("ChannelToken", "Increment", "Start"), Run: runCounter(channelToken)},
			{Name: "atomic", Summary: "atomic Add: one indivisible read-modify-write, no lock in the program; the cores take turns on the counter",
				Source: src("Atomic", "Start") + "\n\n" + declarations(atomicSource), Run: runCounter(atomicAdd)},
			{Name: "transfers", Summary: "t1 pays A to B while t2 pays B to A, each locking its source first: each waits for the other's lock, forever",
				Source: src("Transfers", "Transfer"), Run: runTransfers(Transfer), Work: "transfers"},
			{Name: "ordered", Summary: "the same transfers, each locking the lower account first: no cycle, no deadlock",
				Source: src("Transfers", "TransferOrdered"), Run: runTransfers(TransferOrdered), Work: "transfers"},
			{Name: "philosophers", Summary: "five philosophers each pick up the left fork, then the right: a ring of waits, and no one eats",
				Source: src("Table", "LeftFirst"), Run: runTable(LeftFirst), Work: "philosophers"},
			{Name: "philosophers-ordered", Summary: "each picks up the lower-numbered fork first (Dijkstra): the ring cannot close, all eat",
				Source: src("Table", "LowerFirst"), Run: runTable(LowerFirst), Work: "philosophers"},
		},
		Default: []string{"racy", "mutex", "channel-token", "atomic"},
		Steps:   labs.ParseSteps(walkthrough),
		Real:    realRuns(),
	}
}

// config is the Go runtime on cores cores (GOMAXPROCS).
func config(v labs.Values) sched.Config {
	return sched.Config{Model: sched.GoRuntime, Workers: v.Int("cores")}
}

// CostsOf reads the counter's costs from validated parameters.
func CostsOf(v labs.Values) Costs { return Costs{Read: v.Duration("read"), Write: v.Duration("write")} }

// counterRun runs one counter program on main and returns the final count.
type counterRun func(t *sched.Task, v labs.Values) int

func racy(t *sched.Task, v labs.Values) int {
	counter := 0
	Racy(t, &counter, v.Int("workers"), v.Int("increments"), CostsOf(v))
	return counter
}

func locked(t *sched.Task, v labs.Values) int {
	counter := 0
	Locked(t, &counter, v.Int("workers"), v.Int("increments"), CostsOf(v))
	return counter
}

func channelToken(t *sched.Task, v labs.Values) int {
	counter := 0
	ChannelToken(t, &counter, v.Int("workers"), v.Int("increments"), CostsOf(v))
	return counter
}

func atomicAdd(t *sched.Task, v labs.Values) int {
	counter := NewAtomicCounter(CostsOf(v))
	Atomic(t, counter, v.Int("workers"), v.Int("increments"))
	return counter.Load()
}

// runCounter runs a counter program on cores cores with the facts final
// (the count) and lost (the increments it does not hold); a run that lost
// some is incomplete.
func runCounter(program counterRun) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		sim := sched.New(config(v))
		final := 0
		sim.Go("main", func(t *sched.Task) { final = program(t, v) })
		tr, err := sim.Run()
		if err != nil {
			return labs.Result{}, err
		}
		want := v.Int("workers") * v.Int("increments")
		res := labs.Result{Trace: tr, Facts: map[string]any{"final": final, "lost": want - final}}
		if final < want {
			res.Incomplete = fmt.Sprintf("lost %d of %d updates", want-final, want)
		}
		return res, nil
	}
}

// runTransfers runs the two transfers with the facts balances and moved
// (the transfers done); a deadlock is a result, not an error: the run up
// to it, incomplete, its cycle said.
func runTransfers(transfer func(*sched.Task, *Account, *Account, int, time.Duration)) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		sim := sched.New(config(v))
		a, b := NewAccount("A", 100), NewAccount("B", 100)
		sim.Go("main", func(t *sched.Task) { Transfers(t, a, b, v.Duration("pause"), transfer) })
		tr, err := sim.Run()
		moved := 0
		for _, l := range tr.Output {
			if strings.HasPrefix(l.Text, "moved ") {
				moved++
			}
		}
		return result(tr, err, map[string]any{"balances": map[string]int{a.Name: a.Balance, b.Name: b.Balance}, "moved": moved})
	}
}

// runTable seats the philosophers with the fact ate (how many ate); a
// deadlock is a result, as for the transfers.
func runTable(pick func(left, right *Fork) (first, second *Fork)) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		sim := sched.New(config(v))
		ate := 0
		sim.Go("main", func(t *sched.Task) {
			Table(t, v.Int("philosophers"), v.Duration("pause"), v.Duration("eat"), &ate, pick)
		})
		tr, err := sim.Run()
		return result(tr, err, map[string]any{"ate": ate})
	}
}

// Deadlock is the name under which a run that deadlocked says, in its
// output, who holds what and waits for what.
const Deadlock = "deadlock"

// result makes a run that deadlocked a result, not an error: its trace up
// to the deadlock, with "deadlock: " and the cycle the scheduler found as
// what happened instead of the work ("deadlock: t1 holds A, waits for B; t2
// holds B, waits for A"), and one output line per task of the cycle at the
// instant of the deadlock, as Go's runtime prints its report when it
// finds all goroutines asleep. Any other error is an error.
func result(tr *trace.Trace, err error, facts map[string]any) (labs.Result, error) {
	if err == nil {
		return labs.Result{Trace: tr, Facts: facts}, nil
	}
	var d *sched.DeadlockError
	if !errors.As(err, &d) {
		return labs.Result{}, err
	}
	res := labs.Result{Trace: tr, Facts: facts, Incomplete: err.Error(), Deadlock: &labs.Deadlock{}}
	if len(d.Cycle) > 0 {
		res.Incomplete = "deadlock: " + d.CycleText()
	}
	for _, s := range d.Asleep {
		res.Deadlock.Asleep = append(res.Deadlock.Asleep, labs.Stuck{Task: s.Task, Doing: "waits on " + s.On})
	}
	for _, w := range d.Cycle {
		res.Deadlock.Cycle = append(res.Deadlock.Cycle, w.String())
	}
	for _, w := range d.Cycle {
		tr.Output = append(tr.Output, trace.Line{At: d.At, Task: Deadlock, Text: w.String()})
	}
	return res, nil
}

// declarations is a Go file from its first declaration on: no package
// clause, no imports.
func declarations(src string) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "atomic.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil || len(f.Decls) == 0 {
		panic(fmt.Sprintf("locks: parse %q: %v", "atomic.go", err))
	}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		start := d.Pos()
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Doc != nil {
				start = d.Doc.Pos()
			}
		case *ast.FuncDecl:
			if d.Doc != nil {
				start = d.Doc.Pos()
			}
		}
		return strings.TrimSpace(src[fset.Position(start).Offset:])
	}
	panic("locks: atomic.go has no declarations")
}
