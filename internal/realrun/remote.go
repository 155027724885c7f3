package realrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"conclab/labs"
)

// serverBanner is how a conclab serve's index page (GET /) begins: what
// CheckServer looks for.
const serverBanner = "conclab slow server\n"

// FactServer is the fact a real run against a running conclab serve adds
// (Options.Server): the server's URL.
const FactServer = "server"

// ProbeTimeout bounds CheckServer's request.
const ProbeTimeout = 5 * time.Second

// CheckServer makes sure that raw is the address of a running conclab serve
// (http://HOST:PORT, no path) and returns it in its canonical form
// (http://HOST:PORT, without a trailing slash). The error is one line: the
// address is not a URL of that form, nothing answers there, or what
// answers is not a conclab serve.
func CheckServer(ctx context.Context, raw string) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.Scheme == "":
		return "", fmt.Errorf("server %q is not a URL like http://192.168.1.10:8001 (the address conclab serve prints)", raw)
	case u.Scheme != "http":
		return "", fmt.Errorf("server %q: conclab serve speaks http, not %s (e.g. http://%s)", raw, u.Scheme, u.Host)
	case strings.TrimSuffix(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return "", fmt.Errorf("server %q: give the server's address alone, http://%s, without a path, query or user", raw, u.Host)
	}
	if _, port, err := net.SplitHostPort(u.Host); err != nil || port == "" {
		return "", fmt.Errorf("server %q: say the port, e.g. http://%s:8001 (conclab serve's default)", raw, strings.TrimSuffix(u.Host, ":"))
	}
	base := "http://" + u.Host
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/", nil)
	if err != nil {
		return "", fmt.Errorf("server %s: %v", base, err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		var ne net.Error
		switch {
		case errors.As(err, &ne) && ne.Timeout():
			return "", fmt.Errorf("server %s did not answer within %s: is conclab serve running there, and reachable from here?", base, ProbeTimeout)
		case errors.Is(err, context.Canceled):
			return "", err
		}
		return "", fmt.Errorf("cannot reach server %s (%s): is conclab serve running there, with --addr 0.0.0.0:PORT for other machines?", base, shortNetError(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), serverBanner) {
		return "", fmt.Errorf("server %s answers, but it is not a conclab serve (GET / gave %s, not conclab's slow server page)", base, resp.Status)
	}
	return base, nil
}

// shortNetError is the last part of a dial error: "connection refused",
// "no such host".
func shortNetError(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// remote is a conclab serve that was running before the run (Options.Server),
// shared with other clients: the run neither starts nor stops it, and
// counts its own requests itself (Transport), as the server's counts are
// every client's.
type remote struct {
	url                       string
	requests, inFlight, maxIn atomic.Int64
}

var _ labs.Server = (*remote)(nil)

func (r *remote) URL() string { return r.url }

// Warm asks the server for path once, at once (?delay=0s), so that it
// draws a flag's picture before the run is measured.
func (r *remote) Warm(path string) {
	ctx, cancel := context.WithTimeout(context.Background(), ProbeTimeout)
	defer cancel()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url+path+sep+"delay=0s", nil)
	if err != nil {
		return
	}
	req.Close = true // no idle connection left behind to a server shared with others
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return // the run's own request will say what is wrong
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func (r *remote) ResetStats() {
	r.requests.Store(0)
	r.maxIn.Store(r.inFlight.Load())
}

func (r *remote) Stats() labs.ServerStats {
	return labs.ServerStats{Requests: r.requests.Load(), InFlight: r.inFlight.Load(), MaxInFlight: r.maxIn.Load()}
}

// Close does nothing: the server is not the run's to stop.
func (r *remote) Close(context.Context) error { return nil }

// Transport returns rt counting this client's requests for Stats: one is in
// flight from the moment it is sent until its answer's body is closed (or
// it failed).
func (r *remote) Transport(rt http.RoundTripper) http.RoundTripper {
	return countingTransport{r: r, base: rt}
}

type countingTransport struct {
	r    *remote
	base http.RoundTripper
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := t.r
	r.requests.Add(1)
	n := r.inFlight.Add(1)
	for {
		m := r.maxIn.Load()
		if n <= m || r.maxIn.CompareAndSwap(m, n) {
			break
		}
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		r.inFlight.Add(-1)
		return resp, err
	}
	resp.Body = &countedBody{ReadCloser: resp.Body, r: r}
	return resp, nil
}

type countedBody struct {
	io.ReadCloser
	r      *remote
	closed atomic.Bool
}

func (b *countedBody) Close() error {
	if b.closed.CompareAndSwap(false, true) {
		b.r.inFlight.Add(-1)
	}
	return b.ReadCloser.Close()
}
