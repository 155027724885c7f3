package realrun

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"conclab/internal/labtest"
	"conclab/internal/slowserver"
	"conclab/labs"
	"conclab/labs/flags"
	"conclab/labs/flags/fetch"
	"conclab/labs/trace"
)

// TestMain checks that no test leaves a goroutine behind (a request, a
// server connection, a child's reader). A test binary started with ChildEnv
// never gets here: init runs the child instead.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// values resolves sets for lab or fails the test.
func values(t testing.TB, lab string, sets map[string]string) labs.Values {
	t.Helper()
	l, err := labs.Get(lab)
	if err != nil {
		t.Fatal(err)
	}
	return labtest.Resolve(t, l, sets)
}

// runReal runs a real variant to its end or fails the test.
func runReal(t *testing.T, lab, name string, sets map[string]string) labs.Result {
	t.Helper()
	v, err := Lookup(lab, name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Start(context.Background(), v, values(t, lab, sets), Options{})
	if err != nil {
		t.Fatalf("Start(%s/%s, %v): %v", lab, name, sets, err)
	}
	res, err := r.Wait()
	if err != nil {
		t.Fatalf("%s/%s %v: %v", lab, name, sets, err)
	}
	return res
}

// TestConcurrencyAtServer counts, at the server, how many requests each
// policy has in flight at once: 1 one after another, the limit for the
// limited ones, all of them for a goroutine each. It also checks that the
// tally and the number of output lines are the prediction's.
func TestConcurrencyAtServer(t *testing.T) {
	tests := []struct {
		lab, variant string
		sets         map[string]string
		wantMax      int64
	}{
		{"flags", "sequential", map[string]string{"count": "4", "limit": "1", "delay": "50ms"}, 1},
		{"flags", "goroutines", map[string]string{"count": "20", "delay": "400ms"}, 20},
		{"flags", "limited", map[string]string{"count": "12", "limit": "3", "delay": "150ms"}, 3},
		{"flags", "errgroup", map[string]string{"count": "12", "limit": "4", "delay": "150ms"}, 4},
		{"checker", "sequential", map[string]string{"sites": "4", "min_latency": "50ms", "max_latency": "50ms"}, 1},
		{"checker", "chunks", map[string]string{"sites": "9", "workers": "3", "min_latency": "150ms", "max_latency": "150ms"}, 3},
		{"checker", "pool", map[string]string{"sites": "9", "workers": "3", "min_latency": "150ms", "max_latency": "150ms"}, 3},
		{"checker", "goroutines", map[string]string{"sites": "15", "min_latency": "400ms", "max_latency": "400ms"}, 15},
		{"checker", "limited", map[string]string{"sites": "9", "workers": "2", "min_latency": "150ms", "max_latency": "150ms"}, 2},
		{"checker", "errgroup", map[string]string{"sites": "9", "workers": "2", "min_latency": "150ms", "max_latency": "150ms"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.lab+"/"+tt.variant, func(t *testing.T) {
			t.Parallel()
			res := runReal(t, tt.lab, tt.variant, tt.sets)
			if got := res.Facts[FactMaxInFlight]; got != tt.wantMax {
				t.Errorf("max_in_flight(%s %v) = %v, want %d", tt.variant, tt.sets, got, tt.wantMax)
			}
			v, _ := Lookup(tt.lab, tt.variant)
			pred, err := Predict(v, values(t, tt.lab, tt.sets))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := res.Facts["tally"], pred.Facts["tally"]; !maps.Equal(got.(map[string]int), want.(map[string]int)) {
				t.Errorf("tally(%s) = %v, want the prediction's %v", tt.variant, got, want)
			}
			if got, want := res.Facts[FactRequests], int64(len(pred.Trace.Output)); got != want {
				t.Errorf("requests(%s) = %v, want %d", tt.variant, got, want)
			}
			if got, want := len(res.Trace.Output), len(pred.Trace.Output); got != want {
				t.Errorf("output lines(%s) = %d, want %d", tt.variant, got, want)
			}
			if got, want := res.Facts[FactPredicted], seconds(pred.Trace.Total); got != want {
				t.Errorf("predicted_seconds(%s) = %v, want %v", tt.variant, got, want)
			}
			wellFormed(t, res.Trace)
		})
	}
}

// results maps each output line "CN 418 0.05s" to its item and result.
func results(tr *trace.Trace) map[string]string {
	out := map[string]string{}
	for _, l := range tr.Output {
		f := strings.Fields(l.Text)
		if len(f) == 3 {
			out[f[0]] = f[1]
		}
	}
	return out
}

// TestTallyMatchesTheDraws: every flag the virtual server would fail gets
// its 418 from the real one, and no other.
func TestTallyMatchesTheDraws(t *testing.T) {
	sets := map[string]string{"count": "20", "delay": "30ms", "jitter": "40ms", "error_rate": "0.3", "seed": "5"}
	res := runReal(t, "flags", "goroutines", sets)
	got := results(res.Trace)
	teapots := 0
	for _, it := range flags.Flags(values(t, "flags", sets)) {
		want := fmt.Sprint(it.Status)
		if it.Status == fetch.StatusTeapot {
			teapots++
		}
		if got[it.Name] != want {
			t.Errorf("%s = %q, want %q (drawn delay %v)", it.Name, got[it.Name], want, it.Delay)
		}
	}
	if teapots == 0 || teapots == 20 {
		t.Fatalf("seed 5 draws %d teapots out of 20; pick a seed with some of each", teapots)
	}
	if tally := res.Facts["tally"].(map[string]int); tally["418"] != teapots || tally["200"] != 20-teapots {
		t.Errorf("tally = %v, want 418: %d and 200: %d", tally, teapots, 20-teapots)
	}
}

// startServer starts a slow server for a test and stops it at the end.
func startServer(t *testing.T) *slowserver.Running {
	t.Helper()
	srv, err := slowserver.Start("127.0.0.1:0", slowserver.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(context.Background()) })
	return srv
}

// newClient is a client of srv recording into a fresh Recorder.
func newClient(t *testing.T, srv *slowserver.Running, timeout time.Duration) *Client {
	c := &Client{HTTP: &http.Client{Transport: &http.Transport{}}, Base: srv.URL, Path: FlagPath, Timeout: timeout, Rec: trace.NewRecorder(0)}
	t.Cleanup(c.HTTP.CloseIdleConnections)
	return c
}

// drained waits until the server has no request in flight: the only way a
// request of an hour can be gone is that the client gave up on it and the
// server saw that. The deadline is a safety net, not a measurement.
func drained(t *testing.T, srv *slowserver.Running) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for srv.Stats().InFlight > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the server still has %d request(s) in flight: the client did not give up on them", srv.Stats().InFlight)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// strings of outcomes, for comparing.
func lines(outs []fetch.Outcome) []string {
	s := make([]string, len(outs))
	for i, o := range outs {
		s[i] = o.Item.Name + " " + o.Result
	}
	return s
}

func TestErrgroupCancelsTheRequestsInFlight(t *testing.T) {
	srv := startServer(t)
	c := newClient(t, srv, 0)
	items := []fetch.Item{{Name: "AA", Delay: time.Hour, Status: 200}, {Name: "BB", Delay: 20 * time.Millisecond, Status: 418},
		{Name: "CC", Delay: time.Hour, Status: 200}}
	outs, err := Errgroup(context.Background(), c, items, 2)
	if err == nil || err.Error() != "BB: 418" {
		t.Errorf("Errgroup error = %v, want BB: 418", err)
	}
	want := []string{"AA cancelled", "BB 418", "CC cancelled"}
	if got := lines(outs); !slicesEqual(got, want) {
		t.Errorf("Errgroup outcomes = %q, want %q", got, want)
	}
	if outs[2].Elapsed != 0 {
		t.Errorf("CC was sent (elapsed %v); a request after the cancellation must not be", outs[2].Elapsed)
	}
	drained(t, srv)
	if st := srv.Stats(); st.Requests != 2 {
		t.Errorf("server requests = %d, want 2 (CC never sent)", st.Requests)
	}
}

func TestTimeoutGivesUp(t *testing.T) {
	srv := startServer(t)
	c := newClient(t, srv, 100*time.Millisecond)
	items := []fetch.Item{{Name: "AA", Delay: 0, Status: 200}, {Name: "BB", Delay: time.Hour, Status: 200}}
	outs := Goroutines(context.Background(), c, items)
	if got, want := lines(outs), []string{"AA 200", "BB timeout"}; !slicesEqual(got, want) {
		t.Errorf("Goroutines with a 100ms timeout = %q, want %q", got, want)
	}
	drained(t, srv)
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// TestRealErrgroupSaysItGaveUp: a real errgroup that cancelled work says so,
// as its virtual twin does (see labs.Result.Incomplete). With one request at
// a time and every answer a 418, CN's cancels the three not yet sent.
func TestRealErrgroupSaysItGaveUp(t *testing.T) {
	sets := map[string]string{"count": "4", "limit": "1", "delay": "20ms", "error_rate": "1"}
	res := runReal(t, "flags", "errgroup", sets)
	if got, want := res.Incomplete, "gave up after a 418 (CN): cancelled 3 of 4"; got != want {
		t.Errorf("real errgroup Incomplete = %q, want %q", got, want)
	}
	v, _ := Lookup("flags", "errgroup")
	pred, err := Predict(v, values(t, "flags", sets))
	if err != nil {
		t.Fatal(err)
	}
	if pred.Incomplete != res.Incomplete {
		t.Errorf("virtual errgroup Incomplete = %q, want the real run's %q", pred.Incomplete, res.Incomplete)
	}
}
