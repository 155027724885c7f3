package trace_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/labs/trace"
)

// handOff is a run in which B waits on an unbuffered channel until A, back
// from a 1 s sleep, sends on it; A then returns and main, joining A and B,
// waits until B has returned too.
func handOff() *trace.Trace {
	s := time.Second
	tr := &trace.Trace{Total: 2 * s, Workers: 1}
	tr.Tasks = []trace.Task{
		{Name: "A", Spans: []trace.Span{
			{State: trace.Running, Worker: 0, Start: 0, End: 0},
			{State: trace.Waiting, Worker: trace.NoWorker, On: trace.OnTimer, Start: 0, End: s},
		}},
		{Name: "B", Spans: []trace.Span{
			{State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn("chan x"), Start: 0, End: s},
			{State: trace.Ready, Worker: trace.NoWorker, Start: s, End: s},
			{State: trace.Running, Worker: 0, Start: s, End: 2 * s},
		}},
		{Name: "main", Spans: []trace.Span{{State: trace.Waiting, Worker: trace.NoWorker, On: trace.OnJoin, Start: 0, End: 2 * s}}},
	}
	tr.Events = trace.NewEvents(
		trace.Event{At: 0, Kind: trace.EventWait, Task: "main", Worker: 0, Detail: "join"}, // 0
		trace.Event{At: 0, Kind: trace.EventRun, Task: "A", Worker: 0},                     // 1
		trace.Event{At: 0, Kind: trace.EventSleep, Task: "A", Worker: 0, Detail: "1s"},     // 2
		trace.Event{At: 0, Kind: trace.EventRun, Task: "B", Worker: 0},                     // 3
		trace.Event{At: 0, Kind: trace.EventWait, Task: "B", Worker: 0, Detail: "chan x"},  // 4
		trace.Event{At: s, Kind: trace.EventWake, Task: "A", Worker: trace.NoWorker, WokenBy: trace.Cause{Kind: trace.CauseTimer, Event: trace.NoEvent}},
		trace.Event{At: s, Kind: trace.EventRun, Task: "A", Worker: 0}, // 6
		trace.Event{At: s, Kind: trace.EventWake, Task: "B", Worker: trace.NoWorker, WokenBy: trace.Cause{Kind: trace.CauseSend, Task: "A", Event: 6}},
		trace.Event{At: s, Kind: trace.EventDone, Task: "A", Worker: 0}, // 8
		trace.Event{At: s, Kind: trace.EventRun, Task: "B", Worker: 0},
		trace.Event{At: 2 * s, Kind: trace.EventDone, Task: "B", Worker: 0}, // 10
		trace.Event{At: 2 * s, Kind: trace.EventWake, Task: "main", Worker: trace.NoWorker, WokenBy: trace.Cause{Kind: trace.CauseDone, Task: "B", Event: 10}},
	)
	return tr
}

func TestCauseReadsBack(t *testing.T) {
	tr := handOff()
	ev := &tr.Events
	tests := []struct {
		i    int
		want trace.Cause
		ok   bool
	}{
		{5, trace.Cause{Kind: trace.CauseTimer, Event: trace.NoEvent}, true},
		{7, trace.Cause{Kind: trace.CauseSend, Task: "A", Event: 6}, true},
		{11, trace.Cause{Kind: trace.CauseDone, Task: "B", Event: 10}, true},
		{6, trace.Cause{}, false},
		{2, trace.Cause{}, false},
	}
	for _, tt := range tests {
		got, ok := ev.Cause(tt.i)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Cause(%v) = %v, %v, want %v, %v", tt.i, got, ok, tt.want, tt.ok)
		}
		if at := ev.At(tt.i).WokenBy; at != tt.want {
			t.Errorf("At(%v).WokenBy = %v, want %v", tt.i, at, tt.want)
		}
	}
	assert.True(t, ev.HasCauses())
	assert.Empty(t, ev.At(7).Detail, "a wake with a cause has no detail")
	assert.Equal(t, "x", string(ev.AppendDetail([]byte("x"), 7)))
}

