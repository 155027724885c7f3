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
	"sync/atomic"
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
//
// left counts the crawlers that are not done yet.
func Crawl(log *kit.Log, c Crawler, out chan<- string, left *atomic.Int32) {
	defer log.Done(c.Name)
	for n := 1; n <= c.Count; n++ {
		log.Sleep(c.Name, c.Every) // finding the next link
		if !Send(log, c.Name, out, fmt.Sprintf("%s/%d", c.Name, n)) {
			return // the send panicked: this crawler stops
		}
	}
	// Answer, part 1: the last crawler to be done closes. Each counts
	// itself out once it has sent its last link; Add returns the new
	// count, and only one crawler sees it reach 0: the last one, after
	// whose count every other crawler's sends had ended. So it is the
	// last sender, and it closes, once. (A plain int would be a data race,
	// and two crawlers could both see 0, or none.)
	if left.Add(-1) == 0 {
		close(out)
	}
}

// Run crawls with every crawler at once, saves each link as it comes
// ("saved fast/1"), and returns the links saved, once the channel is
// closed.
func Run(log *kit.Log, crawlers []Crawler) []string {
	links := make(chan string)
	// Answer, part 2: every crawler is counted in before any starts, so
	// none can count down to 0 while another has yet to start. The
	// solution instead closes in a goroutine that waits for them all
	// (solutions/sendclosed/sendclosed.go).
	var left atomic.Int32
	left.Store(int32(len(crawlers)))
	if len(crawlers) == 0 {
		close(links) // no crawler to close it
	}
	for _, c := range crawlers {
		go Crawl(log, c, links, &left)
	}
	var saved []string
	log.Wait("saver", "chan")
	for link := range links {
		log.Printf("saver", "saved %s", link)
		saved = append(saved, link)
	}
	log.Done("saver")
	return saved
}
