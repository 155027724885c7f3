package sched_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/labs/sched"
)

func TestRecvBefore(t *testing.T) {
	tests := []struct {
		name     string
		send     time.Duration // when the sender sends (negative: never)
		close    time.Duration // when the channel is closed (negative: never)
		capacity int
		deadline time.Duration
		want     string
	}{
		{"value first", 30 * ms, -1, 0, 80 * ms, "v=7 ok=true late=false@0.03"},
		{"deadline first", 90 * ms, -1, 0, 80 * ms, "v=0 ok=false late=true@0.08"},
		{"buffered value first", 30 * ms, -1, 1, 80 * ms, "v=7 ok=true late=false@0.03"},
		{"closed first", -1, 50 * ms, 0, 80 * ms, "v=0 ok=false late=false@0.05"},
		{"deadline already past", -1, -1, 0, 0, "v=0 ok=false late=true@0"},
	}
	for _, tt := range tests {
		for _, model := range []sched.Model{sched.Cooperative, sched.GoRuntime} {
			sim := sched.New(sched.Config{Model: model})
			c := sched.NewChan[int]("results", tt.capacity)
			sim.Go("main", func(t *sched.Task) {
				v, ok, late := c.RecvBefore(t, tt.deadline)
				t.Printf("v=%d ok=%v late=%v", v, ok, late)
			})
			if tt.send >= 0 {
				sim.Go("sender", func(t *sched.Task) { t.Sleep(tt.send); c.Send(t, 7) })
			}
			if tt.close >= 0 {
				sim.Go("closer", func(t *sched.Task) { t.Sleep(tt.close); c.Close(t) })
			}
			tr, err := sim.Run()
			if tt.name == "deadline first" {
				// Nobody receives the late value: the sender blocks for ever.
				require.ErrorIs(t, err, sched.ErrDeadlock, "%s under %v", tt.name, model)
			} else {
				require.NoError(t, err, "%s under %v", tt.name, model)
			}
			if got := lines(tr); got != tt.want {
				t.Errorf("RecvBefore(%s) under %v = %s, want %s", tt.name, model, got, tt.want)
			}
		}
	}
}

// A value already there is served even at the deadline; nothing there and
// the deadline past gives up without waiting.
func TestRecvBeforeServesWhatIsThere(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.GoRuntime})
	c := sched.NewChan[int]("c", 1)
	sim.Go("main", func(t *sched.Task) {
		c.Send(t, 5)
		t.Sleep(time.Second)
		v, ok, late := c.RecvBefore(t, 0)
		t.Printf("v=%d ok=%v late=%v", v, ok, late)
		v, ok, late = c.RecvBefore(t, 0)
		t.Printf("v=%d ok=%v late=%v", v, ok, late)
	})
	tr, err := sim.Run()
	require.NoError(t, err)
	assert.Equal(t, "v=5 ok=true late=false@1 v=0 ok=false late=true@1", lines(tr))
}

// The receiver's deadline wakes it, but before it runs a sender reaches the
// channel: the sender must pass over it (no value lost, no task woken
// twice), and the value waits for the next receive.
func TestRecvBeforeWokenByItsDeadlineIsPassedOver(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.Cooperative})
	c := sched.NewChan[int]("c", 0)
	sim.Go("sender", func(t *sched.Task) { t.Sleep(time.Second); c.Send(t, 7); t.Printf("sent") })
	sim.Go("receiver", func(t *sched.Task) {
		_, _, late := c.RecvBefore(t, 1500*ms)
		t.Printf("late=%v", late)
		v, _ := c.Recv(t)
		t.Printf("got %d", v)
	})
	// The loop is held until 2 s: both timers come due meanwhile, and the
	// sender's step runs before the receiver's.
	sim.Go("hog", func(t *sched.Task) { t.Block(2 * time.Second) })
	tr, err := sim.Run()
	require.NoError(t, err)
	assert.Equal(t, "late=true@2 got 7@2 sent@2", lines(tr))
}

// Close passes over a receiver its deadline woke, too.
func TestCloseAfterDeadlineWoke(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.Cooperative})
	c := sched.NewChan[int]("c", 0)
	sim.Go("closer", func(t *sched.Task) { t.Sleep(time.Second); c.Close(t) })
	sim.Go("receiver", func(t *sched.Task) {
		_, ok, late := c.RecvBefore(t, 1500*ms)
		t.Printf("ok=%v late=%v", ok, late)
		_, ok = c.Recv(t)
		t.Printf("ok=%v", ok)
	})
	sim.Go("hog", func(t *sched.Task) { t.Block(2 * time.Second) })
	tr, err := sim.Run()
	require.NoError(t, err)
	assert.Equal(t, "ok=false late=true@2 ok=false@2", lines(tr))
}
