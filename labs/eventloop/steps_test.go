package eventloop_test

import (
	"testing"
	"time"

	"conclab/labs/eventloop"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

func TestStepText(t *testing.T) {
	q := func(running []string, ready []string, timers ...trace.Timer) *trace.Queues {
		return &trace.Queues{Running: running, Ready: ready, Timers: timers}
	}
	tests := []struct {
		n    int
		ev   trace.Event
		want string
	}{
		{1, trace.Event{Kind: "run", Task: "A"}, "#1 0:00:00 run A\n"},
		{7, trace.Event{At: 1500 * time.Millisecond, Kind: "print", Task: "B", Detail: `say "hi"`}, "#7 0:00:01.5 print B \"say \\\"hi\\\"\"\n"},
		{12, trace.Event{At: 2 * time.Second, Kind: "run", Task: "C", Detail: "late 1s",
			Queues: q([]string{"C"}, []string{"A", "B"}, trace.Timer{At: 3 * time.Second, Task: "D", Kind: "wake"})},
			"#12 0:00:02 run C (late 1s)\n" +
				"    running  C\n" +
				"    ready    A, B\n" +
				"    timers   D@0:00:03\n"},
		{3, trace.Event{Kind: "block", Task: "A", Detail: "2s",
			Queues: q([]string{"A", ""}, []string{}, trace.Timer{At: 2 * time.Second, Task: "A", Kind: "return"})},
			"#3 0:00:00 block A (2s)\n" +
				"   running  w0 A, w1 -\n" +
				"   ready    -\n" +
				"   timers   A@0:00:02 (return)\n"},
	}
	for _, tt := range tests {
		if got := eventloop.StepText(tt.n, tt.ev); got != tt.want {
			t.Errorf("StepText(%d, %+v) =\n%q\nwant\n%q", tt.n, tt.ev, got, tt.want)
		}
	}
}

func TestStepsTextEmpty(t *testing.T) {
	if got, want := eventloop.StepsText(&trace.Trace{}), "no events\n"; got != want {
		t.Errorf("StepsText(empty) = %q, want %q", got, want)
	}
}

// StepsText is generic: a labs/sched run with snapshots renders too, one
// block per event, a blocking call shows its resume timer, and a timer that
// came due waits among the timers for the loop's next iteration.
func TestStepsTextOnEngine(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.Cooperative, Workers: 1, Snapshots: true})
	sim.Go("A", func(t *sched.Task) { t.Block(time.Second) })
	sim.Go("B", func(t *sched.Task) { t.Sleep(time.Second) })
	tr, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	got := eventloop.StepsText(tr)
	want := "#1 0:00:00 run A\n" +
		"   running  A\n" +
		"   ready    B\n" +
		"   timers   -\n" +
		"\n" +
		"#2 0:00:00 block A (1s)\n" +
		"   running  A\n" +
		"   ready    B\n" +
		"   timers   A@0:00:01 (return)\n" +
		"\n" +
		"#3 0:00:01 resume A\n" +
		"   running  A\n" +
		"   ready    B\n" +
		"   timers   -\n" +
		"\n" +
		"#4 0:00:01 done A\n" +
		"   running  -\n" +
		"   ready    B\n" +
		"   timers   -\n" +
		"\n" +
		"#5 0:00:01 run B\n" +
		"   running  B\n" +
		"   ready    -\n" +
		"   timers   -\n" +
		"\n" +
		"#6 0:00:01 sleep B (1s)\n" +
		"   running  -\n" +
		"   ready    -\n" +
		"   timers   B@0:00:02\n" +
		"\n" +
		"#7 0:00:02 wake B\n" + // asyncio: the timer came due; its callback runs in the next iteration
		"   running  -\n" +
		"   ready    -\n" +
		"   timers   B@0:00:02 (due)\n" +
		"\n" +
		"#8 0:00:02 run B\n" +
		"   running  B\n" +
		"   ready    -\n" +
		"   timers   -\n" +
		"\n" +
		"#9 0:00:02 done B\n" +
		"   running  -\n" +
		"   ready    -\n" +
		"   timers   -\n"
	if got != want {
		t.Errorf("StepsText(engine run) =\n%s\nwant\n%s", got, want)
	}
}
