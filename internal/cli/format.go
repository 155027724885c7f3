package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
// detail (for a wake, what woke the task: wakeCause), and, where the events
// carry them, the queues after each event.
// It formats each line into one buffer, without fmt: a large run prints
// millions of them.
func WriteSteps(w io.Writer, tr *trace.Trace) {
	var b []byte
	ev := &tr.Events
	last := map[string]int{} // each task's last event so far (a wake's park)
	for i := range ev.Len() {
		task := ev.Task(i)
		if ev.Kind(i) != trace.EventWake {
			last[task] = i
		}
		b = append(b[:0], '#')
		b = padRight(strconv.AppendInt(b, int64(i+1), 10), 1, 4)
		b = append(b, ' ')
		var clock [32]byte
		b = padLeft(b, trace.AppendClock(clock[:0], ev.Time(i)), 10)
		b = append(b, ' ', ' ')
		n := len(b)
		b = padRight(append(b, ev.Kind(i)...), n, 8)
		b = append(b, ' ')
		b = append(b, task...)
		if wk := ev.Worker(i); wk >= 0 {
			b = append(b, " on worker "...)
			b = strconv.AppendInt(b, int64(wk), 10)
		}
		n = len(b)
		if b = ev.AppendDetail(append(b, ' '), i); len(b) == n+1 {
			b = b[:n] // no detail
		}
		if ev.Kind(i) == trace.EventWake && ev.HasCauses() {
			park, ok := last[task]
			if !ok {
				park = -1
			}
			if why := wakeCause(ev, i, park); why != "" {
				b = append(append(b, ' '), why...)
			}
		}
		b = append(b, '\n')
		if q := ev.Queues(i); q != nil {
			text := q.Text()
			b = append(b, "      running: "+text.Running+"\n"...)
			b = append(b, "      ready:   "+text.Ready+"\n"...)
			b = append(b, "      timers:  "+text.Timers+"\n"...)
		}
		if _, err := w.Write(b); err != nil {
			return
		}
	}
	fmt.Fprintf(w, "total %s\n", trace.Clock(tr.Total))
}

// padRight pads b with spaces until what follows b[:from] is width runes wide (fmt's %-Ns).
func padRight(b []byte, from, width int) []byte {
	for n := utf8.RuneCount(b[from:]); n < width; n++ {
		b = append(b, ' ')
	}
	return b
}

// padLeft appends s to b after the spaces that make it width runes wide (fmt's %Ns).
func padLeft(b, s []byte, width int) []byte {
	for n := utf8.RuneCount(s); n < width; n++ {
		b = append(b, ' ')
	}
	return append(b, s...)
}
