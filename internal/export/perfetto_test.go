package export_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/internal/export"
	"conclab/labs"
)

// rawEvent is a trace event as a reader of the format sees it: any JSON.
type rawEvent map[string]any

func (e rawEvent) str(k string) (string, bool) { s, ok := e[k].(string); return s, ok }
func (e rawEvent) num(k string) (float64, bool) {
	n, ok := e[k].(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// ns is a µs number of the file in nanoseconds, exactly (the file writes
// at most three decimals).
func ns(t *testing.T, e rawEvent, k string) int64 {
	t.Helper()
	n, ok := e[k].(json.Number)
	require.True(t, ok, "%s is a number in %v", k, e)
	s := n.String()
	whole, frac, _ := strings.Cut(s, ".")
	require.LessOrEqual(t, len(frac), 3, "%s = %s: at most nanoseconds", k, s)
	var w, f int64
	_, err := fmt.Sscan(whole, &w)
	require.NoError(t, err)
	if frac != "" {
		_, err = fmt.Sscan((frac + "000")[:3], &f)
		require.NoError(t, err)
	}
	return w*1000 + f
}

// checkSchema checks a trace-event file against the format's rules (the
// Trace Event Format document): the fields each phase needs, ts in time
// order on every thread, every flow start ended once by a flow end of the
// same id, category and name, bound to a slice. It returns the events.
func checkSchema(t *testing.T, data []byte) []rawEvent {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var file struct {
		TraceEvents     []rawEvent `json:"traceEvents"`
		DisplayTimeUnit string     `json:"displayTimeUnit"`
	}
	require.NoError(t, d.Decode(&file))
	require.Contains(t, []string{"ms", "ns"}, file.DisplayTimeUnit)
	type thread struct{ pid, tid float64 }
	last := map[thread]int64{}
	slices := map[thread][][2]int64{} // [ts, end] of each slice in order
	type flowKey struct {
		id        float64
		cat, name string
	}
	starts, ends := map[flowKey]int64{}, map[flowKey]int64{}
	named := map[thread]bool{}
	for i, e := range file.TraceEvents {
		ph, ok := e.str("ph")
		require.True(t, ok, "event %d has a ph", i)
		name, ok := e.str("name")
		require.True(t, ok && name != "", "event %d has a name", i)
		pid, ok1 := e.num("pid")
		tid, ok2 := e.num("tid")
		require.True(t, ok1 && ok2, "event %d has pid and tid", i)
		th := thread{pid, tid}
		switch ph {
		case "M":
			args, ok := e["args"].(map[string]any)
			require.True(t, ok, "metadata %d has args", i)
			switch name {
			case "process_name", "thread_name":
				_, ok := args["name"].(string)
				require.True(t, ok, "%s has args.name", name)
				if name == "thread_name" {
					named[th] = true
				}
			case "process_sort_index", "thread_sort_index":
				_, ok := args["sort_index"].(json.Number)
				require.True(t, ok, "%s has args.sort_index", name)
			default:
				t.Fatalf("unknown metadata %q", name)
			}
			continue
		case "X", "s", "f":
		default:
			t.Fatalf("event %d: unexpected phase %q", i, ph)
		}
		ts := ns(t, e, "ts")
		require.GreaterOrEqual(t, ts, int64(0))
		require.GreaterOrEqual(t, ts, last[th], "event %d: ts goes back on thread %v", i, th)
		last[th] = ts
		require.True(t, named[th], "event %d on a thread with no thread_name before it", i)
		cat, ok := e.str("cat")
		require.True(t, ok && cat != "", "event %d has a cat", i)
		switch ph {
		case "X":
			dur := ns(t, e, "dur")
			require.Greater(t, dur, int64(0), "slice %d lasts", i)
			if n := len(slices[th]); n > 0 {
				require.GreaterOrEqual(t, ts, slices[th][n-1][1], "slice %d overlaps the one before on its thread", i)
			}
			slices[th] = append(slices[th], [2]int64{ts, ts + dur})
		case "s", "f":
			id, ok := e.num("id")
			require.True(t, ok, "flow %d has an id", i)
			k := flowKey{id, cat, name}
			if ph == "s" {
				_, dup := starts[k]
				require.False(t, dup, "flow %v starts twice", k)
				starts[k] = ts
				// binds to the enclosing slice: the last one on the thread holds ts (its end included)
				n := len(slices[th])
				require.Greater(t, n, 0, "flow start %v has no slice to bind to", k)
				require.True(t, slices[th][n-1][0] <= ts && ts <= slices[th][n-1][1], "flow start %v at %d outside its slice %v", k, ts, slices[th][n-1])
			} else {
				st, ok := starts[k]
				require.True(t, ok, "flow end %v before its start", k)
				require.GreaterOrEqual(t, ts, st)
				_, dup := ends[k]
				require.False(t, dup, "flow %v ends twice", k)
				ends[k] = ts
				if bp, _ := e.str("bp"); bp == "e" { // binds to the enclosing slice
					n := len(slices[th])
					require.Greater(t, n, 0, "flow end %v has no slice to bind to", k)
					require.True(t, slices[th][n-1][0] <= ts && ts <= slices[th][n-1][1], "flow end %v at %d outside its slice %v", k, ts, slices[th][n-1])
					continue
				}
				// binds to the next slice: the next event on this thread is a slice that starts at ts
				require.Less(t, i+1, len(file.TraceEvents))
				var next rawEvent
				for _, n := range file.TraceEvents[i+1:] {
					if p, _ := n.num("pid"); p == pid {
						if q, _ := n.num("tid"); q == tid {
							if ph, _ := n.str("ph"); ph == "X" {
								next = n
								break
							}
						}
					}
				}
				require.NotNil(t, next, "flow end %v binds to no slice", k)
				assert.Equal(t, ts, ns(t, next, "ts"), "flow end %v binds to the slice that starts then", k)
			}
		}
	}
	for k := range starts {
		_, ok := ends[k]
		assert.True(t, ok, "flow %v starts and never ends", k)
	}
	return file.TraceEvents
}

// TestPerfettoEveryLab checks every lab's default run as trace-event
// JSON: the schema, a process per variant and a thread per task named
// after them, each span a slice with its times in µs, each wake-up a
// task caused a flow.
func TestPerfettoEveryLab(t *testing.T) {
	flows := 0
	for _, l := range labs.All() {
		t.Run(l.Name, func(t *testing.T) {
			p := runLab(t, l.Name)
			var b bytes.Buffer
			require.NoError(t, export.WritePerfetto(&b, p))
			events := checkSchema(t, b.Bytes())
			for i, lane := range p.Lanes {
				pid := float64(i + 1)
				var procName string
				threads := map[float64]string{}
				got := map[string][][2]int64{}
				starts := 0
				for _, e := range events {
					if n, _ := e.num("pid"); n != pid {
						continue
					}
					name, _ := e.str("name")
					ph, _ := e.str("ph")
					tid, _ := e.num("tid")
					switch {
					case ph == "M" && name == "process_name":
						procName = e["args"].(map[string]any)["name"].(string)
					case ph == "M" && name == "thread_name":
						threads[tid] = e["args"].(map[string]any)["name"].(string)
					case ph == "X":
						got[threads[tid]] = append(got[threads[tid]], [2]int64{ns(t, e, "ts"), ns(t, e, "dur")})
					case ph == "s":
						flows++
						starts++
					}
				}
				assert.Equal(t, lane.Variant, procName)
				tr := lane.Result.Trace
				caused := 0
				for j := range tr.Events.Len() {
					if c, ok := tr.Events.Cause(j); ok && c.Kind.ByTask() {
						caused++
					}
				}
				assert.Equal(t, caused, starts, "every wake-up another task caused is a flow (%s)", lane.Variant)
				require.Len(t, threads, len(tr.Tasks))
				for _, task := range tr.Tasks {
					var want [][2]int64
					for _, sp := range task.Spans {
						if export.KindOf(sp) != export.Idle && sp.End > sp.Start {
							want = append(want, [2]int64{int64(sp.Start), int64(sp.Duration())})
						}
					}
					assert.Equal(t, want, got[task.Name], "slices of %s %s (ts, dur in ns)", lane.Variant, task.Name)
				}
			}
		})
	}
	assert.Greater(t, flows, 20, "wake-ups with a known cause are flows")
}

// TestPerfettoFlowKnown checks one flow from the lab's facts: with a
// goroutine per flag and 0.5 s each, main waits for them all (a join) and
// the last one to return wakes it at 0.5 s: a "done" flow into main.
func TestPerfettoFlowKnown(t *testing.T) {
	p := runLab(t, "flags", "goroutines")
	var b bytes.Buffer
	require.NoError(t, export.WritePerfetto(&b, p))
	events := checkSchema(t, b.Bytes())
	threads := map[float64]string{}
	var into []string
	for _, e := range events {
		name, _ := e.str("name")
		ph, _ := e.str("ph")
		tid, _ := e.num("tid")
		if ph == "M" && name == "thread_name" {
			threads[tid] = e["args"].(map[string]any)["name"].(string)
		}
		if ph == "f" && name == "done" {
			into = append(into, fmt.Sprint(threads[tid], "@", time.Duration(ns(t, e, "ts"))))
		}
	}
	assert.Equal(t, []string{"main@500ms"}, into)
}

// TestMicros checks the µs numbers: exact to the nanosecond.
func TestMicros(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0"}, {time.Microsecond, "1"}, {1500 * time.Nanosecond, "1.5"}, {1001 * time.Nanosecond, "1.001"},
		{12 * time.Hour, "43200000000"}, {-2500 * time.Nanosecond, "-2.5"}, {999, "0.999"},
	}
	for _, tt := range tests {
		got, err := export.Micros(tt.in).MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(got), "Micros(%v) = %s, want %s", tt.in, got, tt.want)
	}
}
