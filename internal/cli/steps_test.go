package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"conclab/internal/cli"
	"conclab/labs"
	"conclab/labs/trace"
)

// causeWords is how --steps begins to say each kind of cause, after
// "woken by TASK: " (a task's operation) or "woken: " (a timer, I/O).
var causeWords = map[trace.CauseKind]string{
	trace.CauseSend:   "send on ",
	trace.CauseRecv:   "receive from ",
	trace.CauseClose:  "close of ",
	trace.CauseUnlock: "unlock",
	trace.CauseDone:   "return, the last of the tasks it joined",
	trace.CauseFire:   "signal fired (cancel, or close of a done channel)",
	trace.CauseTimer:  "a timer fired",
	trace.CauseIO:     "I/O finished",
}

// stepLine splits a line of --steps: its event number (from 1) and what
// follows the kind column. ok is false for a queue or total line.
func stepLine(line string) (n int, kind, rest string, ok bool) {
	if !strings.HasPrefix(line, "#") {
		return 0, "", "", false
	}
	f := strings.Fields(line)
	n, err := strconv.Atoi(f[0][1:])
	if err != nil || len(f) < 4 {
		return 0, "", "", false
	}
	_, after, _ := strings.Cut(line, "  "+f[2]+" ")
	return n, f[2], strings.TrimLeft(after, " "), true
}

// TestStepsSayEveryWakesCause runs every variant of every lab with --steps
// and reads each wake line back: it says who woke the task (the task the
// trace's cause names) or that a timer or I/O did, in the words of its
// kind; a channel's or a lock's name is the one in the woken task's own
// "wait" line above it, as --steps printed it.
func TestStepsSayEveryWakesCause(t *testing.T) {
	wakes := map[trace.CauseKind]int{}
	for _, l := range labs.All() {
		v, err := l.Resolve(nil)
		if err != nil {
			t.Fatalf("%s: Resolve(defaults): %v", l.Name, err)
		}
		for _, vr := range l.Variants {
			res, err := vr.Run(v)
			if err != nil || res.Trace == nil {
				continue // a real-only variant
			}
			var buf bytes.Buffer
			cli.WriteSteps(&buf, res.Trace)
			ev := &res.Trace.Events
			lines := strings.Split(buf.String(), "\n")
			waitOf := map[string]string{} // each task's last wait line, after its task and worker
			for _, line := range lines {
				n, kind, rest, ok := stepLine(line)
				if !ok {
					continue
				}
				i := n - 1
				task := ev.Task(i)
				if kind != trace.EventWake {
					if kind == trace.EventWait {
						waitOf[task] = rest
					} else {
						delete(waitOf, task)
					}
					continue
				}
				c, ok := ev.Cause(i)
				if !ok {
					t.Errorf("%s/%s: event %d (%s) has no cause in the trace", l.Name, vr.Name, i, line)
					continue
				}
				wakes[c.Kind]++
				who := "woken: "
				if c.Kind.ByTask() {
					who = "woken by " + c.Task + ": "
				}
				want := task + " " + who + causeWords[c.Kind]
				if _, on, ok := strings.Cut(waitOf[task], " chan "); ok && (c.Kind == trace.CauseSend || c.Kind == trace.CauseRecv || c.Kind == trace.CauseClose) {
					want += on
				}
				if _, on, ok := strings.Cut(waitOf[task], " lock "); ok && c.Kind == trace.CauseUnlock {
					want += " of " + on
				}
				if !strings.HasPrefix(rest, want) {
					t.Errorf("%s/%s: wake line %q, want it to say %q", l.Name, vr.Name, line, want)
				}
			}
		}
	}
	t.Logf("wake lines by cause: %v", wakes)
	for k := trace.CauseSend; k <= trace.CauseIO; k++ {
		if wakes[k] == 0 && k != trace.CauseClose { // no lab wakes a task by a close (labs/cause_test.go)
			t.Errorf("no wake line said a %s: the check misses a case", k)
		}
	}
}

