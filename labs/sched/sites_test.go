package sched_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/labs/sched"
)

// line is the line after the call to it: the test's own way to know the
// line of the call it makes next, without the scheduler.
func line() int {
	_, _, l, _ := runtime.Caller(1)
	return l + 1
}

func TestSites(t *testing.T) {
	var sleepAt, recvAt, waitAt, lockAt, computeAt, untilAt, blockUntilAt, gatherAt int
	sim := sched.New(sched.Config{Model: sched.GoRuntime, Workers: 1, Sites: true})
	ch := sched.NewChan[int]("c", 0)
	var mu sched.Mutex
	sim.Go("main", func(tk *sched.Task) {
		a := tk.Go("a", func(tk *sched.Task) {
			sleepAt = line()
			tk.Sleep(time.Second) // 0..1s
			recvAt = line()
			ch.Recv(tk) // 1s..2s: b sends at 2s
			mu.Lock(tk)
			computeAt = line()
			tk.Compute(time.Second) // 2s..3s, holding mu
			mu.Unlock(tk)
		})
		b := tk.Go("b", func(tk *sched.Task) {
			tk.Sleep(2 * time.Second)
			ch.Send(tk, 1)                   // a waits: no park
			tk.Sleep(500 * time.Millisecond) // 2s..2.5s
			lockAt = line()
			mu.Lock(tk) // 2.5s..3s
			mu.Unlock(tk)
		})
		c := tk.Go("c", func(tk *sched.Task) {
			var never sched.Signal
			untilAt = line()
			tk.SleepUntil(time.Second, &never) // through Sleep: one call deeper
			blockUntilAt = line()
			tk.BlockUntil(time.Second, &never) // 1s..2s
			gatherAt = line()
			tk.Gather("g", func(tk *sched.Task) { tk.Sleep(time.Second) }) // 2s..3s, through Wait
		})
		waitAt = line()
		tk.Wait(a, b, c)
	})
	tr, err := sim.Run()
	require.NoError(t, err)
	for _, c := range []struct {
		task string
		at   time.Duration
		line int // 0: no site
	}{
		{"main", 0, waitAt},
		{"main", 2 * time.Second, waitAt},
		{"a", 500 * time.Millisecond, sleepAt},
		{"a", 1500 * time.Millisecond, recvAt},
		{"a", 2500 * time.Millisecond, computeAt},
		{"b", 2700 * time.Millisecond, lockAt},
		{"c", 500 * time.Millisecond, untilAt},
		{"c", 1500 * time.Millisecond, blockUntilAt},
		{"c", 2500 * time.Millisecond, gatherAt},
		{"a", 3500 * time.Millisecond, 0}, // returned
		{"b", 3 * time.Second, 0},         // returned
	} {
		i := tr.TaskIndex(c.task)
		site, ok := tr.SiteAt(i, c.at)
		got := 0
		if ok {
			got = site.Line
			assert.Equal(t, "sites_test.go", filepath.Base(site.File), "file of %s at %s", c.task, c.at)
		}
		assert.Equal(t, c.line, got, fmt.Sprintf("SiteAt(%s, %s) line", c.task, c.at))
	}
}

func TestSitesOff(t *testing.T) {
	sim := sched.New(sched.Config{})
	sim.Go("a", func(tk *sched.Task) { tk.Sleep(time.Second) })
	tr, err := sim.Run()
	require.NoError(t, err)
	assert.Nil(t, tr.Tasks[0].Sites)
	_, ok := tr.SiteAt(0, 0)
	assert.False(t, ok)
}

// BenchmarkEventsSites is BenchmarkEvents with sites recorded: one stack
// read per sleep (compare events/s with BenchmarkEvents).
func BenchmarkEventsSites(b *testing.B) {
	var events int
	for b.Loop() {
		sim := sched.New(sched.Config{Sites: true})
		for i := range 100 {
			sim.Go(fmt.Sprintf("t%d", i), func(t *sched.Task) {
				for range 1000 {
					t.Sleep(time.Duration(1+i%7) * time.Millisecond)
				}
			})
		}
		if _, err := sim.Run(); err != nil {
			b.Fatal(err)
		}
		events += sim.EventCount()
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}
