package trace_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/labs/trace"
)

func TestClock(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00:00"},
		{12 * time.Hour, "12:00:00"},
		{3655 * time.Second, "1:00:55"},
		{2100 * time.Millisecond, "0:00:02.1"},
		{1234 * time.Millisecond, "0:00:01.234"},
		{time.Nanosecond, "0:00:00.000000001"},
		{-time.Second, "-0:00:01"},
		{100 * time.Hour, "100:00:00"},
	}
	for _, tt := range tests {
		if got := trace.Clock(tt.d); got != tt.want {
			t.Errorf("Clock(%v) = %v, want %v", tt.d, got, tt.want)
		}
	}
}

func TestSeconds(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0"},
		{700 * time.Millisecond, "0.7"},
		{3655 * time.Second, "3655"},
		{time.Nanosecond, "0.000000001"},
		{-1500 * time.Millisecond, "-1.5"},
	}
	for _, tt := range tests {
		if got := trace.Seconds(tt.d); got != tt.want {
			t.Errorf("Seconds(%v) = %v, want %v", tt.d, got, tt.want)
		}
	}
}

func sample() *trace.Trace {
	return &trace.Trace{
		Total:   3655 * time.Second,
		Workers: 1,
		Tasks: []trace.Task{{Name: "board 1", Spans: []trace.Span{
			{State: trace.Running, Worker: 0, Start: 0, End: 5 * time.Second},
			{State: trace.Waiting, Worker: trace.NoWorker, On: trace.OnTimer, Start: 5 * time.Second, End: 60 * time.Second},
			{State: trace.Ready, Worker: trace.NoWorker, Start: 60 * time.Second, End: 120*time.Second + time.Nanosecond},
		}}},
		Output:   []trace.Line{{At: 700 * time.Millisecond, Task: "board 1", Text: "hello \"world\""}},
		Events:   trace.NewEvents(trace.Event{At: 0, Kind: trace.EventRun, Task: "board 1", Worker: 0, Queues: &trace.Queues{Running: []string{"board 1"}, Ready: []string{}, Timers: []trace.Timer{{At: time.Second, Task: "x", Kind: "wake"}}}}),
		Warnings: []trace.Warning{{At: 0, Task: "board 1", Held: 2 * time.Second, Text: "slow"}},
	}
}

func TestJSONRoundTrip(t *testing.T) {
	tr := sample()
	b, err := trace.Encode(tr)
	require.NoError(t, err)
	back, err := trace.Decode(b)
	require.NoError(t, err)
	assert.Equal(t, tr, back)
	b2, err := trace.Encode(back)
	require.NoError(t, err)
	assert.Equal(t, string(b), string(b2), "encoding is stable")
}

