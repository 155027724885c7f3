//go:build exercises

package condbuffer

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// A scenario is producers and consumers around one buffer. Each producer
// puts its items in order, sleeping putEvery before each (0: as fast as it
// can); each consumer gets its share, sleeping getEvery before each.
type scenario struct {
	capacity  int
	producers [][]int
	putEvery  time.Duration
	consumers []int // how many items each consumer gets
	getEvery  time.Duration
}

// when is when an item is there for a Get: the model of the checks. Items
// go out in the order they come in; a Put returns the moment there is
// room, a Get the moment there is an item (and it has asked). It plays one
// producer's items put every putEvery and any number of consumers, or any
// producers putting at once and one consumer getting every getEvery — the
// two scenarios below — and returns the instants Puts return and Gets
// return, sorted.
func when(s scenario) (puts, gets []time.Duration) {
	total := 0
	for _, p := range s.producers {
		total += len(p)
	}
	if s.putEvery > 0 { // one producer, items at k × putEvery, consumers waiting
		for k := 1; k <= total; k++ {
			at := time.Duration(k) * s.putEvery
			puts, gets = append(puts, at), append(gets, at)
		}
		return puts, gets
	}
	// Producers fill the buffer at 0; each Get at k × getEvery frees a slot
	// that a waiting Put takes at once.
	for k := range total {
		if k < s.capacity {
			puts = append(puts, 0)
		} else {
			puts = append(puts, time.Duration(k-s.capacity+1)*s.getEvery)
		}
		gets = append(gets, time.Duration(k+1)*s.getEvery)
	}
	return puts, gets
}

var (
	// Two consumers wait on an empty buffer; one item comes every 10 ms.
	oneAtATime = scenario{capacity: 2, producers: [][]int{{1, 2, 3, 4}}, putEvery: 10 * ms, consumers: []int{2, 2}}
	// Two producers fill a buffer of 2 at once and wait for room; one
	// consumer takes an item every 10 ms.
	fullBuffer = scenario{capacity: 2, producers: [][]int{{11, 12, 13}, {21, 22, 23}}, consumers: []int{6}, getEvery: 10 * ms}
)

func TestWhenModel(t *testing.T) {
	tests := []struct {
		s          scenario
		puts, gets []time.Duration
	}{
		{oneAtATime, []time.Duration{10 * ms, 20 * ms, 30 * ms, 40 * ms}, []time.Duration{10 * ms, 20 * ms, 30 * ms, 40 * ms}},
		// 2 Puts at 0, then one at each Get but the last two.
		{fullBuffer, []time.Duration{0, 0, 10 * ms, 20 * ms, 30 * ms, 40 * ms},
			[]time.Duration{10 * ms, 20 * ms, 30 * ms, 40 * ms, 50 * ms, 60 * ms}},
	}
	for _, tt := range tests {
		puts, gets := when(tt.s)
		if !slices.Equal(puts, tt.puts) || !slices.Equal(gets, tt.gets) {
			t.Errorf("when(%+v) = %v, %v, want %v, %v", tt.s, puts, gets, tt.puts, tt.gets) // guards the check itself
		}
	}
}

// event is a Put or a Get that returned: when it was called, when it
// returned, the item, and whether it misused the buffer (a Get that took
// nothing, a Put that dropped its item).
type event struct {
	called, at time.Duration
	task       string
	item       int
	misused    bool
}

// retries is how many times a producer or a consumer tries again after a
// misuse, 1 ms later, before it gives up: code that wakes without looking
// at its condition again then still gets every item through and ends (no
// deadlock), and the check reports the first misuse. Right code never
// retries.
const retries = 20

// drops counts the times the buffer said it dropped item.
func drops(log *kit.Log, item int) int {
	n := 0
	for _, l := range log.Lines("buffer") {
		var got int
		if _, err := fmt.Sscanf(l.Text, "Put found the buffer full and dropped %d", &got); err == nil && got == item {
			n++
		}
	}
	return n
}

