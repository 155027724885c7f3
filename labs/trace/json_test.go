package trace_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"conclab/labs/trace"
)

// Output is written as printed: "<nil>", not "\u003cnil\u003e".
func TestEncodeDoesNotEscapeHTML(t *testing.T) {
	tr := &trace.Trace{Output: []trace.Line{{Task: "main", Text: "before cancel: <nil> & done"}}}
	b, err := trace.Encode(tr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"before cancel: <nil> & done"`) {
		t.Errorf("Encode(%v) = %s, want the text unescaped", tr.Output, b)
	}
	back, err := trace.Decode(b)
	if err != nil || back.Output[0].Text != tr.Output[0].Text {
		t.Errorf("Decode(Encode) = %v, %v, want the same text back", back, err)
	}
}

// json.Marshal of a Task or of Events writes what the streaming writer
// buffered (it used to return before flushing: an empty, invalid value).
func TestMarshalTaskAndEvents(t *testing.T) {
	b, err := json.Marshal(trace.Task{Name: "A", Spans: []trace.Span{{State: trace.Running, Start: 0, End: time.Second}}})
	if want := `{"name":"A","spans":[{"state":"running","worker":0,"start":0,"end":1}]}`; err != nil || string(b) != want {
		t.Errorf("json.Marshal(Task) = %s, %v, want %s", b, err, want)
	}
	b, err = json.Marshal(trace.NewEvents(trace.Event{Kind: trace.EventRun, Task: "A"}))
	if want := `[{"at":0,"kind":"run","task":"A","worker":0}]`; err != nil || string(b) != want {
		t.Errorf("json.Marshal(Events) = %s, %v, want %s", b, err, want)
	}
}
