package styles

import (
	"time"

	"conclab/labs/sched"
)

// HTTP is a blocking HTTP client: requests in Python, net/http in Go. Get
// sends the request, then its socket waits for the answer on the calling
// thread. What that wait costs depends on who runs the thread: one thread
// of its own (sync) is stuck; CPython releases the GIL around the socket
// call, so other threads run; the Go runtime parks only the goroutine; and
// gevent's patch replaces the wait with a switch to its hub (see Hub).
type HTTP struct {
	web *Web
	// recv waits d for a socket's answer: a blocking call, until a patch replaces it.
	recv func(t *sched.Task, d time.Duration)
}

// NewHTTP returns a client whose socket calls block.
func NewHTTP(web *Web) *HTTP {
	return &HTTP{web: web, recv: (*sched.Task).Block}
}

// Get is requests.get(url).raise_for_status() (in Go: http.Get and a look
// at resp.StatusCode): it sends a GET for url, waits for the answer, and
// returns an *HTTPError when the status is not 200.
func (h *HTTP) Get(t *sched.Task, url string) error {
	site := h.web.Site(url)
	h.recv(t, site.Delay) // the socket waits for the answer
	if site.Status != StatusOK {
		return &HTTPError{URL: url, Status: site.Status}
	}
	return nil
}
