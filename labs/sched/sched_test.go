package sched_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const ms = time.Millisecond

// lines renders output as "text@seconds" for compact comparisons.
func lines(tr *trace.Trace) string {
	var b []string
	for _, l := range tr.Output {
		b = append(b, l.Text+"@"+trace.Seconds(l.At))
	}
	return strings.Join(b, " ")
}

func countdowns(sim *sched.Sim, blocking bool) {
	for _, c := range []struct {
		name  string
		delay time.Duration
	}{{"A", 700 * ms}, {"B", 2 * time.Second}, {"C", 300 * ms}, {"D", time.Second}} {
		sim.Go(c.name, func(t *sched.Task) {
			for n := 3; n > 0; n-- {
				if blocking {
					t.Block(c.delay)
				} else {
					t.Sleep(c.delay)
				}
				t.Printf("%s%d", c.name, n)
			}
		})
	}
}

func TestCountdowns(t *testing.T) {
	tests := []struct {
		name     string
		cfg      sched.Config
		blocking bool
		want     string
		total    time.Duration
	}{
		{"yielding sleep on one loop", sched.Config{}, false,
			"C3@0.3 C2@0.6 A3@0.7 C1@0.9 D3@1 A2@1.4 B3@2 D2@2 A1@2.1 D1@3 B2@4 B1@6", 6 * time.Second},
		{"blocking sleep on one loop", sched.Config{}, true,
			"A3@0.7 A2@1.4 A1@2.1 B3@4.1 B2@6.1 B1@8.1 C3@8.4 C2@8.7 C1@9 D3@10 D2@11 D1@12", 12 * time.Second},
		{"blocking sleep in goroutines", sched.Config{Model: sched.GoRuntime, Workers: 1}, true,
			"C3@0.3 C2@0.6 A3@0.7 C1@0.9 D3@1 A2@1.4 B3@2 D2@2 A1@2.1 D1@3 B2@4 B1@6", 6 * time.Second},
		{"blocking sleep under a GIL", sched.Config{Model: sched.GIL, Workers: 4}, true,
			"C3@0.3 C2@0.6 A3@0.7 C1@0.9 D3@1 A2@1.4 B3@2 D2@2 A1@2.1 D1@3 B2@4 B1@6", 6 * time.Second},
		{"blocking sleep on four loops", sched.Config{Workers: 4}, true,
			"C3@0.3 C2@0.6 A3@0.7 C1@0.9 D3@1 A2@1.4 B3@2 D2@2 A1@2.1 D1@3 B2@4 B1@6", 6 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := sched.New(tt.cfg)
			countdowns(sim, tt.blocking)
			tr, err := sim.Run()
			require.NoError(t, err)
			if got := lines(tr); got != tt.want {
				t.Errorf("output = %v, want %v", got, tt.want)
			}
			if tr.Total != tt.total {
				t.Errorf("total = %v, want %v", tr.Total, tt.total)
			}
		})
	}
}

// TestWorkModels runs two tasks that each do one thing for 1 s, under every
// model and worker count: which ones overlap is the whole lesson.
func TestWorkModels(t *testing.T) {
	tests := []struct {
		model   sched.Model
		workers int
		work    string
		total   time.Duration
	}{
		{sched.Cooperative, 1, "sleep", 1 * time.Second},
		{sched.Cooperative, 1, "block", 2 * time.Second},
		{sched.Cooperative, 1, "compute", 2 * time.Second},
		{sched.Cooperative, 2, "block", 1 * time.Second},
		{sched.Cooperative, 2, "compute", 1 * time.Second},
		{sched.GIL, 2, "block", 1 * time.Second},
		{sched.GIL, 2, "compute", 2 * time.Second},
		{sched.GoRuntime, 1, "block", 1 * time.Second},
		{sched.GoRuntime, 1, "compute", 2 * time.Second},
		{sched.GoRuntime, 2, "compute", 1 * time.Second},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v/%d/%s", tt.model, tt.workers, tt.work), func(t *testing.T) {
			sim := sched.New(sched.Config{Model: tt.model, Workers: tt.workers})
			for _, name := range []string{"A", "B"} {
				sim.Go(name, func(t *sched.Task) {
					switch tt.work {
					case "sleep":
						t.Sleep(time.Second)
					case "block":
						t.Block(time.Second)
					case "compute":
						t.Compute(time.Second)
					}
				})
			}
			tr, err := sim.Run()
			require.NoError(t, err)
			if tr.Total != tt.total {
				t.Errorf("total(%v, %d workers, %s) = %v, want %v", tt.model, tt.workers, tt.work, tr.Total, tt.total)
			}
		})
	}
}

