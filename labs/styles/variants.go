package styles

import "conclab/labs/sched"

// check fetches url and prints whether it answered: straight-line code,
// with the error handled right where the call returns.
//
//	def check(url, get=requests.get):
//	    try:
//	        get(url).raise_for_status()
//	        print(url, "OK")
//	    except requests.HTTPError:
//	        print(url, "Bad")
func check(t *sched.Task, get func(*sched.Task, string) error, url string) {
	if err := get(t, url); err != nil {
		t.Printf("%s Bad", url)
		return
	}
	t.Printf("%s OK", url)
}

// Sync checks the sites one after another on one thread. Get is a
// blocking call: the thread waits for each answer, so the waits add up.
//
//	for url in urls:
//	    check(url)
func Sync(t *sched.Task, http *HTTP, sites []Site) {
	for _, s := range sites {
		check(t, http.Get, s.URL)
	}
}

// Threads starts a thread per site and joins them. Each thread makes the
// same blocking call, and CPython releases the GIL while a socket waits,
// so the waits overlap.
//
//	threads = [threading.Thread(target=check, args=(url,)) for url in urls]
//	for th in threads:
//	    th.start()
//	for th in threads:
//	    th.join()
func Threads(t *sched.Task, http *HTTP, sites []Site) {
	var threads []*sched.Task
	for _, s := range sites {
		threads = append(threads, t.Go(s.Name, func(t *sched.Task) { check(t, http.Get, s.URL) }))
	}
	for _, th := range threads {
		t.Wait(th) // th.join()
	}
}

// Callbacks is the Twisted version. GetPage returns a Deferred at once; what
// happens when the answer comes is a chain of callbacks attached to it.
// checkStatus turns a 500 into an error, which sends the rest of the chain
// down the errbacks. Every callback runs in the reactor's loop, on one thread.
//
//	def ok(response, url): print(url, "OK")
//	def bad(failure, url): print(url, "Bad")
//
//	ds = []
//	for url in urls:
//	    d = treq.get(url)
//	    d.addCallback(check_status)
//	    d.addCallbacks(ok, bad, callbackArgs=(url,), errbackArgs=(url,))
//	    ds.append(d)
//	DeferredList(ds).addBoth(lambda _: reactor.stop())
//	reactor.run()
func Callbacks(t *sched.Task, reactor *Reactor, sites []Site) {
	var ds []*Deferred
	for _, s := range sites {
		d := reactor.GetPage(s.URL)
		d.AddCallback(checkStatus)
		d.AddCallbacks(func(any) any {
			t.Printf("%s OK", s.URL)
			return nil
		}, func(error) any {
			t.Printf("%s Bad", s.URL)
			return nil // the error is handled: the chain goes on with callbacks
		})
		ds = append(ds, d)
	}
	DeferredList(ds).AddBoth(func(any) any {
		reactor.Stop()
		return nil
	})
	reactor.Run()
}

// checkStatus is a callback: it passes a 200 on and turns any other status
// into an error.
func checkStatus(result any) any {
	resp := result.(*Response)
	if resp.Code != StatusOK {
		return &HTTPError{URL: resp.URL, Status: resp.Code}
	}
	return resp
}

// Green is the gevent version: the threads program with greenlets instead
// of threads, and patch_all first. The patch makes the socket wait inside
// Get switch to the hub, so one thread serves every greenlet; check is the
// very function Sync calls.
//
//	from gevent import monkey; monkey.patch_all()
//	jobs = [gevent.spawn(check, url) for url in urls]
//	gevent.joinall(jobs)
func Green(t *sched.Task, hub *Hub, http *HTTP, sites []Site) {
	hub.PatchAll(http)
	var jobs []*sched.Task
	for _, s := range sites {
		jobs = append(jobs, hub.Spawn(t, s.Name, func(t *sched.Task) { check(t, http.Get, s.URL) }))
	}
	hub.JoinAll(t, jobs...)
}

// GreenUnpatched is Green with one site fetched through a C library
// (pycurl, which wraps libcurl): its socket calls are made in C, where
// patch_all cannot reach them, so while it waits it holds the hub's only
// thread and no other greenlet runs.
//
//	jobs = [gevent.spawn(check, url, curl_get if url == unpatched else requests.get)
//	        for url in urls]
func GreenUnpatched(t *sched.Task, hub *Hub, http, curl *HTTP, sites []Site, unpatched string) {
	hub.PatchAll(http)
	var jobs []*sched.Task
	for _, s := range sites {
		get := http.Get
		if s.Name == unpatched {
			get = curl.Get // C code: the patch cannot reach its socket calls
		}
		jobs = append(jobs, hub.Spawn(t, s.Name, func(t *sched.Task) { check(t, get, s.URL) }))
	}
	hub.JoinAll(t, jobs...)
}

// AsyncAwait is the asyncio version: checkAsync is a coroutine that awaits
// the answer (a Future) instead of blocking on it; create_task schedules one
// per site and gather waits for them all. Each await gives the loop back, so
// one thread serves every task.
//
//	async def main():
//	    async with aiohttp.ClientSession(raise_for_status=True) as session:
//	        tasks = [asyncio.create_task(check(session, url)) for url in urls]
//	        await asyncio.gather(*tasks)
func AsyncAwait(t *sched.Task, session *Session, sites []Site) {
	var tasks []*sched.Task
	for _, s := range sites {
		tasks = append(tasks, CreateTask(t, s.Name, func(t *sched.Task) { checkAsync(t, session, s.URL) }))
	}
	Gather(t, tasks...)
}

// checkAsync is check as a coroutine: the same straight lines, with the
// wait written as an await.
//
//	async def check(session, url):
//	    try:
//	        async with session.get(url):
//	            print(url, "OK")
//	    except aiohttp.ClientResponseError:
//	        print(url, "Bad")
func checkAsync(t *sched.Task, session *Session, url string) {
	if _, err := session.Get(t, url).Await(t); err != nil {
		t.Printf("%s Bad", url)
		return
	}
	t.Printf("%s OK", url)
}

// Goroutines is the Go version: a goroutine per site and a WaitGroup. It
// is the threads program, and check is the same function: Get still
// blocks, but the Go runtime parks only the goroutine that waits (the
// netpoller wakes it when its socket is ready).
func Goroutines(t *sched.Task, http *HTTP, sites []Site) {
	var wg []*sched.Task // a sync.WaitGroup: one wg.Go per site
	for _, s := range sites {
		wg = append(wg, t.Go(s.Name, func(t *sched.Task) { check(t, http.Get, s.URL) }))
	}
	t.Wait(wg...) // wg.Wait()
}
