package trace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// Sec is a duration that encodes to JSON as a number of seconds (0.7, 3655)
// and decodes back to the same nanosecond.
type Sec time.Duration

// MarshalJSON writes the duration as seconds, exactly.
func (s Sec) MarshalJSON() ([]byte, error) {
	return appendSeconds(nil, time.Duration(s)), nil
}

// UnmarshalJSON reads seconds, rounded to the nanosecond.
func (s *Sec) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("seconds: %w", err)
	}
	if math.IsNaN(f) || math.Abs(f) > float64(math.MaxInt64)/1e9 {
		return fmt.Errorf("seconds: %v out of range", f)
	}
	*s = Sec(math.Round(f * 1e9))
	return nil
}

func formatSeconds(d time.Duration) string { return string(appendSeconds(nil, d)) }

// appendSeconds appends d in seconds with the fewest digits that say it
// exactly ("0.7", "3655", "-0.000000001").
func appendSeconds(dst []byte, d time.Duration) []byte {
	u := uint64(d)
	if d < 0 {
		dst = append(dst, '-')
		u = -u // math.MinInt64 too: its magnitude fits a uint64
	}
	whole, frac := u/uint64(time.Second), u%uint64(time.Second)
	dst = strconv.AppendUint(dst, whole, 10)
	if frac == 0 {
		return dst
	}
	var digits [10]byte
	digits[0] = '.'
	n := 9
	for i := 9; i >= 1; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	for digits[n] == '0' {
		n--
	}
	return append(dst, digits[:n+1]...)
}

// AppendString appends s as a JSON string, byte for byte as encoding/json
// writes it with SetEscapeHTML(false): quotes, backslashes and control
// characters escaped, invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped,
// and "<", ">" and "&" left as they are.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < 0x80 {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// appendSpan appends {"state":..,"worker":..,"on":..,"start":..,"end":..}.
func appendSpan(dst []byte, s Span) []byte {
	dst = append(dst, `{"state":`...)
	dst = AppendString(dst, s.State.String())
	dst = append(dst, `,"worker":`...)
	dst = strconv.AppendInt(dst, int64(s.Worker), 10)
	if s.On != 0 {
		dst = append(dst, `,"on":`...)
		dst = AppendString(dst, s.On.String())
	}
	dst = append(dst, `,"start":`...)
	dst = appendSeconds(dst, s.Start)
	dst = append(dst, `,"end":`...)
	dst = appendSeconds(dst, s.End)
	return append(dst, '}')
}

// appendLine appends {"at_seconds":..,"task":..,"text":..}.
func appendLine(dst []byte, l Line) []byte {
	dst = append(dst, `{"at_seconds":`...)
	dst = appendSeconds(dst, l.At)
	dst = append(dst, `,"task":`...)
	dst = AppendString(dst, l.Task)
	dst = append(dst, `,"text":`...)
	dst = AppendString(dst, l.Text)
	return append(dst, '}')
}

func appendStrings(dst []byte, xs []string) []byte {
	if xs == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, x := range xs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, x)
	}
	return append(dst, ']')
}

func appendTimer(dst []byte, t Timer) []byte {
	dst = append(dst, `{"at":`...)
	dst = appendSeconds(dst, t.At)
	dst = append(dst, `,"task":`...)
	dst = AppendString(dst, t.Task)
	dst = append(dst, `,"kind":`...)
	dst = AppendString(dst, t.Kind)
	return append(dst, '}')
}