// TestPreemption: CPU work holds a cooperative loop, but a preemptive model
// lets a waking task in at the next time slice.
func TestPreemption(t *testing.T) {
	tests := []struct {
		cfg  sched.Config
		want string
	}{
		// the ticker waits until the CPU-bound task is done
		{sched.Config{Model: sched.Cooperative}, "done@1 tick@1.005"},
		// the CPU-bound task is preempted at the 0.5 s slice boundary, and pays the ticker's 5 ms
		{sched.Config{Model: sched.GoRuntime}, "tick@0.505 done@1.005"},
		{sched.Config{Model: sched.GIL, Workers: 8}, "tick@0.505 done@1.005"},
		// a second core: nobody waits
		{sched.Config{Model: sched.GoRuntime, Workers: 2}, "tick@0.505 done@1"},
	}
	for _, tt := range tests {
		sim := sched.New(tt.cfg)
		sim.Go("tick", func(t *sched.Task) { t.Sleep(500 * ms); t.Compute(5 * ms); t.Printf("tick") })
		sim.Go("cpu", func(t *sched.Task) { t.Compute(time.Second); t.Printf("done") })
		tr, err := sim.Run()
		require.NoError(t, err)
		if got := lines(tr); got != tt.want {
			t.Errorf("%v with %d workers: output = %v, want %v", tt.cfg.Model, tt.cfg.Workers, got, tt.want)
		}
	}
}

func TestTiesAreBrokenInSetOrder(t *testing.T) {
	for range 3 { // the same every time
		sim := sched.New(sched.Config{})
		for _, name := range []string{"first", "second", "third"} {
			sim.Go(name, func(t *sched.Task) { t.Sleep(time.Second); t.Printf("%s", name) })
		}
		tr, err := sim.Run()
		require.NoError(t, err)
		assert.Equal(t, "first@1 second@1 third@1", lines(tr))
	}
}

func TestTwoWorkersTakeTheLowestFree(t *testing.T) {
	sim := sched.New(sched.Config{Workers: 2})
	for _, name := range []string{"A", "B", "C"} {
		sim.Go(name, func(t *sched.Task) { t.Compute(time.Second) })
	}
	tr, err := sim.Run()
	require.NoError(t, err)
	want := map[string][]trace.Span{
		"A": {{State: trace.Running, Worker: 0, Start: 0, End: time.Second}},
		"B": {{State: trace.Running, Worker: 1, Start: 0, End: time.Second}},
		"C": {{State: trace.Ready, Worker: trace.NoWorker, Start: 0, End: time.Second},
			{State: trace.Running, Worker: 0, Start: time.Second, End: 2 * time.Second}},
	}
	for name, spans := range want {
		assert.Equal(t, spans, tr.Task(name).Spans, name)
	}
	assert.Equal(t, 2*time.Second, tr.Total)
}

func TestWaitAndGather(t *testing.T) {
	sim := sched.New(sched.Config{})
	sim.Go("main", func(t *sched.Task) {
		a := t.Go("a", func(t *sched.Task) { t.Sleep(time.Second) })
		b := t.Go("b", func(t *sched.Task) { t.Sleep(3 * time.Second) })
		t.Wait(a, b)
		t.Printf("joined")
		t.Wait(a) // already done: returns at once
		t.Gather("g", func(t *sched.Task) { t.Sleep(time.Second) }, func(t *sched.Task) { t.Sleep(2 * time.Second) })
		t.Printf("gathered")
	})
	tr, err := sim.Run()
	require.NoError(t, err)
	assert.Equal(t, "joined@3 gathered@5", lines(tr))
	assert.Equal(t, "main", tr.Task("g-2").Parent)
	// two waits back to back, with no time between them, make one span
	assert.Equal(t, []trace.Span{{State: trace.Waiting, Worker: trace.NoWorker, On: trace.OnJoin, Start: 0, End: 5 * time.Second}}, tr.Task("main").Spans)
}

