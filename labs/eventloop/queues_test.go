package eventloop_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"conclab/labs/sched"
	"conclab/labs/trace"
)

// TestEngineQueues: labs/sched's cooperative loop with snapshots records
// the same queues as the toy loop, one snapshot per event: a blocking call
// shows its resume timer, and a timer that came due waits among the timers
// (kind "due") for the loop's next iteration, as asyncio's does.
func TestEngineQueues(t *testing.T) {
	sim := sched.New(sched.Config{Model: sched.Cooperative, Workers: 1, Snapshots: true})
	sim.Go("A", func(t *sched.Task) { t.Block(time.Second) })
	sim.Go("B", func(t *sched.Task) { t.Sleep(time.Second) })
	tr, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, ev := range tr.Events.All() {
		q := ev.Queues.Text()
		var kinds []string
		if ev.Queues != nil {
			for _, tm := range ev.Queues.Timers {
				kinds = append(kinds, tm.Kind)
			}
		}
		got = append(got, fmt.Sprintf("#%d %s %s %s | %s | %s | %s %v", i+1, trace.Clock(ev.At), ev.Kind, ev.Task, q.Running, q.Ready, q.Timers, kinds))
	}
	want := []string{
		"#1 0:00:00 run A | A | B | (none) []",
		"#2 0:00:00 block A | A | B | A@0:00:01 [return]",
		"#3 0:00:01 resume A | A | B | (none) []",
		"#4 0:00:01 done A | (idle) | B | (none) []",
		"#5 0:00:01 run B | B | (none) | (none) []",
		"#6 0:00:01 sleep B | (idle) | (none) | B@0:00:02 [wake]",
		"#7 0:00:02 wake B | (idle) | (none) | B@0:00:02 [due]", // the timer came due; its callback runs in the next iteration
		"#8 0:00:02 run B | B | (none) | (none) []",
		"#9 0:00:02 done B | (idle) | (none) | (none) []",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the engine's queues =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
