package sched_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

// critical runs n tasks that each lock mu, hold it for hold (CPU work), note
// the order they got it in, and unlock it, rounds times, on cfg.
func critical(cfg sched.Config, n, rounds int, hold time.Duration) (order []string, tr *trace.Trace, err error) {
	sim := sched.New(cfg)
	mu := sched.NewMutex("m")
	for i := 1; i <= n; i++ {
		sim.Go(fmt.Sprintf("t%d", i), func(t *sched.Task) {
			for range rounds {
				mu.Lock(t)
				order = append(order, t.Name())
				t.Compute(hold)
				mu.Unlock(t)
			}
		})
	}
	tr, err = sim.Run()
	return order, tr, err
}

// TestMutexHandsOverInArrivalOrder: the mutex goes to the task that has
// waited longest, on every model and any number of workers; a task that
// unlocks and locks again queues behind those already waiting. The lock
// is never idle while someone waits, so the total is every hold, one after
// another.
func TestMutexHandsOverInArrivalOrder(t *testing.T) {
	tests := []struct {
		cfg    sched.Config
		n      int
		rounds int
		want   string
	}{
		{sched.Config{Model: sched.GoRuntime, Workers: 4}, 3, 2, "t1 t2 t3 t1 t2 t3"},
		{sched.Config{Model: sched.GoRuntime, Workers: 2}, 3, 2, "t1 t2 t3 t1 t2 t3"},
		// One core and no preemption inside 2 ms: t1 never waits, so it
		// unlocks with no one queued and takes the mutex again.
		{sched.Config{Model: sched.GoRuntime, Workers: 1}, 3, 2, "t1 t1 t2 t2 t3 t3"},
		{sched.Config{Model: sched.Cooperative, Workers: 1}, 3, 2, "t1 t1 t2 t2 t3 t3"},
		{sched.Config{Model: sched.GoRuntime, Workers: 8}, 5, 1, "t1 t2 t3 t4 t5"},
	}
	for _, tt := range tests {
		order, tr, err := critical(tt.cfg, tt.n, tt.rounds, 2*ms)
		if err != nil {
			t.Fatalf("critical(%v, %d, %d) error: %v", tt.cfg, tt.n, tt.rounds, err)
		}
		if got := strings.Join(order, " "); got != tt.want {
			t.Errorf("critical(%v, %d, %d) order = %q, want %q", tt.cfg, tt.n, tt.rounds, got, tt.want)
		}
		if want := time.Duration(tt.n*tt.rounds) * 2 * ms; tr.Total != want {
			t.Errorf("critical(%v, %d, %d) total = %v, want %v (every hold, one after another)", tt.cfg, tt.n, tt.rounds, tr.Total, want)
		}
	}
}

// TestMutexWaitIsInTheTrace: a task waiting for the mutex gives its worker
// back and waits on "lock NAME" (a wait for another task) until the unlock
// hands it over; taking a free mutex costs nothing and records nothing.
func TestMutexWaitIsInTheTrace(t *testing.T) {
	_, tr, err := critical(sched.Config{Model: sched.GoRuntime, Workers: 2}, 2, 1, 3*ms)
	if err != nil {
		t.Fatal(err)
	}
	wait := trace.Span{State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn("lock m"), Start: 0, End: 3 * ms}
	spans := tr.Task("t2").Spans
	if len(spans) != 2 || spans[0] != wait || spans[1].State != trace.Running || spans[1].Start != 3*ms {
		t.Errorf("t2 spans = %v, want waiting on lock m for 3ms, then running", spans)
	}
	if !spans[0].WaitsForTask() {
		t.Errorf("t2's wait %v does not count as a wait for another task", spans[0])
	}
	for _, ev := range tr.Events.All() {
		if ev.Task == "t1" && ev.Kind == trace.EventWait {
			t.Errorf("t1 took a free mutex and recorded %v", ev)
		}
	}
}

func TestTryLock(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: 2})
	mu := sched.NewMutex("m")
	var got []string
	try := func(t *sched.Task) {
		got = append(got, fmt.Sprintf("%s:%v@%s", t.Name(), mu.TryLock(t), trace.Seconds(t.Now())))
	}
	sim.Go("a", func(t *sched.Task) {
		try(t) // free: a takes it
		t.Sleep(2 * ms)
		mu.Unlock(t)
	})
	sim.Go("b", func(t *sched.Task) {
		try(t) // held by a: no wait, false
		t.Sleep(3 * ms)
		try(t) // free again
		mu.Unlock(t)
	})
	if _, err := sim.Run(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a:true@0", "b:false@0", "b:true@0.003"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("TryLock results = %v, want %v", got, want)
	}
}

