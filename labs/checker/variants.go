package checker

import (
	"time"

	"conclab/labs/flags/fetch"
	"conclab/labs/sched"
)

// RacyTally starts one goroutine per site, like Goroutines, but each one adds
// its answer straight to a shared map with no lock: tally[code]++. That is
// three steps, a read, an add and a write, and here they are written out
// (the lab calls it on `cores` workers, goroutines running in parallel).
// Two goroutines that answer close together can both read the same count
// and both write it plus one: one update is lost. In real Go the add takes
// nanoseconds, so the race rarely loses anything — it is still a race (see
// CheckRacy below); here it takes `update`, so it shows.
func RacyTally(t *sched.Task, sites []fetch.Item, get fetch.Getter, update time.Duration) map[string]int {
	tally := map[string]int{}
	tasks := make([]*sched.Task, len(sites))
	for i, site := range sites {
		tasks[i] = t.Go(site.Name, func(t *sched.Task) {
			code := get(t, site).Result
			// tally[code]++, a data race in real Go, step by step:
			n := tally[code]    // read the count
			t.Compute(update)   // add one: another goroutine may read the same count meanwhile
			tally[code] = n + 1 // write it back, over whatever was written since the read
			t.Printf("%s: tally[%s] = %d", site.Name, code, n+1)
		})
	}
	t.Wait(tasks...)
	return tally
}