// TestWakeWords: each kind of cause in words, with what the woken task
// waited on; a wake without a cause (a real run's) says nothing more.
func TestWakeWords(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		park  trace.Event // the woken task B's event before its wake
		cause trace.Cause
		want  string
	}{
		{trace.Event{Kind: "wait", Detail: "chan jobs"}, trace.Cause{Kind: trace.CauseSend, Event: 1}, "B woken by A: send on jobs"},
		{trace.Event{Kind: "wait", Detail: "chan semaphore"}, trace.Cause{Kind: trace.CauseRecv, Event: 1}, "B woken by A: receive from semaphore"},
		{trace.Event{Kind: "wait", Detail: "chan done"}, trace.Cause{Kind: trace.CauseClose, Event: 1}, "B woken by A: close of done"},
		{trace.Event{Kind: "wait", Detail: "lock fork 2"}, trace.Cause{Kind: trace.CauseUnlock, Event: 1}, "B woken by A: unlock of fork 2"},
		{trace.Event{Kind: "wait", Detail: "lock"}, trace.Cause{Kind: trace.CauseUnlock, Event: 1}, "B woken by A: unlock"},
		{trace.Event{Kind: "wait", Detail: "join"}, trace.Cause{Kind: trace.CauseDone, Event: 1}, "B woken by A: return, the last of the tasks it joined"},
		{trace.Event{Kind: "wait", Detail: "signal"}, trace.Cause{Kind: trace.CauseFire, Event: 1}, "B woken by A: signal fired (cancel, or close of a done channel)"},
		{trace.Event{Kind: "sleep", Detail: "100ms"}, trace.Cause{Kind: trace.CauseFire, Event: 1}, "B woken by A: signal fired (cancel, or close of a done channel), ending its sleep of 100ms early"},
		{trace.Event{Kind: "block", Detail: "90ms"}, trace.Cause{Kind: trace.CauseFire, Event: 1}, "B woken by A: signal fired (cancel, or close of a done channel), cancelling its call of 90ms"},
		{trace.Event{Kind: "sleep", Detail: "2ms"}, trace.Cause{Kind: trace.CauseTimer, Event: trace.NoEvent}, "B woken: a timer fired, its sleep of 2ms over"},
		{trace.Event{Kind: "wait", Detail: "chan results"}, trace.Cause{Kind: trace.CauseTimer, Event: trace.NoEvent}, "B woken: a timer fired, its deadline passed waiting on results"},
		{trace.Event{Kind: "block", Detail: "2ms"}, trace.Cause{Kind: trace.CauseIO, Event: trace.NoEvent}, "B woken: I/O finished, its call of 2ms returned"},
		{trace.Event{Kind: "wait", Detail: "join"}, trace.Cause{}, "B"},
	}
	for _, tt := range tests {
		park := tt.park
		park.Task, park.At, park.Worker = "B", ms, 0
		evs := []trace.Event{
			{At: 0, Kind: "run", Task: "A", Worker: 0},
			{At: 2 * ms, Kind: "run", Task: "A", Worker: 0},
			{At: 2 * ms, Kind: "wake", Task: "B", Worker: trace.NoWorker, WokenBy: tt.cause},
		}
		evs = append(evs[:1], append([]trace.Event{park}, evs[1:]...)...)
		if tt.cause.Event == 1 {
			evs[3].WokenBy.Event, evs[3].WokenBy.Task = 2, "A" // A's run at 2ms
		}
		tr := &trace.Trace{Events: trace.NewEvents(evs...), Total: 2 * ms}
		var buf bytes.Buffer
		cli.WriteSteps(&buf, tr)
		lines := strings.Split(buf.String(), "\n")
		_, _, got, _ := stepLine(lines[3])
		if got != tt.want {
			t.Errorf("WriteSteps(%s %q, then a wake by %v): wake line %q, want %q", park.Kind, park.Detail, tt.cause, got, tt.want)
		}
	}
}

// TestStepsFlagsLimited: the wakes of the flags lab's limited variant
// (5 downloads at a time) at 0.5 s, line for line: CN's download returns
// and CN receives from the semaphore, which wakes PK, the first queued.
func TestStepsFlagsLimited(t *testing.T) {
	code, out, errs := run("run", "flags", "--variant", "limited", "--steps")
	if code != 0 {
		t.Fatalf("run flags --variant limited --steps: exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"#34      0:00:00  wait     PK on worker 0 chan semaphore\n",
		"#63    0:00:00.5  wake     CN woken: I/O finished, its call of 500ms returned\n" +
			"#64    0:00:00.5  run      CN on worker 0\n" +
			"#65    0:00:00.5  print    CN on worker 0 CN 200 0.5s\n" +
			"#66    0:00:00.5  wake     PK woken by CN: receive from semaphore\n" +
			"#67    0:00:00.5  done     CN on worker 0\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("run flags --variant limited --steps lacks\n%s", want)
		}
	}
}

// TestJSONKeepsEveryCause decodes run --json (the trace the CLI streams) of
// every variant of every lab and compares its events, causes included,
// with the run's own.
func TestJSONKeepsEveryCause(t *testing.T) {
	for _, l := range labs.All() {
		code, out, errs := run("run", l.Name, "--all-variants", "--json")
		if code != 0 {
			t.Fatalf("run %s --all-variants --json: exit %d: %s", l.Name, code, errs)
		}
		var doc struct {
			Variants []struct {
				Name  string          `json:"name"`
				Trace json.RawMessage `json:"trace"`
			} `json:"variants"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("run %s --json: %v", l.Name, err)
		}
		v, err := l.Resolve(nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, dv := range doc.Variants {
			vr, err := l.Variant(dv.Name)
			if err != nil {
				t.Fatal(err)
			}
			res, err := vr.Run(v)
			if err != nil {
				t.Fatal(err)
			}
			back, err := trace.Decode(dv.Trace)
			if err != nil {
				t.Fatalf("%s/%s: Decode: %v", l.Name, dv.Name, err)
			}
			name := fmt.Sprintf("%s/%s", l.Name, dv.Name)
			if causes(&back.Events) != causes(&res.Trace.Events) || !back.Events.Equal(&res.Trace.Events) {
				t.Errorf("%s: the JSON's events (%d with a cause) are not the run's (%d with a cause)", name,
					causes(&back.Events), causes(&res.Trace.Events))
			}
		}
	}
}

func causes(ev *trace.Events) int {
	n := 0
	for i := range ev.Len() {
		if c, ok := ev.Cause(i); ok && !c.IsZero() {
			n++
		}
	}
	return n
}
