package realweb

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"conclab/internal/slowserver"
	"conclab/labs/flags/fetch"
	"conclab/labs/trace"
)

// TestMain checks that no test leaves a goroutine behind (a request, a
// server connection).
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// flagPath is the flags lab's path of an item (flags.FlagPath, which
// imports this package), for the two-letter codes of these tests.
func flagPath(it fetch.Item) string { return "/flags/" + strings.ToLower(it.Name) + ".gif" }

func TestURL(t *testing.T) {
	c := &Client{Base: "http://127.0.0.1:8001", Path: flagPath}
	tests := []struct {
		it   fetch.Item
		want string
	}{
		{fetch.Item{Name: "BR", Delay: 100 * time.Millisecond, Status: 200}, "http://127.0.0.1:8001/flags/br.gif?delay=100ms&status=200"},
		{fetch.Item{Name: "CN", Delay: 1500 * time.Millisecond, Status: 418}, "http://127.0.0.1:8001/flags/cn.gif?delay=1.5s&status=418"},
		{fetch.Item{Name: "AV", Delay: 0, Status: 503}, "http://127.0.0.1:8001/flags/av.gif?delay=0s&status=503"},
		{fetch.Item{Name: "IN", Delay: 250 * time.Microsecond, Status: 200}, "http://127.0.0.1:8001/flags/in.gif?delay=250%C2%B5s&status=200"},
	}
	for _, tt := range tests {
		if got := c.URL(tt.it); got != tt.want {
			t.Errorf("URL(%v) = %v, want %v", tt.it, got, tt.want)
		}
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
	c := &Client{HTTP: &http.Client{Transport: &http.Transport{}}, Base: srv.URL, Path: flagPath, Timeout: timeout, Rec: trace.NewRecorder(0)}
	t.Cleanup(c.HTTP.CloseIdleConnections)
	return c
}

// TestGetWithoutATransport: a Client whose http.Client has no Transport
// sends through http.DefaultTransport, as http.Client.Do would.
func TestGetWithoutATransport(t *testing.T) {
	srv := startServer(t)
	t.Cleanup(http.DefaultTransport.(*http.Transport).CloseIdleConnections)
	rec := trace.NewRecorder(0)
	c := &Client{HTTP: &http.Client{}, Base: srv.URL, Path: flagPath, Rec: rec}
	it := fetch.Item{Name: "BR", Delay: 10 * time.Millisecond, Status: 418}
	if got := c.Get(context.Background(), "BR", it); got.Result != "418" {
		t.Errorf("Get(%v) = %v, want the result 418", it, got)
	}
	if got := srv.Stats().Requests; got != 1 {
		t.Errorf("the server saw %v requests, want %v", got, 1)
	}
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

// lines are outcomes as "AA 200", for comparing.
func lines(outs []fetch.Outcome) string {
	s := make([]string, len(outs))
	for i, o := range outs {
		s[i] = o.Item.Name + " " + o.Result
	}
	return strings.Join(s, ", ")
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
	if got, want := lines(outs), "AA cancelled, BB 418, CC cancelled"; got != want {
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
	if got, want := lines(outs), "AA 200, BB timeout"; got != want {
		t.Errorf("Goroutines with a 100ms timeout = %q, want %q", got, want)
	}
	drained(t, srv)
}

func TestAtMost(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{MaxItems, ""},
		{MaxItems + 1, "count = 2001 is too many for a real run over loopback (allowed: 1..2000)"},
	}
	for _, tt := range tests {
		got := ""
		if err := AtMost("count", tt.n); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("AtMost(count, %d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestSource: the source a learner reads is the policy, then Client.Get.
func TestSource(t *testing.T) {
	src := Source("Limited")
	if !strings.HasPrefix(src, "// Limited starts one goroutine per request") || !strings.Contains(src, "func (c *Client) Get(") ||
		strings.Contains(src, "func (c *Client) Lane(") {
		t.Errorf("Source(Limited) =\n%s\nwant Limited's doc and code, then Get's, and not Lane", src)
	}
}
