package trace

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"sort"
	"time"
)

// Events are a trace's scheduling events, in the order they happened,
// stored compactly: 24 bytes an event, with every task name and detail kept
// once (interned) however many events repeat it, and a duration detail (a
// sleep's "55s") kept as a number until it is read, and a wake's cause (see
// Cause) in the place of a detail. A run of a million moves records
// millions of events; this is what lets them fit in memory.
//
// At returns an event as a plain Event value. The zero value is empty and
// ready to use. Events is not safe for concurrent use; a copy shares its
// storage with the original, so copy with Clone to keep adding to both.
type Events struct {
	chunks [][]eventRec
	n      int
	strs   []string // interned strings; strs[0] is ""
	ids    map[string]Ref
	kinds  []string  // event kinds beyond knownKinds
	queues []*Queues // per event, when any event has queues; nil otherwise
	nq     int       // events with queues
	ncause int       // events with a cause
}

// eventRec is one event as stored: 24 bytes.
type eventRec struct {
	at     time.Duration
	arg    int64 // the detail, as form says
	task   Ref
	worker int16
	kind   uint8 // index in knownKinds, then in Events.kinds
	form   uint8
}

// The forms of an eventRec's arg.
const (
	formRef   = iota // a Ref: the detail's text
	formDur          // a duration: the detail is its String
	formCause        // a Cause, packed (packCause): no detail
)

// Ref is a string interned in an Events: Ref returns it, AddRef takes it.
// The zero Ref is the empty string.
type Ref uint32

// chunkSize is how many events a chunk holds. The first chunk grows by
// doubling up to it (a short run stays small); later ones are made at
// their full size, so recording never copies what was recorded before.
const chunkSize = 8192

// MaxWorkers is the largest worker index an event can carry.
const MaxWorkers = math.MaxInt16

// maxKinds is how many distinct event kinds an Events can hold.
const maxKinds = 256

// knownKinds are the event kinds every Events knows without storing them:
// the scheduler's, then the states a Recorder records as kinds.
var knownKinds = [...]string{
	EventRun, EventSleep, EventBlock, EventCompute, EventWake, EventResume, EventPreempt, EventWait,
	EventSpawn, EventPrint, EventDone, stateNames[Running], stateNames[Waiting], stateNames[Blocked],
	stateNames[Ready],
}

func knownKind(kind string) (uint8, bool) {
	switch kind {
	case EventRun:
		return 0, true
	case EventSleep:
		return 1, true
	case EventBlock:
		return 2, true
	case EventCompute:
		return 3, true
	case EventWake:
		return 4, true
	case EventResume:
		return 5, true
	case EventPreempt:
		return 6, true
	case EventWait:
		return 7, true
	case EventSpawn:
		return 8, true
	case EventPrint:
		return 9, true
	case EventDone:
		return 10, true
	}
	for i := 11; i < len(knownKinds); i++ {
		if knownKinds[i] == kind {
			return uint8(i), true
		}
	}
	return 0, false
}

// NewEvents returns the events evs, in that order. It panics if they hold
// more than 256 distinct kinds or a worker outside NoWorker..MaxWorkers (a
// programming error; Decode reports such input as an error).
func NewEvents(evs ...Event) Events {
	var e Events
	for _, ev := range evs {
		e.Add(ev)
	}
	return e
}

// Len is the number of events.
func (e *Events) Len() int { return e.n }

func (e *Events) rec(i int) *eventRec { return &e.chunks[i/chunkSize][i%chunkSize] }

// Time is the time of event i, without building the Event.
func (e *Events) Time(i int) time.Duration { return e.rec(i).at }

// Kind is the kind of event i, without building the Event.
func (e *Events) Kind(i int) string { return e.kind(e.rec(i).kind) }

func (e *Events) kind(k uint8) string {
	if int(k) < len(knownKinds) {
		return knownKinds[k]
	}
	return e.kinds[int(k)-len(knownKinds)]
}

// At returns event i (0 <= i < Len). A duration detail is formatted as
// time.Duration.String formats it ("55s").
func (e *Events) At(i int) Event {
	r := e.rec(i)
	ev := Event{At: r.at, Kind: e.kind(r.kind), Task: e.strs[r.task], Worker: int(r.worker)}
	switch r.form {
	case formDur:
		ev.Detail = time.Duration(r.arg).String()
	case formCause:
		ev.WokenBy = e.cause(r.arg)
	default:
		ev.Detail = e.strs[r.arg]
	}
	if e.queues != nil {
		ev.Queues = e.queues[i]
	}
	return ev
}

// Task is the name of event i's task, without building the Event.
func (e *Events) Task(i int) string { return e.strs[e.rec(i).task] }

