package trace

import (
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Site is a line of Go source: the call a task made when it parked (the
// send, the lock, the sleep, the blocking call, the CPU work), as the
// scheduler took it from the task's own stack (runtime.Callers) — exact,
// never guessed from the text of the source.
type Site struct {
	// File is the file's path as the compiler saw it.
	File string
	// Line is the line, from 1.
	Line int
	// Func is the function's full name ("conclab/labs/flags/fetch.Limited.func1").
	Func string
}

// String is the file's base name, the line and the function, short:
// "policies.go:41 in Limited".
func (s Site) String() string {
	return filepath.Base(s.File) + ":" + strconv.Itoa(s.Line) + " in " + s.ShortFunc()
}

// ShortFunc is the function's name without its package path or the
// compiler's names for function literals: "Limited" for
// "conclab/labs/flags/fetch.Limited.func1", "(*Pool).Run" for a method.
func (s Site) ShortFunc() string {
	name := s.Func
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	parts := strings.Split(name, ".")
	for len(parts) > 1 && isLiteralName(parts[len(parts)-1]) {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, ".")
}

// isLiteralName reports whether part is a name the compiler gives a
// function literal ("func1") or an inlined copy of one ("1", "gowrap1").
func isLiteralName(part string) bool {
	part = strings.TrimPrefix(strings.TrimPrefix(part, "gowrap"), "func")
	if part == "" {
		return false
	}
	for _, r := range part {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// SiteMark says where a task was from At on, until its next mark: at
// *Site, or nowhere the run knows (nil: the task has returned).
type SiteMark struct {
	At   time.Duration
	Site *Site
}

// SpanAt returns the index of task i's span that holds time at
// ([Start, End)); ok is false when no span does (before the task was
// created, after it returned, or in a span of no length).
func (tr *Trace) SpanAt(i int, at time.Duration) (s int, ok bool) {
	spans := tr.Tasks[i].Spans
	s = sort.Search(len(spans), func(k int) bool { return spans[k].End > at })
	if s < len(spans) && spans[s].Start <= at {
		return s, true
	}
	return 0, false
}

// SiteAt returns the line task i was at at time at: the call it parked in
// last, at or before at (a task's code between two calls takes no virtual
// time, so at any instant of a span it sits in one call). ok is false when
// the run recorded no sites (a real run, a trace read from JSON), before
// the task's first call, and once it has returned.
func (tr *Trace) SiteAt(i int, at time.Duration) (Site, bool) {
	marks := tr.Tasks[i].Sites
	k := sort.Search(len(marks), func(k int) bool { return marks[k].At > at }) - 1
	if k < 0 || marks[k].Site == nil {
		return Site{}, false
	}
	return *marks[k].Site, true
}

// SpanDetail is what a trace says of one span of a task: the span, who
// woke the task out of it and the line the task was at.
type SpanDetail struct {
	// Task is the task's index in Trace.Tasks; Name its name.
	Task int
	Name string
	// Index is the span's index in the task's Spans.
	Index int
	Span  Span
	// Wake is the event that woke the task out of the span, and WokenBy its
	// cause; Wake is NoEvent when none did (the span is not a wait, it
	// lasts to the end, or the trace does not say).
	Wake    int
	WokenBy Cause
	// Site is the line the task was at, at the time asked about; HasSite
	// says whether the trace knows it (see SiteAt).
	Site    Site
	HasSite bool
}

// Detail returns what the trace says of the span task i is in at time at
// (see SpanAt, WakeAt and SiteAt); ok is false when no span holds at.
//
// A waiting span can hold several waits back to back: a task woken that
// waits again at the same instant, in the same way (twenty downloads one
// after another, a loop of receives) keeps one span. Detail narrows such a
// span to the wait that holds at, from the wake that began it (or the
// span's start) to the wake that ended it (or the span's end), and says
// who woke the task out of that wait; a blocked span likewise to the
// blocking call in progress (cut at the task's resumes). Index is still
// the span's.
func (tr *Trace) Detail(i int, at time.Duration) (SpanDetail, bool) {
	s, ok := tr.SpanAt(i, at)
	if !ok {
		return SpanDetail{}, false
	}
	d := SpanDetail{Task: i, Name: tr.Tasks[i].Name, Index: s, Span: tr.Tasks[i].Spans[s], Wake: NoEvent}
	switch d.Span.State {
	case Waiting:
		d.Span.Start, d.Span.End = tr.cutAround(i, d.Span, at, EventWake)
		if wake, c, ok := tr.WakeAt(i, d.Span.End); ok {
			d.Wake, d.WokenBy = wake, c
		}
	case Blocked: // blocking calls back to back: each ends with a resume
		d.Span.Start, d.Span.End = tr.cutAround(i, d.Span, at, EventResume)
	}
	d.Site, d.HasSite = tr.SiteAt(i, at)
	return d, true
}

// cutAround is the part of span sp of task i that holds at: the span cut
// at the task's events of kind inside it (its wakes, for a wait), the
// last at or before at and the first after it.
func (tr *Trace) cutAround(i int, sp Span, at time.Duration, kind string) (start, end time.Duration) {
	start, end = sp.Start, sp.End
	e, name := &tr.Events, tr.Tasks[i].Name
	for j := e.Search(sp.Start); j < e.n && e.Time(j) < sp.End; j++ {
		if t := e.Time(j); t > sp.Start && e.Kind(j) == kind && e.Task(j) == name {
			if t > at {
				return start, t
			}
			start = t
		}
	}
	return start, end
}

// WakeAt finds the wake of task i at time at (its first "wake" then) and
// its cause; ok is false when there is none, and when that wake carries
// no cause (a trace of a real run).
func (tr *Trace) WakeAt(i int, at time.Duration) (wake int, c Cause, ok bool) {
	e, name := &tr.Events, tr.Tasks[i].Name
	for j := e.Search(at); j < e.n && e.Time(j) == at; j++ {
		if e.Kind(j) == EventWake && e.Task(j) == name {
			c, ok := e.Cause(j)
			return j, c, ok
		}
	}
	return 0, Cause{}, false
}

// TaskIndex returns the index of the task called name in Tasks, or -1.
func (tr *Trace) TaskIndex(name string) int {
	for i := range tr.Tasks {
		if tr.Tasks[i].Name == name {
			return i
		}
	}
	return -1
}
