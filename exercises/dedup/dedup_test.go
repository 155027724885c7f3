//go:build exercises

package dedup

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/sync/singleflight"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/labs/trace"
)

// The checks run your TestGet three ways, each in a process of its own
// (kittest.Subject): on cache.go's Cache, and on two correct caches.
var subjects = map[string]func(*testing.T){
	"buggy":        subject(func(load Loader) Getter { return New(load) }),
	"inflight":     subject(newInflight),
	"singleflight": subject(newFlight),
}

func TestMain(m *testing.M) {
	kittest.Subjects(subjects)
	os.Exit(m.Run())
}

// inflight is a correct cache: the first Get of a code puts a call in the
// map before it loads, under the same lock as the look-up, and the Gets
// that find the call wait for it to be done.
type inflight struct {
	load  Loader
	mu    sync.Mutex
	calls map[string]*call
}

type call struct {
	done chan struct{} // closed once img is there
	img  []byte
}

func newInflight(load Loader) Getter { return &inflight{load: load, calls: map[string]*call{}} }

func (c *inflight) Get(code string) []byte {
	c.mu.Lock()
	if cl, ok := c.calls[code]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.img
	}
	cl := &call{done: make(chan struct{})}
	c.calls[code] = cl
	c.mu.Unlock()
	cl.img = c.load(code)
	close(cl.done)
	return cl.img
}

// flight is a correct cache built on singleflight: Gets of a code that
// meet while its load is under way share that load, and the load looks in
// the cache again first, for a Get that missed the cache just as the load
// before it ended.
type flight struct {
	load Loader
	g    singleflight.Group
	mu   sync.Mutex
	done map[string][]byte
}

func newFlight(load Loader) Getter { return &flight{load: load, done: map[string][]byte{}} }

func (c *flight) cached(code string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	img, ok := c.done[code]
	return img, ok
}

func (c *flight) Get(code string) []byte {
	if img, ok := c.cached(code); ok {
		return img
	}
	v, _, _ := c.g.Do(code, func() (any, error) {
		if img, ok := c.cached(code); ok {
			return img, nil
		}
		img := c.load(code)
		c.mu.Lock()
		c.done[code] = img
		c.mu.Unlock()
		return img, nil
	})
	return v.([]byte)
}

func TestGetModel(t *testing.T) {
	tests := []struct {
		name  string
		make  func(Loader) Getter
		loads int32
	}{
		{"cache.go's Cache", func(load Loader) Getter { return New(load) }, 2},
		{"inflight", newInflight, 1},
		{"singleflight", newFlight, 1},
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			var loads atomic.Int32
			c := tt.make(func(code string) []byte {
				loads.Add(1)
				time.Sleep(time.Second)
				return []byte("flag of " + code)
			})
			start := time.Now()
			var wg sync.WaitGroup
			for range 2 {
				wg.Go(func() {
					if got := string(c.Get("CN")); got != "flag of CN" || time.Since(start) != time.Second {
						t.Errorf("%s: Get(CN) = %q at %v, want %q at 1s", tt.name, got, time.Since(start), "flag of CN")
					}
				})
			}
			wg.Wait()
			if got := string(c.Get("CN")); got != "flag of CN" || loads.Load() != tt.loads {
				t.Errorf("%s: two Gets at once, then one more, loaded %d times, want %d", tt.name, loads.Load(), tt.loads) // guards the check itself
			}
		})
	}
}

// runs is how many times the checks run your test on each cache: a test
// that catches the bug only sometimes is flaky.
const runs = 3

// buggy is cache.go's Cache: your test runs on it once, for every check
// that needs it.
var buggy = &kittest.SubjectOnce{Name: "buggy", Runs: runs}

func TestYourTest(t *testing.T) {
	kittest.Judge{Buggy: buggy, MustFail: mustFail, MustPass: mustPass, NotCaught: func(what string) string {
		return fmt.Sprintf("your test passes on %s, want it to fail on cache.go's Cache too, by itself, every run, and it "+
			"does not: a test that does not fail there cannot tell a correct cache from one that loads twice — see the first check", what)
	}}.Check(t, "fails on cache.go's Cache, which loads a flag twice when two Gets come at once", []kittest.Correct{
		{Check: "tells cache.go's Cache from a correct cache that waits for the load in flight", Subject: "inflight",
			What: "a correct cache (the first Get of a flag leaves a call in the map, and the Gets that find it wait for its load)"},
		{Check: "tells cache.go's Cache from a correct cache built on singleflight", Subject: "singleflight",
			What: "a correct cache built on golang.org/x/sync/singleflight"},
	})
}

// outsideMark is what a subject prints when your test made its cache
// outside a synctest bubble.
const outsideMark = "conclab: newCache was called outside a synctest bubble"

