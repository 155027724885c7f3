package trace_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"conclab/labs/trace"
)

// FuzzAppendString: AppendString writes any string byte for byte as
// encoding/json does with SetEscapeHTML(false), and it reads back as the
// same text when it is valid UTF-8 (each invalid byte becomes U+FFFD).
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "board 1", `say "hi"`, "a\\b", "tab\there\nnew", "<nil> & >", "\x00\x1f\x7f", "\u2028\u2029", "\xff\xfe", "é漢字🙂", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		got := trace.AppendString(nil, s)
		if !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want.Bytes())
		}
		var back string
		if err := json.Unmarshal(got, &back); err != nil || utf8.ValidString(s) && back != s {
			t.Fatalf("AppendString(%q) = %s reads back as %q (%v)", s, got, back, err)
		}
	})
}

// FuzzDecode: any bytes are decoded without a panic into a trace or refused
// with an error; a decoded trace encodes, decodes to an equal trace, and
// encodes to the same bytes again (round trip).
func FuzzDecode(f *testing.F) {
	b, err := trace.Encode(sample())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	if b, err = trace.Encode(handOff()); err != nil { // causes
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"events":[{"at":0,"kind":"run","task":"A","worker":0},{"at":0,"kind":"wake","task":"B","worker":-1,"woken_by":{"task":"A","event":0,"kind":"send"}}]}`))
	f.Add([]byte(`{"total_seconds":1,"workers":1,"tasks":[{"name":"A","spans":[{"state":"running","worker":0,"start":0,"end":1}]}],"output":[],"events":[{"at":0,"kind":"run","task":"A","worker":0}]}`))
	f.Add([]byte(`{"tasks":[{"spans":[{"start":1e300}]}]}`))
	f.Add([]byte(`{"events":[{"kind":"x","worker":40000}]}`))
	f.Add([]byte(`{"tasks":[{"spans":[{"state":"sleeping"}]}]}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, in []byte) {
		tr, err := trace.Decode(in)
		if err != nil {
			return
		}
		b, err := trace.Encode(tr)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)): %v", in, err)
		}
		again, err := trace.Decode(b)
		if err != nil {
			t.Fatalf("Decode(%s), the encoding of Decode(%q): %v", b, in, err)
		}
		if !tr.Events.Equal(&again.Events) || again.Total != tr.Total || len(again.Tasks) != len(tr.Tasks) { // Equal compares causes too
			t.Fatalf("Decode(Encode(Decode(%q))) differs", in)
		}
		b2, err := trace.Encode(again)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("encoding is not stable for %q: %s then %s (%v)", in, b, b2, err)
		}
	})
}
