package kit_test

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"conclab/exercises/kit"
)

// received is a tick read from a ticker: when the reader got it (the
// Clock's Now) and the time it carried.
type received struct{ now, tick time.Duration }

// TestClockTicker: a Clock's ticker ticks every period; Advance drops a
// tick that finds the last one unread, as time.Ticker does, and moves only
// to a timer that sends; Stop takes the ticker off.
func TestClockTicker(t *testing.T) {
	c := kit.NewClock()
	tk := c.NewTicker(200 * time.Millisecond)
	read := func() received {
		t.Helper()
		select {
		case at := <-tk.C:
			return received{c.Now(), at.Sub(kit.Epoch)}
		default:
			t.Fatalf("at %v: no tick to read, want one", c.Now())
			return received{}
		}
	}
	ms := time.Millisecond
	// Read every tick: one per period.
	var got []received
	for range 3 {
		if !c.Advance() {
			t.Fatal("Advance() = false with a ticker whose channel has room, want a tick")
		}
		got = append(got, read())
	}
	if want := []received{{200 * ms, 200 * ms}, {400 * ms, 400 * ms}, {600 * ms, 600 * ms}}; !slices.Equal(got, want) {
		t.Errorf("ticks read at once = %v, want %v", got, want)
	}
	// Leave the 800 ms tick unread: nothing else can fire, so Advance says so.
	c.Advance()
	if next, ok := c.Next(); ok || c.Advance() || c.Now() != 800*ms {
		t.Errorf("with the last tick unread and no other timer: Next() = %v, %v, Advance() moved to %v; want false, and the clock left at 0.8s", next, ok, c.Now())
	}
	// A timer at 1.45 s: the ticks of 1 s, 1.2 s and 1.4 s find the 0.8 s
	// one unread and are dropped; the clock goes straight to 1.45 s.
	timer := c.After(650 * ms)
	if next, _ := c.Next(); next != 1450*ms || !c.Advance() || len(timer) != 1 || c.Now() != 1450*ms {
		t.Fatalf("Next() = %v, then Advance() to %v, want 1.45s: the timer, past the dropped ticks", next, c.Now())
	}
	if r := read(); r != (received{1450 * ms, 800 * ms}) {
		t.Errorf("the tick read late = %v, want the 0.8s one, read at 1.45s", r)
	}
	// The next tick is on the beat again: 1.6 s.
	if !c.Advance() || read() != (received{1600 * ms, 1600 * ms}) {
		t.Errorf("after a late read the next tick came at %v, want 1.6s", c.Now())
	}
	tk.Stop()
	tk.Stop() // stopping twice does nothing
	if c.Advance() {
		t.Errorf("Advance() after Stop moved the clock to %v, want no timer left", c.Now())
	}
}

// TestLogTicker: a Log's ticker is time.NewTicker's for a Log made with New
// (the bubble's virtual clock here) and a nil Log, and the kit Clock's for
// one made with NewOn; it panics for an interval <= 0, as time.NewTicker does.
func TestLogTicker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for name, log := range map[string]*kit.Log{"New()": kit.New(), "nil": nil} {
			start := time.Now()
			tk := log.Ticker(time.Second)
			<-tk.C
			time.Sleep(2500 * time.Millisecond) // the 2 s tick waits, the 3 s one is dropped
			late := <-tk.C
			next := <-tk.C
			tk.Stop()
			if got := []time.Duration{late.Sub(start), next.Sub(start), time.Since(start)}; !slices.Equal(got, []time.Duration{2 * time.Second, 4 * time.Second, 4 * time.Second}) {
				t.Errorf("a %s Log: the late tick, the next one and the time after = %v, want [2s 4s 4s], as time.Ticker", name, got)
			}
		}
	})
	c := kit.NewClock()
	tk := kit.NewOn(c).Ticker(time.Minute)
	if next, ok := c.Next(); !ok || next != time.Minute {
		t.Errorf("a Log on a kit Clock: its Ticker(1m) is due at %v, %v, want 1m on the Clock", next, ok)
	}
	tk.Stop()
	for name, log := range map[string]*kit.Log{"New()": kit.New(), "NewOn(c)": kit.NewOn(c)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Ticker(0) on a %s Log did not panic, want a panic as time.NewTicker(0)'s", name)
				}
			}()
			log.Ticker(0)
		}()
	}
}
