// Package realtest has what the tests of real runs share: a TestMain that
// runs the child program a real run started the test binary for (see
// realrun.ChildRequested), running a real variant to its end, and the
// checks every real trace must pass.
package realtest

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"

	"conclab/internal/realrun"
	"conclab/labs"
	"conclab/labs/trace"
)

// Main is a TestMain for a package whose tests run real variants: in a
// test binary re-executed as a real run's child it runs that child and
// exits; otherwise it runs the tests and checks that none leaves a
// goroutine behind (a request, a server connection, a child's reader).
func Main(m *testing.M, opts ...goleak.Option) {
	if program, ok := realrun.ChildRequested(); ok {
		os.Exit(realrun.Child(program, os.Stdout, os.Stderr))
	}
	goleak.VerifyTestMain(m, opts...)
}

// Values resolves sets for l or fails the test.
func Values(t testing.TB, l *labs.Lab, sets map[string]string) labs.Values {
	t.Helper()
	v, err := l.Resolve(sets)
	if err != nil {
		t.Fatalf("%s: Resolve(%v): %v", l.Name, sets, err)
	}
	return v
}

// Variant returns the real variant name of l or fails the test.
func Variant(t testing.TB, l *labs.Lab, name string) *realrun.Variant {
	t.Helper()
	v, err := realrun.Lookup(l.Name, name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Run runs the real variant name of l with sets to its end, or fails the test.
func Run(t testing.TB, l *labs.Lab, name string, sets map[string]string) labs.Result {
	t.Helper()
	r, err := realrun.Start(context.Background(), Variant(t, l, name), Values(t, l, sets), realrun.Options{})
	if err != nil {
		t.Fatalf("Start(%s/%s, %v): %v", l.Name, name, sets, err)
	}
	res, err := r.Wait()
	if err != nil {
		t.Fatalf("%s/%s %v: %v", l.Name, name, sets, err)
	}
	return res
}

// Predict runs the prediction of the real variant name of l, or fails the test.
func Predict(t testing.TB, l *labs.Lab, name string, sets map[string]string) labs.Result {
	t.Helper()
	res, err := realrun.Predict(Variant(t, l, name), Values(t, l, sets))
	if err != nil {
		t.Fatalf("Predict(%s/%s, %v): %v", l.Name, name, sets, err)
	}
	return res
}

// WellFormed checks what every trace promises: spans in order without gaps
// or overlaps, every task ends done (the last span ends by Total), output in
// time order, and it encodes to JSON.
func WellFormed(t testing.TB, tr *trace.Trace) {
	t.Helper()
	if len(tr.Tasks) == 0 {
		t.Fatalf("trace has no tasks")
	}
	var last time.Duration
	for _, task := range tr.Tasks {
		for i, sp := range task.Spans {
			if sp.End < sp.Start || (i > 0 && sp.Start != task.Spans[i-1].End) {
				t.Errorf("task %s: span %d %+v does not follow %+v", task.Name, i, sp, task.Spans[max(i-1, 0)])
			}
			if sp.State == trace.Done {
				t.Errorf("task %s: a done span %+v (done is the end, not a span)", task.Name, sp)
			}
			last = max(last, sp.End)
		}
	}
	if last != tr.Total {
		t.Errorf("Total = %v, want the last span's end %v", tr.Total, last)
	}
	for i := 1; i < len(tr.Output); i++ {
		if tr.Output[i].At < tr.Output[i-1].At {
			t.Errorf("output line %d at %v comes before line %d at %v", i, tr.Output[i].At, i-1, tr.Output[i-1].At)
		}
	}
	if _, err := trace.Encode(tr); err != nil {
		t.Errorf("Encode: %v", err)
	}
}

// Number is a fact that is a number (a float64, or an int when whole).
func Number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// Seconds is d in seconds as a fact has it: the float64 nearest to its
// exact decimal (1.777, not 1.7770000000000001).
func Seconds(d time.Duration) float64 {
	f, _ := strconv.ParseFloat(trace.Seconds(d), 64)
	return f
}
