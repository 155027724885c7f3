package challenge

import (
	"strings"
	"testing"
)

func compile(t *testing.T, src string) *Program {
	t.Helper()
	p, err := Compile("test", src)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func play(t *testing.T, src, schedule string) *Game {
	t.Helper()
	g, err := Play(compile(t, src), Config{}, parse(t, schedule))
	if err != nil {
		for _, s := range g.Steps() {
			t.Logf("%v line %d: %s", s.Choice, s.Line, s.Text)
		}
		t.Fatalf("Play(%s) = %v", schedule, err)
	}
	return g
}

// TestSteps: how statements split into steps. A shared x++ is load, add,
// store; a local one is one step; a statement with one shared access is one
// step; each further access is a step of its own.
func TestSteps(t *testing.T) {
	const src = `package main

var x, y int

func main() {
	n := 1
	n++
	x++
	if x > n {
		y = x + y
	}
	go func() {}()
}
`
	g := play(t, src, "1,1,1,1,1,1,1,1")
	var got []string
	for _, s := range g.Steps() {
		got = append(got, s.Text)
	}
	want := []string{
		"n := 1", "n++",
		"load x → 0", "add → 1", "store x = 1",
		"load x → 1; if x > n → false",
		"go func() {}() → G2",
		"main returns: the program ends",
	}
	// x is 1, not greater than n (2): the if's body is skipped.
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("steps = %q, want %q", got, want)
	}
}

// TestSemantics plays schedules through programs that show one rule of Go
// each, and checks how the run ended and what it printed.
func TestSemantics(t *testing.T) {
	for _, tc := range []struct {
		name, src, schedule string
		fail                Kind   // "" when the run must not fail
		msg                 string // a part of the failure's message
		output              string // println's lines, joined by |
	}{
		{
			name: "a woken WaitGroup waiter returns in a step of its own, and panics if the group was reused",
			src: `package main

import "sync"

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		wg.Add(1)
	}()
	wg.Wait()
}
`,
			// main: var, Add, go, Wait parks; G2: Done wakes main, Add(1); main returns from Wait
			schedule: "1,1,1,1,2,2,1", fail: Panic, msg: "sync: WaitGroup is reused before previous Wait has returned",
		},
		{
			name: "once a mutex is free, any goroutine at its Lock may take it",
			src: `package main

import "sync"

var mu sync.Mutex

func main() {
	mu.Lock()
	go func() {
		mu.Lock()
		println("G2")
	}()
	go func() {
		mu.Lock()
		println("G3")
	}()
	mu.Unlock()
	select {}
}
`,
			// G2 and G3 are blocked at Lock until main unlocks; then G3 takes it,
			// and G2 waits for ever
			schedule: "1,1,1,1,3,3,1", fail: Deadlock, output: "G3",
		},
		{
			name: "Signal wakes the goroutine that waited first, and Wait relocks in a step of its own",
			src: `package main

import "sync"

var (
	mu sync.Mutex
	c  = sync.NewCond(&mu)
)

func waiter(name string) {
	mu.Lock()
	c.Wait()
	println(name)
	mu.Unlock()
}

func main() {
	go waiter("first")
	go waiter("second")
	mu.Lock()
	c.Signal()
	mu.Unlock()
	select {}
}
`,
			// G2 then G3 wait (Lock, Wait); main locks and signals: G2 wakes but must
			// relock after main's Unlock; it prints; main parks; G3 waits for ever
			schedule: "1,1,2,2,3,3,1,1,1,2,2,2,1", fail: Deadlock, msg: "waits for a Signal or Broadcast", output: "first",
		},
		{
			name: "a parked sender woken by close panics when it runs",
			src: `package main

func main() {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	close(ch)
	select {}
}
`,
			// make, go; G2 parks on its send; main closes: G2 is woken; G2 runs: it panics
			schedule: "1,1,2,1,2", fail: Panic, msg: "send on closed channel",
		},
		{
			name: "a receive from a nil channel blocks for ever",
			src: `package main

func main() {
	var ch chan int
	<-ch
}
`,
			schedule: "1,1", fail: Deadlock,
		},
		{
			name: "a buffered channel passes a parked sender's value to the buffer's tail",
			src: `package main

func main() {
	ch := make(chan int, 1)
	go func() {
		ch <- 1
		ch <- 2
	}()
	println(<-ch)
	println(<-ch)
}
`,
			// G2 fills the buffer with 1 and parks with 2; main takes 1 and 2 joins the buffer
			schedule: "1,1,2,2,1,1,1,1,1", output: "1|2",
		},
		{
			name: "deferred calls run last in, first out, each a step",
			src: `package main

func main() {
	defer println("a")
	defer println("b")
	println("c")
}
`,
			schedule: "1,1,1,1,1,1", output: "c|b|a",
		},
		{
			name: "main returning with a goroutine blocked is a leak",
			src: `package main

func main() {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
}
`,
			schedule: "1,1,2,1", fail: Leak, msg: "G2",
		},
		{
			name: "two goroutines at critical() at once",
			src: `package main

func main() {
	go func() {
		critical()
	}()
	critical()
}
`,
			schedule: "1", fail: Critical, msg: "G1 and G2",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := play(t, tc.src, tc.schedule)
			f := g.Failure()
			switch {
			case tc.fail == "" && f != nil:
				t.Errorf("failure = %+v, want none", f)
			case tc.fail != "" && (f == nil || f.Kind != tc.fail || !strings.Contains(f.Message, tc.msg)):
				t.Errorf("failure = %+v, want a %s saying %q", f, tc.fail, tc.msg)
			case tc.fail == "" && !g.Over():
				t.Errorf("the run is not over after %s", tc.schedule)
			}
			if got := strings.Join(g.Snapshot().Output, "|"); got != tc.output {
				t.Errorf("output = %q, want %q", got, tc.output)
			}
		})
	}
}

