package labs_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"conclab/labs"
	"conclab/labs/trace"
)

// runVariant runs a lab's variant with its default parameters.
func runVariant(t *testing.T, lab, variant string) *trace.Trace {
	t.Helper()
	l, err := labs.Get(lab)
	require.NoError(t, err)
	v, err := l.Resolve(nil)
	require.NoError(t, err)
	vr, err := l.Variant(variant)
	require.NoError(t, err)
	res, err := vr.Run(v)
	require.NoError(t, err)
	return res.Trace
}

// TestDetailOfBackToBackWaits: flags' sequential main waits for twenty
// downloads in a row, which the trace keeps as one waiting span of 10 s.
// At any instant the details are of the download in flight then: from
// the "block" event that started it (read off the events, one by one) for
// its 500 ms, ended by its I/O.
func TestDetailOfBackToBackWaits(t *testing.T) {
	tr := runVariant(t, "flags", "sequential")
	main := tr.TaskIndex("main")
	require.Len(t, tr.Tasks[main].Spans, 1, "main's waits kept as one span")
	var starts []time.Duration // main's downloads, in order
	for _, ev := range tr.Events.All() {
		if ev.Task == "main" && ev.Kind == trace.EventBlock {
			starts = append(starts, ev.At)
		}
	}
	require.Len(t, starts, 20)
	for k, start := range starts {
		for _, at := range []time.Duration{start, start + 250*time.Millisecond, start + 499*time.Millisecond} {
			d, ok := tr.Detail(main, at)
			require.True(t, ok)
			if d.Span.Start != start || d.Span.End != start+500*time.Millisecond || d.WokenBy.Kind != trace.CauseIO || d.Wake == trace.NoEvent {
				t.Errorf("Detail(main, %v) = %v-%v woken by %v (event %d), want download %d: %v-%v woken by io",
					at, d.Span.Start, d.Span.End, d.WokenBy, d.Wake, k+1, start, start+500*time.Millisecond)
			}
		}
	}
}

// TestDetailNamesTheWakerOfEachWait: flags' errgroup main waits for a
// free slot again and again (g.Go at the limit) before its Wait, all one
// span. At any instant of it the waker is that of the first wake of main
// after that instant, found by reading every event in order.
func TestDetailNamesTheWakerOfEachWait(t *testing.T) {
	tr := runVariant(t, "flags", "errgroup")
	main := tr.TaskIndex("main")
	checked := 0
	for _, sp := range tr.Tasks[main].Spans {
		if sp.State != trace.Waiting {
			continue
		}
		for at := sp.Start; at < sp.End; at += 100 * time.Millisecond {
			want := -1
			for j, ev := range tr.Events.All() {
				if ev.Task == "main" && ev.Kind == trace.EventWake && ev.At > at {
					want = j
					break
				}
			}
			d, ok := tr.Detail(main, at)
			require.True(t, ok)
			if d.Wake != want || d.Span.End != tr.Events.Time(want) {
				t.Errorf("Detail(main, %v): wake %d at %v, want %d at %v", at, d.Wake, d.Span.End, want, tr.Events.Time(want))
			}
			checked++
		}
	}
	require.Greater(t, checked, 10)
}

// TestDetailOfBackToBackBlocks: countdown's blocking A makes three
// blocking calls of 700 ms in a row, one blocked span in the trace; at
// any instant the details are of the call in progress, from its "block"
// event (read off the events) for its 700 ms.
func TestDetailOfBackToBackBlocks(t *testing.T) {
	tr := runVariant(t, "countdown", "blocking")
	a := tr.TaskIndex("A")
	var starts []time.Duration
	for _, ev := range tr.Events.All() {
		if ev.Task == "A" && ev.Kind == trace.EventBlock {
			starts = append(starts, ev.At)
		}
	}
	require.Len(t, starts, 3)
	require.Len(t, tr.Tasks[a].Spans, 1, "A's calls kept as one span")
	for _, start := range starts {
		for _, at := range []time.Duration{start, start + 350*time.Millisecond} {
			d, ok := tr.Detail(a, at)
			require.True(t, ok)
			if d.Span.State != trace.Blocked || d.Span.Start != start || d.Span.End != start+700*time.Millisecond {
				t.Errorf("Detail(A, %v) = %s %v-%v, want blocked %v-%v", at, d.Span.State, d.Span.Start, d.Span.End, start, start+700*time.Millisecond)
			}
		}
	}
}
