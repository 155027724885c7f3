//go:build exercises

package sendclosed

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// three are a second case, in which the crawler that finishes last is not
// slow: deep sends 1 link at 0.7 s, slow 2, one every 1 s, and fast 5, one
// every 0.5 s.
var three = []Crawler{
	{"deep", 1, 700 * ms},
	{"slow", 2, time.Second},
	{"fast", 5, 500 * ms},
}

// sends is when each link is sent, and saved, when the crawlers run at
// once and the saver is always ready: link n of c at n × c.Every. last is
// the last send, when the channel should be closed and Run return.
func sends(crawlers []Crawler) (at map[string]time.Duration, last time.Duration) {
	at = map[string]time.Duration{}
	for _, c := range crawlers {
		for n := 1; n <= c.Count; n++ {
			at[fmt.Sprintf("%s/%d", c.Name, n)] = time.Duration(n) * c.Every
		}
		last = max(last, time.Duration(c.Count)*c.Every)
	}
	return at, last
}

func TestSendsModel(t *testing.T) {
	tests := []struct {
		crawlers []Crawler
		link     string
		at, last time.Duration
		n        int
	}{
		{Two, "slow/1", 1200 * ms, 2400 * ms, 5},
		{Two, "fast/3", 1500 * ms, 2400 * ms, 5},
		{three, "deep/1", 700 * ms, 2500 * ms, 8},
		{three, "slow/2", 2 * time.Second, 2500 * ms, 8},
	}
	for _, tt := range tests {
		at, last := sends(tt.crawlers)
		if at[tt.link] != tt.at || last != tt.last || len(at) != tt.n {
			t.Errorf("sends(%v) = %s at %v, last %v, %d links; want %v, %v, %d", tt.crawlers, tt.link, at[tt.link], last, len(at), tt.at, tt.last, tt.n) // guards the check itself
		}
	}
}

func TestRun(t *testing.T) {
	tests := []struct {
		name     string
		crawlers []Crawler
	}{
		{"fast and slow: 5 links, closed at 2.4 s", Two},
		{"deep, slow and fast: 8 links, closed at 2.5 s", three},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				saved := Run(log, tt.crawlers)
				returned := log.Elapsed()
				if _, last := sends(tt.crawlers); returned < last {
					<-log.After(last - returned) // let the crawlers left behind show themselves
				}
				kittest.Leaks()
				checkRun(t, log, tt.crawlers, saved, returned)
			})
		})
	}
}

// checkRun judges a run of Run(crawlers) that returned saved at returned.
func checkRun(t *testing.T, log *kit.Log, crawlers []Crawler, saved []string, returned time.Duration) {
	t.Helper()
	at, last := sends(crawlers)
	var panics []string
	savedAt := map[string]time.Duration{}
	for _, l := range log.Lines("") {
		if _, why, ok := strings.Cut(l.Text, ": panic: "); ok {
			panics = append(panics, fmt.Sprintf("%s's send at %s panicked (%s)", l.Task, kit.Seconds(l.At), why))
		}
		if link, ok := strings.CutPrefix(l.Text, "saved "); ok {
			savedAt[link] = l.At
		}
	}
	slices.Sort(panics) // the same instant's, in the same order every run
	if len(panics) > 0 {
		who := "the channel was closed"
		for _, c := range crawlers {
			if time.Duration(c.Count)*c.Every == returned {
				who = fmt.Sprintf("%s closed the channel when it was done", c.Name)
			}
		}
		t.Fatalf("%s: %s, at %s (Run's range over it ended then), while other crawlers still had links to send — "+
			"want the channel closed once, at %s, after the last send of the last crawler: a crawler that is done "+
			"does not know whether the others are, so none of them may close it; let a goroutine of Run's wait "+
			"for every crawler (wg.Wait) and close it then", and(panics), who, kit.Seconds(returned), kit.Seconds(last))
	}
	var links []string
	for link := range at {
		links = append(links, link)
	}
	slices.SortFunc(links, func(a, b string) int { return cmp.Or(cmp.Compare(at[a], at[b]), cmp.Compare(a, b)) })
	var missing []string
	for _, link := range links {
		if _, ok := savedAt[link]; !ok {
			missing = append(missing, fmt.Sprintf("%s (sent at %s)", link, kit.Seconds(at[link])))
		}
	}
	switch {
	case len(missing) > 0 && returned < last:
		t.Fatalf("Run returned at %s, before the last send (at %s), and never saved %s: want the channel closed, and "+
			"Run to return, at %s, once every crawler is done — wait for all of them (wg.Wait) before the close",
			kit.Seconds(returned), kit.Seconds(last), and(missing), kit.Seconds(last))
	case len(missing) > 0:
		t.Fatalf("the saver never saved %s, want every link saved as it is sent: leave the range over the channel "+
			"as it is, and let every crawler send all its links", and(missing))
	case len(saved) != len(links):
		t.Fatalf("Run returned %d links (%v), want the %d it saved: return what the range saved", len(saved), saved,
			len(links))
	}
	for _, link := range links {
		if savedAt[link] != at[link] {
			t.Fatalf("%s was saved at %s, want %s, the moment it was sent: the saver must be ranging over the "+
				"channel while the crawlers send — close the channel in a goroutine of its own, not in Run before "+
				"the range", link, kit.Seconds(savedAt[link]), kit.Seconds(at[link]))
		}
	}
	if returned != last {
		t.Fatalf("Run returned at %s, want %s, right after the last send: close the channel as soon as every "+
			"crawler is done", kit.Seconds(returned), kit.Seconds(last))
	}
}

// and joins items as a sentence does: "a", "a and b", "a, b and c".
func and(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