// Worker is the worker of event i, or NoWorker.
func (e *Events) Worker(i int) int { return int(e.rec(i).worker) }

// AppendDetail appends event i's detail (At(i).Detail) to dst, without
// making a string of it.
func (e *Events) AppendDetail(dst []byte, i int) []byte {
	r := e.rec(i)
	switch r.form {
	case formDur:
		var b [32]byte
		return append(dst, appendDuration(b[:0], time.Duration(r.arg))...)
	case formCause:
		return dst
	}
	return append(dst, e.strs[r.arg]...)
}

// SetDetail replaces event i's detail with text (a lab that annotates an
// event after the run: the checker marks the writes that lost an update).
// An event carries a detail or a cause: a cause it had is dropped.
func (e *Events) SetDetail(i int, text string) {
	r := e.rec(i)
	if r.form == formCause {
		e.ncause--
	}
	r.arg, r.form = int64(e.Ref(text)), formRef
}

func appendDuration(dst []byte, d time.Duration) []byte { return append(dst, d.String()...) }

// Queues returns the queues recorded with event i, or nil.
func (e *Events) Queues(i int) *Queues {
	if e.queues == nil {
		return nil
	}
	return e.queues[i]
}

// HasQueues reports whether any event carries queues.
func (e *Events) HasQueues() bool { return e.nq > 0 }

// All yields every event with its index, in order.
func (e *Events) All() iter.Seq2[int, Event] {
	return func(yield func(int, Event) bool) {
		for i := range e.n {
			if !yield(i, e.At(i)) {
				return
			}
		}
	}
}

// Search returns the index of the first event at or after at (Len if none):
// events are in time order.
func (e *Events) Search(at time.Duration) int {
	return sort.Search(e.n, func(i int) bool { return e.Time(i) >= at })
}

// Ref interns s and returns its handle, for AddRef.
func (e *Events) Ref(s string) Ref {
	if e.ids == nil {
		e.ids = make(map[string]Ref, len(e.strs)+16)
		if len(e.strs) == 0 {
			e.strs = append(e.strs, "")
		}
		for i, x := range e.strs[1:] {
			e.ids[x] = Ref(i + 1)
		}
	}
	if s == "" {
		return 0
	}
	if r, ok := e.ids[s]; ok {
		return r
	}
	r := Ref(len(e.strs))
	e.strs = append(e.strs, s)
	e.ids[s] = r
	return r
}

// String returns the string r stands for.
func (e *Events) String(r Ref) string { return e.strs[r] }

func (e *Events) kindIndex(kind string) (uint8, error) {
	if k, ok := knownKind(kind); ok {
		return k, nil
	}
	for i, x := range e.kinds {
		if x == kind {
			return uint8(len(knownKinds) + i), nil
		}
	}
	if len(knownKinds)+len(e.kinds) >= maxKinds {
		return 0, fmt.Errorf("more than %d kinds of events", maxKinds)
	}
	e.kinds = append(e.kinds[:len(e.kinds):len(e.kinds)], kind)
	return uint8(len(knownKinds) + len(e.kinds) - 1), nil
}

func checkWorker(w int) error {
	if w < NoWorker || w > MaxWorkers {
		return fmt.Errorf("worker %d out of range (%d..%d)", w, NoWorker, MaxWorkers)
	}
	return nil
}

// Add appends ev. It panics on more than 256 distinct kinds or a worker
// outside NoWorker..MaxWorkers (a programming error).
func (e *Events) Add(ev Event) {
	if err := e.add(ev); err != nil {
		panic("trace: " + err.Error())
	}
}

// add appends ev or says why it cannot.
func (e *Events) add(ev Event) error {
	k, err := e.kindIndex(ev.Kind)
	if err != nil {
		return err
	}
	if err := checkWorker(ev.Worker); err != nil {
		return err
	}
	rec := eventRec{at: ev.At, task: e.Ref(ev.Task), worker: int16(ev.Worker), kind: k}
	if c := ev.WokenBy; !c.IsZero() {
		if err := e.checkWokenBy(ev); err != nil {
			return err
		}
		rec.arg, rec.form = packCause(c.Kind, c.Event), formCause
	} else {
		rec.arg = int64(e.Ref(ev.Detail))
	}
	e.push(rec, ev.Queues)
	return nil
}

