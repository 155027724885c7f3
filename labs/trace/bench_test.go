package trace_test

import (
	"fmt"
	"testing"
	"time"

	"conclab/labs/trace"
)

// bigTrace is a chess-like run: tasks boards, each with moves running and
// waiting spans, and the events a scheduler records for them (compute,
// resume, sleep, wake, run per move).
func bigTrace(boards, moves int) *trace.Trace {
	tr := &trace.Trace{Workers: 1, Tasks: make([]trace.Task, boards)}
	names := make([]trace.Ref, boards)
	for b := range boards {
		name := fmt.Sprintf("board %d", b+1)
		names[b] = tr.Events.Ref(name)
		spans := make([]trace.Span, 0, 2*moves)
		for m := range moves {
			at := time.Duration(m) * time.Minute
			spans = append(spans, trace.Span{State: trace.Running, Worker: 0, Start: at, End: at + 5*time.Second},
				trace.Span{State: trace.Waiting, Worker: trace.NoWorker, On: trace.OnTimer, Start: at + 5*time.Second, End: at + time.Minute})
		}
		tr.Tasks[b] = trace.Task{Name: name, Spans: spans}
	}
	for m := range moves {
		for b := range boards {
			at := time.Duration(m)*time.Minute + time.Duration(b)*5*time.Second
			tr.Events.AddDuration(at, trace.EventCompute, names[b], 0, 5*time.Second, nil)
			tr.Events.AddRef(at+5*time.Second, trace.EventResume, names[b], 0, 0, nil)
			tr.Events.AddDuration(at+5*time.Second, trace.EventSleep, names[b], 0, 55*time.Second, nil)
		}
	}
	tr.Total = time.Duration(moves) * time.Minute
	return tr
}

// BenchmarkEncode streams a trace of 300 000 events and 200 000 spans as
// JSON: bytes per second, and allocations per encoding (one per distinct
// string, escaped once: about 2 000 here, none per event or span).
func BenchmarkEncode(b *testing.B) {
	tr := bigTrace(1000, 100)
	var n int64
	for b.Loop() {
		cw := &countWriter{}
		w := trace.NewJSONWriter(cw)
		w.Trace(tr)
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		n = cw.n
	}
	b.SetBytes(n)
	b.ReportMetric(float64(tr.Events.Len()), "events")
}

// BenchmarkEventsAdd records events through the scheduler's fast path:
// nanoseconds and bytes per event (24 bytes, in chunks that never move).
func BenchmarkEventsAdd(b *testing.B) {
	var ev trace.Events
	task := ev.Ref("board 1")
	for i := 0; b.Loop(); i++ {
		ev.AddDuration(time.Duration(i), trace.EventSleep, task, 0, 55*time.Second, nil)
	}
}

// BenchmarkAppendString escapes a line of output with quotes and a tab.
func BenchmarkAppendString(b *testing.B) {
	s := "board 12: game over \"checkmate\"\tin 30 moves <nil>"
	buf := make([]byte, 0, 128)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = trace.AppendString(buf[:0], s)
	}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
