//go:build exercises

package racecounter

import (
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// inStep is where the counter ends when nothing guards it: the goroutines
// start together and run in step, so in every round all of them read the
// same value and all write back that value plus one — a round of Workers
// increments counts once. It also says when the first round reads and
// writes.
func inStep(s Setup) (final int, read, write time.Duration) {
	return s.Increments, s.Read, s.Read + s.Write
}

func TestInStepModel(t *testing.T) {
	tests := []struct {
		s           Setup
		final       int
		read, write time.Duration
	}{
		{Lab, 10, ms, 2 * ms}, // the lab's racy variant: 10 of 40, 30 lost
		{Setup{3, 7, 2 * ms, ms}, 7, 2 * ms, 3 * ms},
		{Setup{1, 5, ms, ms}, 5, ms, 2 * ms}, // one goroutine: nothing to race with
	}
	for _, tt := range tests {
		final, read, write := inStep(tt.s)
		if final != tt.final || read != tt.read || write != tt.write {
			t.Errorf("inStep(%v) = %d, %v, %v, want %d, %v, %v", tt.s, final, read, write, tt.final, tt.read, tt.write) // guards the check itself
		}
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		name string
		s    Setup
	}{
		{"the lab's counter: 4 goroutines × 10 increments", Lab},
		{"3 goroutines × 7 increments, a slow read", Setup{Workers: 3, Increments: 7, Read: 2 * ms, Write: ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				got := Count(log, tt.s)
				checkCount(t, log, tt.s, got)
			})
		})
	}
}

func checkCount(t *testing.T, log *kit.Log, s Setup, got int) {
	t.Helper()
	elapsed, want := log.Elapsed(), s.Workers*s.Increments
	if gs := kittest.Leaks(); len(gs) > 0 {
		t.Fatalf("Count returned at %s while %d goroutines were still counting (%v), want it to return once every "+
			"goroutine is done: keep the sync.WaitGroup and its Wait", kit.Seconds(elapsed), len(gs), gs[0])
	}
	final, read, write := inStep(s)
	switch {
	case got == want:
	case got == final && s.Workers > 1:
		t.Fatalf("the counter ended at %d, want %d: %d of %d increments were lost. The %d goroutines ran in step: at %s "+
			"they all read 0, at %s they all wrote back 1, and so on — counter++ is a read and then a write, and "+
			"another goroutine wrote in between. Let one goroutine at a time make the whole Increment (a sync.Mutex: "+
			"Lock before it, Unlock after), or add with one indivisible step (atomic.Int64's Add)",
			got, want, want-got, want, s.Workers, kit.Seconds(read), kit.Seconds(write))
	case got < want:
		t.Fatalf("the counter ended at %d, want %d: %d increments were lost — a goroutine wrote the counter while "+
			"another was between its read and its write. The lock must cover the whole Increment, the read and the "+
			"write, every time (one sync.Mutex shared by all the goroutines), or add with atomic.Int64's Add",
			got, want, want-got)
	default:
		t.Fatalf("the counter ended at %d, want %d: more than the %d goroutines × %d increments — "+
			"does each goroutine make exactly its %d increments?", got, want, s.Workers, s.Increments, s.Increments)
	}
}