// mustFail says what is wrong with how your test went on cache.go's Cache,
// where it must fail, every time, by itself: "" when nothing is.
func mustFail(o kittest.Outcome) string {
	const on = "on cache.go's Cache"
	switch {
	case o.TimedOut:
		return fmt.Sprintf("your test ran for %s of real time %s and was stopped, want it to fail at once: does it "+
			"wait for something that never happens? Inside synctest.Test, time.Sleep takes no real time", kittest.SubjectLimit, on)
	case strings.Contains(o.Output, outsideMark):
		return outside
	case o.Race:
		return "your test made the race detector report a data race " + on + ", want it to fail by itself (t.Errorf): " +
			"two goroutines wrote one variable at once — your count of the Loader's calls? Count them with an atomic.Int32"
	case o.Crash != "":
		return fmt.Sprintf("your test stopped %s: %s; want it to fail with a message of its own (t.Errorf)%s", on, o.Crash, deadlockAdvice(o))
	case o.Passed > 0 && o.Failed > 0:
		return fmt.Sprintf("your test passed %d of its %d runs %s, want it to fail every time: a test that fails "+
			"only sometimes is flaky — inside synctest.Test, with a Loader that sleeps, both Gets reach the Loader "+
			"before the clock moves, every time", o.Passed, o.Runs, on)
	case o.Failed == 0:
		return "your test passed " + on + ", want it to fail: that Cache loads a flag twice when two goroutines ask " +
			"for it at the same time — both miss the cache before either has loaded it — so call Get from two " +
			"goroutines at once, with a Loader that sleeps, and count the Loader's calls (atomic.Int32)"
	}
	return ""
}

// mustPass says what is wrong with how your test went on a correct cache,
// what, where it must pass: "" when nothing is.
func mustPass(o kittest.Outcome, what string) string {
	on := "on " + what
	switch {
	case o.TimedOut:
		return fmt.Sprintf("your test ran for %s of real time %s and was stopped, want it to pass at once: does it "+
			"wait for something that never happens? Inside synctest.Test, time.Sleep takes no real time", kittest.SubjectLimit, on)
	case strings.Contains(o.Output, outsideMark):
		return outside
	case o.Race:
		return "the race detector reported a data race while your test ran " + on + ", want none: two goroutines " +
			"wrote one variable at once — your count of the Loader's calls? Count them with an atomic.Int32"
	case o.Crash != "":
		return fmt.Sprintf("your test stopped %s: %s; want it to pass%s", on, o.Crash, deadlockAdvice(o))
	case o.Failed > 0:
		return fmt.Sprintf("your test failed %s (%s), want it to pass there: a correct cache must pass your test — "+
			"does it expect what no cache does? Both Gets get the flag at 1 s, from one load", on, o.Said())
	case o.Passed == 0:
		return fmt.Sprintf("your test never passed %s (it ran %d times), want it to pass: does it skip itself?", on, o.Runs)
	}
	return ""
}

const outside = "your test called newCache outside a testing/synctest bubble, want it inside " +
	"synctest.Test(t, func(t *testing.T) {...}): there time.Sleep takes no real time, and two goroutines that call " +
	"Get at once both reach the Loader before the clock moves — outside, that is up to the scheduler"

// deadlockAdvice is what to do about a bubble that ended blocked, if it did.
func deadlockAdvice(o kittest.Outcome) string {
	if !o.Deadlock {
		return ""
	}
	return " — wait for every goroutine your test starts (sync.WaitGroup) before its function returns"
}

// subject is your TestGet on the caches that impl makes, each recorded in
// a trace: a lane per Get, waiting for the cache, and one per load,
// waiting for the download. The trace is the check's (kittest.SaveTrace).
func subject(impl func(Loader) Getter) func(t *testing.T) {
	return func(t *testing.T) {
		r := &recorder{}
		defer func() {
			if r.wasOutside() {
				fmt.Println(outsideMark)
			}
			if err := kittest.SaveTrace(r.trace()); err != nil {
				fmt.Println("conclab: trace not written:", err)
			}
		}()
		TestGet(t, func(load Loader) Getter {
			r.start()
			return &traced{r: r, g: impl(r.loader(load))}
		})
	}
}

// recorder keeps the trace of the caches a test made.
type recorder struct {
	mu          sync.Mutex
	log         *kit.Log
	last        *trace.Trace
	gets, loads map[string]int
	outside     bool
}

// start begins the log, on the clock of the bubble the cache is made in.
func (r *recorder) start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.log == nil {
		r.log, r.gets, r.loads = kit.New(), map[string]int{}, map[string]int{}
	}
	r.outside = r.outside || !kittest.InBubble()
}

func (r *recorder) wasOutside() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.outside
}

// task names the n-th Get or load of code: "get CN 2".
func (r *recorder) task(what, code string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	count := r.gets
	if what == "load" {
		count = r.loads
	}
	count[code]++
	return fmt.Sprintf("%s %s %d", what, code, count[code])
}

// done records that task returned, and keeps the trace so far: all of its
// spans ended, while the bubble's clock still reads the time.
func (r *recorder) done(task string) {
	r.log.Done(task)
	tr := r.log.Trace()
	r.mu.Lock()
	r.last = tr
	r.mu.Unlock()
}

func (r *recorder) trace() *trace.Trace {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

func (r *recorder) loader(load Loader) Loader {
	return func(code string) []byte {
		task := r.task("load", code)
		r.log.Wait(task, "io")
		defer r.done(task)
		return load(code)
	}
}

// traced is a cache whose Gets are recorded.
type traced struct {
	r *recorder
	g Getter
}

func (c *traced) Get(code string) []byte {
	task := c.r.task("get", code)
	c.r.log.Wait(task, "cache")
	defer c.r.done(task)
	return c.g.Get(code)
}
