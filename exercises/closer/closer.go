// Package closer is an exercise of the coroutines lab: who closes a
// channel that several goroutines send on?
//
// Closing a channel tells its receivers that no more values will come: a
// `for r := range ch` loop ends once the channel is closed and empty. Only
// a sender knows that it has sent its last value, so the sender closes, and
// only once: closing a closed channel panics, and so does a send on a
// closed channel. With several senders, none of them can close on its own —
// the others may still send — so something that knows when all of them are
// done closes: a goroutine that waits for them (a sync.WaitGroup), then
// closes, once.
//
// Collect reads three sensors at once, each in a goroutine of its own: temp
// sends 3 readings, one every 1 s; wind 2, one every 1.5 s; rain 4, one
// every 0.7 s. Collect prints each reading as it comes — rain #1 at 0.7 s,
// temp #1 at 1 s, rain #2 at 1.4 s... — and returns them all once the last
// sensor is done, at 3 s.
//
// As shipped, Collect waits for every sensor before it reads anything: the
// channel needs room for every reading (without it the sensors block on a
// full channel, Collect waits for them, and nothing moves: a deadlock), and
// every reading is printed at 3 s.
//
// Goal: print each reading the moment it is sent; return every reading, at
// the moment the last sensor is done.
//
// Change Collect only. Check your work with `conclab check closer`; stuck?
// `conclab hint closer`.
package closer

import (
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Sensor sends Count readings, one every Every.
type Sensor struct {
	Name  string
	Count int
	Every time.Duration
}

// Three are the goal's sensors.
var Three = []Sensor{
	{"temp", 3, time.Second},
	{"wind", 2, 1500 * time.Millisecond},
	{"rain", 4, 700 * time.Millisecond},
}

// Reading is reading number N (from 1) of a sensor.
type Reading struct {
	Sensor string
	N      int
}

// Read sends s's readings on out, one every s.Every. It does not close out:
// other sensors may send on it too.
func Read(log *kit.Log, s Sensor, out chan<- Reading) {
	for n := 1; n <= s.Count; n++ {
		log.Sleep(s.Name, s.Every)
		log.Wait(s.Name, "chan")
		out <- Reading{s.Name, n}
	}
	log.Done(s.Name)
}

// Collect reads every sensor at once, prints each reading as it comes
// ("rain #1"), and returns them all, in the order they came, once every
// sensor is done.
func Collect(log *kit.Log, sensors []Sensor) []Reading {
	total := 0
	for _, s := range sensors {
		total += s.Count
	}
	// TODO: read the readings as they come: range over the channel here,
	// while another goroutine waits for the sensors and then closes the
	// channel, once. Then it needs no room for every reading.
	readings := make(chan Reading, total) // room for every reading
	var wg sync.WaitGroup
	for _, s := range sensors {
		wg.Go(func() { Read(log, s, readings) })
	}
	wg.Wait()
	close(readings)
	var got []Reading
	for r := range readings {
		log.Printf("main", "%s #%d", r.Sensor, r.N)
		got = append(got, r)
	}
	log.Done("main")
	return got
}