func TestChannels(t *testing.T) {
	tests := []struct {
		capacity int
		want     string
	}{
		// unbuffered: a send completes only when the slow receiver takes the value
		{0, "got 1@1 sent 1@1 got 2@2 sent 2@2 got 3@3 sent 3@3 closed@4"},
		// buffered: the sender runs ahead by the capacity, then waits for a free slot
		{2, "sent 1@0 sent 2@0 got 1@1 sent 3@1 got 2@2 got 3@3 closed@4"},
	}
	for _, tt := range tests {
		sim := sched.New(sched.Config{})
		ch := sched.NewChan[int]("jobs", tt.capacity)
		sim.Go("producer", func(t *sched.Task) {
			for i := 1; i <= 3; i++ {
				ch.Send(t, i)
				t.Printf("sent %d", i)
			}
			ch.Close(t)
		})
		sim.Go("consumer", func(t *sched.Task) {
			for {
				t.Sleep(time.Second)
				v, ok := ch.Recv(t)
				if !ok {
					t.Printf("closed")
					return
				}
				t.Printf("got %d", v)
			}
		})
		tr, err := sim.Run()
		require.NoError(t, err)
		if got := lines(tr); got != tt.want {
			t.Errorf("capacity %d: output = %v, want %v", tt.capacity, got, tt.want)
		}
	}
}

func TestSignalCancelsSleeps(t *testing.T) {
	sim := sched.New(sched.Config{})
	var stop sched.Signal
	sim.Go("worker", func(t *sched.Task) {
		cut := t.SleepUntil(5*time.Second, &stop)
		t.Printf("cut=%v", cut)
		cut = t.SleepUntil(time.Second, &stop) // already fired
		t.Printf("cut=%v", cut)
	})
	sim.Go("short", func(t *sched.Task) {
		cut := t.SleepUntil(500*ms, &stop)
		t.Printf("short cut=%v", cut)
	})
	sim.Go("waiter", func(t *sched.Task) { t.Await(&stop); t.Printf("saw it") })
	sim.Go("canceller", func(t *sched.Task) { t.Sleep(time.Second); stop.Fire(t); stop.Fire(t) })
	tr, err := sim.Run()
	require.NoError(t, err)
	assert.Equal(t, "short cut=false@0.5 cut=true@1 cut=true@1 saw it@1", lines(tr))
	assert.Equal(t, time.Second, tr.Total, "the cancelled 5 s timer must not keep the run going")
}

func TestDeadlockIsAnErrorAndLeaksNothing(t *testing.T) {
	sim := sched.New(sched.Config{})
	ch := sched.NewChan[int]("never", 0)
	sim.Go("stuck", func(t *sched.Task) {
		defer t.Printf("unwound") // deferred calls run when the task is stopped
		t.Sleep(time.Second)
		ch.Recv(t)
	})
	tr, err := sim.Run()
	require.ErrorIs(t, err, sched.ErrDeadlock)
	assert.Contains(t, err.Error(), "stuck waits on chan never")
	assert.Equal(t, time.Second, tr.Total)
}

func TestPanicIsAnError(t *testing.T) {
	sim := sched.New(sched.Config{})
	sim.Go("ok", func(t *sched.Task) { t.Sleep(time.Hour) })
	sim.Go("bad", func(t *sched.Task) { t.Sleep(time.Second); panic("boom") })
	_, err := sim.Run()
	require.Error(t, err)
	assert.Equal(t, "task bad panicked at 0:00:01: boom", err.Error())
}

func TestEventBudget(t *testing.T) {
	sim := sched.New(sched.Config{MaxEvents: 100})
	sim.Go("forever", func(t *sched.Task) {
		for {
			t.Sleep(time.Second)
		}
	})
	_, err := sim.Run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "too large")
}

