package fetch

import (
	"fmt"

	"conclab/labs/sched"
)

// Sequential makes one request after another: each waits for the previous
// answer, so the total is the sum of all the delays.
func Sequential(t *sched.Task, items []Item, get Getter) []Outcome {
	out := make([]Outcome, len(items))
	for i, it := range items {
		out[i] = get(t, it)
	}
	return out
}

// Goroutines starts one goroutine per request and waits for all of them
// (sync.WaitGroup): every request is in flight at once, so the total is the
// slowest delay. Each goroutine writes only its own slot of out, so they
// share nothing and need no lock.
func Goroutines(t *sched.Task, items []Item, get Getter) []Outcome {
	out := make([]Outcome, len(items))
	tasks := make([]*sched.Task, len(items))
	for i, it := range items {
		tasks[i] = t.Go(it.Name, func(t *sched.Task) { out[i] = get(t, it) })
	}
	t.Wait(tasks...) // wg.Wait()
	return out
}

// Limited starts one goroutine per request but lets at most limit of them
// talk to the server at once. The semaphore is a buffered channel of
// capacity limit: a send takes a slot (and waits while all are taken), a
// receive gives it back.
func Limited(t *sched.Task, items []Item, limit int, get Getter) []Outcome {
	out := make([]Outcome, len(items))
	sem := sched.NewChan[struct{}]("semaphore", limit) // make(chan struct{}, limit)
	tasks := make([]*sched.Task, len(items))
	for i, it := range items {
		tasks[i] = t.Go(it.Name, func(t *sched.Task) {
			sem.Send(t, struct{}{}) // sem <- struct{}{}: take a slot
			out[i] = get(t, it)
			sem.Recv(t) // <-sem: give it back
		})
	}
	t.Wait(tasks...)
	return out
}

// Pool starts workers goroutines that pull requests from a channel until it
// is closed: a worker that finishes early takes the next request, so the
// work spreads by itself.
func Pool(t *sched.Task, items []Item, workers int, get Getter) []Outcome {
	out := make([]Outcome, len(items))
	jobs := sched.NewChan[int]("jobs", len(items))
	for i := range items {
		jobs.Send(t, i)
	}
	jobs.Close(t)
	pool := make([]*sched.Task, workers)
	for w := range pool {
		pool[w] = t.Go(fmt.Sprintf("worker %d", w+1), func(t *sched.Task) {
			for i, ok := jobs.Recv(t); ok; i, ok = jobs.Recv(t) { // for i := range jobs
				out[i] = get(t, items[i])
			}
		})
	}
	t.Wait(pool...)
	return out
}

// Chunks splits the requests into workers fixed chunks, one after the other
// in each chunk, like separate processes that each got a share of the list:
// the total is the slowest chunk, and a chunk that finishes early cannot help.
func Chunks(t *sched.Task, items []Item, workers int, get Getter) []Outcome {
	out := make([]Outcome, len(items))
	chunks := make([]*sched.Task, workers)
	for w := range chunks {
		lo, hi := w*len(items)/workers, (w+1)*len(items)/workers
		chunks[w] = t.Go(fmt.Sprintf("chunk %d", w+1), func(t *sched.Task) {
			for i := lo; i < hi; i++ {
				out[i] = get(t, items[i])
			}
		})
	}
	t.Wait(chunks...)
	return out
}

// Errgroup is golang.org/x/sync/errgroup with WithContext and SetLimit: at
// most limit requests at once (Go waits for a free slot before it starts a
// goroutine), and the first failure cancels the context, which makes the
// requests in flight give up and the ones not yet sent fail at once. Like
// g.Wait it returns the first error.
func Errgroup(t *sched.Task, items []Item, limit int, get func(*sched.Task, Item, *sched.Signal) Outcome) ([]Outcome, error) {
	out := make([]Outcome, len(items))
	ctx := &sched.Signal{}                         // ctx, cancel := context.WithCancel(...)
	sem := sched.NewChan[struct{}]("limit", limit) // g.SetLimit(limit)
	var first error
	tasks := make([]*sched.Task, len(items))
	for i, it := range items {
		sem.Send(t, struct{}{}) // g.Go waits here while limit goroutines run
		tasks[i] = t.Go(it.Name, func(t *sched.Task) {
			out[i] = get(t, it, ctx)
			if out[i].Failed() && first == nil { // errgroup guards this with a sync.Once
				first = fmt.Errorf("%s: %s", it.Name, out[i].Result)
				ctx.Fire(t) // cancel(): the first error cancels the rest
			}
			sem.Recv(t)
		})
	}
	t.Wait(tasks...) // err := g.Wait()
	return out, first
}
