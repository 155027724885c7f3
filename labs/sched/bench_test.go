package sched_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"conclab/labs/sched"
)

// BenchmarkEvents measures scheduling events per second: 100 tasks each
// sleeping 1000 times on one loop (each sleep is a sleep, a wake and a run event).
func BenchmarkEvents(b *testing.B) {
	var events int
	for b.Loop() {
		sim := sched.New(sched.Config{})
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

// BenchmarkSleepers100k simulates 100 000 tasks sleeping at the same time and
// reports the memory the run holds while they all sleep (live heap +
// goroutine stacks, over what was in use before it started; the time includes
// one forced collection).
func BenchmarkSleepers100k(b *testing.B) {
	const n = 100_000
	var peak uint64
	inUse := func() uint64 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapInuse + ms.StackInuse
	}
	for b.Loop() {
		b.StopTimer()
		runtime.GC() // the previous run's garbage must not count as this run's memory
		base := inUse()
		b.StartTimer()
		sim := sched.New(sched.Config{})
		sim.Go("probe", func(t *sched.Task) {
			t.Sleep(500 * time.Millisecond) // every sleeper is asleep now
			runtime.GC()                    // count what the run holds, not garbage awaiting collection
			peak = max(peak, inUse()-base)
		})
		for i := range n {
			sim.Go(fmt.Sprintf("sleeper %d", i), func(t *sched.Task) { t.Sleep(time.Second + time.Duration(i)*time.Microsecond) })
		}
		if _, err := sim.Run(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak")
}