func TestCauseString(t *testing.T) {
	tests := []struct {
		c    trace.Cause
		want string
	}{
		{trace.Cause{Kind: trace.CauseRecv, Task: "CN", Event: 64}, "recv by CN (event 64)"},
		{trace.Cause{Kind: trace.CauseIO, Event: trace.NoEvent}, "io"},
		{trace.Cause{}, ""},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.c, got, tt.want)
		}
	}
	for k := trace.CauseSend; k <= trace.CauseIO; k++ {
		back, err := trace.ParseCauseKind(k.String())
		if err != nil || back != k {
			t.Errorf("ParseCauseKind(%q) = %v, %v, want %v", k.String(), back, err, k)
		}
		if want := k < trace.CauseTimer; k.ByTask() != want {
			t.Errorf("%v.ByTask() = %v, want %v", k, k.ByTask(), want)
		}
	}
}

func TestCauseJSONShape(t *testing.T) {
	tr := handOff()
	tests := []struct {
		i    int
		want string
	}{
		{5, `{"at":1,"kind":"wake","task":"A","worker":-1,"woken_by":{"kind":"timer"}}`},
		{7, `{"at":1,"kind":"wake","task":"B","worker":-1,"woken_by":{"task":"A","event":6,"kind":"send"}}`},
		{11, `{"at":2,"kind":"wake","task":"main","worker":-1,"woken_by":{"task":"B","event":10,"kind":"done"}}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tr.Events.At(tt.i))
		require.NoError(t, err)
		if string(b) != tt.want {
			t.Errorf("json.Marshal(At(%v)) = %s, want %s", tt.i, b, tt.want)
		}
	}
	// The streaming writer writes the same bytes as Event.MarshalJSON.
	b, err := json.Marshal(tr.Events)
	require.NoError(t, err)
	var each []string
	for _, ev := range tr.Events.All() {
		e, err := json.Marshal(ev)
		require.NoError(t, err)
		each = append(each, string(e))
	}
	assert.Equal(t, "["+strings.Join(each, ",")+"]", string(b))
}

func TestCauseJSONRoundTrip(t *testing.T) {
	tr := handOff()
	b, err := trace.Encode(tr)
	require.NoError(t, err)
	back, err := trace.Decode(b)
	require.NoError(t, err)
	assert.True(t, tr.Events.Equal(&back.Events), "events and their causes read back")
	for i := range tr.Events.Len() {
		want, wok := tr.Events.Cause(i)
		got, ok := back.Events.Cause(i)
		if got != want || ok != wok {
			t.Errorf("Decode(Encode).Events.Cause(%v) = %v, %v, want %v, %v", i, got, ok, want, wok)
		}
	}
	b2, err := trace.Encode(back)
	require.NoError(t, err)
	assert.Equal(t, string(b), string(b2))
}

// A decoded cause must name an earlier event of the task it names; an event
// carries a detail or a cause. Each refusal is one line that says why.
func TestDecodeRejectsBadCauses(t *testing.T) {
	run := `{"at":0,"kind":"run","task":"A","worker":0}`
	tests := []struct {
		wake, want string
	}{
		{`{"at":0,"kind":"wake","task":"B","worker":-1,"woken_by":{"task":"A","event":1,"kind":"send"}}`, "not an earlier event"},
		{`{"at":0,"kind":"wake","task":"B","worker":-1,"woken_by":{"task":"A","event":-1,"kind":"send"}}`, "not an earlier event"},
		{`{"at":0,"kind":"wake","task":"B","worker":-1,"woken_by":{"task":"A","kind":"send"}}`, "not an earlier event"},
		{`{"at":0,"kind":"wake","task":"B","worker":-1,"woken_by":{"task":"C","event":0,"kind":"send"}}`, `names task "C", but its event 0 is "A"'s`},
		{`{"at":0,"kind":"wake","task":"B","worker":-1,"woken_by":{"task":"A","event":0,"kind":"timer"}}`, `cause "timer" has no event`},
		{`{"at":0,"kind":"wake","task":"B","worker":-1,"woken_by":{"task":"A","kind":"io"}}`, `cause "io" has no task`},
		{`{"at":0,"kind":"wake","task":"B","worker":-1,"woken_by":{"task":"A","event":0}}`, "woken_by without a kind"},
		{`{"at":0,"kind":"wake","task":"B","worker":-1,"woken_by":{"kind":"nudge"}}`, `unknown cause "nudge"`},
		{`{"at":0,"kind":"wake","task":"B","worker":-1,"detail":"x","woken_by":{"kind":"timer"}}`, "a detail (\"x\") or a cause"},
	}
	for _, tt := range tests {
		in := `{"events":[` + run + `,` + tt.wake + `]}`
		_, err := trace.Decode([]byte(in))
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Decode(%s) = %v, want one line with %q", tt.wake, err, tt.want)
		}
	}
}

