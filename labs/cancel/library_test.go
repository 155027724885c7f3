package cancel

import (
	"errors"
	"testing"
	"time"

	"conclab/labs/sched"
)

// simulate runs main as the main task of a GoRuntime Sim.
func simulate(t *testing.T, main func(tk *sched.Task)) {
	t.Helper()
	sim := sched.New(sched.Config{Model: sched.GoRuntime})
	sim.Main("main", main)
	if _, err := sim.Run(); err != nil {
		t.Fatal(err)
	}
}

// The context keeps package context's rules: Err is nil until cancel, then
// Canceled; cancelling twice changes nothing; cancelling a parent cancels
// its children, and a child of a cancelled parent starts cancelled; Cause
// is the cause given, or Canceled.
func TestContext(t *testing.T) {
	simulate(t, func(tk *sched.Task) {
		parent, cancelParent := WithCancel(Background())
		child, cancelChild := WithCancelCause(parent)
		if parent.Err() != nil || child.Err() != nil || Cause(child) != nil {
			t.Errorf("before cancel: Err = %v, %v, Cause = %v; want nil", parent.Err(), child.Err(), Cause(child))
		}
		var woke time.Duration
		tk.Go("waiter", func(tk *sched.Task) { tk.Await(child.Done()); woke = tk.Now() })
		tk.Sleep(time.Second)
		cancelParent(tk)
		cancelChild(tk, errors.New("too late")) // already cancelled: no new cause
		tk.Sleep(time.Second)
		if woke != time.Second || !child.Done().Fired() {
			t.Errorf("the child's Done woke its waiter at %v, want at the parent's cancel (1s)", woke)
		}
		if !errors.Is(child.Err(), Canceled) || Cause(child) != Canceled || child.Err().Error() != "context canceled" {
			t.Errorf("child: Err = %v, Cause = %v; want context canceled twice", child.Err(), Cause(child))
		}
		late, _ := WithCancel(parent)
		if late.Err() != Canceled || !late.Done().Fired() {
			t.Errorf("a child of a cancelled parent: Err = %v, Done fired = %v; want it cancelled", late.Err(), late.Done().Fired())
		}
		own, cancelOwn := WithCancelCause(Background())
		boom := errors.New("boom")
		cancelOwn(tk, boom)
		if own.Err() != Canceled || Cause(own) != boom {
			t.Errorf("cancelled with a cause: Err = %v, Cause = %v; want context canceled, boom", own.Err(), Cause(own))
		}
	})
}

// The group keeps errgroup's rules: Wait returns the first error, the
// context is cancelled by the first error (with it as the cause) or by
// Wait, and a zero Group cancels nothing.
func TestGroup(t *testing.T) {
	first, second := errors.New("first"), errors.New("second")
	simulate(t, func(tk *sched.Task) {
		g, ctx := WithContext(Background())
		var cancelledAt time.Duration
		g.Go(tk, "slow", func(tk *sched.Task) error {
			if tk.SleepUntil(time.Hour, ctx.Done()) {
				cancelledAt = tk.Now()
				return ctx.Err()
			}
			return nil
		})
		g.Go(tk, "fails", func(tk *sched.Task) error { tk.Sleep(time.Second); return first })
		g.Go(tk, "fails later", func(tk *sched.Task) error { tk.Sleep(2 * time.Second); return second })
		err := g.Wait(tk)
		if err != first || cancelledAt != time.Second || Cause(ctx) != first || tk.Now() != 2*time.Second {
			t.Errorf("Wait = %v at %v, the slow one cancelled at %v, Cause %v; want first at 2s, 1s, first", err, tk.Now(), cancelledAt, Cause(ctx))
		}

		ok, okCtx := WithContext(Background())
		ok.Go(tk, "fine", func(tk *sched.Task) error { tk.Sleep(time.Second); return nil })
		if err := ok.Wait(tk); err != nil || okCtx.Err() != Canceled {
			t.Errorf("all fine: Wait = %v, ctx.Err = %v; want nil and a context Wait cancelled", err, okCtx.Err())
		}

		var zero Group
		zero.Go(tk, "zero", func(*sched.Task) error { return first })
		if err := zero.Wait(tk); err != first {
			t.Errorf("zero Group: Wait = %v, want first", err)
		}
	})
}
