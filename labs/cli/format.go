package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"conclab/labs/trace"
)

// Speedup formats base/total as "11.8x" ("-" when total is zero).
func Speedup(base, total time.Duration) string {
	if total <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fx", float64(base)/float64(total))
}

// FormatFacts writes facts as "name=value" pairs sorted by name; maps and
// slices in compact JSON.
func FormatFacts(facts map[string]any) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(facts)) {
		v := facts[k]
		var s string
		switch v := v.(type) {
		case string:
			s = v
		case time.Duration:
			s = v.String()
		case fmt.Stringer:
			s = v.String()
		default:
			b, err := json.Marshal(v)
			if err != nil {
				s = fmt.Sprint(v)
			} else {
				s = string(b)
			}
		}
		parts = append(parts, k+"="+s)
	}
	return strings.Join(parts, " ")
}

// WriteSteps prints a trace event by event: time, event, task, worker and
// detail, and, where the events carry them, the queues after each event.
func WriteSteps(w io.Writer, tr *trace.Trace) {
	for i, ev := range tr.Events.All() {
		worker := ""
		if ev.Worker >= 0 {
			worker = fmt.Sprintf(" on worker %d", ev.Worker)
		}
		detail := ""
		if ev.Detail != "" {
			detail = " " + ev.Detail
		}
		fmt.Fprintf(w, "#%-4d %10s  %-8s %s%s%s\n", i+1, trace.Clock(ev.At), ev.Kind, ev.Task, worker, detail)
		if q := ev.Queues; q != nil {
			fmt.Fprintf(w, "      running: %s\n", orNone(q.Running))
			fmt.Fprintf(w, "      ready:   %s\n", orNone(q.Ready))
			var timers []string
			for _, t := range q.Timers {
				timers = append(timers, fmt.Sprintf("%s@%s", t.Task, trace.Clock(t.At)))
			}
			fmt.Fprintf(w, "      timers:  %s\n", orNone(timers))
		}
	}
	fmt.Fprintf(w, "total %s\n", trace.Clock(tr.Total))
}

func orNone(xs []string) string {
	var keep []string
	for _, x := range xs {
		if x == "" {
			x = "(idle)"
		}
		keep = append(keep, x)
	}
	if len(keep) == 0 {
		return "(none)"
	}
	return strings.Join(keep, ", ")
}
