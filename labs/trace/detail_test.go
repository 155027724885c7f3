package trace_test

import (
	"testing"
	"time"

	"conclab/labs/trace"
)

// detailTrace: A runs 0-1s, waits on chan c 1-3s (B's send at 3s wakes
// it), is ready 3-4s and runs 4-5s; B sleeps 0-3s and runs at 3s.
func detailTrace() *trace.Trace {
	s := time.Second
	sleep := &trace.Site{File: "/x/a.go", Line: 7, Func: "m.A"}
	recv := &trace.Site{File: "/x/a.go", Line: 9, Func: "m.A.func1"}
	tr := &trace.Trace{Total: 5 * s, Workers: 1, Tasks: []trace.Task{
		{Name: "A", Spans: []trace.Span{
			{Start: 0, End: s, State: trace.Running, Worker: 0},
			{Start: s, End: 3 * s, State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn("chan c")},
			{Start: 3 * s, End: 4 * s, State: trace.Ready, Worker: trace.NoWorker},
			{Start: 4 * s, End: 5 * s, State: trace.Running, Worker: 0},
		}, Sites: []trace.SiteMark{{At: 0, Site: sleep}, {At: s, Site: recv}, {At: 5 * s}}},
		{Name: "B", Spans: []trace.Span{
			{Start: 0, End: 3 * s, State: trace.Waiting, Worker: trace.NoWorker, On: trace.OnTimer},
		}},
	}}
	a, b := tr.Events.Ref("A"), tr.Events.Ref("B")
	tr.Events.AddRef(0, trace.EventRun, a, 0, 0, nil)                                                 // 0
	tr.Events.AddDuration(0, trace.EventCompute, a, 0, s, nil)                                        // 1
	tr.Events.AddDuration(0, trace.EventSleep, b, 0, 3*s, nil)                                        // 2
	tr.Events.AddRef(s, trace.EventWait, a, 0, tr.Events.Ref("chan c"), nil)                          // 3
	tr.Events.AddCause(3*s, trace.EventWake, b, trace.NoWorker, trace.CauseTimer, trace.NoEvent, nil) // 4
	tr.Events.AddRef(3*s, trace.EventRun, b, 0, 0, nil)                                               // 5
	tr.Events.AddCause(3*s, trace.EventWake, a, trace.NoWorker, trace.CauseSend, 5, nil)              // 6
	return tr
}

func TestSpanAt(t *testing.T) {
	tr := detailTrace()
	s := time.Second
	for _, c := range []struct {
		task int
		at   time.Duration
		want int // -1: none
	}{
		{0, 0, 0}, {0, s - 1, 0}, {0, s, 1}, {0, 2 * s, 1}, {0, 3 * s, 2}, {0, 4*s + 1, 3},
		{0, 5 * s, -1}, {0, -1, -1}, {1, 0, 0}, {1, 3 * s, -1},
	} {
		got, ok := tr.SpanAt(c.task, c.at)
		if !ok {
			got = -1
		}
		if got != c.want {
			t.Errorf("SpanAt(%d, %v) = %v, want %v", c.task, c.at, got, c.want)
		}
	}
}

func TestSiteAt(t *testing.T) {
	tr := detailTrace()
	s := time.Second
	for _, c := range []struct {
		task int
		at   time.Duration
		want int // line, 0: none
	}{
		{0, -1, 0}, {0, 0, 7}, {0, s - 1, 7}, {0, s, 9}, {0, 4 * s, 9}, {0, 5 * s, 0}, {1, s, 0},
	} {
		site, ok := tr.SiteAt(c.task, c.at)
		got := 0
		if ok {
			got = site.Line
		}
		if got != c.want {
			t.Errorf("SiteAt(%d, %v) = %v, want line %v", c.task, c.at, site, c.want)
		}
	}
}

func TestDetail(t *testing.T) {
	tr := detailTrace()
	s := time.Second
	for _, c := range []struct {
		task     int
		at       time.Duration
		state    trace.State
		wake     int
		cause    trace.Cause
		siteLine int
	}{
		{0, 2 * s, trace.Waiting, 6, trace.Cause{Kind: trace.CauseSend, Task: "B", Event: 5}, 9},
		{0, 0, trace.Running, trace.NoEvent, trace.Cause{}, 7},
		{1, 2 * s, trace.Waiting, 4, trace.Cause{Kind: trace.CauseTimer, Event: trace.NoEvent}, 0},
	} {
		d, ok := tr.Detail(c.task, c.at)
		if !ok {
			t.Errorf("Detail(%d, %v): none", c.task, c.at)
			continue
		}
		line := 0
		if d.HasSite {
			line = d.Site.Line
		}
		if d.Span.State != c.state || d.Wake != c.wake || d.WokenBy != c.cause || line != c.siteLine {
			t.Errorf("Detail(%d, %v) = %s, wake %d by %v, line %d; want %s, wake %d by %v, line %d",
				c.task, c.at, d.Span.State, d.Wake, d.WokenBy, line, c.state, c.wake, c.cause, c.siteLine)
		}
	}
	if _, ok := tr.Detail(0, 6*s); ok {
		t.Errorf("Detail(0, 6s) found a span after the task's end")
	}
}

func TestSiteShortFunc(t *testing.T) {
	for _, c := range []struct{ fn, want string }{
		{"conclab/labs/flags/fetch.Limited.func1", "Limited"},
		{"conclab/labs/flags/fetch.Get", "Get"},
		{"conclab/labs/locks.(*Bank).Transfer", "(*Bank).Transfer"},
		{"conclab/labs/x.Run.func2.1", "Run"},
		{"main.main", "main"},
	} {
		if got := (trace.Site{Func: c.fn}).ShortFunc(); got != c.want {
			t.Errorf("ShortFunc(%q) = %q, want %q", c.fn, got, c.want)
		}
	}
	if got, want := (trace.Site{File: "/a/b/policies.go", Line: 41, Func: "p.Limited.func1"}).String(), "policies.go:41 in Limited"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
