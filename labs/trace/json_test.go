package trace_test

import (
	"strings"
	"testing"

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