// TestHolderAndWaiting: Unlock hands the mutex over at once, so the next
// holder is known before it runs; anyone may unlock, as in Go.
func TestHolderAndWaiting(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: 3})
	mu := sched.NewMutex("m")
	var seen []string
	note := func() { seen = append(seen, fmt.Sprintf("holder=%q waiting=%v", mu.Holder(), mu.Waiting())) }
	sim.Go("a", func(t *sched.Task) { mu.Lock(t); t.Sleep(ms); note(); mu.Unlock(t); note() })
	sim.Go("b", func(t *sched.Task) { mu.Lock(t) })                            // gets it from a, never unlocks
	sim.Go("c", func(t *sched.Task) { t.Sleep(2 * ms); mu.Unlock(t); note() }) // unlocks b's mutex
	if _, err := sim.Run(); err != nil {
		t.Fatal(err)
	}
	want := []string{`holder="a" waiting=[b]`, `holder="b" waiting=[]`, `holder="" waiting=[]`}
	if strings.Join(seen, "; ") != strings.Join(want, "; ") {
		t.Errorf("holders = %v, want %v", seen, want)
	}
}

func TestUnlockOfUnlockedMutexIsFatal(t *testing.T) {
	tests := []struct {
		name string
		body func(t *sched.Task, mu *sched.Mutex)
		want string
	}{
		{"never locked", func(t *sched.Task, mu *sched.Mutex) { t.Sleep(2 * ms); mu.Unlock(t) },
			"fatal error: sync: unlock of unlocked mutex (lock A, task t1 at 0:00:00.002)"},
		{"unlocked twice", func(t *sched.Task, mu *sched.Mutex) { mu.Lock(t); mu.Unlock(t); t.Compute(ms); mu.Unlock(t) },
			"fatal error: sync: unlock of unlocked mutex (lock A, task t1 at 0:00:00.001)"},
	}
	for _, tt := range tests {
		sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: 2})
		mu := sched.NewMutex("A")
		unwound := false
		sim.Go("t1", func(t *sched.Task) { tt.body(t, mu) })
		sim.Go("other", func(t *sched.Task) { defer func() { unwound = true }(); t.Sleep(time.Hour) })
		tr, err := sim.Run()
		if !errors.Is(err, sched.ErrUnlockUnlocked) || err.Error() != tt.want {
			t.Errorf("%s: Run() error = %v, want %q", tt.name, err, tt.want)
		}
		if errors.Is(err, sched.ErrDeadlock) || tr.Total != sim.Now() || !unwound {
			t.Errorf("%s: total %v at %v, other unwound %v: want the run stopped there, every task unwound", tt.name, tr.Total, sim.Now(), unwound)
		}
	}
}

// transfers starts two tasks that lock their source, pause, then lock their
// destination: t1 moves A to B, t2 B to A.
func transfers(sim *sched.Sim, pause time.Duration) {
	a, b := sched.NewMutex("A"), sched.NewMutex("B")
	move := func(from, to *sched.Mutex) func(*sched.Task) {
		return func(t *sched.Task) {
			from.Lock(t)
			t.Sleep(pause)
			to.Lock(t)
			to.Unlock(t)
			from.Unlock(t)
		}
	}
	sim.Go("main", func(t *sched.Task) {
		t.Wait(t.Go("t1", move(a, b)), t.Go("t2", move(b, a)))
	})
}

// philosophers seats n philosophers at a round table, each taking the fork
// on the left, then after a pause the one on the right.
func philosophers(sim *sched.Sim, n int) {
	forks := make([]*sched.Mutex, n)
	for i := range forks {
		forks[i] = sched.NewMutex(fmt.Sprintf("fork %d", i+1))
	}
	for i := range n {
		left, right := forks[i], forks[(i+1)%n]
		sim.Go(fmt.Sprintf("p%d", i+1), func(t *sched.Task) {
			left.Lock(t)
			t.Sleep(ms)
			right.Lock(t)
			right.Unlock(t)
			left.Unlock(t)
		})
	}
}

