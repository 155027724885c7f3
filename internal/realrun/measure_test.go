package realrun

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"conclab/labs/flags"
	"conclab/labs/flags/fetch"
	"conclab/labs/trace"
)

// The measurements of the closing note. They take real time and load the
// machine, so they run only when asked:
//
//	CONCLAB_MEASURE=1 go test -run Measure -v ./internal/realrun
//
// They log figures and assert nothing about speed.

func measuring(t *testing.T) {
	if testing.Short() || os.Getenv("CONCLAB_MEASURE") == "" {
		t.Skip("a measurement: CONCLAB_MEASURE=1 go test -run Measure -v ./internal/realrun")
	}
}

// TestMeasureGoroutines: 1000 flags at 100ms, a goroutine each, against the
// ideal (the largest single delay, 100ms): the real variant (100, then
// 1000 new connections), then the same requests twice on one client, the second time
// over the kept-alive connections of the first. Then the floor of this
// machine: plain net/http code with nothing recorded (http.Client.Do in a
// goroutine per flag, over the same kept-alive connections).
func TestMeasureGoroutines(t *testing.T) {
	measuring(t)
	for _, n := range []string{"100", "1000"} {
		res := runReal(t, "flags", "goroutines", map[string]string{"count": n, "limit": "1", "delay": "100ms"})
		t.Logf("real goroutines variant, %s x 100ms: measured %s s, ideal 0.1 s, ratio %.2fx; server saw %v at once",
			n, trace.Seconds(res.Trace.Total), res.Trace.Total.Seconds()/0.1, res.Facts[FactMaxInFlight])
	}

	srv := startServer(t)
	c := newClient(t, srv, 0)
	c.HTTP.Transport.(*http.Transport).MaxIdleConnsPerHost = 1000
	items := flags.Flags(values(t, "flags", map[string]string{"count": "1000", "limit": "1", "delay": "100ms"}))
	warmFlags(items)
	for _, pass := range []string{"new", "kept-alive"} {
		start := time.Now()
		Goroutines(context.Background(), c, items)
		took := time.Since(start)
		t.Logf("goroutines, 1000 x 100ms, %s connections: %.3f s, ratio %.2fx", pass, took.Seconds(), took.Seconds()/0.1)
	}

	start := time.Now()
	var wg sync.WaitGroup
	for _, it := range items {
		url := c.URL(it)
		wg.Go(func() { plainGet(c.HTTP, url) })
	}
	wg.Wait()
	took := time.Since(start)
	t.Logf("plain net/http (Client.Do, nothing recorded), 1000 x 100ms: %.3f s, ratio %.2fx", took.Seconds(), took.Seconds()/0.1)
}

// plainGet is what a learner writes: http.Client.Do, the body read to its end.
func plainGet(hc *http.Client, url string) {
	resp, err := hc.Get(url)
	if err != nil {
		return
	}
	io.Copy(io.Discard, resp.Body) //nolint:errcheck // a measurement
	resp.Body.Close()
}

// TestMeasureSequential: 50 flags at 100ms one after another (1000 would
// take 100 s), against the sum of the delays (5 s).
func TestMeasureSequential(t *testing.T) {
	measuring(t)
	res := runReal(t, "flags", "sequential", map[string]string{"count": "50", "limit": "1", "delay": "100ms"})
	t.Logf("sequential, 50 x 100ms: measured %s, sum 5 s, ratio %.3fx", trace.Seconds(res.Trace.Total), res.Trace.Total.Seconds()/5)
}

// TestMeasureServerMemory holds 1000 slow requests in flight at the server
// (client and server in this one process) and samples the memory at the
// peak, against a baseline taken before.
func TestMeasureServerMemory(t *testing.T) {
	measuring(t)
	srv := startServer(t)
	c := newClient(t, srv, 0)
	c.HTTP.Transport.(*http.Transport).MaxIdleConnsPerHost = 1000
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	items := make([]fetch.Item, 1000)
	for i := range items {
		items[i] = fetch.Item{Name: fmt.Sprintf("X%d", i+21), Delay: 3 * time.Second, Status: 200}
	}
	var wg sync.WaitGroup
	wg.Go(func() { Goroutines(context.Background(), c, items) })
	waitFor(t, func() bool { return srv.Stats().InFlight == 1000 })
	var peak runtime.MemStats
	runtime.ReadMemStats(&peak)
	goroutines := runtime.NumGoroutine()
	wg.Wait()
	mb := func(b uint64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }
	t.Logf("1000 slow requests in flight (client and server in one process): HeapInuse %s -> %s (%.1f KB per request), Sys %s -> %s, %d goroutines",
		mb(before.HeapInuse), mb(peak.HeapInuse), float64(peak.HeapInuse-before.HeapInuse)/1000/1024, mb(before.Sys), mb(peak.Sys), goroutines)
}

// TestMeasureParallel: 3 s of hashing in 30 chunks, one core then all.
func TestMeasureParallel(t *testing.T) {
	measuring(t)
	res := runReal(t, "spinner", "parallel", map[string]string{"wait": "3s", "chunk": "100ms"})
	f := res.Facts
	t.Logf("parallel hashing, 30 chunks of ~100ms: GOMAXPROCS=1 %vs, GOMAXPROCS=%v %vs, speedup %vx",
		f[FactOneCore], f[FactCores], f[FactAllCores], f[FactSpeedup])
}

// BenchmarkSnapshot is what a front end pays for each redraw of a live
// lane: a copy of a run of 1000 flags (four events each) from its Recorder.
func BenchmarkSnapshot(b *testing.B) {
	rec := trace.NewRecorder(0)
	for _, it := range flags.Flags(values(b, "flags", map[string]string{"count": "1000", "limit": "1"})) {
		rec.Set(it.Name, trace.Running, trace.NoWorker, "")
		rec.Set(it.Name, trace.Waiting, trace.NoWorker, "io")
		rec.Printf(it.Name, "%s 200 0.1s", it.Name)
		rec.Done(it.Name)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec.Trace()
	}
}
