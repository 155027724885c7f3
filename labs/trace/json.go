package trace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Sec is a duration that encodes to JSON as a number of seconds (0.7, 3655)
// and decodes back to the same nanosecond.
type Sec time.Duration

// MarshalJSON writes the duration as seconds, exactly.
func (s Sec) MarshalJSON() ([]byte, error) {
	return []byte(formatSeconds(time.Duration(s))), nil
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

func formatSeconds(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	whole, frac := d/time.Second, d%time.Second
	if frac == 0 {
		return sign + strconv.FormatInt(int64(whole), 10)
	}
	f := fmt.Sprintf("%09d", frac)
	for f[len(f)-1] == '0' {
		f = f[:len(f)-1]
	}
	return sign + strconv.FormatInt(int64(whole), 10) + "." + f
}

type spanJSON struct {
	State  State  `json:"state"`
	Worker int    `json:"worker"`
	On     string `json:"on,omitempty"`
	Start  Sec    `json:"start"`
	End    Sec    `json:"end"`
}

// MarshalJSON encodes times in seconds.
func (s Span) MarshalJSON() ([]byte, error) {
	return marshal(spanJSON{s.State, s.Worker, s.On, Sec(s.Start), Sec(s.End)})
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (s *Span) UnmarshalJSON(b []byte) error {
	var j spanJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Span{j.State, j.Worker, j.On, time.Duration(j.Start), time.Duration(j.End)}
	return nil
}

type taskJSON struct {
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
	Spans  []Span `json:"spans"`
}

// MarshalJSON uses lower-case keys.
func (t Task) MarshalJSON() ([]byte, error) { return marshal(taskJSON(t)) }

// UnmarshalJSON decodes what MarshalJSON wrote.
func (t *Task) UnmarshalJSON(b []byte) error {
	var j taskJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*t = Task(j)
	return nil
}

type lineJSON struct {
	At   Sec    `json:"at_seconds"`
	Task string `json:"task"`
	Text string `json:"text"`
}

// MarshalJSON writes {"at_seconds": ..., "task": ..., "text": ...}.
func (l Line) MarshalJSON() ([]byte, error) {
	return marshal(lineJSON{Sec(l.At), l.Task, l.Text})
}

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
func (t Timer) MarshalJSON() ([]byte, error) {
	return marshal(timerJSON{Sec(t.At), t.Task, t.Kind})
}

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
	At     Sec         `json:"at"`
	Kind   string      `json:"kind"`
	Task   string      `json:"task"`
	Worker int         `json:"worker"`
	Detail string      `json:"detail,omitempty"`
	Queues *queuesJSON `json:"queues,omitempty"`
}

// MarshalJSON encodes the time in seconds.
func (e Event) MarshalJSON() ([]byte, error) {
	j := eventJSON{At: Sec(e.At), Kind: e.Kind, Task: e.Task, Worker: e.Worker, Detail: e.Detail}
	if e.Queues != nil {
		q := queuesJSON(*e.Queues)
		j.Queues = &q
	}
	return marshal(j)
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (e *Event) UnmarshalJSON(b []byte) error {
	var j eventJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = Event{At: time.Duration(j.At), Kind: j.Kind, Task: j.Task, Worker: j.Worker, Detail: j.Detail}
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
func (w Warning) MarshalJSON() ([]byte, error) {
	return marshal(warningJSON{Sec(w.At), w.Task, Sec(w.Held), w.Text})
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (w *Warning) UnmarshalJSON(b []byte) error {
	var j warningJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*w = Warning{time.Duration(j.At), j.Task, time.Duration(j.Held), j.Text}
	return nil
}

type traceJSON struct {
	Total    Sec       `json:"total_seconds"`
	Workers  int       `json:"workers"`
	Tasks    []Task    `json:"tasks"`
	Output   []Line    `json:"output"`
	Events   []Event   `json:"events"`
	Warnings []Warning `json:"warnings,omitempty"`
}

// MarshalJSON encodes the trace with times in seconds; Decode reads it back.
func (tr Trace) MarshalJSON() ([]byte, error) {
	j := traceJSON{Sec(tr.Total), tr.Workers, tr.Tasks, tr.Output, tr.Events, tr.Warnings}
	if j.Tasks == nil {
		j.Tasks = []Task{}
	}
	if j.Output == nil {
		j.Output = []Line{}
	}
	if j.Events == nil {
		j.Events = []Event{}
	}
	return marshal(j)
}

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
func Encode(tr *Trace) ([]byte, error) { return marshal(tr) }

// Decode reads a trace written by Encode.
func Decode(b []byte) (*Trace, error) {
	var tr Trace
	if err := json.Unmarshal(b, &tr); err != nil {
		return nil, fmt.Errorf("decode trace: %w", err)
	}
	return &tr, nil
}

// marshal is json.Marshal without HTML escaping: output lines such as
// "before cancel: <nil>" stay readable ("<", not "\u003c") in every JSON
// conclab writes.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
