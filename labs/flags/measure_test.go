package flags

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

	"conclab/internal/realrun/realtest"
	"conclab/internal/slowserver"
	"conclab/labs/flags/fetch"
	"conclab/labs/flags/realweb"
	"conclab/labs/trace"
)

// The measurements of the real runs. They take real time and load the
// machine, so they run only when asked:
//
//	CONCLAB_MEASURE=1 go test -run Measure -v ./labs/flags
//
// They log figures and assert nothing about speed.

func measuring(t *testing.T) {
	if testing.Short() || os.Getenv("CONCLAB_MEASURE") == "" {
		t.Skip("a measurement: CONCLAB_MEASURE=1 go test -run Measure -v ./labs/flags")
	}
}

// measureServer starts a slow server and a client of it with room for
// 1000 kept-alive connections, both stopped at the end of the test.
func measureServer(t *testing.T) (*slowserver.Running, *realweb.Client) {
	t.Helper()
	srv, err := slowserver.Start("127.0.0.1:0", slowserver.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(context.Background()) })
	c := &realweb.Client{HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1000}}, Base: srv.URL, Path: FlagPath,
		Rec: trace.NewRecorder(0)}
	t.Cleanup(c.HTTP.CloseIdleConnections)
	return srv, c
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
		res := realtest.Run(t, Lab(), "goroutines", map[string]string{"count": n, "limit": "1", "delay": "100ms"})
		t.Logf("real goroutines variant, %s x 100ms: measured %s s, ideal 0.1 s, ratio %.2fx; server saw %v at once",
			n, trace.Seconds(res.Trace.Total), res.Trace.Total.Seconds()/0.1, res.Facts[realweb.FactMaxInFlight])
	}

	srv, c := measureServer(t)
	items := Flags(realtest.Values(t, Lab(), map[string]string{"count": "1000", "limit": "1", "delay": "100ms"}))
	for _, it := range items {
		srv.Warm(FlagPath(it))
	}
	for _, pass := range []string{"new", "kept-alive"} {
		start := time.Now()
		realweb.Goroutines(context.Background(), c, items)
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
	res := realtest.Run(t, Lab(), "sequential", map[string]string{"count": "50", "limit": "1", "delay": "100ms"})
	t.Logf("sequential, 50 x 100ms: measured %s, sum 5 s, ratio %.3fx", trace.Seconds(res.Trace.Total), res.Trace.Total.Seconds()/5)
}

// TestMeasureServerMemory holds 1000 slow requests in flight at the server
// (client and server in this one process) and samples the memory at the
// peak, against a baseline taken before.
func TestMeasureServerMemory(t *testing.T) {
	measuring(t)
	srv, c := measureServer(t)
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	items := make([]fetch.Item, 1000)
	for i := range items {
		items[i] = fetch.Item{Name: fmt.Sprintf("X%d", i+21), Delay: 3 * time.Second, Status: 200}
	}
	var wg sync.WaitGroup
	wg.Go(func() { realweb.Goroutines(context.Background(), c, items) })
	for deadline := time.Now().Add(20 * time.Second); srv.Stats().InFlight < 1000; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("1000 requests not in flight within 20s")
		}
	}
	var peak runtime.MemStats
	runtime.ReadMemStats(&peak)
	goroutines := runtime.NumGoroutine()
	wg.Wait()
	mb := func(b uint64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }
	t.Logf("1000 slow requests in flight (client and server in one process): HeapInuse %s -> %s (%.1f KB per request), Sys %s -> %s, %d goroutines",
		mb(before.HeapInuse), mb(peak.HeapInuse), float64(peak.HeapInuse-before.HeapInuse)/1000/1024, mb(before.Sys), mb(peak.Sys), goroutines)
}
