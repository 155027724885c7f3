package slowserver_test

import (
	"bytes"
	"context"
	"image/gif"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"conclab/internal/slowserver"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

func TestRoutes(t *testing.T) {
	s := slowserver.New(slowserver.Config{})
	tests := []struct {
		target string
		status int
		ctype  string
	}{
		{"/flags/br.gif", 200, "image/gif"},
		{"/flags/BR.gif", 404, ""},
		{"/flags/bra.gif", 404, ""},
		{"/flags/br.png", 404, ""},
		{"/flags/br/br.gif", 200, "image/gif"}, // Fluent Python's flags clients: BASE_URL + '/{cc}/{cc}.gif'
		{"/flags/br/us.gif", 404, ""},
		{"/flags/BR/BR.gif", 404, ""},
		{"/flags/br/br.png", 404, ""},
		{"/sites/17", 200, "text/html; charset=utf-8"},
		{"/sites/-1", 404, ""},
		{"/sites/x", 404, ""},
		{"/", 200, "text/plain; charset=utf-8"},
		{"/flags/br.gif?status=418", 418, ""},
		{"/flags/br.gif?delay=-1s", 400, ""},
		{"/flags/br.gif?delay=soon", 400, ""},
		{"/flags/br.gif?status=99", 400, ""},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.target)
		if rec.Code != tt.status {
			t.Errorf("GET %s = %d, want %d", tt.target, rec.Code, tt.status)
		}
		if tt.ctype != "" {
			assert.Equal(t, tt.ctype, rec.Header().Get("Content-Type"), tt.target)
		}
	}
	st := s.Stats()
	assert.Equal(t, int64(len(tests)), st.Requests)
	assert.Equal(t, int64(12), st.Errors)
}

// TestBookPathIsTheFlag: /flags/<cc>/<cc>.gif is the picture of
// /flags/<cc>.gif, with its status (the draws, of the error and of the
// jitter alike, are made for the flag's path, not for the way it is written).
func TestBookPathIsTheFlag(t *testing.T) {
	s := slowserver.New(slowserver.Config{ErrorRate: 0.5, Seed: 7})
	fails := 0
	for _, cc := range []string{"cn", "in", "us", "id", "br", "pk", "ng", "bd", "ru", "jp"} {
		short, book := get(t, s, "/flags/"+cc+".gif"), get(t, s, "/flags/"+cc+"/"+cc+".gif")
		if book.Code != short.Code || !bytes.Equal(book.Body.Bytes(), short.Body.Bytes()) {
			t.Errorf("GET /flags/%s/%s.gif = %d, %d bytes; want as /flags/%s.gif: %d, %d bytes", cc, cc, book.Code, book.Body.Len(), cc, short.Code, short.Body.Len())
		}
		if short.Code == http.StatusTeapot {
			fails++
			assert.Contains(t, book.Body.String(), "/flags/"+cc+".gif is one of them")
		}
	}
	if fails == 0 || fails == 10 {
		t.Errorf("%d of 10 flags failed at error rate 0.5: the check compares nothing", fails)
	}
}

func TestFlagsAreRealGIFs(t *testing.T) {
	a := slowserver.FlagGIF("br")
	img, err := gif.Decode(bytes.NewReader(a))
	require.NoError(t, err)
	assert.Equal(t, 60, img.Bounds().Dx())
	assert.Equal(t, a, slowserver.FlagGIF("br"), "the same code gives the same picture")
	assert.NotEqual(t, a, slowserver.FlagGIF("cn"))
}

func TestDrawsAreReproducible(t *testing.T) {
	cfg := slowserver.Config{Delay: 500 * time.Millisecond, Jitter: time.Second, ErrorRate: 0.25, Seed: 7}
	a, b := slowserver.New(cfg), slowserver.New(cfg)
	other := slowserver.New(slowserver.Config{Delay: 500 * time.Millisecond, Jitter: time.Second, ErrorRate: 0.25, Seed: 8})
	fails, differ := 0, 0
	for i := range 400 {
		p := "/sites/" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		assert.Equal(t, a.PathDelay(p), b.PathDelay(p))
		assert.Equal(t, a.PathFails(p), b.PathFails(p))
		d := a.PathDelay(p)
		assert.True(t, d >= 500*time.Millisecond && d < 1500*time.Millisecond, "delay %v out of range", d)
		if a.PathFails(p) {
			fails++
		}
		if a.PathDelay(p) != other.PathDelay(p) {
			differ++
		}
	}
	assert.InDelta(t, 100, fails, 35, "about a quarter of the paths fail")
	assert.Greater(t, differ, 390, "another seed draws other delays")
}

func TestValidate(t *testing.T) {
	tests := []struct {
		cfg  slowserver.Config
		want string
	}{
		{slowserver.Config{Delay: -time.Second}, "delay -1s is out of range (allowed: 0s..1h)"},
		{slowserver.Config{Jitter: 2 * time.Hour}, "jitter 2h0m0s is out of range (allowed: 0s..1h)"},
		{slowserver.Config{ErrorRate: 2}, "error rate 2 is out of range (allowed: 0..1)"},
		{slowserver.Config{MaxDelay: 2 * time.Hour}, "max delay 2h0m0s is out of range (allowed: 0s..1h)"},
		{slowserver.Config{IdleTimeout: time.Minute}, "idle timeout 1m0s is out of range (allowed: 0s..30s)"},
		{slowserver.Config{MaxConns: -1}, "max conns -1 is out of range (allowed: 0..100000)"},
	}
	for _, tt := range tests {
		err := tt.cfg.Validate()
		if err == nil || err.Error() != tt.want {
			t.Errorf("Validate(%+v) = %v, want %v", tt.cfg, err, tt.want)
		}
	}
	assert.NoError(t, slowserver.Config{Delay: time.Second, ErrorRate: 1}.Validate())
}

