//go:build exercises

package shutdown

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// A scenario: a server's workers, the costs of the jobs queued at 0 s,
// when Shutdown is called, and when a late client tries to Submit.
type scenario struct {
	workers    int
	costs      []time.Duration
	shutdownAt time.Duration
	lateAt     time.Duration
}

func costs(msecs ...int) []time.Duration {
	var out []time.Duration
	for _, m := range msecs {
		out = append(out, time.Duration(m)*ms)
	}
	return out
}

var (
	twoWorkers   = scenario{2, costs(100, 60, 80, 40, 120, 30, 50, 70), 150 * ms, 200 * ms}
	threeWorkers = scenario{3, costs(100, 100, 100, 100, 100, 100, 100), 50 * ms, 60 * ms}
)

// drained is the model of the checks: the jobs are taken in order, each by
// the first worker free (list scheduling); it returns when each job is
// done, in the order of the jobs.
func drained(s scenario) []time.Duration {
	free := make([]time.Duration, s.workers) // when each worker is free
	var done []time.Duration
	for _, c := range s.costs {
		w := slices.Index(free, slices.Min(free))
		free[w] += c
		done = append(done, free[w])
	}
	return done
}

func TestDrainedModel(t *testing.T) {
	tests := []struct {
		s    scenario
		done []time.Duration
	}{
		// w1: 1 (0-100), 4 (100-140), 5 or 6...; worked out by hand: the last, job 8, at 290 ms.
		{twoWorkers, costs(100, 60, 140, 140, 260, 170, 220, 290)},
		{threeWorkers, costs(100, 100, 100, 200, 200, 200, 300)},
	}
	for _, tt := range tests {
		// At 140 ms both workers are free: either takes job 5, the times are the same.
		got := drained(tt.s)
		if !slices.Equal(got, tt.done) {
			t.Errorf("drained(%v) = %v, want %v", tt.s, got, tt.done) // guards the check itself
		}
	}
}

func TestShutdown(t *testing.T) {
	tests := []struct {
		name string
		s    scenario
	}{
		{"2 workers, 8 jobs, Shutdown at 0.15 s", twoWorkers},
		{"3 workers, 7 jobs of 0.1 s, Shutdown at 0.05 s", threeWorkers},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				s := Start(log, tt.s.workers, len(tt.s.costs))
				for i, c := range tt.s.costs {
					if err := s.Submit(Job{i + 1, c}); err != nil {
						t.Fatalf("Submit of job %d at 0 s returned %v, want nil: the queue has room for every job and "+
							"Shutdown has not begun — Submit is not yours to change", i+1, err)
					}
				}
				late := make(chan error, 1)
				go func() {
					log.Sleep("client", tt.s.lateAt)
					late <- s.Submit(Job{len(tt.s.costs) + 1, ms})
					log.Done("client")
				}()
				log.Sleep("main", tt.s.shutdownAt)
				log.Printf("main", "Shutdown()")
				returned := make(chan time.Duration, 1)
				go func() {
					s.Shutdown()
					returned <- log.Elapsed()
				}()
				// Shutdown should be done with the queue's last job; a
				// second later it never will be.
				giveUp := slices.Max(drained(tt.s)) + time.Second
				log.Wait("main", "Shutdown")
				select {
				case at := <-returned:
					log.Printf("main", "Shutdown returned")
					checkShutdown(t, log, tt.s, at, <-late)
				case <-log.After(giveUp - log.Elapsed()):
					checkHung(t, log, tt.s)
				}
			})
		})
	}
}

