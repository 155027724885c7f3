package playback

import (
	"cmp"
	"slices"
	"time"

	"conclab/labs/trace"
)

// stop is one distinct event time and the most events any trace has at it.
type stop struct {
	at time.Duration
	n  int
}

// source yields one trace's stops in time order: straight from its events
// when they are in time order (every trace conclab makes), else from a
// sorted copy.
type source struct {
	ev    *trace.Events
	i     int
	stops []stop
}

func newSource(ev *trace.Events) *source {
	for i := 1; i < ev.Len(); i++ {
		if ev.Time(i) < ev.Time(i-1) {
			return &source{stops: sortedStops(ev)}
		}
	}
	return &source{ev: ev}
}

// sortedStops are the stops of events that are not in time order: each run
// of events at one time counts, the longest run at a time wins.
func sortedStops(ev *trace.Events) []stop {
	var out []stop
	for i, n := 0, ev.Len(); i < n; {
		j, at := i, ev.Time(i)
		for j < n && ev.Time(j) == at {
			j++
		}
		out = append(out, stop{at, j - i})
		i = j
	}
	slices.SortStableFunc(out, func(a, b stop) int { return cmp.Compare(a.at, b.at) })
	merged := out[:0]
	for _, s := range out {
		if k := len(merged); k > 0 && merged[k-1].at == s.at {
			merged[k-1].n = max(merged[k-1].n, s.n)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// head is the source's next stop.
func (s *source) head() (stop, bool) {
	if s.ev == nil {
		if s.i < len(s.stops) {
			return s.stops[s.i], true
		}
		return stop{}, false
	}
	n := s.ev.Len()
	if s.i >= n {
		return stop{}, false
	}
	at := s.ev.Time(s.i)
	j := s.i
	for j < n && s.ev.Time(j) == at {
		j++
	}
	return stop{at, j - s.i}, true
}

func (s *source) advance(st stop) {
	if s.ev == nil {
		s.i++
		return
	}
	s.i += st.n
}

// mergeStops calls visit with every distinct event time of the traces in
// order, and the most events any of them has at that time; 0 and end are
// stops with at least one event even when no trace has one there. It holds
// nothing but a cursor per trace: a run of millions of events is indexed
// without a map or a copy of its times.
func mergeStops(traces []*trace.Trace, end time.Duration, visit func(stop)) {
	var srcs []*source
	for _, tr := range traces {
		if tr != nil {
			srcs = append(srcs, newSource(&tr.Events))
		}
	}
	srcs = append(srcs, &source{stops: []stop{{0, 1}, {end, 1}}})
	if end <= 0 {
		srcs[len(srcs)-1].stops = srcs[len(srcs)-1].stops[:1]
	}
	heads := make([]stop, len(srcs))
	live := make([]bool, len(srcs))
	for i, s := range srcs {
		heads[i], live[i] = s.head()
	}
	for {
		first, found := stop{}, false
		for i := range srcs {
			if live[i] && (!found || heads[i].at < first.at) {
				first, found = stop{heads[i].at, 0}, true
			}
		}
		if !found {
			return
		}
		for i, s := range srcs {
			if live[i] && heads[i].at == first.at {
				first.n = max(first.n, heads[i].n)
				s.advance(heads[i])
				heads[i], live[i] = s.head()
			}
		}
		visit(first)
	}
}
