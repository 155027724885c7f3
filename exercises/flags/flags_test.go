//go:build exercises

package flags

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/labs/trace"
)

const ms = time.Millisecond

// rounds is how long n downloads of d each take with at most limit at once,
// when the next one starts as soon as one ends: ceil(n / limit) rounds of d.
func rounds(n, limit int, d time.Duration) time.Duration {
	return time.Duration((n+limit-1)/limit) * d
}

func TestDownloadModel(t *testing.T) {
	tests := []struct {
		limit int
		want  time.Duration
	}{
		{1, 10 * time.Second}, {20, 500 * ms}, {5, 2 * time.Second}, {3, 3500 * ms},
	}
	for _, tt := range tests {
		if got := rounds(len(Top20), tt.limit, 500*ms); got != tt.want {
			t.Errorf("rounds(20, %d, 0.5s) = %v, want %v", tt.limit, got, tt.want) // guards the check itself
		}
	}
}

func TestDownload(t *testing.T) {
	even := Server{Delay: 500 * ms}
	tests := []struct {
		name  string
		s     Server
		limit int
		want  time.Duration // 0: the delays are uneven, and the total depends on which download goes first
	}{
		{"at most 5 at once: 2 s", even, 5, 2 * time.Second},
		{"at most 3 at once: 3.5 s", even, 3, 3500 * ms},
		{"a goroutine each: 0.5 s", even, 20, 500 * ms},
		{"CN takes 3 s, at most 5 at once: no batches", Server{Delay: 500 * ms, Slower: map[string]time.Duration{"CN": 3 * time.Second}}, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				flags := Download(log, tt.s, Top20, tt.limit)
				checkDownload(t, log, tt.s, tt.limit, tt.want, flags)
			})
		})
	}
}

// download is one Get's wait for the server.
type download struct {
	code       string
	start, end time.Duration
}

func downloads(tr *trace.Trace) []download {
	var ds []download
	for _, task := range tr.Tasks {
		for _, s := range task.Spans {
			if s.State == trace.Waiting && s.On == trace.OnIO {
				ds = append(ds, download{task.Name, s.Start, s.End})
			}
		}
	}
	return ds
}

func checkDownload(t *testing.T, log *kit.Log, s Server, limit int, want time.Duration, flags map[string][]byte) {
	t.Helper()
	elapsed, most := log.Elapsed(), log.MostWaiting("io")
	var sum time.Duration
	for _, code := range Top20 {
		d, ok := s.Slower[code]
		if !ok {
			d = s.Delay
		}
		sum += d
	}
	switch {
	case most > limit:
		t.Fatalf("%d downloads were in flight at once, want at most %d: take a slot before each Get and give it back "+
			"after (a buffered channel of capacity %d), or use errgroup's SetLimit(%d)", most, limit, limit, limit)
	case most == 1 && elapsed == sum:
		t.Fatalf("the downloads ran one after another: %s of virtual time, want at most %d at once%s — does each "+
			"download have a goroutine of its own?", kit.Seconds(elapsed), limit, taking(want))
	}
	var missing []string
	for _, code := range Top20 {
		if !bytes.Equal(flags[code], Image(code)) {
			missing = append(missing, code)
		}
	}
	if len(missing) > 0 || len(flags) != len(Top20) {
		t.Fatalf("Download returned at %s with %d flags (missing or wrong: %v), want the %d flags: wait until every "+
			"download is done (sync.WaitGroup, or errgroup's Wait), and guard the map with a sync.Mutex",
			kit.Seconds(elapsed), len(flags), missing, len(Top20))
	}
	ds := downloads(log.Trace())
	if err := keepsBusy(ds, limit); err != nil {
		t.Fatalf("%v, want %d in flight until the last download has started: start the next download the moment one "+
			"ends — a semaphore or errgroup's SetLimit, not batches of %d that wait for their slowest", err, limit, limit)
	}
	if want > 0 && elapsed != want {
		t.Fatalf("Download took %s, want %s: %d rounds of %s with at most %d at once", kit.Seconds(elapsed),
			kit.Seconds(want), (len(Top20)+limit-1)/limit, kit.Seconds(s.Delay), limit)
	}
	if last := slices.MaxFunc(ds, func(a, b download) int { return cmp.Compare(a.end, b.end) }).end; elapsed != last {
		t.Fatalf("Download returned at %s, want %s, when the last download ended", kit.Seconds(elapsed), kit.Seconds(last))
	}
}

// taking says how long the run should take, if that is known.
func taking(want time.Duration) string {
	if want == 0 {
		return ""
	}
	return ", " + kit.Seconds(want) + " in all"
}

// keepsBusy reports the first instant, before the last download started,
// at which fewer than limit downloads were in flight.
func keepsBusy(ds []download, limit int) error {
	lastStart := slices.MaxFunc(ds, func(a, b download) int { return cmp.Compare(a.start, b.start) }).start
	var instants []time.Duration
	for _, d := range ds {
		instants = append(instants, d.start, d.end)
	}
	slices.Sort(instants)
	for _, at := range slices.Compact(instants) {
		if at > lastStart {
			break
		}
		inFlight, waiting := 0, 0
		for _, d := range ds {
			switch {
			case d.start <= at && at < d.end:
				inFlight++
			case d.start > at:
				waiting++
			}
		}
		if inFlight < limit && waiting > 0 {
			were := fmt.Sprintf("%d downloads were", inFlight)
			if inFlight == 1 {
				were = "1 download was"
			}
			return fmt.Errorf("at %s only %s in flight while %d had not started", kit.Seconds(at), were, waiting)
		}
	}
	return nil
}
