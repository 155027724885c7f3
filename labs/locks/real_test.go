package locks

import (
	"slices"
	"strings"
	"testing"

	"conclab/internal/realrun/realtest"
)

// TestRealRacy builds the racy counter with the race detector and runs it
// in a child on four threads: the detector reports the race on the counter
// at the lines of RacyForReal, and the count plus what was lost is every
// increment. How many were lost is up to the machine: not asserted.
func TestRealRacy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds conclab with -race")
	}
	res := realtest.Run(t, Lab(), "racy", nil)
	realtest.WellFormed(t, res.Trace)
	f := res.Facts
	t.Logf("racy for real: %v", f)
	if f["final"].(int)+f["lost"].(int) != 40 || f["final"].(int) < 1 {
		t.Errorf("final = %v, lost = %v; want them to add up to 40 increments", f["final"], f["lost"])
	}
	if n, _ := f[FactRaces].(int); n < 1 {
		t.Fatalf("races = %v, want the race detector to report the counter", f[FactRaces])
	}
	race, _ := f[FactRace].([]string)
	if len(race) != 2 || !strings.Contains(strings.Join(race, "\n"), "labs/locks/real.go:") || !strings.Contains(race[0], "RacyForReal") {
		t.Errorf("race = %q, want its two accesses in RacyForReal, in labs/locks/real.go", race)
	}
	var names []string
	for _, task := range res.Trace.Tasks {
		names = append(names, task.Name)
	}
	slices.Sort(names)
	if want := []string{"g1", "g2", "g3", "g4", "main"}; !slices.Equal(names, want) {
		t.Errorf("tasks %v, want %v", names, want)
	}
	if lost := f["lost"].(int); (lost > 0) != (res.Incomplete != "") {
		t.Errorf("lost = %d but Incomplete = %q", lost, res.Incomplete)
	}
}

// TestRealRacyRefusesLongRuns: a real run too long to sit through is
// refused in one line naming what to change.
func TestRealRacyRefusesLongRuns(t *testing.T) {
	for _, tt := range []struct {
		sets map[string]string
		want string
	}{
		{map[string]string{"workers": "1000", "increments": "100"}, "workers x increments = 100000 is too many for a real run (allowed: 1..10000)"},
		{map[string]string{"workers": "100", "increments": "100", "read": "10ms"}, "workers x increments x (read + write) = 1m50s is too long for a real run (allowed: up to 30s)"},
	} {
		v := realtest.Values(t, Lab(), tt.sets)
		if err := realCheck(v); err == nil || err.Error() != tt.want {
			t.Errorf("realCheck(%v) = %v, want %q", tt.sets, err, tt.want)
		}
	}
}