// TestGame: bad choices are errors that change nothing; StepShared stops
// after the next shared access; Undo and Restart take steps back; the
// snapshot shows goroutines, variables and locks.
func TestGame(t *testing.T) {
	l, _ := Get("lost-update")
	p := program(t, l)
	g := NewGame(p, l.Config)
	for _, tc := range []struct {
		c    Choice
		want string
	}{
		{Choice{G: 2}, "there is no goroutine 2 (there are 1)"},
		{Choice{G: 0}, "there is no goroutine 0"},
		{Choice{G: 1, Case: 2}, "not a select with several ready cases"},
	} {
		if _, err := g.Step(tc.c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Step(%v) = %v, want an error saying %q", tc.c, err, tc.want)
		}
	}
	if len(g.Steps()) != 0 {
		t.Fatalf("bad choices took %d steps", len(g.Steps()))
	}
	// main: var wg, wg.Add(2), go: three steps, the last one shared.
	steps, err := g.StepShared(1)
	if err != nil || len(steps) != 2 || !steps[1].Shared {
		t.Fatalf("StepShared(1) = %v, %v; want 2 steps ending with a shared one (var wg, wg.Add)", steps, err)
	}
	g.StepShared(1) // go → G2
	steps, err = g.StepShared(2)
	if err != nil || len(steps) != 1 || steps[0].Text != "load counter → 0" {
		t.Fatalf("StepShared(2) = %v, %v; want the load of counter", steps, err)
	}
	snap := g.Snapshot()
	if len(snap.Goroutines) != 2 || snap.Goroutines[1].Next != "counter++ (add)" || strings.Join(snap.Goroutines[1].Held, ",") != "0" {
		t.Errorf("snapshot goroutines = %+v, want G2 about to add, holding the 0 it loaded", snap.Goroutines)
	}
	if len(snap.Vars) != 1 || snap.Vars[0] != (VarView{Name: "counter", Value: "0", Shared: true}) {
		t.Errorf("snapshot vars = %+v, want counter = 0", snap.Vars)
	}
	if len(snap.WaitGroups) != 1 || snap.WaitGroups[0].Counter != 2 {
		t.Errorf("snapshot WaitGroups = %+v, want wg at 2", snap.WaitGroups)
	}
	if got := FormatSchedule(g.Schedule()); got != "1,1,1,2" {
		t.Errorf("schedule = %s, want 1,1,1,2", got)
	}
	if !g.Undo() || FormatSchedule(g.Schedule()) != "1,1,1" || g.Snapshot().Goroutines[1].Next != "counter++ (load counter)" {
		t.Errorf("after Undo: schedule %s, G2 next %q; want 1,1,1 and G2 about to load", FormatSchedule(g.Schedule()), g.Snapshot().Goroutines[1].Next)
	}
	g.Restart()
	if len(g.Steps()) != 0 || g.Undo() {
		t.Errorf("after Restart: %d steps, Undo possible; want none", len(g.Steps()))
	}
}

