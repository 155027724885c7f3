package styles

import (
	"slices"
	"time"

	"conclab/labs/sched"
)

// Deferred is Twisted's Deferred in miniature: a result that is not there
// yet, and a chain of (callback, errback) pairs to run when it comes. The
// zero value is a Deferred that has not fired, with an empty chain.
//
// The result goes down the chain one pair at a time: the pair's callback
// gets it when it is a value, the pair's errback when it is an error (a
// Failure in Twisted). What the function returns is the next pair's input:
// a callback that returns an error switches the chain to the errbacks; an
// errback that returns a value handles the error and switches it back.
type Deferred struct {
	chain  []pair
	result any
	fired  bool
}

type pair struct {
	callback func(result any) any
	errback  func(err error) any
}

// AddCallbacks appends a (callback, errback) pair to the chain. If the
// Deferred has fired already, the chain goes on at once.
func (d *Deferred) AddCallbacks(callback func(any) any, errback func(error) any) *Deferred {
	d.chain = append(d.chain, pair{callback, errback})
	if d.fired {
		d.runCallbacks()
	}
	return d
}

// AddCallback appends a callback; an error passes it by.
func (d *Deferred) AddCallback(callback func(any) any) *Deferred {
	return d.AddCallbacks(callback, func(err error) any { return err })
}

// AddErrback appends an errback; a value passes it by.
func (d *Deferred) AddErrback(errback func(error) any) *Deferred {
	return d.AddCallbacks(func(result any) any { return result }, errback)
}

// AddBoth appends fn as both the callback and the errback.
func (d *Deferred) AddBoth(fn func(any) any) *Deferred {
	return d.AddCallbacks(fn, func(err error) any { return fn(err) })
}

// Callback fires the Deferred with result (an error takes the errback
// side). A Deferred fires once: a second call panics, as Twisted raises
// AlreadyCalledError.
func (d *Deferred) Callback(result any) {
	if d.fired {
		panic("styles: AlreadyCalledError: the Deferred has fired already")
	}
	d.fired, d.result = true, result
	d.runCallbacks()
}

// Errback fires the Deferred with an error.
func (d *Deferred) Errback(err error) { d.Callback(err) }

// runCallbacks passes the result down the pairs that are left.
func (d *Deferred) runCallbacks() {
	for len(d.chain) > 0 {
		p := d.chain[0]
		d.chain = d.chain[1:]
		if err, failed := d.result.(error); failed {
			d.result = p.errback(err)
		} else {
			d.result = p.callback(d.result)
		}
	}
}

// DeferredList returns a Deferred that fires when every one of ds has
// fired, with their results in order (defer.DeferredList). It adds a pair
// to each of ds: the callbacks added before it run first.
func DeferredList(ds []*Deferred) *Deferred {
	all := &Deferred{}
	results := make([]any, len(ds))
	left := len(ds)
	for i, d := range ds {
		d.AddBoth(func(result any) any {
			results[i] = result
			if left--; left == 0 {
				all.Callback(results)
			}
			return result
		})
	}
	if len(ds) == 0 {
		all.Callback(results)
	}
	return all
}

// Reactor is Twisted's reactor in miniature: one thread runs one loop.
// GetPage sends a request and returns its Deferred at once; Run waits
// (select) for the first answer to arrive and fires that request's
// Deferred, so every callback and errback runs right there, in the loop,
// one after another, on the reactor's thread.
type Reactor struct {
	t        *sched.Task // the thread the reactor runs on
	web      *Web
	inFlight []request // requests sent, in the order they were sent
	running  bool
}

// request is a request in flight: its Deferred, and when its answer arrives.
type request struct {
	d       *Deferred
	resp    *Response
	arrives time.Duration
}

// NewReactor returns a reactor that will run on t's thread.
func NewReactor(t *sched.Task, web *Web) *Reactor {
	return &Reactor{t: t, web: web}
}

// GetPage sends a GET for url and returns a Deferred that fires with the
// *Response, whatever its status: the chain reads the code (as callbacks on
// treq.get's Deferred read response.code).
func (r *Reactor) GetPage(url string) *Deferred {
	site := r.web.Site(url)
	d := &Deferred{}
	r.inFlight = append(r.inFlight, request{d, &Response{URL: url, Code: site.Status}, r.t.Now() + site.Delay})
	return d
}

// Run is reactor.run(): until Stop, wait for the next answer and fire its
// Deferred. (A real reactor waits for more work when none is left; this one
// returns.)
func (r *Reactor) Run() {
	r.running = true
	for r.running && len(r.inFlight) > 0 {
		next := 0 // the first answer to arrive; the first sent on a tie
		for i, req := range r.inFlight {
			if req.arrives < r.inFlight[next].arrives {
				next = i
			}
		}
		req := r.inFlight[next]
		r.inFlight = slices.Delete(r.inFlight, next, next+1)
		if wait := req.arrives - r.t.Now(); wait > 0 {
			r.t.Sleep(wait) // select(): the thread sleeps until a socket has data
		}
		req.d.Callback(req.resp)
	}
}

// Stop is reactor.stop(): Run returns once the callbacks running now are done.
func (r *Reactor) Stop() { r.running = false }