// checkWokenBy says why ev, about to be added, cannot carry its cause: it
// has a detail too, the cause is not one AddCause takes, or it names
// another task than its event's.
func (e *Events) checkWokenBy(ev Event) error {
	c := ev.WokenBy
	if ev.Detail != "" {
		return fmt.Errorf("an event has a detail (%q) or a cause (woken by %s), not both", ev.Detail, c)
	}
	if err := checkCause(c.Kind, c.Event, e.n); err != nil {
		return err
	}
	if want := ""; c.Kind.ByTask() {
		want = e.Task(c.Event)
		if c.Task != want {
			return fmt.Errorf("cause %q names task %q, but its event %d is %q's", c.Kind, c.Task, c.Event, want)
		}
	} else if c.Task != "" {
		return fmt.Errorf("cause %q has no task (got %q)", c.Kind, c.Task)
	}
	return nil
}

// AddRef appends an event whose task and detail were interned with Ref
// (detail 0: none), with the queues after it or nil: the fast path of a
// scheduler that records millions of events. It panics like Add.
func (e *Events) AddRef(at time.Duration, kind string, task Ref, worker int, detail Ref, q *Queues) {
	e.addArg(at, kind, task, worker, int64(detail), formRef, q)
}

// AddDuration is AddRef for an event whose detail is a duration (a sleep's,
// a block's): it is stored as a number and read as time.Duration.String.
func (e *Events) AddDuration(at time.Duration, kind string, task Ref, worker int, d time.Duration, q *Queues) {
	e.addArg(at, kind, task, worker, int64(d), formDur, q)
}

func (e *Events) addArg(at time.Duration, kind string, task Ref, worker int, arg int64, form uint8, q *Queues) {
	k, err := e.kindIndex(kind)
	if err == nil {
		err = checkWorker(worker)
	}
	if err != nil {
		panic("trace: " + err.Error())
	}
	e.push(eventRec{at: at, arg: arg, task: task, worker: int16(worker), kind: k, form: form}, q)
}

// Grow makes room for n more events and strs more interned strings (task
// names, details), so that recording them does not copy the tables. Only
// the first chunk of events grows: the chunks after it are made at their
// full size anyway.
func (e *Events) Grow(n, strs int) {
	if len(e.chunks) == 0 && n > 0 {
		e.chunks = append(e.chunks, make([]eventRec, 0, min(n, chunkSize)))
	}
	if strs > 0 {
		e.Ref("") // builds the index
		index := make(map[string]Ref, len(e.ids)+strs)
		for s, r := range e.ids {
			index[s] = r
		}
		e.ids = index
		e.strs = slices.Grow(e.strs, strs)
	}
}

func (e *Events) push(r eventRec, q *Queues) {
	if len(e.strs) == 0 {
		e.strs = append(e.strs, "") // Ref 0, even for events recorded with AddRef alone
	}
	k := len(e.chunks)
	switch {
	case k == 0:
		e.chunks = append(e.chunks, make([]eventRec, 0, 32))
		k = 1
	case len(e.chunks[k-1]) == chunkSize:
		e.chunks = append(e.chunks, make([]eventRec, 0, chunkSize))
		k++
	}
	e.chunks[k-1] = append(e.chunks[k-1], r) // the first chunk doubles up to chunkSize
	if r.form == formCause {
		e.ncause++
	}
	if q != nil && e.queues == nil {
		e.queues = make([]*Queues, e.n, e.n+1)
	}
	if e.queues != nil {
		e.queues = append(e.queues, q)
		if q != nil {
			e.nq++
		}
	}
	e.n++
}

// Clone returns a copy that shares what cannot change (full chunks, the
// strings interned so far) and copies the rest: adding to either one leaves
// the other as it was.
func (e *Events) Clone() Events {
	c := Events{n: e.n, strs: e.strs[:len(e.strs):len(e.strs)], kinds: e.kinds[:len(e.kinds):len(e.kinds)], nq: e.nq, ncause: e.ncause}
	if k := len(e.chunks); k > 0 {
		c.chunks = make([][]eventRec, k, k+1)
		copy(c.chunks, e.chunks)
		c.chunks[k-1] = slices.Clone(e.chunks[k-1])
	}
	if e.queues != nil {
		c.queues = slices.Clone(e.queues)
	}
	return c
}

// Equal reports whether e and f hold the same events (however their strings
// were interned).
func (e *Events) Equal(f *Events) bool {
	if e.n != f.n {
		return false
	}
	for i := range e.n {
		a, b := e.At(i), f.At(i)
		if a.At != b.At || a.Kind != b.Kind || a.Task != b.Task || a.Worker != b.Worker || a.Detail != b.Detail || a.WokenBy != b.WokenBy || !a.Queues.equal(b.Queues) {
			return false
		}
	}
	return true
}

func (q *Queues) equal(p *Queues) bool {
	if q == nil || p == nil {
		return q == p
	}
	return slices.Equal(q.Running, p.Running) && slices.Equal(q.Ready, p.Ready) && slices.Equal(q.Timers, p.Timers)
}
