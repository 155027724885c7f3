package export

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"conclab/labs/trace"
)

// Micros is a time written in microseconds, the unit of the trace-event
// format's ts and dur, exactly: "1500.25" for 1.50025 ms.
type Micros time.Duration

// MarshalJSON writes m in microseconds with up to three decimals (nanoseconds).
func (m Micros) MarshalJSON() ([]byte, error) {
	ns := int64(m)
	neg := ns < 0
	if neg {
		ns = -ns
	}
	var b []byte
	if neg {
		b = append(b, '-')
	}
	b = strconv.AppendInt(b, ns/1000, 10)
	if frac := ns % 1000; frac != 0 {
		b = append(b, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
		for b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
	}
	return b, nil
}

// Event is one event of the Chrome trace-event format, as WritePerfetto
// writes it: "M" metadata (process and thread names, sort order), "X"
// complete slices (a span), "s" and "f" flow start and end (a wake-up and
// its cause).
type Event struct {
	Name  string         `json:"name"`
	Cat   string         `json:"cat,omitempty"`
	Ph    string         `json:"ph"`
	Ts    Micros         `json:"ts"`
	Dur   *Micros        `json:"dur,omitempty"`
	Pid   int            `json:"pid"`
	Tid   int            `json:"tid"`
	ID    int            `json:"id,omitempty"`
	Bp    string         `json:"bp,omitempty"`
	Cname string         `json:"cname,omitempty"`
	Args  map[string]any `json:"args,omitempty"`
}

// cnames are the colours chrome://tracing gives the kinds of slice (its
// reserved colour names); Perfetto picks its own.
var cnames = [numKinds]string{
	Running: "thread_state_running", Blocked: "thread_state_uninterruptible",
	Waiting: "thread_state_sleeping", Sync: "thread_state_iowait", Ready: "thread_state_runnable",
}

// sliceName is what a span's slice is called: its kind, and what it waits on.
func sliceName(sp trace.Span) string {
	k := KindOf(sp)
	if on := sp.On.String(); on != "" && (k == Waiting || k == Sync || k == Blocked) {
		return k.String() + " (" + on + ")"
	}
	return k.String()
}

// flow is one wake-up whose cause the trace knows: the slice of the task
// that caused it (the span it ended at the cause's instant, else the one
// it was in) and the slice the woken task began then.
type flow struct {
	id         int
	kind       trace.CauseKind
	at, causeT time.Duration
	// enclosing: the woken task began no slice at the wake (it returned
	// then, or waited again on the same thing, which the trace joins into
	// one span), so the flow ends on the slice that ends at or holds the
	// wake ("bp": "e").
	enclosing bool
}

// flows finds the wake-ups of tr caused by another task (trace.Events.Cause)
// and the slices they bind to: out[task][span] lists the flows that start
// after that slice (the causer's), in[task][span] those that end at its
// start (the woken task's). next is the first flow id to use; it returns
// the next free one. A wake-up whose slices cannot be found is left out.
func flows(tr *trace.Trace, next int) (out, in map[[2]int][]flow, after int) {
	out, in = map[[2]int][]flow{}, map[[2]int][]flow{}
	index := map[string]int{}
	for i, t := range tr.Tasks {
		index[t.Name] = i
	}
	drawn := func(sp trace.Span) bool { return KindOf(sp) != Idle && sp.End > sp.Start }
	e := &tr.Events
	for j := range e.Len() {
		c, ok := e.Cause(j)
		if !ok || !c.Kind.ByTask() {
			continue
		}
		woken, ok1 := index[e.Task(j)]
		causer, ok2 := index[c.Task]
		if !ok1 || !ok2 {
			continue
		}
		at, causeT := e.Time(j), e.Time(c.Event)
		to, enclosing := -1, false
		for k, sp := range tr.Tasks[woken].Spans {
			if sp.Start == at && drawn(sp) {
				to, enclosing = k, false
				break
			}
			if sp.Start < at && at <= sp.End && drawn(sp) && to < 0 {
				to, enclosing = k, true
			}
		}
		from := -1
		for k, sp := range tr.Tasks[causer].Spans {
			if !drawn(sp) {
				continue
			}
			if sp.End == causeT {
				from = k
				break
			}
			if sp.Start <= causeT && causeT < sp.End && from < 0 {
				from = k
			}
		}
		if to < 0 || from < 0 {
			continue
		}
		f := flow{id: next, kind: c.Kind, at: at, causeT: causeT, enclosing: enclosing}
		next++
		out[[2]int{causer, from}] = append(out[[2]int{causer, from}], f)
		in[[2]int{woken, to}] = append(in[[2]int{woken, to}], f)
	}
	return out, in, next
}

// WritePerfetto writes p's runs as Chrome trace-event JSON, which Perfetto
// UI (ui.perfetto.dev) and chrome://tracing open: an object with
// "traceEvents" and "displayTimeUnit". Each lane is a process (pid 1, 2 ...
// in order, named after its variant), each task a thread (tid 1, 2 ... in
// the trace's order, named after the task), each span but done a complete
// slice ("X", ts and dur in µs of the run's clock) named after its state
// (and what it waits on), and each wake-up that another task caused a flow
// from the causer's slice ("s", bound to the slice that ends at, or holds,
// the cause's instant) to the slice the woken task began then ("f", bound
// to the next slice), or, when it began none, to its slice that ends at or
// holds the wake ("f" with "bp": "e").
//
// A process's names come first, then its events in time order; at one
// instant, a flow's start comes before its end, a flow's end before the
// slice it binds to, and a flow's start after the slice it binds to, so
// that a reader that binds as it goes (Perfetto's) binds each right. The
// events are streamed, a task's at a time merged in time order: memory
// grows with the tasks and the flows, not with the spans.
func WritePerfetto(w io.Writer, p Picture) error {
	b := bufio.NewWriterSize(w, 64<<10)
	other, err := json.Marshal(map[string]string{"generator": "conclab", "title": p.Title, "params": p.Params})
	if err != nil {
		return err
	}
	b.WriteString(`{"displayTimeUnit":"ms","otherData":`)
	b.Write(other)
	b.WriteString(`,"traceEvents":[`)
	first := true
	put := func(e Event) error {
		line, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if !first {
			b.WriteString(",\n")
		}
		first = false
		_, err = b.Write(line)
		return err
	}
	id := 1
	for i, l := range p.Lanes {
		pid, tr := i+1, l.Result.Trace
		if err := put(Event{Name: "process_name", Ph: "M", Pid: pid, Args: map[string]any{"name": l.Variant}}); err != nil {
			return err
		}
		if err := put(Event{Name: "process_sort_index", Ph: "M", Pid: pid, Args: map[string]any{"sort_index": i}}); err != nil {
			return err
		}
		for k, t := range tr.Tasks {
			if err := put(Event{Name: "thread_name", Ph: "M", Pid: pid, Tid: k + 1, Args: map[string]any{"name": t.Name}}); err != nil {
				return err
			}
			if err := put(Event{Name: "thread_sort_index", Ph: "M", Pid: pid, Tid: k + 1, Args: map[string]any{"sort_index": k}}); err != nil {
				return err
			}
		}
		var out, in map[[2]int][]flow
		out, in, id = flows(tr, id)
		cursors := make(cursorHeap, 0, len(tr.Tasks))
		for k := range tr.Tasks {
			c := &cursor{pid: pid, task: k, spans: tr.Tasks[k].Spans, out: out, in: in}
			if c.next() {
				cursors = append(cursors, c)
			}
		}
		heap.Init(&cursors)
		for len(cursors) > 0 {
			c := cursors[0]
			if err := put(c.head.ev); err != nil {
				return err
			}
			if c.next() {
				heap.Fix(&cursors, 0)
			} else {
				heap.Pop(&cursors)
			}
		}
	}
	b.WriteString("]}\n")
	return b.Flush()
}

// ranked is an event and its place among the events of the same instant.
type ranked struct {
	rank int
	ev   Event
}

// The order of events at one instant (see WritePerfetto).
const (
	rankBound = iota // a slice a flow starting at its start binds to
	rankStart        // a flow's start
	rankEnd          // a flow's end
	rankSlice        // any other slice
)

// cursor walks the events of one task in time order: per span, the flows
// that end at its start, its slice, the flows that start from it and those
// that end on it (see WritePerfetto).
type cursor struct {
	pid, task int
	spans     []trace.Span
	out, in   map[[2]int][]flow
	span      int      // the next span to expand
	pending   []ranked // the events of the span expanded last, not yet taken
	head      ranked   // the event next
	seq       int      // head's place in the task's events
}

// next moves to the task's next event; false when there is none.
func (c *cursor) next() bool {
	for len(c.pending) == 0 {
		if c.span >= len(c.spans) {
			return false
		}
		c.pending = c.expand(c.span)
		c.span++
	}
	c.head, c.pending = c.pending[0], c.pending[1:]
	c.seq++
	return true
}

// expand returns the events of span s of the task, in their order.
func (c *cursor) expand(s int) []ranked {
	sp := c.spans[s]
	kind := KindOf(sp)
	if kind == Idle || sp.End <= sp.Start {
		return nil
	}
	tid, key := c.task+1, [2]int{c.task, s}
	var evs []ranked
	ends := c.in[key]
	for _, fl := range ends {
		if !fl.enclosing {
			evs = append(evs, ranked{rankEnd, Event{Name: fl.kind.String(), Cat: "wake", Ph: "f", Ts: Micros(fl.at), Pid: c.pid, Tid: tid, ID: fl.id}})
		}
	}
	dur := Micros(sp.Duration())
	args := map[string]any{"state": sp.State.String()}
	if on := sp.On.String(); on != "" {
		args["on"] = on
	}
	if sp.Worker != trace.NoWorker {
		args["worker"] = sp.Worker + 1
	}
	rank := rankSlice
	starts := c.out[key]
	for _, fl := range starts {
		if fl.causeT == sp.Start {
			rank = rankBound // a flow starts at this slice's very start
		}
	}
	evs = append(evs, ranked{rank, Event{Name: sliceName(sp), Cat: kind.String(), Ph: "X", Ts: Micros(sp.Start), Dur: &dur, Pid: c.pid, Tid: tid, Cname: cnames[kind], Args: args}})
	for _, fl := range starts {
		evs = append(evs, ranked{rankStart, Event{Name: fl.kind.String(), Cat: "wake", Ph: "s", Ts: Micros(fl.causeT), Pid: c.pid, Tid: tid, ID: fl.id}})
	}
	for _, fl := range ends {
		if fl.enclosing {
			evs = append(evs, ranked{rankEnd, Event{Name: fl.kind.String(), Cat: "wake", Ph: "f", Ts: Micros(fl.at), Pid: c.pid, Tid: tid, ID: fl.id, Bp: "e"}})
		}
	}
	return evs
}

// cursorHeap orders the tasks' cursors by their next event: its time, its
// rank at that instant, then the task's order and the event's place in it
// (a stable merge).
type cursorHeap []*cursor

func (h cursorHeap) Len() int { return len(h) }
func (h cursorHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	return cmp.Or(cmp.Compare(a.head.ev.Ts, b.head.ev.Ts), cmp.Compare(a.head.rank, b.head.rank),
		cmp.Compare(a.task, b.task), cmp.Compare(a.seq, b.seq)) < 0
}
func (h cursorHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *cursorHeap) Push(x any)   { *h = append(*h, x.(*cursor)) }
func (h *cursorHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
