//go:build exercises

package eventloop

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/internal/labtest"
	"conclab/labs/eventloop"
	"conclab/labs/trace"
)

// line is a line a task printed, and when.
type line struct {
	at   time.Duration
	task string
	text string
}

func (l line) String() string { return fmt.Sprintf("%s %q at %s", l.task, l.text, kit.Seconds(l.at)) }

func lines(t []trace.Line) []line {
	var ls []line
	for _, l := range t {
		ls = append(ls, line{l.At, l.Task, l.Text})
	}
	return ls
}

const s = time.Second

// together is what the lab's toy loop prints for its countdowns: A from 5
// at once, B from 3 after 2 s, C from 4 after 1 s, 1 s steps. At 2 s, 3 s
// and 4 s, B runs before A and C: its timer for that instant was pushed
// first.
var together = []line{
	{0, "A", "T-minus 5"}, {0, "B", "starts in 2s"}, {0, "C", "starts in 1s"},
	{1 * s, "A", "T-minus 4"}, {1 * s, "C", "T-minus 4"},
	{2 * s, "B", "T-minus 3"}, {2 * s, "A", "T-minus 3"}, {2 * s, "C", "T-minus 3"},
	{3 * s, "B", "T-minus 2"}, {3 * s, "A", "T-minus 2"}, {3 * s, "C", "T-minus 2"},
	{4 * s, "B", "T-minus 1"}, {4 * s, "A", "T-minus 1"}, {4 * s, "C", "T-minus 1"},
	{5 * s, "B", "lift-off!"}, {5 * s, "A", "lift-off!"}, {5 * s, "C", "lift-off!"},
}

// blocked is what it prints when B sleeps with a blocking call between its
// numbers: from 2 s to 5 s nothing but B runs, and A and C are 3 s late.
var blocked = []line{
	{0, "A", "T-minus 5"}, {0, "B", "starts in 2s"}, {0, "C", "starts in 1s"},
	{1 * s, "A", "T-minus 4"}, {1 * s, "C", "T-minus 4"},
	{2 * s, "B", "T-minus 3"}, {3 * s, "B", "T-minus 2"}, {4 * s, "B", "T-minus 1"}, {5 * s, "B", "lift-off!"},
	{5 * s, "A", "T-minus 3"}, {5 * s, "C", "T-minus 3"},
	{6 * s, "A", "T-minus 2"}, {6 * s, "C", "T-minus 2"},
	{7 * s, "A", "T-minus 1"}, {7 * s, "C", "T-minus 1"},
	{8 * s, "A", "lift-off!"}, {8 * s, "C", "lift-off!"},
}

func TestLoopModel(t *testing.T) {
	for variant, want := range map[string][]line{"toy": together, "blocking": blocked} {
		got := lines(labtest.Run(t, eventloop.Lab(), variant, nil).Trace.Output)
		if !slices.Equal(got, want) {
			t.Errorf("the lab's %s variant printed %v, want %v", variant, got, want) // guards the check itself
		}
	}
}

func TestLoop(t *testing.T) {
	tests := []struct {
		name   string
		b      func(l *Loop, name string, from int, delay, step time.Duration) iter.Seq[time.Duration]
		want   []line
		end    time.Duration
		sleeps int // how often the loop itself sleeps
		why    string
	}{
		{"A, B and C lift off together at 5 s", Count, together, 5 * s, 5,
			"one goroutine runs the tasks, one at a time, and timers due at the same time run in the order they were " +
				"pushed (the heap orders them by time, then by push order)"},
		{"B blocks the loop: A and C lift off at 8 s", CountBlocking, blocked, 8 * s, 5,
			"while B's blocking call holds the loop's only goroutine, no other task may run — do your tasks run on goroutines of their own?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				l := New(log)
				l.Go("A", Count(l, "A", 5, 0, s))
				l.Go("B", tt.b(l, "B", 3, 2*s, s))
				l.Go("C", Count(l, "C", 4, s, s))
				end := l.Run()
				checkLoop(t, log, end, tt.want, tt.end, tt.sleeps, tt.why)
			})
		})
	}
}

// liftOffs says when each task lifted off: "A at 5 s, B at 5 s, C at 5 s".
func liftOffs(ls []line) string {
	var out []string
	for _, l := range ls {
		if l.text == "lift-off!" {
			out = append(out, l.task+" at "+kit.Seconds(l.at))
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// lastAt is the time of the last line (0 for none).
func lastAt(ls []line) time.Duration {
	if len(ls) == 0 {
		return 0
	}
	return ls[len(ls)-1].at
}

func checkLoop(t *testing.T, log *kit.Log, end time.Duration, want []line, wantEnd time.Duration, sleeps int, why string) {
	t.Helper()
	got := lines(log.Lines(""))
	if liftOffs(got) != liftOffs(want) && lastAt(got) > wantEnd {
		t.Fatalf("the countdowns lifted off: %s; want %s: the loop ran each task to its end before the next one, "+
			"sleeping through every wait — push every task's wake-up time on the heap, and always resume the task "+
			"due first", liftOffs(got), liftOffs(want))
	}
	for i := range min(len(got), len(want)) {
		switch {
		case got[i].at < want[i].at:
			t.Fatalf("line %d was %v, want %v: resume a task only once its timer is due — sleep until then "+
				"(sleepUntil)", i+1, got[i], want[i])
		case got[i] != want[i]:
			t.Fatalf("line %d was %v, want %v: %s", i+1, got[i], want[i], why)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("the tasks printed %d lines, want %d (%v): resume every task until it returns", len(got), len(want), want)
	}
	if elapsed := log.Elapsed(); end != wantEnd || elapsed != wantEnd {
		t.Fatalf("Run returned %s at %s, want %s at %s, when the last task returned", kit.Seconds(end),
			kit.Seconds(elapsed), kit.Seconds(wantEnd), kit.Seconds(wantEnd))
	}
	n := 0
	if loop := log.Trace().Task("loop"); loop != nil {
		for _, sp := range loop.Spans {
			if sp.State == trace.Waiting {
				n++
			}
		}
	}
	if n != sleeps {
		t.Fatalf("the loop slept %d times, want %d: once each time the earliest timer is still ahead, and then "+
			"until it is due, in one call (sleepUntil)", n, sleeps)
	}
}
