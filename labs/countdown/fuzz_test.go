package countdown_test

import (
	"strings"
	"testing"

	"conclab/labs/countdown"
)

// FuzzParseTasks: any text is read without a panic into 1 to MaxTasks
// countdowns with valid, distinct names and delays in range, or refused in
// one line; what is accepted, written back as NAME=DELAY pairs, reads back
// to the same countdowns (round trip).
func FuzzParseTasks(f *testing.F) {
	for _, s := range []string{countdown.DefaultList, "A=1ms,B=59m,Z9=1h", "", " ", "A", "A=", "=1s", "A=1s,A=2s", "A=0s", "A=2h",
		"A=1s,,B=2s", "ABCDEFGHI=1s", "é=1s", "A=1s,B=2s,C=3s,D=4s,E=5s,F=6s,G=7s,H=8s,I=9s,J=10s,K=11s,L=12s,M=13s,N=14s,O=15s,P=16s,Q=17s,R=18s,S=19s,T=20s,U=21s,V=22s,W=23s,X=24s,Y=25s,Z=26s,AA=1s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cs, err := countdown.ParseTasks(text)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("ParseTasks(%q) error %q, want one line", text, err)
			}
			return
		}
		if len(cs) < 1 || len(cs) > countdown.MaxTasks {
			t.Fatalf("ParseTasks(%q) = %d countdowns, want 1..%d", text, len(cs), countdown.MaxTasks)
		}
		seen := map[string]bool{}
		var parts []string
		for i, c := range cs {
			if c.Index != i || c.Name == "" || len(c.Name) > countdown.MaxNameLen || seen[c.Name] ||
				c.Delay < countdown.MinDelay || c.Delay > countdown.MaxDelay {
				t.Fatalf("ParseTasks(%q)[%d] = %+v: bad name, index or delay", text, i, c)
			}
			seen[c.Name] = true
			parts = append(parts, c.Name+"="+c.Delay.String())
		}
		back, err := countdown.ParseTasks(strings.Join(parts, ","))
		if err != nil || len(back) != len(cs) {
			t.Fatalf("ParseTasks(%q) = %v, written back %q: %v, %v", text, cs, strings.Join(parts, ","), back, err)
		}
		for i := range cs {
			if back[i] != cs[i] {
				t.Fatalf("round trip of %q: %+v, want %+v", text, back[i], cs[i])
			}
		}
	})
}
