package challenge_test

import (
	"fmt"

	"conclab/internal/challenge"
)

// A program is compiled from Go source; Explore tries every schedule and
// returns a shortest one that fails. Here main checks n without waiting for
// the goroutine: main's load, add, store and assert interleave with the
// goroutine's load, add, store in 1+4+10+20 = 35 ways up to the assert, and
// only 2 of them (the goroutine entirely before main's load, or entirely
// between main's store and its assert) see n == 2.
func ExampleExplore() {
	p, err := challenge.Compile("racy", `package main

var n int

func main() {
	go func() {
		n++
	}()
	n++
	assert(n == 2)
}
`)
	if err != nil {
		panic(err)
	}
	r := challenge.Explore(p, challenge.Config{}, challenge.Options{})
	fmt.Println(challenge.FormatSchedule(r.Schedule), r.Failure.Message)
	fmt.Println(r.Failing, "of", r.Interleavings, "interleavings fail")
	// Output:
	// 1,1,1,1,1 assert(n == 2) is false
	// 33 of 35 interleavings fail
}

// A Game takes one step at a time, as a screen drives it.
func ExampleGame() {
	l, _ := challenge.Get("lost-update")
	p, _ := l.Program()
	g := challenge.NewGame(p, l.Config)
	g.StepShared(1) // main: var wg, wg.Add(2)
	g.StepShared(1) // main: go → G2
	st, _ := g.Step(challenge.Choice{G: 2})
	fmt.Println(st.Line, st.Text)
	for _, gv := range g.Snapshot().Goroutines {
		fmt.Printf("G%d %s line %d: %s\n", gv.N, gv.State, gv.Line, gv.Next)
	}
	// Output:
	// 11 load counter → 0
	// G1 ready line 14: go func() { … }()
	// G2 ready line 11: counter++ (add)
}
