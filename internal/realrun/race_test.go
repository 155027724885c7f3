package realrun

import (
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
)

// report is a DATA RACE report as the race detector writes it for
// checker.CheckRacy (go test -race, Go 1.26), with the repository at /repo.
const report = `==================
WARNING: DATA RACE
Read at 0x00c00009b350 by goroutine 15:
  runtime.mapaccess1_faststr()
      /usr/local/go/src/internal/runtime/maps/runtime_faststr.go:17 +0x0
  conclab/labs/checker.CheckRacy.func1()
      /repo/labs/checker/real.go:25 +0x1a4
  sync.(*WaitGroup).Go.func1()
      /usr/local/go/src/sync/waitgroup.go:239 +0x5d

Previous write at 0x00c00009b350 by goroutine 13:
  runtime.mapassign_faststr()
      /usr/local/go/src/internal/runtime/maps/runtime_faststr.go:223 +0x0
  conclab/labs/checker.CheckRacy.func1()
      /repo/labs/checker/real.go:25 +0x1bc
  sync.(*WaitGroup).Go.func1()
      /usr/local/go/src/sync/waitgroup.go:239 +0x5d

Goroutine 15 (running) created at:
  sync.(*WaitGroup).Go()
      /usr/local/go/src/sync/waitgroup.go:237 +0x124
==================
`

func TestRaceAccesses(t *testing.T) {
	body := report[strings.Index(report, "WARNING"):]
	got := RaceAccesses(body, "/repo")
	want := []labs.RaceAccess{
		{What: "read by goroutine 15", File: "labs/checker/real.go", Line: 25, Func: "checker.CheckRacy.func1"},
		{What: "previous write by goroutine 13", File: "labs/checker/real.go", Line: 25, Func: "checker.CheckRacy.func1"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("RaceAccesses(report) = %+v, want %+v", got, want)
	}
	if got, want := got[0].String(), "read by goroutine 15 at labs/checker/real.go:25 (checker.CheckRacy.func1)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := got[1].Short(), "real.go:25: previous write by goroutine 13"; got != want {
		t.Errorf("Short() = %q, want %q", got, want)
	}
	outside := RaceAccesses("Write at 0x1 by main goroutine:\n  main.main()\n      /x/main.go:3 +0x1\n", "/repo")
	if !slices.Equal(outside, []labs.RaceAccess{{What: "write by main goroutine"}}) || outside[0].String() != "write by main goroutine" {
		t.Errorf("RaceAccesses(an access outside conclab) = %+v, want only what it was", outside)
	}
}

// TestRaceReports feeds a child's standard error in pieces, as a pipe
// gives it: two reports, then a fatal error. The first report's accesses
// become two notes of the trace; the count is 2.
func TestRaceReports(t *testing.T) {
	rec := trace.NewRecorderClock(0, func() time.Duration { return time.Second })
	r := &raceReports{rec: rec, root: "/repo"}
	text := "some test output\n" + report + report + "fatal error: concurrent map writes\n\ngoroutine 1 [running]:\n"
	for len(text) > 0 {
		n := min(37, len(text))
		if _, err := r.Write([]byte(text[:n])); err != nil {
			t.Fatal(err)
		}
		text = text[n:]
	}
	n, first, crashed := r.result()
	if n != 2 || len(first) != 2 || crashed != "fatal error: concurrent map writes" {
		t.Errorf("result = %d, %q, %q; want 2 reports, two accesses, the fatal error", n, first, crashed)
	}
	var notes []string
	for _, l := range rec.Trace().Output {
		if l.Task != "" {
			t.Errorf("note %q belongs to task %q, want none", l.Text, l.Task)
		}
		notes = append(notes, l.Text)
	}
	want := []string{"WARNING: DATA RACE", first[0].Short(), first[1].Short(), "fatal error: concurrent map writes"}
	if !slices.Equal(notes, want) {
		t.Errorf("notes = %q, want %q", notes, want)
	}
	if tasks := rec.Trace().Tasks; len(tasks) != 0 {
		t.Errorf("the notes made tasks: %v", tasks)
	}
}
