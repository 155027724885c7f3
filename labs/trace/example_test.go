package trace_test

import (
	"fmt"
	"time"

	"conclab/labs/trace"
)

func ExampleClock() {
	fmt.Println(trace.Clock(12 * time.Hour))
	fmt.Println(trace.Clock(3655 * time.Second))
	fmt.Println(trace.Clock(2100 * time.Millisecond))
	// Output:
	// 12:00:00
	// 1:00:55
	// 0:00:02.1
}

func ExampleSummarize() {
	tr := &trace.Trace{Total: 2 * time.Second, Workers: 1, Tasks: []trace.Task{{Name: "A", Spans: []trace.Span{
		{State: trace.Blocked, Worker: 0, On: trace.OnIO, Start: 0, End: 2 * time.Second},
	}}}}
	s := trace.Summarize(tr)
	fmt.Println(s.Tasks[0].Name, "held the loop for", s.Tasks[0].Busy(), "and used it", s.Tasks[0].Running)
	// Output:
	// A held the loop for 2s and used it 0s
}
