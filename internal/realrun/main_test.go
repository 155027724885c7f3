package realrun

import (
	"os"
	"testing"

	"go.uber.org/goleak"

	"conclab/internal/labtest"
	"conclab/labs"
	_ "conclab/labs/all" // the real variants and the child programs are the labs'
	"conclab/labs/trace"
)

// TestMain runs a real run's child when this test binary is started as
// one: the spinner's children re-execute it, and the racy tally's child is
// this binary built with -race (see raceBinary). Otherwise it runs the
// tests and checks that none leaves a goroutine behind (a request, a
// server connection, a child's reader).
func TestMain(m *testing.M) {
	if program, ok := ChildRequested(); ok {
		os.Exit(Child(program, os.Stdout, os.Stderr))
	}
	goleak.VerifyTestMain(m)
}

// values resolves sets for lab or fails the test.
func values(t testing.TB, lab string, sets map[string]string) labs.Values {
	t.Helper()
	l, err := labs.Get(lab)
	if err != nil {
		t.Fatal(err)
	}
	return labtest.Resolve(t, l, sets)
}

// BenchmarkSnapshot is what a front end pays for each redraw of a live
// lane: a copy of a run of 1000 tasks (four events each) from its Recorder.
func BenchmarkSnapshot(b *testing.B) {
	rec := trace.NewRecorder(0)
	for i := range 1000 {
		name := "X" + string(rune('0'+i%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i/100))
		rec.Set(name, trace.Running, trace.NoWorker, "")
		rec.Set(name, trace.Waiting, trace.NoWorker, "io")
		rec.Printf(name, "%s 200 0.1s", name)
		rec.Done(name)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec.Trace()
	}
}
