package sched_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

// lastSpan is the last span of task name.
func lastSpan(t *testing.T, tr *trace.Trace, name string) trace.Span {
	t.Helper()
	task := tr.Task(name)
	require.NotNil(t, task, "no task %s", name)
	require.NotEmpty(t, task.Spans, "task %s has no spans", name)
	return task.Spans[len(task.Spans)-1]
}

// Pike's First with an unbuffered channel: main takes the first answer and
// returns; the two slower senders block on the channel for ever.
func TestMainReturnsWithBlockedTasks(t *testing.T) {
	for _, model := range []sched.Model{sched.Cooperative, sched.GoRuntime} {
		sim := sched.New(sched.Config{Model: model})
		c := sched.NewChan[string]("results", 0)
		sim.Main("main", func(t *sched.Task) {
			for _, r := range []struct {
				name string
				d    time.Duration
			}{{"A", 30 * ms}, {"B", 90 * ms}, {"C", 50 * ms}} {
				t.Go(r.name, func(t *sched.Task) { t.Sleep(r.d); c.Send(t, r.name) })
			}
			v, _ := c.Recv(t)
			t.Printf("answer %s", v)
			t.Sleep(100 * ms) // the program goes on
		})
		tr, err := sim.Run()
		require.NoError(t, err, "%v", model)
		assert.Equal(t, 130*ms, tr.Total, "%v: the run ends when main returns", model)
		assert.Equal(t, []sched.Leak{
			{Task: "B", State: trace.Waiting, On: "chan results", Since: 90 * ms},
			{Task: "C", State: trace.Waiting, On: "chan results", Since: 50 * ms},
		}, sim.Leaked(), "%v", model)
		for _, name := range []string{"B", "C"} {
			last := lastSpan(t, tr, name)
			if last.On.String() != "chan results" || last.End != tr.Total {
				t.Errorf("%v: %s's last span = %+v, want a wait on chan results up to the end (%v)", model, name, last, tr.Total)
			}
		}
		if got := fmt.Sprint(sim.Leaked()); got != "[B waits on chan results C waits on chan results]" {
			t.Errorf("%v: Leaked() = %s", model, got)
		}
	}
}

func TestMainReturnsWithNothingLeft(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.GoRuntime})
	c := sched.NewChan[int]("results", 3)
	sim.Main("main", func(t *sched.Task) {
		for i := range 3 {
			t.Go(fmt.Sprint(i), func(t *sched.Task) { t.Sleep(time.Duration(i+1) * ms); c.Send(t, i) })
		}
		c.Recv(t)
		t.Sleep(time.Second)
	})
	tr, err := sim.Run()
	require.NoError(t, err)
	assert.Nil(t, sim.Leaked())
	assert.Equal(t, time.Second+ms, tr.Total)
}

// A task still in a sleep when main returns is cut off, as Go's exit cuts
// off a goroutine: it is listed, not waited for.
func TestMainReturnCutsOffWork(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.GoRuntime})
	sim.Main("main", func(t *sched.Task) {
		t.Go("slow", func(t *sched.Task) { t.Sleep(time.Hour); t.Printf("never") })
		t.Sleep(time.Second)
	})
	tr, err := sim.Run()
	require.NoError(t, err)
	assert.Equal(t, time.Second, tr.Total)
	assert.Empty(t, tr.Output)
	leaked := sim.Leaked()
	require.Len(t, leaked, 1)
	assert.Equal(t, sched.Leak{Task: "slow", State: trace.Waiting, On: "timer", Since: 0}, leaked[0])
	assert.False(t, leaked[0].WaitsForTask())
	assert.Equal(t, "slow is waiting (timer)", leaked[0].String())
}

// Main blocked for ever is still a deadlock, Main or not.
func TestMainBlockedIsStillADeadlock(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.GoRuntime})
	c := sched.NewChan[int]("never", 0)
	sim.Main("main", func(t *sched.Task) {
		t.Go("helper", func(t *sched.Task) { t.Sleep(time.Second) })
		c.Recv(t)
	})
	tr, err := sim.Run()
	require.ErrorIs(t, err, sched.ErrDeadlock)
	assert.Contains(t, err.Error(), "chan never") // how the error names the wait is deadlock()'s business
	assert.Equal(t, time.Second, tr.Total)
	assert.Nil(t, sim.Leaked(), "main never returned")
}

func TestWithoutMainEveryTaskRunsToItsEnd(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.GoRuntime})
	sim.Go("first", func(t *sched.Task) { t.Sleep(ms) })
	sim.Go("last", func(t *sched.Task) { t.Sleep(time.Second) })
	tr, err := sim.Run()
	require.NoError(t, err)
	assert.Equal(t, time.Second, tr.Total)
	assert.Nil(t, sim.Leaked())
}

func TestMainTwicePanics(t *testing.T) {
	sim := sched.New(sched.Config{})
	sim.Main("main", func(*sched.Task) {})
	assert.PanicsWithValue(t, "sched: Main called twice (main is main)", func() { sim.Main("other", func(*sched.Task) {}) })
	_, err := sim.Run()
	require.NoError(t, err)
}

// Stepping a run with a main: the last step is main's return, and the
// tasks left are unwound (goleak in TestMain checks no goroutine is left).
func TestMainStepping(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.GoRuntime})
	c := sched.NewChan[int]("c", 0)
	sim.Main("main", func(t *sched.Task) {
		t.Go("sender", func(t *sched.Task) { c.Send(t, 1); c.Send(t, 2) })
		c.Recv(t)
	})
	steps := 0
	for sim.Step() {
		steps++
	}
	require.NoError(t, sim.Err())
	assert.False(t, sim.Step(), "no step after the end")
	assert.Equal(t, []sched.Leak{{Task: "sender", State: trace.Waiting, On: "chan c"}}, sim.Leaked())
	tr := sim.Trace()
	assert.Equal(t, trace.EventDone, tr.Events.Kind(tr.Events.Len()-1))
	assert.Equal(t, "main", tr.Events.Task(tr.Events.Len()-1))
}