func checkShutdown(t *testing.T, log *kit.Log, s scenario, returned time.Duration, lateErr error) {
	t.Helper()
	want := drained(s)
	last := slices.Max(want)
	// Wait past the end of the drain, then look at what is still running.
	log.Sleep("main", max(last-log.Elapsed(), 0)+time.Second)
	gs := kittest.Leaks()
	doneAt := map[int][]time.Duration{}
	for _, l := range log.Lines("") {
		var id int
		if _, err := fmt.Sscanf(l.Text, "job %d done", &id); err == nil {
			doneAt[id] = append(doneAt[id], l.At)
		}
	}
	var lastDone time.Duration
	var never []string
	for id := 1; id <= len(s.costs); id++ {
		for _, at := range doneAt[id] {
			lastDone = max(lastDone, at)
		}
		if len(doneAt[id]) == 0 {
			never = append(never, fmt.Sprint(id))
		}
	}
	waiting := ""
	if len(gs) > 0 {
		waiting = fmt.Sprintf("; and after the last job, %d workers waited for more for ever (%s)", len(gs), alike(gs))
	}
	switch {
	case lateErr != nil && !errors.Is(lateErr, ErrClosed):
		t.Fatalf("a Submit at %s, after Shutdown began at %s, returned %v, want ErrClosed: Shutdown stops "+
			"accepting jobs", kit.Seconds(s.lateAt), kit.Seconds(s.shutdownAt), lateErr)
	case lateErr == nil:
		t.Fatalf("a Submit at %s, after Shutdown began at %s, was accepted, want ErrClosed: keep Shutdown's "+
			"s.closed = true, under s.mu", kit.Seconds(s.lateAt), kit.Seconds(s.shutdownAt))
	case len(never) > 0:
		t.Fatalf("Shutdown returned at %s, and jobs %s were accepted but never done%s, want every queued job "+
			"done before Shutdown returns (the last at %s) — let the workers empty the queue: close it, and their "+
			"range ends only once it is empty", kit.Seconds(returned), strings.Join(never, ", "), waiting,
			kit.Seconds(last))
	case returned < lastDone && len(gs) == 0:
		t.Fatalf("Shutdown returned at %s, while the workers were still at the queue: its last job was done at "+
			"%s, after Shutdown had returned, want it to return at %s, once every queued job is done — wait "+
			"for the workers (s.wg.Wait()) before returning", kit.Seconds(returned), kit.Seconds(lastDone),
			kit.Seconds(last))
	case returned < lastDone:
		t.Fatalf("Shutdown returned at %s, while the workers were still at the queue: its last job was done at "+
			"%s%s, want Shutdown to return at %s, once every queued job is done and every worker has ended — "+
			"close(s.jobs), so that the workers' range ends when the queue is empty, then s.wg.Wait()",
			kit.Seconds(returned), kit.Seconds(lastDone), waiting, kit.Seconds(last))
	case len(gs) > 0:
		t.Fatalf("when Shutdown had returned, at %s, %d goroutines were still running the server's code (%s), "+
			"want every worker ended: close the queue so that their range ends, and wait for them with s.wg.Wait()",
			kit.Seconds(returned), len(gs), alike(gs))
	case lastDone != last:
		t.Fatalf("the last queued job was done at %s, want %s: %d workers, each taking the next job the moment "+
			"it is free", kit.Seconds(lastDone), kit.Seconds(last), s.workers)
	case returned != last:
		t.Fatalf("Shutdown returned at %s, want %s, the moment the last queued job was done: wait for the "+
			"workers (s.wg.Wait()), nothing more", kit.Seconds(returned), kit.Seconds(last))
	}
	for id, ats := range doneAt {
		if len(ats) > 1 {
			t.Fatalf("job %d was done %d times, want once", id, len(ats))
		}
	}
}

// checkHung reports a Shutdown that never returned.
func checkHung(t *testing.T, log *kit.Log, s scenario) {
	t.Helper()
	gs := kittest.Leaks()
	var workers []kittest.Goroutine
	for _, g := range gs {
		if g.Func != "(*Server).Shutdown" {
			workers = append(workers, g)
		}
	}
	t.Fatalf("Shutdown, called at %s, had not returned at %s, a second after the last queued job was done (%s), "+
		"want it to return then — it waits for workers that wait for more jobs (%s): close(s.jobs) first, so "+
		"that their range ends once the queue is empty", kit.Seconds(s.shutdownAt), kit.Seconds(log.Elapsed()),
		kit.Seconds(slices.Max(drained(s))), alike(workers))
}

// alike lists goroutines, those alike once with their number.
func alike(gs []kittest.Goroutine) string {
	var out []string
	count := map[string]int{}
	for _, g := range gs {
		if count[g.String()]++; count[g.String()] == 1 {
			out = append(out, g.String())
		}
	}
	for i, g := range out {
		if n := count[g]; n > 1 {
			out[i] = fmt.Sprintf("%s × %d", g, n)
		}
	}
	return strings.Join(out, "; ")
}
