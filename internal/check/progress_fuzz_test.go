package check_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"conclab/internal/check"
)

// FuzzProgressLoad uses only the exported Store API: any bytes in the
// progress file load without a panic or an error (a file that is not valid
// progress is reported in a one-line warning, and a second Load has nothing
// more to say about it); progress that loads without a warning is version 1
// and saves and loads back equal (round trip).
func FuzzProgressLoad(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"version":1,"exercises":{"chess":{"solved":true,"solved_at":"2026-01-02T03:04:05Z","hints":2,"checks":3,"last":"passed"}}}`,
		`{"version":2}`, `{"version":1,"exercises":{"chess":{"hints":-1}}}`, `{"version":1,"exercises":{"x":{"hints":-999}}}`, `not json`, `[]`, `null`,
		`{"version":1,"exercises":null}`, `{"version":1,"extra":true}`, `{"version":-5}`, "\xff\xfe",
		`{"version":1,"exercises":{"a":{"solved_at":"2026-01-02T03:04:05+02:00"}}}`,
		`{"version":1,"exercises":{},"challenges":{"flag":{"solved":true,"schedule":"1,2:1","x":[1]}}}`, `{"version":1,"challenges":{}}`, `{"version":1,"challenges":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		st := check.Store{Dir: t.TempDir()}
		if err := os.WriteFile(st.Path(), content, 0o644); err != nil {
			t.Fatal(err)
		}
		p, warning, err := st.Load()
		if err != nil || p == nil {
			t.Fatalf("Load(%q) = %v, %v; want progress and no error for any readable file", content, p, err)
		}
		if strings.ContainsAny(warning, "\n\r") {
			t.Fatalf("Load(%q) warning %q, want one line", content, warning)
		}
		if warning != "" {
			if _, again, err := st.Load(); err != nil || again != "" {
				t.Fatalf("Load(%q) warned %q, then again %q (%v): want nothing more", content, warning, again, err)
			}
			return
		}
		if p.Version != 1 {
			t.Fatalf("Load(%q) version %d without a warning, want 1", content, p.Version)
		}
		if err := st.Save(p); err != nil {
			t.Fatalf("Save(Load(%q)): %v", content, err)
		}
		back, warning, err := st.Load()
		if err != nil || warning != "" || !reflect.DeepEqual(back, p) {
			t.Fatalf("Load(Save(Load(%q))) = %+v %q %v, want %+v", content, back, warning, err, p)
		}
	})
}