// run plays s on a buffer and returns the Puts and the Gets, in the order
// they returned.
func run(log *kit.Log, s scenario) (puts, gets []event) {
	b := New(log, s.capacity)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, items := range s.producers {
		name := fmt.Sprintf("producer %d", i+1)
		wg.Go(func() {
			defer log.Done(name)
			tries := 0
			for _, item := range items {
				if s.putEvery > 0 {
					log.Sleep(name, s.putEvery)
				}
				for {
					called, before := log.Elapsed(), drops(log, item)
					log.Wait(name, "buffer")
					b.Put(item)
					misused := drops(log, item) > before
					if misused {
						log.Printf(name, "lost %d", item)
					} else {
						log.Printf(name, "put %d", item)
					}
					mu.Lock()
					puts = append(puts, event{called, log.Elapsed(), name, item, misused})
					mu.Unlock()
					if !misused {
						break
					}
					if tries++; tries > retries {
						return
					}
					log.Sleep(name, ms) // and put it again
				}
			}
		})
	}
	for i, n := range s.consumers {
		name := fmt.Sprintf("consumer %d", i+1)
		wg.Go(func() {
			defer log.Done(name)
			tries := 0
			for range n {
				if s.getEvery > 0 {
					log.Sleep(name, s.getEvery)
				}
				for {
					called := log.Elapsed()
					log.Wait(name, "buffer")
					item := b.Get()
					log.Printf(name, "got %d", item)
					mu.Lock()
					gets = append(gets, event{called, log.Elapsed(), name, item, item == 0})
					mu.Unlock()
					if item != 0 { // every item put is > 0
						break
					}
					if tries++; tries > retries {
						return
					}
					log.Sleep(name, ms) // and get again
				}
			}
		})
	}
	wg.Wait()
	return puts, gets
}

func TestBuffer(t *testing.T) {
	tests := []struct {
		name string
		s    scenario
	}{
		{"two consumers wait, one item comes every 10 ms", oneAtATime},
		{"two producers wait for room, one item goes every 10 ms", fullBuffer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				puts, gets := run(log, tt.s)
				checkBuffer(t, log, tt.s, puts, gets)
			})
		})
	}
}

// misuse finds the first Put that dropped its item or Get that took
// nothing: the call, and whether it was a Get.
func misuse(puts, gets []event) (e event, get, ok bool) {
	for _, p := range puts {
		if p.misused && (!ok || p.at < e.at) {
			e, get, ok = p, false, true
		}
	}
	for _, g := range gets {
		if g.misused && (!ok || g.at < e.at) {
			e, get, ok = g, true, true
		}
	}
	return e, get, ok
}

func times(es []event) []time.Duration {
	var out []time.Duration
	for _, e := range es {
		out = append(out, e.at)
	}
	slices.Sort(out)
	return out
}

func seconds(ds []time.Duration) string {
	var s []string
	for _, d := range ds {
		s = append(s, kit.Seconds(d))
	}
	return strings.Join(s, ", ")
}

func checkBuffer(t *testing.T, log *kit.Log, s scenario, puts, gets []event) {
	t.Helper()
	wantPuts, wantGets := when(s)
	const loop = "Wait returning does not make the condition true: another goroutine may have changed the " +
		"buffer first, and Broadcast wakes everyone. Check again after every Wait: a for loop, not an if"
	if e, get, ok := misuse(puts, gets); ok {
		switch {
		case get && e.at == e.called:
			t.Fatalf("%s's Get returned at %s with nothing (0): the buffer was empty, want it to wait until an item "+
				"comes — in Get, while b.count == 0, call b.changed.Wait()", e.task, kit.Seconds(e.at))
		case get:
			t.Fatalf("%s's Get, called at %s, woke at %s and took from an empty buffer, want it to wait for the next "+
				"item: it was woken for an item that another consumer took first — %s", e.task, kit.Seconds(e.called),
				kit.Seconds(e.at), loop)
		case e.at == e.called:
			t.Fatalf("%s's Put dropped %d at %s: the buffer was full, want Put to wait until a Get makes room — in "+
				"Put, while b.count == len(b.items), call b.changed.Wait()", e.task, e.item, kit.Seconds(e.at))
		default:
			t.Fatalf("%s's Put of %d, called at %s, woke at %s and dropped it into a full buffer, want it to wait for "+
				"room: it was woken for a place that another producer took first — %s", e.task, e.item,
				kit.Seconds(e.called), kit.Seconds(e.at), loop)
		}
	}
	var all []int
	for _, p := range s.producers {
		all = append(all, p...)
	}
	var got []int
	for _, g := range gets {
		got = append(got, g.item)
	}
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(all))) {
		t.Fatalf("the consumers got %v, want each of %v once: an item must go in once and come out once", got, all)
	}
	for _, p := range s.producers {
		var order []int
		for _, item := range got {
			if slices.Contains(p, item) {
				order = append(order, item)
			}
		}
		if !slices.Equal(order, p) {
			t.Fatalf("a producer put %v and they came out as %v, want them in the order they went in: the buffer is "+
				"first in, first out", p, order)
		}
	}
	if g := times(gets); !slices.Equal(g, wantGets) {
		t.Fatalf("the Gets returned at %s, want %s: a Get should return the moment there is an item for it — "+
			"b.changed.Wait() wakes it at the Broadcast of the Put that brings one", seconds(g), seconds(wantGets))
	}
	if p := times(puts); !slices.Equal(p, wantPuts) {
		t.Fatalf("the Puts returned at %s, want %s: a Put should return the moment there is room — "+
			"b.changed.Wait() wakes it at the Broadcast of the Get that makes some", seconds(p), seconds(wantPuts))
	}
}
