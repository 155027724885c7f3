// Package flags is the exercise of the flags lab: download the flags of the
// 20 most populous countries from a slow server.
//
// Each download waits 0.5 s for the server. One after another, the 20 take
// 10 s; with a goroutine each, 0.5 s. A polite client — and a server that
// turns away too many connections — keeps at most `limit` downloads in
// flight: 5 at once take 2 s, 3 at once 3.5 s.
//
// Goal: Download gets every flag with at most limit downloads in flight,
// and starts the next one the moment one ends (not batch after batch, which
// waits for the slowest of each batch). Many goroutines then put flags into
// one map: that needs a lock, or the race detector will say so.
//
// Change Download only. Check your work with `conclab check flags`; stuck?
// `conclab hint flags`.
package flags

import (
	"time"

	"conclab/exercises/kit"
)

// Top20 are the country codes of the 20 most populous countries.
var Top20 = []string{"CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP",
	"MX", "PH", "VN", "ET", "EG", "DE", "IR", "TR", "CD", "FR"}

// Server stands for the slow flag server: every answer takes Delay, except
// for the codes in Slower, which take as long as it says.
type Server struct {
	Delay  time.Duration
	Slower map[string]time.Duration
}

// Image is the flag of country code, as the server sends it.
func Image(code string) []byte { return []byte("GIF89a flag of " + code) }

// Get downloads the flag of country code. The wait stands for an HTTP GET:
// the goroutine that calls Get waits for the server's answer, and only it.
func Get(log *kit.Log, s Server, code string) []byte {
	delay, ok := s.Slower[code]
	if !ok {
		delay = s.Delay
	}
	log.Wait(code, "io")
	<-log.After(delay) // time.After(delay), on the log's clock
	log.Done(code)
	return Image(code)
}

// Download gets the flags of codes, at most limit at once, and returns them
// by code.
func Download(log *kit.Log, s Server, codes []string, limit int) map[string][]byte {
	// TODO: download each flag in a goroutine of its own, but let at most
	// limit of them call Get at once: a goroutine takes a slot before Get
	// and gives it back after (a buffered channel of capacity limit), or
	// use errgroup.Group with SetLimit(limit) (golang.org/x/sync/errgroup).
	// TODO: return only when every download is done, and guard the map:
	// goroutines must not write to it at the same time (sync.Mutex).
	flags := make(map[string][]byte, len(codes))
	for _, code := range codes {
		flags[code] = Get(log, s, code)
	}
	return flags
}