func TestJSONShape(t *testing.T) {
	b, err := json.Marshal(trace.Line{At: 3655 * time.Second, Task: "A", Text: "x"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"at_seconds": 3655, "task": "A", "text": "x"}`, string(b))
	b, err = json.Marshal(trace.Span{State: trace.Waiting, Worker: -1, On: trace.OnIO, Start: 500 * time.Millisecond, End: time.Second})
	require.NoError(t, err)
	assert.JSONEq(t, `{"state": "waiting", "worker": -1, "on": "io", "start": 0.5, "end": 1}`, string(b))
}

func TestDecodeRejectsGarbage(t *testing.T) {
	for _, in := range []string{`{`, `{"total_seconds": "x"}`, `{"tasks": [{"spans": [{"start": 1e300}]}]}`} {
		if _, err := trace.Decode([]byte(in)); err == nil {
			t.Errorf("Decode(%s) = nil error, want an error", in)
		}
	}
}

func TestSummarize(t *testing.T) {
	s := trace.Summarize(sample())
	require.Len(t, s.Tasks, 1)
	ts := s.Tasks[0]
	assert.Equal(t, 5*time.Second, ts.Running)
	assert.Equal(t, 55*time.Second, ts.Waiting)
	assert.Equal(t, 60*time.Second+time.Nanosecond, ts.Ready)
	assert.Equal(t, 5*time.Second, ts.Busy())
	assert.InDelta(t, 5.0/3655, s.Utilization, 1e-9)
	assert.Contains(t, s.String(), "total 1:00:55 on 1 worker(s)")
}

func TestStateAtAndOutputUntil(t *testing.T) {
	tr := sample()
	sp, ok := tr.StateAt(0, 10*time.Second)
	require.True(t, ok)
	assert.Equal(t, trace.Waiting, sp.State)
	sp, ok = tr.StateAt(0, time.Hour)
	require.True(t, ok)
	assert.Equal(t, trace.Done, sp.State)
	assert.Empty(t, tr.OutputUntil(600*time.Millisecond))
	assert.Len(t, tr.OutputUntil(700*time.Millisecond), 1)
}

func TestRecorder(t *testing.T) {
	var now time.Duration
	var mu sync.Mutex
	clock := func() time.Duration { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now += d; mu.Unlock() }
	r := trace.NewRecorderClock(2, clock)
	r.Set("fetch", trace.Running, 0, "")
	advance(time.Second)
	r.Set("fetch", trace.Waiting, trace.NoWorker, "io")
	r.Printf("fetch", "got %d", 200)
	advance(time.Second)
	r.Done("fetch")
	r.Set("late", trace.Running, 1, "")
	advance(time.Second)
	tr := r.Trace()
	assert.Equal(t, 3*time.Second, tr.Total)
	assert.Equal(t, 2, tr.Workers)
	assert.Equal(t, []trace.Span{
		{State: trace.Running, Worker: 0, Start: 0, End: time.Second},
		{State: trace.Waiting, Worker: trace.NoWorker, On: trace.OnIO, Start: time.Second, End: 2 * time.Second},
	}, tr.Task("fetch").Spans)
	assert.Equal(t, []trace.Span{{State: trace.Running, Worker: 1, Start: 2 * time.Second, End: 3 * time.Second}}, tr.Task("late").Spans, "open spans end now")
	assert.Equal(t, []trace.Line{{At: time.Second, Task: "fetch", Text: "got 200"}}, tr.Output)

	r.Printf("", "a note about the run")
	tr = r.Trace()
	assert.Len(t, tr.Tasks, 2, "a line of no task makes no task")
	assert.Equal(t, trace.Line{At: 3 * time.Second, Text: "a note about the run"}, tr.Output[1])
}

func TestRecorderIsSafeForConcurrentUse(t *testing.T) {
	r := trace.NewRecorder(4)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			name := string(rune('A' + i))
			for range 100 {
				r.Set(name, trace.Running, i%4, "")
				r.Printf(name, "x")
				r.Set(name, trace.Waiting, trace.NoWorker, "io")
			}
			r.Done(name)
		})
	}
	wg.Wait()
	tr := r.Trace()
	assert.Len(t, tr.Tasks, 8)
	assert.Len(t, tr.Output, 800)
}

func TestWaitsForTask(t *testing.T) {
	tests := []struct {
		span trace.Span
		want bool
	}{
		{trace.Span{State: trace.Waiting, On: trace.WaitOn("timer")}, false},
		{trace.Span{State: trace.Waiting, On: trace.WaitOn("io")}, false},
		{trace.Span{State: trace.Waiting}, false},
		{trace.Span{State: trace.Waiting, On: trace.WaitOn("join")}, true},
		{trace.Span{State: trace.Waiting, On: trace.WaitOn("chan semaphore")}, true},
		{trace.Span{State: trace.Waiting, On: trace.WaitOn("signal")}, true},
		{trace.Span{State: trace.Waiting, On: trace.WaitOn("master")}, true},
		{trace.Span{State: trace.Blocked, On: trace.WaitOn("io")}, false},
		{trace.Span{State: trace.Blocked, On: trace.WaitOn("chan x")}, false}, // blocked keeps its worker: drawn as blocked
		{trace.Span{State: trace.Running}, false},
	}
	for _, tt := range tests {
		if got := tt.span.WaitsForTask(); got != tt.want {
			t.Errorf("%+v.WaitsForTask() = %v, want %v", tt.span, got, tt.want)
		}
	}
}
