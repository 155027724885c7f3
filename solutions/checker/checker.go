// Package checker is the exercise of the website-checker lab: ask 31 sites
// for their status at once, tally the answers, and give up cleanly.
//
// These are the lab's 31 sites (`conclab run checker`). Checked one after
// another, they take the sum of their answer times, 34.865 s; all at once,
// only as long as the slowest one, 2.8 s, which tallies {"200": 31}. But a checker must also give up cleanly: the
// first site that fails — it answers something other than 200, or takes
// longer than the timeout — makes Check stop every request still in flight
// and return that failure at that very instant.
//
// Goal: Check asks every site at once and returns the tally in the time of
// the slowest site; the first failure cancels the rest and is returned the
// moment it happens; each request gives up after timeout.
// golang.org/x/sync/errgroup and context do most of it.
//
// Change Check only. Check your work with `conclab check checker`; stuck?
// `conclab hint checker`.
package checker

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"conclab/exercises/kit"
)

// StatusOK and StatusTeapot are the answers a site gives: 200, or 418 I'm a
// teapot when it is broken.
const (
	StatusOK     = 200
	StatusTeapot = 418
)

// statusText names the answers, as http.StatusText does.
var statusText = map[int]string{StatusOK: "OK", StatusTeapot: "I'm a teapot"}

// Site is one website and how its server answers: with Status, after Delay.
type Site struct {
	Name   string
	Delay  time.Duration
	Status int
}

// Get asks site s for its status, as an HTTP GET with a context does: the
// answer comes after s.Delay, unless ctx is done first — then Get gives up
// at once and returns ctx's error. An answer other than 200 is an error too.
func Get(ctx context.Context, log *kit.Log, s Site) (int, error) {
	log.Wait(s.Name, "io")
	defer log.Done(s.Name)
	select {
	case <-log.After(s.Delay): // the answer came (time.After, on the log's clock)
	case <-ctx.Done(): // cancelled, or past its deadline
		log.Printf(s.Name, "%s: gave up (%v)", s.Name, ctx.Err())
		return 0, fmt.Errorf("%s: %w", s.Name, ctx.Err())
	}
	if s.Status != StatusOK {
		log.Printf(s.Name, "%s: %d %s", s.Name, s.Status, statusText[s.Status])
		return s.Status, fmt.Errorf("%s: %d %s", s.Name, s.Status, statusText[s.Status])
	}
	return s.Status, nil
}

// Check asks every site for its status and returns how many gave each
// answer ({"200": 31}). If a site fails (an error from Get), Check returns
// the first failure and no tally.
func Check(ctx context.Context, log *kit.Log, sites []Site, timeout time.Duration) (map[string]int, error) {
	// Answer, part 1: errgroup.WithContext returns a group and a context
	// derived from ctx. g.Go runs each request in a goroutine of its own,
	// so they all wait for their answers at once: the tally is ready when
	// the slowest site has answered. The first goroutine to return an error
	// cancels gctx; every Get that waits on it gives up at that instant,
	// and g.Wait returns that first error once they all have returned.
	g, gctx := errgroup.WithContext(ctx)

	// Answer, part 3: the goroutines count into one map, so a mutex guards
	// it (the race detector reports a map written by two goroutines).
	var mu sync.Mutex
	tally := make(map[string]int)
	for _, s := range sites {
		g.Go(func() error {
			// Answer, part 2: each request gets its own deadline, derived
			// from gctx so that the group's cancellation still reaches it.
			// cancel releases the deadline's timer as soon as Get returns.
			rctx, cancel := context.WithTimeout(gctx, timeout)
			defer cancel()
			status, err := Get(rctx, log, s)
			if err != nil {
				return err // cancels gctx: the other requests give up
			}
			mu.Lock()
			tally[strconv.Itoa(status)]++
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return tally, nil
}
