// Package ratelimit is an exercise of the flags lab: at most N requests a
// second, and as many as that allows — a ticker keeps the beat.
//
// The flag server takes at most 5 requests a second: one every 0.2 s, no
// two closer than that. Fetch asks it for 10 flags. Sent one every 0.2 s,
// the requests go at 0.2 s, 0.4 s... 2 s (or at 0 s, 0.2 s... 1.8 s, if
// the first goes at once): a time.Ticker of 0.2 s gives that beat, a tick
// every 0.2 s whatever the code does between two ticks. log.Ticker(d) is
// time.NewTicker(d) on the Log's clock.
//
// As shipped, Fetch sends each request as soon as the one before has been
// answered: with a server that answers in 0.05 s, 20 requests a second,
// four times too many. A sleep of 0.2 s after each answer is too slow
// instead: it adds each request's own time to the beat. And when an answer
// takes longer than 0.2 s, requests sent one after another cannot keep the
// beat at all, ticker or not.
//
// Goal: the requests go exactly one every 1/perSecond s — 0.2 s for 5 a
// second — whether the server answers in 0.05 s or in 0.5 s, and Fetch
// returns once the last answer is in.
//
// Change Fetch only. Check your work with `conclab check ratelimit`;
// stuck? `conclab hint ratelimit`.
package ratelimit

import (
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Ten are the country codes of the 10 most populous countries.
var Ten = []string{"CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP"}

// Server is the flag server: it answers every request after Delay.
type Server struct {
	Delay time.Duration
}

// Get asks the server for the flag of country code: it prints "GET CN" as
// it sends the request, then waits s.Delay for the answer.
func Get(log *kit.Log, s Server, code string) {
	log.Printf(code, "GET %s", code)
	log.Wait(code, "io")
	<-log.After(s.Delay) // time.After(s.Delay), on the Log's clock
	log.Done(code)
}

// Fetch gets the flag of every code, sending at most perSecond requests a
// second — one every time.Second / perSecond — and returns once every
// answer is in.
func Fetch(log *kit.Log, s Server, codes []string, perSecond int) {
	// Answer: one ticker, shared. Every request has a goroutine of its own
	// from the start, and each takes a tick from the ticker's channel
	// before it sends: a channel gives each value to one receiver only, so
	// the requests go one per tick, one interval apart, in no fixed order.
	// A slow answer holds up nobody but its own goroutine. The solution
	// starts each goroutine at its tick instead
	// (solutions/ratelimit/ratelimit.go).
	tick := log.Ticker(time.Second / time.Duration(perSecond))
	defer tick.Stop()
	var wg sync.WaitGroup
	for _, code := range codes {
		wg.Go(func() {
			log.Wait(code, "tick")
			<-tick.C
			Get(log, s, code)
		})
	}
	wg.Wait()
}
