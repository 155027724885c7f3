// Package labtest has the helpers every lab's tests share: resolve
// parameters and run a variant, failing the test with a clear message on any
// error; and Claims, which checks that every number a walkthrough or a
// README states is computed by a run. Registry-wide checks (every lab runs,
// every run is deterministic) live in the labs package's own tests.
package labtest

import (
	"testing"

	"conclab/labs"
)

// Resolve validates sets against the lab's parameters or fails the test.
func Resolve(t testing.TB, l *labs.Lab, sets map[string]string) labs.Values {
	t.Helper()
	v, err := l.Resolve(sets)
	if err != nil {
		t.Fatalf("%s: Resolve(%v): %v", l.Name, sets, err)
	}
	return v
}

// RunValues runs a variant with resolved values or fails the test.
func RunValues(t testing.TB, l *labs.Lab, variant string, v labs.Values) labs.Result {
	t.Helper()
	vr, err := l.Variant(variant)
	if err != nil {
		t.Fatal(err)
	}
	res, err := vr.Run(v)
	if err != nil {
		t.Fatalf("%s/%s: %v", l.Name, variant, err)
	}
	return res
}

// Run resolves sets and runs a variant, or fails the test.
func Run(t testing.TB, l *labs.Lab, variant string, sets map[string]string) labs.Result {
	t.Helper()
	return RunValues(t, l, variant, Resolve(t, l, sets))
}

// BenchmarkVariants runs every variant of l with its default parameters,
// once per iteration, reporting allocations.
func BenchmarkVariants(b *testing.B, l *labs.Lab) {
	v := Resolve(b, l, nil)
	b.ReportAllocs()
	for b.Loop() {
		for _, vr := range l.Variants {
			if _, err := vr.Run(v); err != nil {
				b.Fatalf("%s/%s: %v", l.Name, vr.Name, err)
			}
		}
	}
}
