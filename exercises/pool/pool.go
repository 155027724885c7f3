// Package pool is an exercise of the website-checker lab: ask many sites
// for their status, but never more than n at a time.
//
// The 31 sites of Hosted live on one shared host, and each answers after
// 1 s. One after another they take 31 s. A goroutine each takes 1 s, but
// opens 31 connections at once, and the host allows 4. With at most 4
// requests in flight, each new one starting the moment another ends, the
// sites go in ceil(31 / 4) = 8 rounds: 8 s.
//
// Three ways keep n requests in flight, and any of them will do: a pool of
// n worker goroutines that take the sites from a channel; a goroutine per
// site that first takes one of n slots of a semaphore (a buffered channel);
// or errgroup.Group with SetLimit(n) (golang.org/x/sync/errgroup).
//
// Goal: Check asks every site and returns their statuses in the order of
// sites, with exactly n requests in flight as long as a site is still
// waiting to be asked (never more, and no slot left idle meanwhile: not in
// batches, which wait for the slowest of each batch, nor in fixed chunks of
// sites, whose early finishers sit idle). Each goroutine writes only its own
// element of the result slice, so no lock is needed.
//
// Change Check only. Check your work with `conclab check pool`; stuck?
// `conclab hint pool`.
package pool

import (
	"fmt"
	"time"

	"conclab/exercises/kit"
)

// Site is one website and how its server answers: with Status, after Delay.
type Site struct {
	Name   string
	Delay  time.Duration
	Status int
}

// Hosted are the 31 sites of the shared host: each answers after 1 s; a
// few of them with something other than 200.
var Hosted = hosted()

func hosted() []Site {
	sites := make([]Site, 31)
	for i := range sites {
		status := 200
		switch i + 1 {
		case 7, 19:
			status = 404
		case 26:
			status = 503
		}
		sites[i] = Site{Name: fmt.Sprintf("site-%02d", i+1), Delay: time.Second, Status: status}
	}
	return sites
}

// Get asks site s for its status. The wait stands for an HTTP GET: the
// goroutine that calls Get waits for the server's answer, and only it.
func Get(log *kit.Log, s Site) int {
	log.Wait(s.Name, "io")
	<-log.After(s.Delay) // time.After(s.Delay), on the log's clock
	log.Done(s.Name)
	return s.Status
}

// Check asks every site for its status, at most n at a time, and returns
// the statuses in the order of sites.
func Check(log *kit.Log, sites []Site, n int) []int {
	// TODO: ask the sites concurrently, with exactly n requests in flight
	// while sites are left: n workers ranging over a channel of sites (or
	// their indexes), a semaphore (make(chan struct{}, n)) taken before
	// Get and given back after, or errgroup.Group with SetLimit(n).
	// TODO: return only once every request is done (sync.WaitGroup, or the
	// errgroup's Wait).
	statuses := make([]int, len(sites))
	for i, s := range sites {
		statuses[i] = Get(log, s)
	}
	return statuses
}