// TestDeadlockNamesTheCycle: a run that deadlocks on mutexes says who holds
// which and waits for which, the ring starting with the task spawned first;
// the tasks outside the ring are listed after it.
func TestDeadlockNamesTheCycle(t *testing.T) {
	ringOf := func(n int) string {
		var parts []string
		for i := 1; i <= n; i++ {
			parts = append(parts, fmt.Sprintf("p%d holds fork %d, waits for fork %d", i, i, i%n+1))
		}
		return strings.Join(parts, "; ")
	}
	tests := []struct {
		name      string
		setup     func(*sim)
		cycle     string
		err       string
		asleepLen int
	}{
		{"two transfers", func(s *sim) { transfers(s.Sim, 2*ms) },
			"t1 holds A, waits for B; t2 holds B, waits for A",
			"deadlock: all tasks are asleep at 0:00:00.002 (t1 holds A, waits for B; t2 holds B, waits for A; main waits on join)", 3},
		{"transfers with no pause", func(s *sim) { transfers(s.Sim, 0) },
			"t1 holds A, waits for B; t2 holds B, waits for A",
			"deadlock: all tasks are asleep at 0:00:00 (t1 holds A, waits for B; t2 holds B, waits for A; main waits on join)", 3},
		{"five philosophers", func(s *sim) { philosophers(s.Sim, 5) }, ringOf(5),
			"deadlock: all tasks are asleep at 0:00:00.001 (" + ringOf(5) + ")", 5},
		{"two philosophers", func(s *sim) { philosophers(s.Sim, 2) }, ringOf(2),
			"deadlock: all tasks are asleep at 0:00:00.001 (" + ringOf(2) + ")", 2},
		{"a task locks its own mutex again", func(s *sim) {
			mu := sched.NewMutex("A")
			s.Go("t1", func(t *sched.Task) { mu.Lock(t); mu.Lock(t) })
		}, "t1 holds A, waits for A", "deadlock: all tasks are asleep at 0:00:00 (t1 holds A, waits for A)", 1},
		{"a ring that the first task only waits on", func(s *sim) {
			a, b := sched.NewMutex("A"), sched.NewMutex("B")
			s.Go("t0", func(t *sched.Task) { t.Sleep(ms); a.Lock(t) })
			s.Go("t1", func(t *sched.Task) { b.Lock(t); t.Sleep(ms); a.Lock(t) })
			s.Go("t2", func(t *sched.Task) { a.Lock(t); t.Sleep(ms); b.Lock(t) })
		}, "t1 holds B, waits for A; t2 holds A, waits for B",
			"deadlock: all tasks are asleep at 0:00:00.001 (t1 holds B, waits for A; t2 holds A, waits for B; t0 waits for A, held by t2)", 3},
		{"no ring: the holder waits on a channel", func(s *sim) {
			mu, ch := sched.NewMutex("A"), sched.NewChan[int]("never", 0)
			s.Go("t1", func(t *sched.Task) { mu.Lock(t); ch.Recv(t) })
			s.Go("t2", func(t *sched.Task) { mu.Lock(t) })
		}, "", "deadlock: all tasks are asleep at 0:00:00 (t1 waits on chan never, t2 waits for A, held by t1)", 2},
		{"no ring: the holder returned", func(s *sim) {
			mu := sched.NewMutex("A")
			s.Go("t1", func(t *sched.Task) { mu.Lock(t) })
			s.Go("t2", func(t *sched.Task) { t.Sleep(ms); mu.Lock(t) })
		}, "", "deadlock: all tasks are asleep at 0:00:00.001 (t2 waits for A, held by t1)", 1},
	}
	for _, tt := range tests {
		for _, cfg := range []sched.Config{{Model: sched.GoRuntime, Workers: 4}, {Model: sched.GoRuntime, Workers: 1}, {Model: sched.Cooperative}} {
			s := &sim{sched.New(cfg)}
			tt.setup(s)
			_, err := s.Run()
			var d *sched.DeadlockError
			if !errors.As(err, &d) || !errors.Is(err, sched.ErrDeadlock) {
				t.Fatalf("%s on %v: Run() error = %v, want a DeadlockError", tt.name, cfg, err)
			}
			if d.CycleText() != tt.cycle || err.Error() != tt.err || len(d.Asleep) != tt.asleepLen {
				t.Errorf("%s on %v: deadlock = %q, cycle %q, %d asleep; want %q, %q, %d", tt.name, cfg, err, d.CycleText(), len(d.Asleep), tt.err, tt.cycle, tt.asleepLen)
			}
		}
	}
}

// sim lets a test's set-up add tasks to a Sim.
type sim struct{ *sched.Sim }

// TestDeadlockKeepsItsOldWordsWithoutLocks: with no mutex involved, the
// error lists what each task waits on, at most five and "...".
func TestDeadlockKeepsItsOldWordsWithoutLocks(t *testing.T) {
	s := sched.New(sched.Config{})
	ch := sched.NewChan[int]("c", 0)
	for i := 1; i <= 7; i++ {
		s.Go(fmt.Sprintf("r%d", i), func(t *sched.Task) { ch.Recv(t) })
	}
	_, err := s.Run()
	want := "deadlock: all tasks are asleep at 0:00:00 (r1 waits on chan c, r2 waits on chan c, r3 waits on chan c, r4 waits on chan c, r5 waits on chan c, ...)"
	if err == nil || err.Error() != want {
		t.Errorf("Run() error = %v, want %q", err, want)
	}
}
