package eventloop_test

import (
	"strconv"
	"strings"
	"testing"

	"conclab/labs/eventloop"
)

// FuzzParseCountdowns: any text is read without a panic into 1 to
// MaxCountdowns countdowns (FROM 1..MaxFrom, delays 0s..MaxDelay, distinct
// names) or refused in one line; what is accepted, written back, reads
// back to the same countdowns.
func FuzzParseCountdowns(f *testing.F) {
	for _, s := range []string{"A=5,B=3@2s,C=4@1s", "A=3,B=2@1.5s", "", "A", "A=0", "A=101", "A=1@-1s", "A=1@2h", "A=1,A=2",
		"A=1,B=1,C=1,D=1,E=1,F=1,G=1,H=1,I=1", "a-b_c=2@0s", " A = 3 @ 1s ", "A=1@", "=3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cs, err := eventloop.ParseCountdowns(text)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("ParseCountdowns(%q) error %q, want one line", text, err)
			}
			return
		}
		if len(cs) < 1 || len(cs) > eventloop.MaxCountdowns {
			t.Fatalf("ParseCountdowns(%q) = %d countdowns, want 1..%d", text, len(cs), eventloop.MaxCountdowns)
		}
		seen := map[string]bool{}
		var parts []string
		for i, c := range cs {
			if c.Name == "" || seen[c.Name] || c.From < 1 || c.From > eventloop.MaxFrom || c.Delay < 0 || c.Delay > eventloop.MaxDelay {
				t.Fatalf("ParseCountdowns(%q)[%d] = %+v: bad name, count or delay", text, i, c)
			}
			seen[c.Name] = true
			parts = append(parts, c.Name+"="+strconv.Itoa(c.From)+"@"+c.Delay.String())
		}
		back, err := eventloop.ParseCountdowns(strings.Join(parts, ","))
		if err != nil || len(back) != len(cs) {
			t.Fatalf("ParseCountdowns(%q) = %v, written back %q: %v, %v", text, cs, strings.Join(parts, ","), back, err)
		}
		for i := range cs {
			if back[i] != cs[i] {
				t.Fatalf("round trip of %q: %+v, want %+v", text, back[i], cs[i])
			}
		}
	})
}
