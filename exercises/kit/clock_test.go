package kit_test

import (
	"conclab/labs/trace"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"conclab/exercises/kit"
)

// TestClockAdvance: each Advance fires the earliest timer only, ties in the
// order they were set, and moves the clock to it; with no timer it does
// nothing.
func TestClockAdvance(t *testing.T) {
	c := kit.NewClock()
	a := c.After(2 * time.Second)
	b := c.After(time.Second)
	b2 := c.After(time.Second)
	now := c.After(0)
	select {
	case got := <-now:
		if !got.Equal(kit.Epoch) {
			t.Errorf("After(0) sent %v, want the Epoch", got)
		}
	default:
		t.Error("After(0) sent nothing, want the time at once")
	}
	tests := []struct {
		fires <-chan time.Time
		at    time.Duration
	}{
		{b, time.Second}, {b2, time.Second}, {a, 2 * time.Second},
	}
	for i, tt := range tests {
		if next, ok := c.Next(); !ok || next != tt.at {
			t.Fatalf("step %d: Next() = %v, %v, want %v, true", i, next, ok, tt.at)
		}
		if !c.Advance() {
			t.Fatalf("step %d: Advance() = false, want a timer fired", i)
		}
		select {
		case got := <-tt.fires:
			if want := kit.Epoch.Add(tt.at); !got.Equal(want) || c.Now() != tt.at {
				t.Errorf("step %d: the timer sent %v with Now() = %v, want %v at %v", i, got, c.Now(), want, tt.at)
			}
		default:
			t.Errorf("step %d: Advance fired another timer than the one due first, set first", i)
		}
		for j, later := range tests[i+1:] {
			if len(later.fires) > 0 {
				t.Errorf("step %d: timer %d fired with it, want one timer per Advance", i, i+1+j)
			}
		}
	}
	if c.Advance() {
		t.Error("Advance() with no timer = true, want false")
	}
	if _, ok := c.Next(); ok || c.Now() != 2*time.Second {
		t.Errorf("after the last timer: Next() ok = %v, Now() = %v, want false, 2s", ok, c.Now())
	}
}

// TestLogOnClock: a Log on a kit Clock records times on it, and its Sleep,
// Work and After wait for Advance, however long they are in real time.
func TestLogOnClock(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := kit.NewClock()
	c.Advance() // no timer: still 0
	log := kit.NewOn(c)
	done := make(chan struct{})
	go func() {
		defer close(done)
		log.Sleep("A", time.Hour)
		log.Work("A", 5*time.Second)
		<-log.After(time.Minute)
		log.Done("A")
	}()
	for _, want := range []time.Duration{time.Hour, time.Hour + 5*time.Second, time.Hour + 5*time.Second + time.Minute} {
		waitTimer(t, c)
		if next, _ := c.Next(); next != want {
			t.Fatalf("the next timer is due at %v, want %v", next, want)
		}
		c.Advance()
	}
	<-done
	got := spans(log.Trace(), "A")
	want := []span{{trace.Waiting, "timer", 0, time.Hour}, {trace.Running, "", time.Hour, time.Hour + 5*time.Second + time.Minute}}
	if !slices.Equal(got, want) || log.Elapsed() != time.Hour+65*time.Second || !log.Now().Equal(kit.Epoch.Add(log.Elapsed())) {
		t.Errorf("on the kit clock: spans %v, Elapsed %v, Now %v; want %v, 1h1m5s, the Epoch + Elapsed", got, log.Elapsed(), log.Now(), want)
	}
}

// waitTimer waits (in real time) until c has a timer set.
func waitTimer(t *testing.T, c *kit.Clock) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if _, ok := c.Next(); ok {
			return
		}
	}
	t.Fatal("no timer was set within 10 s")
}

// TestLogClockInBubble: a Log made with New reads the time package's clock,
// the bubble's virtual one here; After and Now go with it.
func TestLogClockInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := kit.New()
		start := time.Now()
		at := <-log.After(3 * time.Second)
		if got := at.Sub(start); got != 3*time.Second || log.Elapsed() != 3*time.Second || !log.Now().Equal(time.Now()) {
			t.Errorf("After(3s) sent %v after the start, Elapsed() = %v; want 3s, 3s", got, log.Elapsed())
		}
		var nilLog *kit.Log
		<-nilLog.After(time.Second)
		if got := time.Since(start); got != 4*time.Second || !nilLog.Now().Equal(time.Now()) {
			t.Errorf("a nil Log's After(1s) returned at %v, want 4s: time.After", got)
		}
	})
}

// The kit clock moves only when it is told to: a goroutine that sleeps an
// hour on it wakes at the first Advance, at once.
func ExampleClock() {
	c := kit.NewClock()
	log := kit.NewOn(c)
	var wg sync.WaitGroup
	wg.Go(func() { log.Sleep("A", time.Hour); log.Printf("A", "awake") })
	for {
		if _, ok := c.Next(); ok {
			break
		}
		time.Sleep(time.Millisecond) // until A has set its timer
	}
	c.Advance()
	wg.Wait()
	l := log.Lines("A")[0]
	fmt.Println(l.Text, "at", kit.Seconds(l.At))
	// Output: awake at 3600 s
}
