package styles

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"conclab/labs/sched"
)

// recorder collects what the functions of a chain saw.
type recorder struct{ seen []string }

func (r *recorder) cb(name string, ret any) func(any) any {
	return func(result any) any {
		r.seen = append(r.seen, fmt.Sprintf("%s(%v)", name, result))
		return ret
	}
}

func (r *recorder) eb(name string, ret any) func(error) any {
	return func(err error) any {
		r.seen = append(r.seen, fmt.Sprintf("%s(%v)", name, err))
		return ret
	}
}

var errBoom = errors.New("boom")

// TestDeferredChain checks the rules of Twisted's "Deferred Reference": the
// result of each callback goes to the next; a callback that raises
// switches to the errbacks; an errback that returns a value switches back;
// one that returns a failure passes it on.
func TestDeferredChain(t *testing.T) {
	tests := []struct {
		name  string
		build func(d *Deferred, r *recorder)
		fire  any
		seen  string
		final any
	}{
		{"callbacks in order", func(d *Deferred, r *recorder) {
			d.AddCallback(r.cb("a", "A")).AddCallback(r.cb("b", "B"))
		}, "x", "a(x) b(A)", "B"},
		{"a callback that fails skips to the errbacks", func(d *Deferred, r *recorder) {
			d.AddCallback(r.cb("a", errBoom)).AddCallback(r.cb("b", "B")).AddErrback(r.eb("e", "handled"))
		}, "x", "a(x) e(boom)", "handled"},
		{"an errback that returns a value switches back", func(d *Deferred, r *recorder) {
			d.AddErrback(r.eb("e", "ok")).AddCallback(r.cb("b", "B"))
		}, errBoom, "e(boom) b(ok)", "B"},
		{"an errback that returns nil handles the error too", func(d *Deferred, r *recorder) {
			d.AddErrback(r.eb("e", nil)).AddCallbacks(r.cb("b", "B"), r.eb("e2", nil))
		}, errBoom, "e(boom) b(<nil>)", "B"},
		{"an errback that returns the error passes it on", func(d *Deferred, r *recorder) {
			d.AddErrback(func(err error) any { r.seen = append(r.seen, "e1"); return err }).AddErrback(r.eb("e2", "done"))
		}, errBoom, "e1 e2(boom)", "done"},
		// The docs' Case 1: addCallback(callback1) then addErrback(errback1):
		// errback1 sees the error raised in callback1.
		{"case 1", func(d *Deferred, r *recorder) {
			d.AddCallback(r.cb("callback1", errBoom)).AddErrback(r.eb("errback1", "1")).
				AddCallback(r.cb("callback2", "2")).AddErrback(r.eb("errback2", "e2"))
		}, "x", "callback1(x) errback1(boom) callback2(1)", "2"},
		// Case 2: addCallbacks(callback1, errback1): errback1 does not see
		// it; errback2 does.
		{"case 2", func(d *Deferred, r *recorder) {
			d.AddCallbacks(r.cb("callback1", errBoom), r.eb("errback1", "1")).
				AddCallbacks(r.cb("callback2", "2"), r.eb("errback2", "e2"))
		}, "x", "callback1(x) errback2(boom)", "e2"},
		{"AddBoth sees either", func(d *Deferred, r *recorder) {
			d.AddBoth(r.cb("both", "B"))
		}, errBoom, "both(boom)", "B"},
	}
	for _, tc := range tests {
		var r recorder
		d := &Deferred{}
		tc.build(d, &r)
		if len(r.seen) != 0 {
			t.Errorf("%s: the chain ran before the Deferred fired: %v", tc.name, r.seen)
		}
		if err, ok := tc.fire.(error); ok {
			d.Errback(err)
		} else {
			d.Callback(tc.fire)
		}
		if got := strings.Join(r.seen, " "); got != tc.seen || d.result != tc.final {
			t.Errorf("%s: chain ran %q, result %v; want %q, %v", tc.name, got, d.result, tc.seen, tc.final)
		}
	}
}

func TestDeferredFiresOnce(t *testing.T) {
	var r recorder
	d := &Deferred{}
	d.Callback("x")
	d.AddCallback(r.cb("late", "L")) // added after firing: runs at once
	if got := strings.Join(r.seen, " "); got != "late(x)" || d.result != "L" {
		t.Errorf("AddCallback after Callback ran %q with result %v, want late(x) and L", got, d.result)
	}
	defer func() {
		if recover() == nil {
			t.Error("a second Callback did not panic (Twisted raises AlreadyCalledError)")
		}
	}()
	d.Callback("again")
}

func TestDeferredList(t *testing.T) {
	var r recorder
	d1, d2, d3 := &Deferred{}, &Deferred{}, &Deferred{}
	d1.AddCallback(func(v any) any { return v.(string) + " ten" }) // before the list: the list sees its result
	all := DeferredList([]*Deferred{d1, d2, d3})
	d3.AddCallback(func(v any) any { return "changed" }) // after the list: it does not
	all.AddCallback(r.cb("all", nil))
	d2.Errback(errBoom)
	d3.Callback("three")
	if len(r.seen) != 0 {
		t.Fatalf("the list fired before every Deferred had: %v", r.seen)
	}
	d1.Callback("one")
	if got := strings.Join(r.seen, " "); got != "all([one ten boom three])" {
		t.Errorf("DeferredList fired with %q, want all([one ten boom three])", got)
	}
	var empty recorder
	DeferredList(nil).AddCallback(empty.cb("none", nil))
	if len(empty.seen) != 1 {
		t.Errorf("an empty DeferredList did not fire at once: %v", empty.seen)
	}
}

// TestReactor: the reactor fires each request's Deferred when its answer
// arrives (the first sent first on a tie), on its own thread, and Stop
// ends Run once the callbacks running now are done.
func TestReactor(t *testing.T) {
	sites, err := ParseSites("a=300ms,b=100ms,c=300ms,d=100ms")
	if err != nil {
		t.Fatal(err)
	}
	sites[2].Status = StatusServerError
	web := NewWeb(sites)
	for _, tc := range []struct {
		stopAt string
		want   []string
	}{
		{"", []string{"b 200 100ms", "d 200 100ms", "a 200 300ms", "c 500 300ms"}},
		{"b", []string{"b 200 100ms"}},
	} {
		var fired []string
		sim := sched.New(sched.Config{})
		sim.Go("reactor", func(t *sched.Task) {
			r := NewReactor(t, web)
			for _, s := range sites {
				r.GetPage(s.URL).AddCallback(func(v any) any {
					resp := v.(*Response)
					fired = append(fired, fmt.Sprintf("%s %d %v", s.Name, resp.Code, t.Now()))
					if s.Name == tc.stopAt {
						r.Stop()
					}
					return v
				})
			}
			r.Run()
		})
		if _, err := sim.Run(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(fired, tc.want) {
			t.Errorf("reactor(stop at %q) fired %q, want %q", tc.stopAt, fired, tc.want)
		}
	}
}
