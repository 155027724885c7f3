// Package addbefore is an exercise of the countdown lab: a
// sync.WaitGroup's Add must come before its Wait. "Calls with a positive
// delta that occur when the counter is zero must happen before a Wait",
// say the sync package's docs: so count a goroutine in before the go
// statement that starts it, not inside the goroutine.
//
// Run uploads files at once, each in a goroutine of its own, and returns
// once all of them are sent. So as not to flood the link, the uploads are
// staggered: each first waits for its turn (File.Start), then sends for
// File.Took. For these three — a.zip at 0.5 s for 1 s, b.zip at 1 s for
// 2 s, c.zip at 1.5 s for 0.5 s — Run should return at 3 s, when b.zip is
// sent.
//
// As shipped, Upload counts itself in (wg.Add(1)) once its turn comes. By
// then Run's wg.Wait() has long returned: at 0 s, with nothing counted.
// In real code, whether a goroutine's Add runs before Wait is up to the
// scheduler — a race; here every upload waits for its turn before its Add,
// so the race is lost every time. go vet (its waitgroup analyzer, Go 1.25)
// and staticcheck (SA2000) report a wg.Add that is the first statement of
// a `go func() {...}()`; neither looks into a function the goroutine calls,
// as here.
//
// Goal: Run returns once every upload is sent — 3 s for these three, not
// 0 s — after every "sent" line.
//
// Change Run and Upload. Check your work with `conclab check addbefore`;
// stuck? `conclab hint addbefore`.
package addbefore

import (
	"sync"
	"time"

	"conclab/exercises/kit"
)

// File is a file to upload: its name, when its turn comes, and how long
// sending it takes.
type File struct {
	Name        string
	Start, Took time.Duration
}

// Three are the goal's files.
var Three = []File{
	{"a.zip", 500 * time.Millisecond, time.Second},
	{"b.zip", time.Second, 2 * time.Second},
	{"c.zip", 1500 * time.Millisecond, 500 * time.Millisecond},
}

// Upload waits for f's turn, then sends f and prints "a.zip: sent".
func Upload(log *kit.Log, f File) {
	// Answer, part 2: Upload no longer knows about the WaitGroup at all:
	// wg.Go counts it in and out.
	log.Sleep(f.Name, f.Start) // wait for its turn
	log.Wait(f.Name, "io")
	<-log.After(f.Took) // sending (time.After, on the Log's clock)
	log.Printf(f.Name, "%s: sent", f.Name)
	log.Done(f.Name)
}

// Run uploads every file, each in a goroutine of its own, and prints "all
// sent" once all of them are.
func Run(log *kit.Log, files []File) {
	// Answer, part 1: wg.Go(f) (Go 1.25) calls wg.Add(1), then starts f in
	// a new goroutine and calls wg.Done() when f returns: the count goes up
	// in Run, before the goroutine exists, so Wait cannot miss it. The
	// solution spells the same with wg.Add(1) before the go statement.
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Go(func() { Upload(log, f) }) // f is per iteration since Go 1.22
	}
	log.Wait("main", "join")
	wg.Wait()
	log.Run("main")
	log.Printf("main", "all sent")
	log.Done("main")
}
