package flags

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"conclab/internal/realrun/realtest"
	"conclab/labs/flags/fetch"
	"conclab/labs/flags/realweb"
)

// TestMain checks that no test leaves a goroutine behind (a request, a
// server connection).
func TestMain(m *testing.M) { realtest.Main(m) }

// TestConcurrencyAtServer counts, at the server, how many requests each
// policy has in flight at once: 1 one after another, the limit for the
// limited ones, all of them for a goroutine each. It also checks that the
// tally and the number of output lines are the prediction's.
func TestConcurrencyAtServer(t *testing.T) {
	tests := []struct {
		variant string
		sets    map[string]string
		wantMax int64
	}{
		{"sequential", map[string]string{"count": "4", "limit": "1", "delay": "50ms"}, 1},
		{"goroutines", map[string]string{"count": "20", "delay": "400ms"}, 20},
		{"limited", map[string]string{"count": "12", "limit": "3", "delay": "150ms"}, 3},
		{"errgroup", map[string]string{"count": "12", "limit": "4", "delay": "150ms"}, 4},
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

// TestTallyMatchesTheDraws: every flag the virtual server would fail gets
// its 418 from the real one, and no other.
func TestTallyMatchesTheDraws(t *testing.T) {
	sets := map[string]string{"count": "20", "delay": "30ms", "jitter": "40ms", "error_rate": "0.3", "seed": "5"}
	res := realtest.Run(t, Lab(), "goroutines", sets)
	got := map[string]string{} // each output line "CN 418 0.05s" as CN: 418
	for _, l := range res.Trace.Output {
		if f := strings.Fields(l.Text); len(f) == 3 {
			got[f[0]] = f[1]
		}
	}
	teapots := 0
	for _, it := range Flags(realtest.Values(t, Lab(), sets)) {
		want := fmt.Sprint(it.Status)
		if it.Status == fetch.StatusTeapot {
			teapots++
		}
		if got[it.Name] != want {
			t.Errorf("%s = %q, want %q (drawn delay %v)", it.Name, got[it.Name], want, it.Delay)
		}
	}
	if teapots == 0 || teapots == 20 {
		t.Fatalf("seed 5 draws %d teapots out of 20; pick a seed with some of each", teapots)
	}
	if tally := res.Facts["tally"].(map[string]int); tally["418"] != teapots || tally["200"] != 20-teapots {
		t.Errorf("tally = %v, want 418: %d and 200: %d", tally, teapots, 20-teapots)
	}
}

// TestRealErrgroupSaysItGaveUp: a real errgroup that cancelled work says so,
// as its virtual twin does (see labs.Result.Incomplete). With one request at
// a time and every answer a 418, CN's cancels the three not yet sent.
func TestRealErrgroupSaysItGaveUp(t *testing.T) {
	sets := map[string]string{"count": "4", "limit": "1", "delay": "20ms", "error_rate": "1"}
	res := realtest.Run(t, Lab(), "errgroup", sets)
	if got, want := res.Incomplete, "gave up after a 418 (CN): cancelled 3 of 4"; got != want {
		t.Errorf("real errgroup Incomplete = %q, want %q", got, want)
	}
	if pred := realtest.Predict(t, Lab(), "errgroup", sets); pred.Incomplete != res.Incomplete {
		t.Errorf("virtual errgroup Incomplete = %q, want the real run's %q", pred.Incomplete, res.Incomplete)
	}
}

func TestRealRefusesTooManyFlags(t *testing.T) {
	err := realtest.Variant(t, Lab(), "goroutines").Check(realtest.Values(t, Lab(), map[string]string{"count": "5000"}))
	if want := "flags: real goroutines: count = 5000 is too many for a real run over loopback (allowed: 1..2000)"; err == nil || err.Error() != want {
		t.Errorf("Check(count=5000) = %v, want %q", err, want)
	}
}

func TestFlagPath(t *testing.T) {
	tests := []struct{ name, want string }{
		{"BR", "/flags/br.gif"},
		{"X21", "/flags/av.gif"},
		{"X2000", "/flags/yy.gif"},
	}
	for _, tt := range tests {
		if got := FlagPath(fetch.Item{Name: tt.name}); got != tt.want {
			t.Errorf("FlagPath(%s) = %s, want %s", tt.name, got, tt.want)
		}
	}
}
