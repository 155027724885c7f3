package trace

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"time"
)

// JSONWriter writes JSON to an io.Writer as it goes, through a small buffer,
// so that a trace of millions of events is never held in memory as text.
// What it writes is byte for byte what encoding/json writes with
// SetEscapeHTML(false) for the same values (a Trace, Lines, a map).
//
// The first error of the underlying writer stops every later write; Flush
// returns it. A JSONWriter is not safe for concurrent use.
type JSONWriter struct {
	w   io.Writer
	buf []byte
	err error
}

// flushAt is the buffer size at which a JSONWriter writes out.
const flushAt = 64 << 10

// NewJSONWriter returns a JSONWriter that writes to w.
func NewJSONWriter(w io.Writer) *JSONWriter {
	return &JSONWriter{w: w, buf: make([]byte, 0, flushAt+4096)}
}

func (j *JSONWriter) spill() {
	if len(j.buf) >= flushAt {
		j.flush()
	}
}

func (j *JSONWriter) flush() {
	if j.err == nil && len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
}

// Flush writes what is buffered and returns the first error met.
func (j *JSONWriter) Flush() error {
	j.flush()
	return j.err
}

// Raw writes s as it is: punctuation and keys ({"name":).
func (j *JSONWriter) Raw(s string) {
	j.buf = append(j.buf, s...)
	j.spill()
}

// String writes s as a JSON string.
func (j *JSONWriter) String(s string) {
	j.buf = AppendString(j.buf, s)
	j.spill()
}

// Seconds writes d as a number of seconds, exactly (see Sec).
func (j *JSONWriter) Seconds(d time.Duration) { j.buf = appendSeconds(j.buf, d) }

// Int writes n.
func (j *JSONWriter) Int(n int) { j.buf = strconv.AppendInt(j.buf, int64(n), 10) }

// Value writes v as encoding/json does (with SetEscapeHTML(false)); for
// small values such as a map of facts.
func (j *JSONWriter) Value(v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		if j.err == nil {
			j.err = err
		}
		return
	}
	j.buf = append(j.buf, bytes.TrimSuffix(b.Bytes(), []byte("\n"))...)
	j.spill()
}

// Lines writes lines as a JSON array ([] when there are none).
func (j *JSONWriter) Lines(lines []Line) {
	j.buf = append(j.buf, '[')
	for i, l := range lines {
		if i > 0 {
			j.buf = append(j.buf, ',')
		}
		j.buf = appendLine(j.buf, l)
		j.spill()
	}
	j.buf = append(j.buf, ']')
}

func (j *JSONWriter) task(t *Task) {
	j.buf = appendTaskHead(j.buf, t)
	if t.Spans == nil {
		j.buf = append(j.buf, "null}"...)
		return
	}
	j.buf = append(j.buf, '[')
	for i, s := range t.Spans {
		if i > 0 {
			j.buf = append(j.buf, ',')
		}
		j.buf = appendSpan(j.buf, s)
		j.spill()
	}
	j.buf = append(j.buf, "]}"...)
}

// events writes the events as an array, each task name and detail string
// escaped once however often the events repeat it.
func (j *JSONWriter) events(e *Events) {
	j.buf = append(j.buf, '[')
	escaped := make([][]byte, len(e.strs))
	str := func(r Ref) []byte {
		if escaped[r] == nil {
			escaped[r] = AppendString(nil, e.strs[r])
		}
		return escaped[r]
	}
	var durBuf []byte
	for i := range e.n {
		r := e.rec(i)
		if i > 0 {
			j.buf = append(j.buf, ',')
		}
		b := append(j.buf, `{"at":`...)
		b = appendSeconds(b, r.at)
		b = append(b, `,"kind":`...)
		b = AppendString(b, e.kind(r.kind))
		b = append(b, `,"task":`...)
		b = append(b, str(r.task)...)
		b = append(b, `,"worker":`...)
		b = strconv.AppendInt(b, int64(r.worker), 10)
		switch {
		case r.form == formDur:
			durBuf = AppendString(durBuf[:0], time.Duration(r.arg).String())
			b = append(b, `,"detail":`...)
			b = append(b, durBuf...)
		case r.form == formCause:
			kind, ev := unpackCause(r.arg)
			b = append(b, `,"woken_by":{`...)
			if ev != NoEvent {
				b = append(b, `"task":`...)
				b = append(b, str(e.rec(ev).task)...)
				b = append(b, `,"event":`...)
				b = strconv.AppendInt(b, int64(ev), 10)
				b = append(b, ',')
			}
			b = append(b, `"kind":`...)
			b = append(b, causeJSONNames[kind]...)
			b = append(b, '}')
		case r.arg != 0:
			b = append(b, `,"detail":`...)
			b = append(b, str(Ref(r.arg))...)
		}
		if q := e.Queues(i); q != nil {
			b = append(b, `,"queues":`...)
			b = appendQueues(b, q)
		}
		j.buf = append(b, '}')
		j.spill()
	}
	j.buf = append(j.buf, ']')
}

// Trace writes tr as Trace.MarshalJSON does.
func (j *JSONWriter) Trace(tr *Trace) {
	j.Raw(`{"total_seconds":`)
	j.Seconds(tr.Total)
	j.Raw(`,"workers":`)
	j.Int(tr.Workers)
	j.Raw(`,"tasks":[`)
	for i := range tr.Tasks {
		if i > 0 {
			j.buf = append(j.buf, ',')
		}
		j.task(&tr.Tasks[i])
	}
	j.Raw(`],"output":`)
	j.Lines(tr.Output)
	j.Raw(`,"events":`)
	j.events(&tr.Events)
	if len(tr.Warnings) > 0 {
		j.Raw(`,"warnings":[`)
		for i, w := range tr.Warnings {
			if i > 0 {
				j.buf = append(j.buf, ',')
			}
			j.buf = appendWarning(j.buf, w)
			j.spill()
		}
		j.buf = append(j.buf, ']')
	}
	j.Raw("}")
}