func TestAddCausePanicsOnAProgrammingError(t *testing.T) {
	var ev trace.Events
	a := ev.Ref("A")
	assert.Panics(t, func() { ev.AddCause(0, trace.EventWake, a, -1, trace.CauseSend, 0, nil) }, "no event 0 yet")
	ev.AddRef(0, trace.EventRun, a, 0, 0, nil)
	assert.Panics(t, func() { ev.AddCause(0, trace.EventWake, a, -1, trace.CauseTimer, 0, nil) }, "a timer has no event")
	assert.Panics(t, func() { ev.AddCause(0, trace.EventWake, a, -1, 0, trace.NoEvent, nil) }, "no kind")
	ev.AddCause(0, trace.EventWake, a, -1, trace.CauseUnlock, 0, nil)
	c, ok := ev.Cause(1)
	assert.True(t, ok)
	assert.Equal(t, trace.Cause{Kind: trace.CauseUnlock, Task: "A", Event: 0}, c)
}

func TestSetDetailDropsTheCause(t *testing.T) {
	tr := handOff()
	tr.Events.SetDetail(7, "note")
	_, ok := tr.Events.Cause(7)
	assert.False(t, ok)
	assert.Equal(t, "note", tr.Events.At(7).Detail)
	assert.True(t, tr.Events.HasCauses(), "the other causes stay")
}

func TestCloneAndEqualKeepCauses(t *testing.T) {
	tr := handOff()
	c := tr.Events.Clone()
	assert.True(t, tr.Events.Equal(&c))
	c.SetDetail(5, "")
	assert.False(t, tr.Events.Equal(&c), "a cause dropped makes the events differ")
	other := handOff()
	other.Events.SetDetail(7, "")
	other.Events.Add(trace.Event{}) // room to differ only in the cause
	tr.Events.Add(trace.Event{})
	assert.False(t, tr.Events.Equal(&other.Events))
}

func TestWoken(t *testing.T) {
	ev := &handOff().Events
	tests := []struct {
		i    int
		want []int
	}{
		{6, []int{7}},
		{10, []int{11}},
		{1, nil},
		{5, nil},
	}
	for _, tt := range tests {
		if got := slices.Collect(ev.Woken(tt.i)); !slices.Equal(got, tt.want) {
			t.Errorf("Woken(%v) = %v, want %v", tt.i, got, tt.want)
		}
	}
}

func TestWaker(t *testing.T) {
	tr := handOff()
	tests := []struct {
		task, span int
		wake       int
		want       trace.Cause
		ok         bool
	}{
		{0, 1, 5, trace.Cause{Kind: trace.CauseTimer, Event: trace.NoEvent}, true}, // A's sleep
		{1, 0, 7, trace.Cause{Kind: trace.CauseSend, Task: "A", Event: 6}, true},   // B on chan x
		{2, 0, 11, trace.Cause{Kind: trace.CauseDone, Task: "B", Event: 10}, true}, // main's join
		{1, 2, 0, trace.Cause{}, false},                                            // running, not waiting
		{0, 0, 0, trace.Cause{}, false},
	}
	for _, tt := range tests {
		wake, c, ok := tr.Waker(tt.task, tt.span)
		if wake != tt.wake || c != tt.want || ok != tt.ok {
			t.Errorf("Waker(%v, %v) = %v, %v, %v, want %v, %v, %v", tt.task, tt.span, wake, c, ok, tt.wake, tt.want, tt.ok)
		}
	}
	// A wait that lasts to the end of the run has no waker.
	tr.Tasks[2].Spans[0].End = 3 * time.Second
	if _, _, ok := tr.Waker(2, 0); ok {
		t.Errorf("Waker(2, 0) of a wait to the end = ok, want none")
	}
}
