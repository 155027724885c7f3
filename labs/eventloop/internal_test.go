package eventloop

import (
	"reflect"
	"testing"
	"time"

	"conclab/labs/sched"
)

// countBlockingOnEngine is CountBlocking written for labs/sched: a blocking
// call inside the engine's cooperative loop is t.Block.
func countBlockingOnEngine(t *sched.Task, from int, delay, step time.Duration) {
	if delay > 0 {
		t.Printf("starts in %s", delay)
		t.Sleep(delay)
	}
	for n := from; n > 0; n-- {
		t.Printf("T-minus %d", n)
		t.Block(step)
	}
	t.Printf("lift-off!")
}

// The toy loop agrees with the engine even when a task blocks: a blocking
// call in the toy loop is Block on the engine's cooperative model.
func TestBlockingAgreesWithEngineBlock(t *testing.T) {
	for _, blocking := range []string{"A", "B", "C"} {
		cs, err := ParseCountdowns("A=5,B=3@2s,C=4@1s")
		if err != nil {
			t.Fatal(err)
		}
		toyTrace, err := toy(setup{countdowns: cs, step: time.Second, blocker: blocking})
		if err != nil {
			t.Fatal(err)
		}
		sim := sched.New(sched.Config{Model: sched.Cooperative})
		for _, c := range cs {
			sim.Go(c.Name, func(t *sched.Task) {
				if c.Name == blocking {
					countBlockingOnEngine(t, c.From, c.Delay, time.Second)
				} else {
					CountOnEngine(t, c.From, c.Delay, time.Second)
				}
			})
		}
		engineTrace, err := sim.Run()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(toyTrace.Output, engineTrace.Output) {
			t.Errorf("blocker %s: toy output = %v, engine output = %v", blocking, toyTrace.Output, engineTrace.Output)
		}
		if !reflect.DeepEqual(toyTrace.Tasks, engineTrace.Tasks) {
			t.Errorf("blocker %s: toy tasks = %+v, engine tasks = %+v", blocking, toyTrace.Tasks, engineTrace.Tasks)
		}
	}
}