// TestConcurrencyAndCancellation holds n slow requests open at once over
// loopback, checks the server saw them all in flight, then cancels them: no
// wall-clock assertion, only counts.
func TestConcurrencyAndCancellation(t *testing.T) {
	var log bytes.Buffer
	var logMu sync.Mutex
	run, err := slowserver.Start("127.0.0.1:0", slowserver.Config{Log: lockedWriter{&logMu, &log}})
	require.NoError(t, err)
	defer run.Close(context.Background())
	require.True(t, strings.HasPrefix(run.URL, "http://127.0.0.1:"))

	const n = 50
	ctx, cancel := context.WithCancel(context.Background())
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 0, MaxIdleConnsPerHost: n}}
	defer client.CloseIdleConnections()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, run.URL+"/sites/"+string(rune('0'+i%10))+"?delay=1h", nil)
			resp, err := client.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			errs <- err
		})
	}
	require.Eventually(t, func() bool { return run.Stats().InFlight == n }, 20*time.Second, 5*time.Millisecond)
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.ErrorIs(t, err, context.Canceled)
	}
	require.Eventually(t, func() bool { return run.Stats().InFlight == 0 }, 20*time.Second, 5*time.Millisecond)
	assert.Equal(t, int64(n), run.Stats().MaxInFlight)
	require.NoError(t, run.Close(context.Background()))
	logMu.Lock()
	defer logMu.Unlock()
	assert.Equal(t, n, strings.Count(log.String(), "GET /sites/"), "one log line per request")
	assert.Contains(t, log.String(), "in-flight=")
}

func TestRealFetchOverLoopback(t *testing.T) {
	run, err := slowserver.Start("127.0.0.1:0", slowserver.Config{ErrorRate: 1})
	require.NoError(t, err)
	defer run.Close(context.Background())
	resp, err := http.Get(run.URL + "/flags/cn.gif")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusTeapot, resp.StatusCode)
	assert.Contains(t, string(body), "I'm a teapot")
	http.DefaultClient.CloseIdleConnections()
}

func TestStartRefusesABadAddress(t *testing.T) {
	_, err := slowserver.Start("127.0.0.1:99999", slowserver.Config{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listen on 127.0.0.1:99999")
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestQueryOverridesThePathsDraws(t *testing.T) {
	s := slowserver.New(slowserver.Config{Delay: time.Hour, ErrorRate: 1})
	tests := []struct {
		target string
		status int
	}{
		{"/flags/br.gif?delay=0s", http.StatusTeapot},
		{"/flags/br.gif?delay=0s&status=200", http.StatusOK},
		{"/sites/3?delay=1ms&status=503", http.StatusServiceUnavailable},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // a safety net: an hour's delay would be a bug
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.target, nil).WithContext(ctx))
		cancel()
		if rec.Code != tt.status || rec.Body.Len() == 0 {
			t.Errorf("GET %s = %d with %d bytes, want %d with a body", tt.target, rec.Code, rec.Body.Len(), tt.status)
		}
	}
}

func TestPathDelayWithoutJitterIsTheDelay(t *testing.T) {
	s := slowserver.New(slowserver.Config{Delay: 300 * time.Millisecond, Seed: 9})
	for _, p := range []string{"/flags/br.gif", "/sites/0", "/sites/12"} {
		if got := s.PathDelay(p); got != 300*time.Millisecond {
			t.Errorf("PathDelay(%v) = %v, want %v", p, got, 300*time.Millisecond)
		}
	}
}

func TestFlagGIFIsSafeForConcurrentUse(t *testing.T) {
	codes := []string{"qa", "qb", "qc"}
	got := make([][][]byte, 8)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			for _, cc := range codes {
				got[g] = append(got[g], slowserver.FlagGIF(cc))
			}
		})
	}
	wg.Wait()
	for g := range got {
		for i, cc := range codes {
			if !bytes.Equal(got[g][i], got[0][i]) {
				t.Errorf("FlagGIF(%v) in goroutine %d differs from goroutine 0's", cc, g)
			}
		}
	}
}

// Paths that differ only in their last characters (/sites/1, /sites/2, ...,
// /flags/aa.gif, /flags/ab.gif, ...) still fail at about the error rate, for
// any seed.
func TestErrorRateHoldsForNeighbouringPaths(t *testing.T) {
	for _, seed := range []uint64{0, 1, 7, 42} {
		s := slowserver.New(slowserver.Config{ErrorRate: 0.25, Seed: seed})
		sites, flags := 0, 0
		for n := range 676 {
			if s.PathFails("/sites/" + strconv.Itoa(n)) {
				sites++
			}
			if s.PathFails("/flags/" + string(rune('a'+n/26)) + string(rune('a'+n%26)) + ".gif") {
				flags++
			}
		}
		for what, got := range map[string]int{"/sites/<n>": sites, "/flags/<cc>.gif": flags} {
			if got < 130 || got > 210 {
				t.Errorf("seed %d: %d of 676 %s fail, want about 169 (a quarter)", seed, got, what)
			}
		}
	}
}
