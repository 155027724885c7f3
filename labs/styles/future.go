package styles

import (
	"time"

	"conclab/labs/sched"
)

// Future is asyncio.Future in miniature: a result that is not there yet.
// Awaiting it gives the event loop back until the result is set; then the
// loop resumes the task, which gets the result or the error.
type Future struct {
	resp *Response
	err  error
	set  time.Duration // when the loop sets the result (the simulated network decides)
}

// Await is `await fut`: the task gives the loop back until the future is
// done, and returns its result or its error (Python raises the error).
func (f *Future) Await(t *sched.Task) (*Response, error) {
	if wait := f.set - t.Now(); wait > 0 {
		t.Sleep(wait) // the loop runs other tasks; the future's callback wakes this one
	}
	return f.resp, f.err
}

// Session is an aiohttp ClientSession in miniature.
type Session struct {
	web *Web
}

// NewSession returns a session on web.
func NewSession(web *Web) *Session { return &Session{web: web} }

// Get sends a GET for url and returns at once a Future for the response;
// the future fails with an *HTTPError when the status is not 200 (as with
// ClientSession(raise_for_status=True)).
func (s *Session) Get(t *sched.Task, url string) *Future {
	site := s.web.Site(url)
	f := &Future{resp: &Response{URL: url, Code: site.Status}, set: t.Now() + site.Delay}
	if site.Status != StatusOK {
		f.err = &HTTPError{URL: url, Status: site.Status}
	}
	return f
}

// CreateTask is asyncio.create_task(coro): it wraps the coroutine fn in a
// Task and schedules its first step on the loop; the caller goes on.
func CreateTask(t *sched.Task, name string, fn func(*sched.Task)) *sched.Task {
	return t.Go(name, fn)
}

// Gather is `await asyncio.gather(*tasks)`: the caller gives the loop back
// until every task is done.
func Gather(t *sched.Task, tasks ...*sched.Task) {
	t.Wait(tasks...)
}
