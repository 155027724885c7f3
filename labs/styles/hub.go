package styles

import (
	"time"

	"conclab/labs/sched"
)

// Hub is gevent's hub in miniature: one thread runs an event loop and every
// greenlet. A greenlet runs until it would wait; then it switches to the
// hub, which runs the next greenlet that is ready and switches back when the
// first one's socket has its answer. Nothing preempts a greenlet: a call
// that blocks without switching holds the hub's only thread.
//
// The simulation runs the hub on the Cooperative model of labs/sched (one
// worker, run until you yield): a switch to the hub is t.Sleep, a call the
// patch missed is t.Block.
type Hub struct{}

// PatchAll is gevent.monkey.patch_all() for the client http: from now on
// its socket waits switch to the hub instead of blocking. A client the
// patch cannot reach (a C library such as pycurl does its own socket calls)
// keeps blocking.
func (h *Hub) PatchAll(http *HTTP) {
	http.recv = h.wait
}

// wait is the patched socket wait: the greenlet switches to the hub, and
// the hub switches back when the answer is there, d later.
func (h *Hub) wait(t *sched.Task, d time.Duration) {
	t.Sleep(d)
}

// Spawn is gevent.spawn(fn): it creates a greenlet and schedules it to run
// when the hub next gets the thread (Greenlet.start: loop.run_callback).
func (h *Hub) Spawn(t *sched.Task, name string, fn func(*sched.Task)) *sched.Task {
	return t.Go(name, fn)
}

// JoinAll is gevent.joinall(greenlets): the caller switches to the hub until
// every greenlet has finished.
func (h *Hub) JoinAll(t *sched.Task, greenlets ...*sched.Task) {
	t.Wait(greenlets...)
}
