package checker

import (
	"conclab/labs/fetch"
	"conclab/labs/sched"
)

// RacyTally starts one goroutine per site, like Goroutines, but each one adds
// its answer straight to a shared map, with no lock. In the simulation the
// tasks never run at the same instant, so the tally comes out right. The
// same code in real Go is a data race (see CheckRacy below): it may come out
// right a thousand times and still be wrong.
func RacyTally(t *sched.Task, sites []fetch.Item, get fetch.Getter) map[string]int {
	tally := map[string]int{}
	tasks := make([]*sched.Task, len(sites))
	for i, site := range sites {
		tasks[i] = t.Go(site.Name, func(t *sched.Task) {
			o := get(t, site)
			tally[o.Result]++ // every goroutine writes the one map: a data race in real Go
		})
	}
	t.Wait(tasks...)
	return tally
}
