package trace_test

import (
	"testing"
	"time"

	"conclab/labs/trace"
)

func TestQueuesText(t *testing.T) {
	s := time.Second
	tests := []struct {
		q    *trace.Queues
		want trace.QueueText
	}{
		{nil, trace.QueueText{Running: "(none)", Ready: "(none)", Timers: "(none)"}},
		{&trace.Queues{Running: []string{""}}, trace.QueueText{Running: "(idle)", Ready: "(none)", Timers: "(none)"}},
		{&trace.Queues{Running: []string{"C"}, Ready: []string{"A", "B"}, Timers: []trace.Timer{{At: 3 * s, Task: "D", Kind: "wake"}}},
			trace.QueueText{Running: "C", Ready: "A, B", Timers: "D@0:00:03"}},
		{&trace.Queues{Running: []string{"A", ""}, Timers: []trace.Timer{{At: 1500 * time.Millisecond, Task: "A", Kind: "return"}, {At: 2 * s, Task: "B", Kind: "due"}}},
			trace.QueueText{Running: "A, (idle)", Ready: "(none)", Timers: "A@0:00:01.5, B@0:00:02"}},
	}
	for _, tt := range tests {
		if got := tt.q.Text(); got != tt.want {
			t.Errorf("(%+v).Text() = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}
