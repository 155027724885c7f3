package eventloop

import (
	"fmt"
	"strings"

	"conclab/labs/trace"
)

// StepsText renders the step view of a trace as text, one block per event,
// separated by blank lines (for `conclab run eventloop --steps`). It works for
// any trace: the toy loop's, or labs/sched's run with Config.Snapshots; an
// event without Queues gets its heading line only. See StepText for a block.
func StepsText(tr *trace.Trace) string {
	if tr.Events.Len() == 0 {
		return "no events\n"
	}
	var b strings.Builder
	for i, ev := range tr.Events.All() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(StepText(i+1, ev))
	}
	return b.String()
}

// StepText renders event number n as a block of lines:
//
//	#4 0:00:01 run C (late 1s)
//	   running  C
//	   ready    A, B
//	   timers   D@0:00:02
//
// The heading names the time, the kind of event, the task and its detail
// (printed text is quoted). The three lines below come from ev.Queues, the
// scheduler's state right after the event: the task on each worker ("-" for
// an idle one; "w0 A, w1 -" when there are several), the ready queue in the
// order the tasks will run, and the timers in the order they will fire (with
// their kind when it is not a plain wake-up). "-" marks an empty queue.
func StepText(n int, ev trace.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d %s %s %s", n, trace.Clock(ev.At), ev.Kind, ev.Task)
	switch {
	case ev.Detail == "":
	case ev.Kind == trace.EventPrint:
		fmt.Fprintf(&b, " %q", ev.Detail)
	default:
		fmt.Fprintf(&b, " (%s)", ev.Detail)
	}
	b.WriteByte('\n')
	q := ev.Queues
	if q == nil {
		return b.String()
	}
	indent := strings.Repeat(" ", len(fmt.Sprint(n))+2)
	fmt.Fprintf(&b, "%srunning  %s\n", indent, running(q.Running))
	fmt.Fprintf(&b, "%sready    %s\n", indent, list(q.Ready))
	timers := make([]string, len(q.Timers))
	for i, t := range q.Timers {
		timers[i] = t.Task + "@" + trace.Clock(t.At)
		if t.Kind != "" && t.Kind != "wake" {
			timers[i] += " (" + t.Kind + ")"
		}
	}
	fmt.Fprintf(&b, "%stimers   %s\n", indent, list(timers))
	return b.String()
}

func running(workers []string) string {
	if len(workers) == 1 {
		return orDash(workers[0])
	}
	parts := make([]string, len(workers))
	for i, name := range workers {
		parts[i] = fmt.Sprintf("w%d %s", i, orDash(name))
	}
	return list(parts)
}

func list(items []string) string {
	if len(items) == 0 {
		return "-"
	}
	return strings.Join(items, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