// TestBlockedChoice: a goroutine blocked at a Lock, parked on a channel, or
// finished cannot be chosen, and the error says why.
func TestBlockedChoice(t *testing.T) {
	const src = `package main

import "sync"

var mu sync.Mutex

func main() {
	mu.Lock()
	ch := make(chan int)
	go func() {
		mu.Lock()
	}()
	go func() {
		ch <- 1
	}()
	go func() {}()
	<-ch
}
`
	p := compile(t, src)
	g, err := Play(p, Config{}, parse(t, "1,1,1,1,3,1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c    Choice
		want string
	}{
		{Choice{G: 2}, "G2 is blocked at line 11: mu.Lock(): mu is held by G1"},
		{Choice{G: 3}, "G3 is blocked at line 14: ch <- 1: nobody receives from ch"},
		{Choice{G: 4}, "G4 has finished"},
	} {
		if err := g.Check(tc.c); err == nil || err.Error() != tc.want {
			t.Errorf("Check(%v) = %v, want %q", tc.c, err, tc.want)
		}
	}
}

// TestAssignLeftToRight: a, b = 1, 2 stores a first, then b (Go's order),
// each a step of its own when they are shared.
func TestAssignLeftToRight(t *testing.T) {
	const src = `package main

var a, b int

func main() {
	a, b = 1, 2
}
`
	g := play(t, src, "1,1")
	var got []string
	for _, s := range g.Steps() {
		got = append(got, s.Text)
	}
	if want := "store a = 1 | store b = 2"; strings.Join(got, " | ") != want {
		t.Errorf("steps = %q, want %q", strings.Join(got, " | "), want)
	}
}

// TestUnsupported: what the interpreter does not model is a compile error
// with its line, never a wrong answer.
func TestUnsupported(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"var x int8\n\tx++", "main.go:5: arithmetic on int8 is not supported (int is)"},
		{"s := \"a\"\n\tprintln(s < \"b\")", "main.go:5: strings can only be compared with == and !="},
		{"switch {\n\t}", "main.go:4: this statement is not supported: switch {"},
		{"m := map[int]int{}\n\t_ = m", "main.go:4: composite literals are not supported"},
		{"for {\n\t}", "main.go:4: an empty for {} loop is not supported"},
		{"x := 1\n\t_ = &x", "main.go:5: taking the address of a variable is not supported"},
	} {
		_, err := Compile("t", "package main\n\nfunc main() {\n\t"+tc.body+"\n}\n")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Compile(%q) = %v, want an error saying %q", tc.body, err, tc.want)
		}
	}
	// A nil *sync.Mutex panics as in Go.
	g := play(t, "package main\n\nimport \"sync\"\n\nfunc main() {\n\tvar mu *sync.Mutex\n\tmu.Lock()\n}\n", "1,1")
	if f := g.Failure(); f == nil || f.Message != "runtime error: invalid memory address or nil pointer dereference" {
		t.Errorf("nil mutex: failure = %+v, want a nil pointer dereference", f)
	}
}