func TestDebugModeWarnsAboutSlowTasks(t *testing.T) {
	sim := sched.New(sched.Config{SlowTask: 100 * ms})
	sim.Go("polite", func(t *sched.Task) { t.Sleep(2 * time.Second) })
	sim.Go("hog", func(t *sched.Task) { t.Block(2 * time.Second); t.Compute(50 * ms) })
	sim.Go("quick", func(t *sched.Task) { t.Compute(50 * ms) })
	tr, err := sim.Run()
	require.NoError(t, err)
	require.Len(t, tr.Warnings, 1)
	w := tr.Warnings[0]
	assert.Equal(t, "hog", w.Task)
	assert.Equal(t, time.Duration(0), w.At)
	assert.Equal(t, 2050*ms, w.Held)
	assert.Equal(t, "task hog held worker 0 for 2.05s without giving way (limit 100ms)", w.Text)
}

func TestStepping(t *testing.T) {
	sim := sched.New(sched.Config{})
	sim.Go("A", func(t *sched.Task) { t.Sleep(2 * time.Second); t.Printf("A") })
	sim.Go("B", func(t *sched.Task) { t.Sleep(time.Second); t.Printf("B") })
	type snap struct {
		now    time.Duration
		ready  []string
		timers string
	}
	var got []snap
	for sim.Step() {
		q := sim.Snapshot()
		var timers []string
		for _, tm := range q.Timers {
			timers = append(timers, tm.Task+"@"+trace.Seconds(tm.At))
		}
		got = append(got, snap{sim.Now(), q.Ready, strings.Join(timers, ",")})
	}
	require.NoError(t, sim.Err())
	want := []snap{
		{0, []string{"B"}, "A@2"},           // A ran and slept
		{0, []string{}, "B@1,A@2"},          // B ran and slept
		{time.Second, []string{"B"}, "A@2"}, // B's timer fired
		{time.Second, []string{}, "A@2"},    // B ran to the end
		{2 * time.Second, []string{"A"}, ""},
	}
	assert.Equal(t, want, got)
	assert.False(t, sim.Step(), "a finished run stays finished")
}

func TestSnapshotsInEvents(t *testing.T) {
	sim := sched.New(sched.Config{Snapshots: true})
	sim.Go("A", func(t *sched.Task) { t.Sleep(time.Second) })
	tr, err := sim.Run()
	require.NoError(t, err)
	require.NotZero(t, tr.Events.Len())
	for _, ev := range tr.Events.All() {
		require.NotNil(t, ev.Queues, "event %v", ev)
	}
	sleep := tr.Events.At(1)
	assert.Equal(t, trace.EventSleep, sleep.Kind)
	assert.Equal(t, []trace.Timer{{At: time.Second, Task: "A", Kind: "wake"}}, sleep.Queues.Timers)
}

func TestCloseStopsAHalfSteppedRun(t *testing.T) {
	sim := sched.New(sched.Config{})
	sim.Go("A", func(t *sched.Task) { t.Sleep(time.Hour) })
	sim.Step()
	sim.Close()
	assert.False(t, sim.Step())
	// goleak in TestMain checks that A's coroutine is gone
}

func TestSendOnClosedChannelPanicsTheTask(t *testing.T) {
	sim := sched.New(sched.Config{})
	ch := sched.NewChan[int]("c", 1)
	sim.Go("A", func(t *sched.Task) { ch.Close(t); ch.Send(t, 1) })
	_, err := sim.Run()
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "send on closed channel"), err.Error())
	assert.False(t, errors.Is(err, sched.ErrDeadlock))
}

func TestBlockUntil(t *testing.T) {
	tests := []struct {
		model sched.Model
		want  string
	}{
		{sched.GoRuntime, "fetch cut=true@1"},    // the request is cancelled at 1 s
		{sched.Cooperative, "fetch cut=false@5"}, // a blocking call in a loop cannot be cut short
	}
	for _, tt := range tests {
		sim := sched.New(sched.Config{Model: tt.model, Workers: 2})
		var ctx sched.Signal
		sim.Go("fetch", func(t *sched.Task) { t.Printf("fetch cut=%v", t.BlockUntil(5*time.Second, &ctx)) })
		sim.Go("cancel", func(t *sched.Task) { t.Sleep(time.Second); ctx.Fire(t) })
		tr, err := sim.Run()
		require.NoError(t, err)
		if got := lines(tr); got != tt.want {
			t.Errorf("BlockUntil under %v: output = %v, want %v", tt.model, got, tt.want)
		}
		if tt.model == sched.GoRuntime {
			assert.Equal(t, trace.OnIO, tr.Task("fetch").Spans[0].On)
		}
	}
}