func appendQueues(dst []byte, q *Queues) []byte {
	dst = append(dst, `{"running":`...)
	dst = appendStrings(dst, q.Running)
	dst = append(dst, `,"ready":`...)
	dst = appendStrings(dst, q.Ready)
	dst = append(dst, `,"timers":`...)
	if q.Timers == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i, t := range q.Timers {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendTimer(dst, t)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// appendEvent appends {"at":..,"kind":..,"task":..,"worker":..,"detail":..,"woken_by":..,"queues":..}.
func appendEvent(dst []byte, ev Event) []byte {
	dst = append(dst, `{"at":`...)
	dst = appendSeconds(dst, ev.At)
	dst = append(dst, `,"kind":`...)
	dst = AppendString(dst, ev.Kind)
	dst = append(dst, `,"task":`...)
	dst = AppendString(dst, ev.Task)
	dst = append(dst, `,"worker":`...)
	dst = strconv.AppendInt(dst, int64(ev.Worker), 10)
	if ev.Detail != "" {
		dst = append(dst, `,"detail":`...)
		dst = AppendString(dst, ev.Detail)
	}
	if !ev.WokenBy.IsZero() {
		dst = append(dst, `,"woken_by":`...)
		dst = appendCause(dst, ev.WokenBy)
	}
	if ev.Queues != nil {
		dst = append(dst, `,"queues":`...)
		dst = appendQueues(dst, ev.Queues)
	}
	return append(dst, '}')
}

// appendCause appends {"task":..,"event":..,"kind":..}, or {"kind":..} for
// a cause without a task (a timer, I/O).
func appendCause(dst []byte, c Cause) []byte {
	dst = append(dst, '{')
	if c.Kind.ByTask() {
		dst = append(dst, `"task":`...)
		dst = AppendString(dst, c.Task)
		dst = append(dst, `,"event":`...)
		dst = strconv.AppendInt(dst, int64(c.Event), 10)
		dst = append(dst, ',')
	}
	dst = append(dst, `"kind":`...)
	dst = AppendString(dst, c.Kind.String())
	return append(dst, '}')
}

// causeJSONNames are the kinds' names as JSON strings, for the writer.
var causeJSONNames = func() (names [256][]byte) {
	for i := range names {
		names[i] = AppendString(nil, CauseKind(i).String())
	}
	return names
}()

func appendWarning(dst []byte, w Warning) []byte {
	dst = append(dst, `{"at":`...)
	dst = appendSeconds(dst, w.At)
	dst = append(dst, `,"task":`...)
	dst = AppendString(dst, w.Task)
	dst = append(dst, `,"held":`...)
	dst = appendSeconds(dst, w.Held)
	dst = append(dst, `,"text":`...)
	dst = AppendString(dst, w.Text)
	return append(dst, '}')
}

// MarshalJSON encodes times in seconds.
func (s Span) MarshalJSON() ([]byte, error) { return appendSpan(nil, s), nil }

type spanJSON struct {
	State  State `json:"state"`
	Worker int   `json:"worker"`
	On     Wait  `json:"on,omitempty"`
	Start  Sec   `json:"start"`
	End    Sec   `json:"end"`
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (s *Span) UnmarshalJSON(b []byte) error {
	var j spanJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Span{State: j.State, Worker: j.Worker, On: j.On, Start: time.Duration(j.Start), End: time.Duration(j.End)}
	return nil
}

type taskJSON struct {
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
	Spans  []Span `json:"spans"`
}

func appendTaskHead(dst []byte, t *Task) []byte {
	dst = append(dst, `{"name":`...)
	dst = AppendString(dst, t.Name)
	if t.Parent != "" {
		dst = append(dst, `,"parent":`...)
		dst = AppendString(dst, t.Parent)
	}
	return append(dst, `,"spans":`...)
}

// MarshalJSON uses lower-case keys.
func (t Task) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	w := NewJSONWriter(&b)
	w.task(&t)
	err := w.Flush() // before b.Bytes(): the writer holds what it wrote until then
	return b.Bytes(), err
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (t *Task) UnmarshalJSON(b []byte) error {
	var j taskJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*t = Task{Name: j.Name, Parent: j.Parent, Spans: j.Spans}
	return nil
}

type lineJSON struct {
	At   Sec    `json:"at_seconds"`
	Task string `json:"task"`
	Text string `json:"text"`
}

// MarshalJSON writes {"at_seconds": ..., "task": ..., "text": ...}.
func (l Line) MarshalJSON() ([]byte, error) { return appendLine(nil, l), nil }

// UnmarshalJSON decodes what MarshalJSON wrote.
func (l *Line) UnmarshalJSON(b []byte) error {
	var j lineJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*l = Line{time.Duration(j.At), j.Task, j.Text}
	return nil
}

type timerJSON struct {
	At   Sec    `json:"at"`
	Task string `json:"task"`
	Kind string `json:"kind"`
}

// MarshalJSON encodes the time in seconds.
func (t Timer) MarshalJSON() ([]byte, error) { return appendTimer(nil, t), nil }

// UnmarshalJSON decodes what MarshalJSON wrote.
func (t *Timer) UnmarshalJSON(b []byte) error {
	var j timerJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*t = Timer{time.Duration(j.At), j.Task, j.Kind}
	return nil
}

type queuesJSON struct {
	Running []string `json:"running"`
	Ready   []string `json:"ready"`
	Timers  []Timer  `json:"timers"`
}

type eventJSON struct {
	At      Sec         `json:"at"`
	Kind    string      `json:"kind"`
	Task    string      `json:"task"`
	Worker  int         `json:"worker"`
	Detail  string      `json:"detail,omitempty"`
	WokenBy *causeJSON  `json:"woken_by,omitempty"`
	Queues  *queuesJSON `json:"queues,omitempty"`
}

// causeJSON is a Cause in JSON: {"task": "IN", "event": 57, "kind": "recv"},
// or {"kind": "timer"}; the kind is required, the event is NoEvent when absent.
type causeJSON struct {
	Task  string     `json:"task"`
	Event *int       `json:"event"`
	Kind  *CauseKind `json:"kind"`
}

func (j *causeJSON) cause() (Cause, error) {
	if j.Kind == nil || *j.Kind == 0 {
		return Cause{}, fmt.Errorf("woken_by without a kind (causes: send, recv, close, unlock, done, fire, timer, io)")
	}
	c := Cause{Kind: *j.Kind, Task: j.Task, Event: NoEvent}
	if j.Event != nil {
		c.Event = *j.Event
	}
	return c, nil
}

// MarshalJSON encodes the time in seconds.
func (e Event) MarshalJSON() ([]byte, error) { return appendEvent(nil, e), nil }

// UnmarshalJSON decodes what MarshalJSON wrote.
func (e *Event) UnmarshalJSON(b []byte) error {
	var j eventJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = Event{At: time.Duration(j.At), Kind: j.Kind, Task: j.Task, Worker: j.Worker, Detail: j.Detail}
	if j.WokenBy != nil {
		c, err := j.WokenBy.cause()
		if err != nil {
			return err
		}
		e.WokenBy = c
	}
	if j.Queues != nil {
		q := Queues(*j.Queues)
		e.Queues = &q
	}
	return nil
}

type warningJSON struct {
	At   Sec    `json:"at"`
	Task string `json:"task"`
	Held Sec    `json:"held"`
	Text string `json:"text"`
}

// MarshalJSON encodes times in seconds.
func (w Warning) MarshalJSON() ([]byte, error) { return appendWarning(nil, w), nil }

// UnmarshalJSON decodes what MarshalJSON wrote.
func (w *Warning) UnmarshalJSON(b []byte) error {
	var j warningJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*w = Warning{time.Duration(j.At), j.Task, time.Duration(j.Held), j.Text}
	return nil
}

// MarshalJSON encodes the events as a JSON array.
func (e Events) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	w := NewJSONWriter(&b)
	w.events(&e)
	err := w.Flush()
	return b.Bytes(), err
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (e *Events) UnmarshalJSON(b []byte) error {
	var evs []Event
	if err := json.Unmarshal(b, &evs); err != nil {
		return err
	}
	var out Events
	for i, ev := range evs {
		if err := out.add(ev); err != nil {
			return fmt.Errorf("event %d: %w", i+1, err)
		}
	}
	*e = out
	return nil
}

type traceJSON struct {
	Total    Sec       `json:"total_seconds"`
	Workers  int       `json:"workers"`
	Tasks    []Task    `json:"tasks"`
	Output   []Line    `json:"output"`
	Events   Events    `json:"events"`
	Warnings []Warning `json:"warnings,omitempty"`
}

// MarshalJSON encodes the trace with times in seconds; Decode reads it back.
func (tr Trace) MarshalJSON() ([]byte, error) { return Encode(&tr) }

// UnmarshalJSON decodes what MarshalJSON wrote.
func (tr *Trace) UnmarshalJSON(b []byte) error {
	var j traceJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*tr = Trace{time.Duration(j.Total), j.Workers, j.Tasks, j.Output, j.Events, j.Warnings}
	return nil
}

// Encode returns the trace as JSON.
func Encode(tr *Trace) ([]byte, error) {
	var b bytes.Buffer
	w := NewJSONWriter(&b)
	w.Trace(tr)
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Decode reads a trace written by Encode.
func Decode(b []byte) (*Trace, error) {
	var tr Trace
	if err := json.Unmarshal(b, &tr); err != nil {
		return nil, fmt.Errorf("decode trace: %w", err)
	}
	return &tr, nil
}
