package sched_test

import (
	"fmt"
	"testing"
	"time"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

// wakeWant is a wake the run must record: task woken at at, by what.
type wakeWant struct {
	woken string
	at    time.Duration
	kind  trace.CauseKind
	by    string // "" for a timer or I/O
}

func (w wakeWant) String() string {
	return fmt.Sprintf("%s woken at %s by %s %s", w.woken, trace.Seconds(w.at), w.kind, w.by)
}

// TestWakeCauses runs one small program per cause on every model and checks
// every wake it records: what woke the task, and that the cause's event is
// the waker's last event before the wake, at the same instant.
func TestWakeCauses(t *testing.T) {
	s := time.Second
	send := func(sim *sched.Sim) {
		c := sched.NewChan[int]("c", 0)
		sim.Go("R", func(t *sched.Task) { c.Recv(t) })
		sim.Go("S", func(t *sched.Task) { t.Sleep(s); c.Send(t, 1) })
	}
	recvUnbuffered := func(sim *sched.Sim) {
		c := sched.NewChan[int]("c", 0)
		sim.Go("S", func(t *sched.Task) { c.Send(t, 1) })
		sim.Go("R", func(t *sched.Task) { t.Sleep(s); c.Recv(t) })
	}
	recvBuffered := func(sim *sched.Sim) {
		c := sched.NewChan[int]("c", 1)
		sim.Go("S", func(t *sched.Task) { c.Send(t, 1); c.Send(t, 2) })
		sim.Go("R", func(t *sched.Task) { t.Sleep(s); c.Recv(t) })
	}
	closeAll := func(sim *sched.Sim) {
		c, d := sched.NewChan[int]("c", 0), sched.NewChan[int]("d", 0)
		sim.Go("R1", func(t *sched.Task) { c.Recv(t) })
		sim.Go("R2", func(t *sched.Task) { c.Recv(t) })
		sim.Go("S", func(t *sched.Task) {
			defer func() { _ = recover() }() // send on closed channel, as in Go
			d.Send(t, 1)
		})
		sim.Go("C", func(t *sched.Task) { t.Sleep(s); c.Close(t); d.Close(t) })
	}
	unlock := func(sim *sched.Sim) {
		m := sched.NewMutex("m")
		sim.Go("A", func(t *sched.Task) { m.Lock(t); t.Sleep(s); m.Unlock(t) })
		sim.Go("B", func(t *sched.Task) { m.Lock(t); m.Unlock(t) })
	}
	join := func(sim *sched.Sim) {
		sim.Go("main", func(t *sched.Task) {
			a := t.Go("A", func(t *sched.Task) { t.Sleep(2 * s) })
			b := t.Go("B", func(t *sched.Task) { t.Sleep(s) })
			t.Wait(a, b)
		})
	}
	fire := func(sim *sched.Sim) {
		var g sched.Signal
		sim.Go("W", func(t *sched.Task) { t.Await(&g) })
		sim.Go("Z", func(t *sched.Task) { t.SleepUntil(5*s, &g) })
		sim.Go("F", func(t *sched.Task) { t.Sleep(s); g.Fire(t) })
	}
	deadline := func(sim *sched.Sim) {
		c := sched.NewChan[int]("c", 0)
		sim.Go("R", func(t *sched.Task) { c.RecvBefore(t, s) })
		sim.Go("Q", func(t *sched.Task) { c.RecvBefore(t, 3*s) })
		sim.Go("S", func(t *sched.Task) { t.Sleep(2 * s); c.Send(t, 1) })
	}
	io := func(sim *sched.Sim) {
		var g sched.Signal
		sim.Go("F", func(t *sched.Task) { t.Sleep(2 * s); g.Fire(t) })
		sim.Go("A", func(t *sched.Task) { t.Block(s) })
		sim.Go("B", func(t *sched.Task) { t.BlockUntil(3*s, &g) })
	}
	// Under Cooperative a blocking call holds the loop: it ends with a
	// "resume", not a wake; BlockUntil cannot be cut short. F's timer
	// fires at 2 s though the loop is held: F is ready from then on.
	coopIO := []wakeWant{{"F", 2 * s, trace.CauseTimer, ""}}
	tests := []struct {
		name string
		prog func(*sched.Sim)
		want []wakeWant
		coop []wakeWant // under Cooperative, when it differs
	}{
		{"send", send, []wakeWant{{"S", s, trace.CauseTimer, ""}, {"R", s, trace.CauseSend, "S"}}, nil},
		{"recv unbuffered", recvUnbuffered, []wakeWant{{"R", s, trace.CauseTimer, ""}, {"S", s, trace.CauseRecv, "R"}}, nil},
		{"recv buffered", recvBuffered, []wakeWant{{"R", s, trace.CauseTimer, ""}, {"S", s, trace.CauseRecv, "R"}}, nil},
		{"close", closeAll, []wakeWant{{"C", s, trace.CauseTimer, ""}, {"R1", s, trace.CauseClose, "C"}, {"R2", s, trace.CauseClose, "C"}, {"S", s, trace.CauseClose, "C"}}, nil},
		{"unlock", unlock, []wakeWant{{"A", s, trace.CauseTimer, ""}, {"B", s, trace.CauseUnlock, "A"}}, nil},
		{"join", join, []wakeWant{{"B", s, trace.CauseTimer, ""}, {"A", 2 * s, trace.CauseTimer, ""}, {"main", 2 * s, trace.CauseDone, "A"}}, nil},
		{"fire", fire, []wakeWant{{"F", s, trace.CauseTimer, ""}, {"W", s, trace.CauseFire, "F"}, {"Z", s, trace.CauseFire, "F"}}, nil},
		{"deadline", deadline, []wakeWant{{"R", s, trace.CauseTimer, ""}, {"S", 2 * s, trace.CauseTimer, ""}, {"Q", 2 * s, trace.CauseSend, "S"}}, nil},
		{"io", io, []wakeWant{{"A", s, trace.CauseIO, ""}, {"F", 2 * s, trace.CauseTimer, ""}, {"B", 2 * s, trace.CauseFire, "F"}}, coopIO},
	}
	models := []sched.Config{
		{Model: sched.Cooperative, Workers: 1},
		{Model: sched.Cooperative, Workers: 2},
		{Model: sched.GIL},
		{Model: sched.GoRuntime, Workers: 1},
		{Model: sched.GoRuntime, Workers: 3},
	}
	for _, tt := range tests {
		for _, cfg := range models {
			sim := sched.New(cfg)
			tt.prog(sim)
			tr, err := sim.Run()
			if err != nil {
				t.Fatalf("%s on %v: %v", tt.name, cfg, err)
			}
			want := tt.want
			if cfg.Model == sched.Cooperative && tt.coop != nil {
				want = tt.coop
			}
			var got []wakeWant
			ev := &tr.Events
			for i := range ev.Len() {
				if ev.Kind(i) != trace.EventWake {
					continue
				}
				c, ok := ev.Cause(i)
				if !ok {
					t.Errorf("%s on %v: wake %d of %s has no cause", tt.name, cfg, i, ev.Task(i))
					continue
				}
				got = append(got, wakeWant{ev.Task(i), ev.Time(i), c.Kind, c.Task})
				if c.Kind.ByTask() {
					if last := lastEventOf(ev, c.Task, i); c.Event != last || ev.Time(c.Event) != ev.Time(i) {
						t.Errorf("%s on %v: wake %d's cause %v, want event %d (the waker's last, at %s)", tt.name, cfg, i, c, last, trace.Clock(ev.Time(i)))
					}
				}
			}
			if !sameWakes(got, want) {
				t.Errorf("%s on %v: wakes = %v, want %v", tt.name, cfg, got, want)
			}
		}
	}
}

// lastEventOf is the index of task's last event before event i, found by
// reading the event list backwards (-1 if none).
func lastEventOf(ev *trace.Events, task string, i int) int {
	for j := i - 1; j >= 0; j-- {
		if ev.Task(j) == task {
			return j
		}
	}
	return -1
}

// sameWakes compares two lists of wakes as sets with their order per
// instant ignored (the models order the wakes of one instant differently).
func sameWakes(got, want []wakeWant) bool {
	if len(got) != len(want) {
		return false
	}
	left := map[wakeWant]int{}
	for _, w := range want {
		left[w]++
	}
	for _, g := range got {
		if left[g] == 0 {
			return false
		}
		left[g]--
	}
	return true
}
