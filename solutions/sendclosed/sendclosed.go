// Package sendclosed is an exercise of the coroutines lab: a channel with
// several senders is closed once, after the last send of the last sender —
// not by a sender that is done while the others still send.
//
// "Sending to or closing a closed channel causes a run-time panic" (the Go
// spec), and close "should be executed only by the sender, never the
// receiver" (the builtin package's docs). With one sender that is easy: it
// closes after its last send. With several, a sender that is done does not
// know whether the others are: if it closes, the next send of another one
// panics, and in a real program that panic ends the whole program.
//
// Run starts two crawlers at once, each in a goroutine of its own, and
// they send the links they find on one channel: fast sends 3, one every
// 0.5 s; slow sends 2, one every 1.2 s. The saver (Run itself) ranges over
// the channel and saves each link as it comes — fast/1 at 0.5 s, fast/2 at
// 1 s, slow/1 at 1.2 s... — until the channel is closed: it should be
// closed at 2.4 s, right after slow's last send, and Run return then.
//
// As shipped, each crawler closes the channel when it has sent its links:
// fast closes it at 1.5 s, Run stops saving then, and slow's send at 2.4 s
// panics. (Send recovers that panic and prints it, only so that the check
// can tell you where it happened: leave it as it is.)
//
// Goal: save all 5 links, each the moment it is sent, and close the
// channel once, right after the last send — Run returns at 2.4 s.
//
// Change Crawl and Run only. Check your work with `conclab check
// sendclosed`; stuck? `conclab hint sendclosed`.
package sendclosed

import (
	"fmt"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Crawler finds Count links, one every Every.
type Crawler struct {
	Name  string
	Count int
	Every time.Duration
}

// Two are the goal's crawlers.
var Two = []Crawler{
	{"fast", 3, 500 * time.Millisecond},
	{"slow", 2, 1200 * time.Millisecond},
}

// Send sends link on out for task, and reports whether it could. A send on
// a closed channel panics: Send recovers that panic, prints it ("slow:
// panic: send on closed channel") and returns false, so that the check can
// say where it happened. In a real program nothing would recover it, and
// the panic would end the program.
func Send(log *kit.Log, task string, out chan<- string, link string) (sent bool) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf(task, "%s: panic: %v", task, r)
		}
	}()
	log.Wait(task, "chan")
	out <- link
	log.Run(task)
	return true
}

// Crawl sends c's links on out ("fast/1", "fast/2"...), one every c.Every.
func Crawl(log *kit.Log, c Crawler, out chan<- string) {
	defer log.Done(c.Name)
	for n := 1; n <= c.Count; n++ {
		log.Sleep(c.Name, c.Every) // finding the next link
		if !Send(log, c.Name, out, fmt.Sprintf("%s/%d", c.Name, n)) {
			return // the send panicked: this crawler stops
		}
	}
	// Answer, part 1: no close here. This crawler is done, but the others
	// may not be: a close now would make their next send panic.
}

// Run crawls with every crawler at once, saves each link as it comes
// ("saved fast/1"), and returns the links saved, once the channel is
// closed.
func Run(log *kit.Log, crawlers []Crawler) []string {
	links := make(chan string)
	var wg sync.WaitGroup
	for _, c := range crawlers {
		wg.Go(func() { Crawl(log, c, links) })
	}
	// Answer, part 2: the channel is closed once, by a goroutine that
	// waits for every crawler: when wg.Wait returns, every Crawl has
	// returned, so no send can come after the close. It runs beside the
	// range, which must keep receiving meanwhile (a send on an unbuffered
	// channel waits for its receiver: with Run itself in wg.Wait, no send
	// could end, nor any crawler). The range ends right after the last
	// link. Another way: the last crawler to finish closes, counted down
	// with an atomic counter (solutions/sendclosed/alt_last_closes/sendclosed.go).
	go func() {
		wg.Wait()
		close(links)
	}()
	var saved []string
	log.Wait("saver", "chan")
	for link := range links {
		log.Printf("saver", "saved %s", link)
		saved = append(saved, link)
	}
	log.Done("saver")
	return saved
}
