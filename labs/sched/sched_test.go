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
// lets a waking task in: the Go runtime at the next time slice, a GIL one
// switch interval after the task began to wait (see TestGIL).
func TestPreemption(t *testing.T) {
	tests := []struct {
		cfg  sched.Config
		want string
	}{
		// the ticker waits until the CPU-bound task is done
		{sched.Config{Model: sched.Cooperative}, "done@1 tick@1.005"},
		// the CPU-bound task is preempted at the 0.5 s slice boundary, and pays the ticker's 5 ms
		{sched.Config{Model: sched.GoRuntime}, "tick@0.505 done@1.005"},
		// under a GIL the ticker waits the switch interval (5 ms) from when it
		// woke, asks, and gets the lock at 0.505; its 5 ms of work end at 0.51
		{sched.Config{Model: sched.GIL, Workers: 8}, "tick@0.51 done@1.005"},
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
	sim.Go("edge", func(t *sched.Task) { t.Compute(100 * ms) }) // exactly the limit: reported, as asyncio's dt >= slow_callback_duration
	tr, err := sim.Run()
	require.NoError(t, err)
	require.Len(t, tr.Warnings, 2)
	assert.Equal(t, "task edge held worker 0 for 100ms without giving way (limit 100ms)", tr.Warnings[1].Text)
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
		{0, []string{"B"}, "A@2"},            // A ran and slept
		{0, []string{}, "B@1,A@2"},           // B ran and slept
		{time.Second, []string{}, "B@1,A@2"}, // B's timer came due: it waits for the next iteration
		{time.Second, []string{"B"}, "A@2"},  // its callback ran: B's next step is queued
		{time.Second, []string{}, "A@2"},     // B ran to the end
		{2 * time.Second, []string{}, "A@2"},
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

// TestCooperativeIterations states asyncio's iteration order
// (BaseEventLoop._run_once) on small programs whose output is derived by
// hand, iteration by iteration, in the comments.
func TestCooperativeIterations(t *testing.T) {
	tests := []struct {
		name  string
		tasks func(sim *sched.Sim)
		want  string
	}{
		{
			// it1 t=0:   [cpu, tick]: cpu yields; tick prints, sleeps until 0.1.
			// it2 t=0:   [cpu]: computes to 0.1 (tick's timer comes due), yields.
			// it3 t=0.1: [cpu, tick's timer]: cpu computes to 0.2 and yields; the timer's callback queues tick.
			// it4 t=0.2: [cpu, tick]: cpu computes to 0.3 and yields; tick prints at 0.3, sleeps until 0.4.
			// it5 t=0.3: [cpu]: computes to 0.4, prints done (tick's timer came due meanwhile).
			// it6 t=0.4: [tick's timer] queues tick; it7: tick prints at 0.4.
			name: "a sleeper wakes one iteration behind a yielding task",
			tasks: func(sim *sched.Sim) {
				sim.Go("cpu", func(t *sched.Task) {
					for range 4 {
						t.Yield()
						t.Compute(100 * ms)
					}
					t.Printf("done")
				})
				sim.Go("tick", func(t *sched.Task) {
					for range 3 {
						t.Printf("tick")
						t.Sleep(100 * ms)
					}
				})
			},
			want: "tick@0 tick@0.3 done@0.4 tick@0.4",
		},
		{
			// asyncio.sleep(0) is a bare yield: one iteration per round for
			// both. A timer of 0 s would cost A two iterations a round
			// (callback, then step): A B B A B A.
			name: "Sleep(0) is a yield",
			tasks: func(sim *sched.Sim) {
				sim.Go("A", func(t *sched.Task) {
					for range 3 {
						t.Printf("A")
						t.Sleep(0)
					}
				})
				sim.Go("B", func(t *sched.Task) {
					for range 3 {
						t.Printf("B")
						t.Yield()
					}
				})
			},
			want: "A@0 B@0 A@0 B@0 A@0 B@0",
		},
		{
			// it1 t=0: sleeper sleeps until 0.1; cpu computes to 0.2 (the timer
			// comes due but its callback has not run: the sleep's future is not
			// done), then fires the signal: the sleep is cut, as task.cancel()
			// cancels the future it waits on. it2 t=0.2: [sleeper, its timer]:
			// sleeper sees the cut; the timer's callback finds nothing to do.
			name: "a signal beats a due timer whose callback has not run",
			tasks: func(sim *sched.Sim) {
				stop := &sched.Signal{}
				sim.Go("sleeper", func(t *sched.Task) { t.Printf("cut=%v", t.SleepUntil(100*ms, stop)) })
				sim.Go("cpu", func(t *sched.Task) { t.Compute(200 * ms); stop.Fire(t) })
			},
			want: "cut=true@0.2",
		},
		{
			// it1 t=0: [A, B]: A spawns C (queued) and yields (queued behind C); B prints.
			// it2 t=0: [C, A]: C prints, A prints.
			name: "what a step queues runs in the next iteration, in order",
			tasks: func(sim *sched.Sim) {
				sim.Go("A", func(t *sched.Task) {
					t.Go("C", func(t *sched.Task) { t.Printf("C") })
					t.Yield()
					t.Printf("A")
				})
				sim.Go("B", func(t *sched.Task) { t.Printf("B") })
			},
			want: "B@0 C@0 A@0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := sched.New(sched.Config{})
			tt.tasks(sim)
			tr, err := sim.Run()
			require.NoError(t, err)
			if got := lines(tr); got != tt.want {
				t.Errorf("%s: output = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

// A timer's callback waits in the ready queue as "NAME (timer)" behind the
// step that was queued before it came due.
func TestTimerCallbackInTheReadyQueue(t *testing.T) {
	sim := sched.New(sched.Config{})
	sim.Go("tick", func(t *sched.Task) { t.Sleep(100 * ms) })
	sim.Go("cpu", func(t *sched.Task) { t.Compute(100 * ms); t.Yield() })
	var readies []string
	for sim.Step() {
		readies = append(readies, strings.Join(sim.Snapshot().Ready, ","))
	}
	require.NoError(t, sim.Err())
	want := []string{
		"cpu",          // tick ran and slept
		"",             // cpu computes
		"",             // 0.1 s: tick's timer came due (it waits among the timers)
		"cpu",          // cpu's work ended; it yielded
		"tick (timer)", // next iteration: [cpu, tick (timer)]; cpu ran to its end
		"tick",         // the timer's callback queued tick
	}
	assert.Equal(t, want, readies)
}

// TestGIL states the rules of CPython's GIL (take_gil and drop_gil in
// Python/ceval_gil.c) that the GIL model follows, each on a small program
// whose output is derived by hand in the comments. The switch interval is
// 5 ms.
func TestGIL(t *testing.T) {
	tests := []struct {
		name  string
		tasks func(sim *sched.Sim)
		want  string
	}{
		{
			// waker runs first and sleeps; cpu takes the lock at 0. waker
			// wakes at 7 ms and waits 5 ms for the lock: at 12 ms it asks,
			// cpu drops it, waker computes to 13. (Slices counted from when
			// cpu took the lock would end at 10 ms: waker would print at
			// 11 ms.)
			name: "the interval counts from when the waiter began to wait",
			tasks: func(sim *sched.Sim) {
				sim.Go("waker", func(t *sched.Task) { t.Sleep(7 * ms); t.Compute(ms); t.Printf("waker") })
				sim.Go("cpu", func(t *sched.Task) { t.Compute(200 * ms); t.Printf("cpu") })
			},
			want: "waker@0.013 cpu@0.201",
		},
		{
			// io takes the lock first and releases it for each read; cpu
			// takes it. Each read ends 1 ms later, and io waits 5 ms for the
			// lock: it gets it back at 6, 12 and 18 ms (the convoy effect).
			// cpu loses nothing: it runs whenever io reads or waits.
			name: "a thread back from blocking I/O waits the interval for the lock",
			tasks: func(sim *sched.Sim) {
				sim.Go("io", func(t *sched.Task) {
					for range 3 {
						t.Block(ms)
					}
					t.Printf("io")
				})
				sim.Go("cpu", func(t *sched.Task) { t.Compute(100 * ms); t.Printf("cpu") })
			},
			want: "io@0.018 cpu@0.1",
		},
		{
			// A and B want 20 ms each; B waits from 0 and asks at 5. A starts
			// its own wait only once B has the lock (FORCE_SWITCHING), so it
			// asks at 10, and so on: 5 ms turns, A 0-5 10-15 20-25 30-35, B
			// 5-10 15-20 25-30 35-40.
			name: "the dropped holder waits from when another took the lock",
			tasks: func(sim *sched.Sim) {
				for _, name := range []string{"A", "B"} {
					sim.Go(name, func(t *sched.Task) { t.Compute(20 * ms); t.Printf("%s", name) })
				}
			},
			want: "A@0.035 B@0.04",
		},
		{
			// C runs first and sleeps; A takes the lock. B waits from 0, C
			// from 2 ms. B asks at 5 and gets it. C's wait ends at 7, but the
			// lock changed hands during it: C waits again, until 12. A
			// (dropped at 5) asks at 10, and the lock goes to the thread that
			// has waited longest: C, which computes to 11. (Had C asked at 7
			// it would print at 8.)
			name: "a switch during the wait starts another wait",
			tasks: func(sim *sched.Sim) {
				sim.Go("C", func(t *sched.Task) { t.Sleep(2 * ms); t.Compute(ms); t.Printf("C") })
				sim.Go("A", func(t *sched.Task) { t.Compute(50 * ms) })
				sim.Go("B", func(t *sched.Task) { t.Compute(20 * ms) })
			},
			want: "C@0.011",
		},
		{
			// B asks at 5 ms, the very instant A's first 5 ms of work end:
			// the work is done, and A drops the lock as its next work
			// starts. B computes to 6 and returns; A gets the lock back and
			// computes its second 5 ms to 11.
			name: "a request at the end of the holder's work is served at its next work",
			tasks: func(sim *sched.Sim) {
				sim.Go("A", func(t *sched.Task) { t.Compute(5 * ms); t.Compute(5 * ms); t.Printf("A") })
				sim.Go("B", func(t *sched.Task) { t.Compute(ms); t.Printf("B") })
			},
			want: "B@0.006 A@0.011",
		},
		{
			// Blocking calls release the lock at once: four 1 s reads overlap.
			name: "blocking calls release the lock",
			tasks: func(sim *sched.Sim) {
				for i := range 4 {
					sim.Go(fmt.Sprint(i), func(t *sched.Task) { t.Block(time.Second); t.Printf("%d", i) })
				}
			},
			want: "0@1 1@1 2@1 3@1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := sched.New(sched.Config{Model: sched.GIL})
			tt.tasks(sim)
			tr, err := sim.Run()
			require.NoError(t, err)
			if got := lines(tr); got != tt.want {
				t.Errorf("%s: output = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

// TestGILSwitchInterval: the convoy of a thread doing n reads of r beside a
// CPU-bound thread costs n x (r + interval), for any interval (Quantum).
func TestGILSwitchInterval(t *testing.T) {
	for _, interval := range []time.Duration{100 * time.Microsecond, ms, 5 * ms, 50 * ms} {
		for _, n := range []int{1, 10, 100} {
			sim := sched.New(sched.Config{Model: sched.GIL, Quantum: interval})
			sim.Go("io", func(t *sched.Task) {
				for range n {
					t.Block(ms)
				}
				t.Printf("io")
			})
			sim.Go("cpu", func(t *sched.Task) { t.Compute(time.Hour) })
			tr, err := sim.Run()
			require.NoError(t, err)
			if got, want := tr.Output[0].At, time.Duration(n)*(ms+interval); got != want {
				t.Errorf("convoy(%d reads, interval %v) = %v, want %v", n, interval, got, want)
			}
		}
	}
}

// TestGILSnapshot: a thread's timed wait for the lock shows among the timers.
func TestGILSnapshot(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.GIL})
	sim.Go("A", func(t *sched.Task) { t.Compute(time.Second) })
	sim.Go("B", func(t *sched.Task) { t.Compute(time.Second) })
	sim.Step() // A takes the lock and computes; B starts waiting: its timed wait is a timer
	assert.Equal(t, []trace.Timer{{At: 5 * ms, Task: "B", Kind: "gil"}, {At: time.Second, Task: "A", Kind: "slice"}}, sim.Snapshot().Timers)
	sim.Close()
}
