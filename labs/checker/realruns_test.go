package checker

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"conclab/internal/realrun/realtest"
	"conclab/labs/flags/fetch"
	"conclab/labs/flags/realweb"
)

// TestConcurrencyAtServer counts, at the server, how many requests each
// policy has in flight at once: 1 one after another, workers for the
// chunks, the pool and the limited ones, all of them for a goroutine each.
// It also checks that the tally and the number of output lines are the
// prediction's.
func TestConcurrencyAtServer(t *testing.T) {
	tests := []struct {
		variant string
		sets    map[string]string
		wantMax int64
	}{
		{"sequential", map[string]string{"sites": "4", "min_latency": "50ms", "max_latency": "50ms"}, 1},
		{"chunks", map[string]string{"sites": "9", "workers": "3", "min_latency": "150ms", "max_latency": "150ms"}, 3},
		{"pool", map[string]string{"sites": "9", "workers": "3", "min_latency": "150ms", "max_latency": "150ms"}, 3},
		{"goroutines", map[string]string{"sites": "15", "min_latency": "400ms", "max_latency": "400ms"}, 15},
		{"limited", map[string]string{"sites": "9", "workers": "2", "min_latency": "150ms", "max_latency": "150ms"}, 2},
		{"errgroup", map[string]string{"sites": "9", "workers": "2", "min_latency": "150ms", "max_latency": "150ms"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.variant, func(t *testing.T) {
			t.Parallel()
			res := realtest.Run(t, Lab(), tt.variant, tt.sets)
			if got := res.Facts[realweb.FactMaxInFlight]; got != tt.wantMax {
				t.Errorf("max_in_flight(%s %v) = %v, want %d", tt.variant, tt.sets, got, tt.wantMax)
			}
			pred := realtest.Predict(t, Lab(), tt.variant, tt.sets)
			if got, want := res.Facts["tally"], pred.Facts["tally"]; !maps.Equal(got.(map[string]int), want.(map[string]int)) {
				t.Errorf("tally(%s) = %v, want the prediction's %v", tt.variant, got, want)
			}
			if got, want := res.Facts[realweb.FactRequests], int64(len(pred.Trace.Output)); got != want {
				t.Errorf("requests(%s) = %v, want %d", tt.variant, got, want)
			}
			if got, want := len(res.Trace.Output), len(pred.Trace.Output); got != want {
				t.Errorf("output lines(%s) = %d, want %d", tt.variant, got, want)
			}
			if got, want := res.Facts["predicted_seconds"], realtest.Seconds(pred.Trace.Total); got != want {
				t.Errorf("predicted_seconds(%s) = %v, want %v", tt.variant, got, want)
			}
			realtest.WellFormed(t, res.Trace)
		})
	}
}

func TestRealRefusesTooManySites(t *testing.T) {
	err := realtest.Variant(t, Lab(), "pool").Check(realtest.Values(t, Lab(), map[string]string{"sites": "3000", "workers": "3"}))
	if want := "checker: real pool: sites = 3000 is too many for a real run over loopback (allowed: 1..2000)"; err == nil || err.Error() != want {
		t.Errorf("Check(sites=3000) = %v, want %q", err, want)
	}
}

func TestSitePath(t *testing.T) {
	tests := []struct{ name, want string }{
		{"site-07", "/sites/7"},
		{"site-0100", "/sites/100"},
	}
	for _, tt := range tests {
		if got := SitePath(fetch.Item{Name: tt.name}); got != tt.want {
			t.Errorf("SitePath(%s) = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestRacyTallyForReal builds conclab's real runs with -race and runs
// CheckRacy in a child: the race detector reports the unlocked map at the
// line of tally[code]++, and every site is in the trace.
func TestRacyTallyForReal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a test binary with -race")
	}
	sets := map[string]string{"sites": "20", "min_latency": "20ms", "max_latency": "60ms"}
	res := realtest.Run(t, Lab(), "racy-tally", sets)
	if n, _ := res.Facts[FactRaces].(int); n < 1 {
		t.Fatalf("races = %v, want at least one report (facts %v)", res.Facts[FactRaces], res.Facts)
	}
	race, _ := res.Facts[FactRace].([]string)
	if len(race) != 2 {
		t.Fatalf("race = %q, want the report's two accesses", race)
	}
	for _, acc := range race {
		if !strings.Contains(acc, " at labs/checker/real.go:25 (checker.CheckRacy.func1)") {
			t.Errorf("access %q is not at tally[code]++, labs/checker/real.go:25", acc)
		}
	}
	if res.Facts[FactCrashed] == nil {
		counted := 0
		for _, n := range res.Facts["tally"].(map[string]int) {
			counted += n
		}
		want := ""
		if counted < 20 {
			want = fmt.Sprintf("lost %d of 20 updates", 20-counted)
		}
		if counted > 20 || res.Incomplete != want {
			t.Errorf("tally %v, Incomplete %q; want at most 20 counted, and %q", res.Facts["tally"], res.Incomplete, want)
		}
	}
	if got := len(res.Trace.Tasks); got != 21 {
		t.Errorf("%d tasks in the trace, want main and 20 sites", got)
	}
	var notes []string
	for _, l := range res.Trace.Output {
		if l.Task == "" && strings.HasPrefix(l.Text, "real.go:25: ") {
			notes = append(notes, l.Text)
		}
	}
	if len(notes) != 4 {
		t.Errorf("notes of the race in the output = %q, want its two accesses when it came and again at the end", notes)
	}
	out := res.Trace.Output
	if last := out[len(out)-3:]; !strings.HasPrefix(last[0].Text, "the race detector found ") || last[0].At != res.Trace.Total {
		t.Errorf("the output ends with %+v, want the detector's summary at the end of the run, %v", last, res.Trace.Total)
	}
}
