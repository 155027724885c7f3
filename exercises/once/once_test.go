//go:build exercises

package once

import (
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// four are the goal's requests; rush are six at once, then one late.
var (
	four = []Request{{"A", 0}, {"B", 500 * ms}, {"C", time.Second}, {"D", 3 * time.Second}}
	rush = []Request{{"A", 100 * ms}, {"B", 100 * ms}, {"C", 100 * ms}, {"D", 100 * ms},
		{"E", 100 * ms}, {"F", 100 * ms}, {"G", 2500 * ms}}
)

// served is when each request is served when the config is loaded once, by
// the first request to come: the load ends LoadTime after it, and a
// request is served at the later of its coming and that end. last is when
// the last one is; alone is when each is served if every request loads the
// config itself.
func served(reqs []Request) (at, alone map[string]time.Duration, last time.Duration) {
	first := reqs[0].At
	for _, r := range reqs {
		first = min(first, r.At)
	}
	at, alone = map[string]time.Duration{}, map[string]time.Duration{}
	for _, r := range reqs {
		at[r.Name] = max(r.At, first+LoadTime)
		alone[r.Name] = r.At + LoadTime
		last = max(last, at[r.Name])
	}
	return at, alone, last
}

func TestServedModel(t *testing.T) {
	tests := []struct {
		reqs     []Request
		name     string
		at, solo time.Duration
		last     time.Duration
	}{
		{four, "B", 2 * time.Second, 2500 * ms, 3 * time.Second},
		{four, "D", 3 * time.Second, 5 * time.Second, 3 * time.Second},
		{rush, "F", 2100 * ms, 2100 * ms, 2500 * ms},
		{rush, "G", 2500 * ms, 4500 * ms, 2500 * ms},
	}
	for _, tt := range tests {
		at, alone, last := served(tt.reqs)
		if at[tt.name] != tt.at || alone[tt.name] != tt.solo || last != tt.last {
			t.Errorf("served(%v) = %s at %v (alone %v), last %v; want %v (%v), %v", tt.reqs, tt.name, at[tt.name], alone[tt.name], last, tt.at, tt.solo, tt.last) // guards the check itself
		}
	}
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name string
		reqs []Request
	}{
		{"4 requests at 0, 0.5, 1 and 3 s: one load, served at 2, 2, 2 and 3 s", four},
		{"6 requests at once at 0.1 s, one at 2.5 s: one load, served at 2.1 s and 2.5 s", rush},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				store := &Store{}
				NewService(log, store).Serve(tt.reqs)
				kittest.Leaks()
				checkServe(t, log, tt.reqs)
			})
		})
	}
}

// checkServe judges a run of Serve(reqs).
func checkServe(t *testing.T, log *kit.Log, reqs []Request) {
	t.Helper()
	at, alone, last := served(reqs)
	var loads []string // when each load started
	var firstLoad time.Duration
	got := map[string]time.Duration{}
	config := map[string]string{}
	for _, l := range log.Lines("") {
		if strings.HasPrefix(l.Task, "load ") {
			if len(loads) == 0 {
				firstLoad = l.At
			}
			loads = append(loads, kit.Seconds(l.At))
			continue
		}
		name, how, _ := strings.Cut(l.Text, ": served with ")
		got[name], config[name] = l.At, how
	}
	everyone := len(loads) == len(reqs)
	for _, r := range reqs {
		everyone = everyone && got[r.Name] == alone[r.Name]
	}
	switch {
	case everyone:
		t.Fatalf("every request loaded the config itself: %d loads of %s, at %s, want one load, by the first "+
			"request (at %s) — keep the config in the Service, and load it only on the first call of Config: "+
			"sync.Once's Do runs a function once (if you did, is Config's receiver a pointer? A method on a "+
			"Service value works on a copy, with a copy of its sync.Once or sync.Mutex: go vet's copylocks "+
			"says so)", len(loads), kit.Seconds(LoadTime), and(loads), loads[0])
	case len(loads) > 1:
		t.Fatalf("the config was loaded %d times, at %s; want it loaded once, at %s — a load takes %s, and a check "+
			"of a flag (is it loaded yet?) says no to every request that looks until the first load ends: the check "+
			"and the load must be one step for everyone else — sync.Once's Do, or a sync.Mutex held from the check "+
			"to the end of the load", len(loads), and(loads), loads[0], kit.Seconds(LoadTime))
	case len(loads) == 0:
		t.Fatalf("the config was never loaded (no \"loading the config\" line), want one load at the first " +
			"request: Config must call s.store.Load once")
	}
	first := reqs[0]
	for _, r := range reqs {
		if r.At < first.At {
			first = r
		}
	}
	if firstLoad < first.At {
		t.Fatalf("the config was loaded at %s, before any request came (the first, %s, came at %s): want it loaded "+
			"at %s, by the first call of Config — load it when it is first needed, not ahead of time (a config that "+
			"no request needs is never loaded)", kit.Seconds(firstLoad), first.Name, kit.Seconds(first.At),
			kit.Seconds(first.At))
	}
	for _, r := range reqs {
		switch how, ok := config[r.Name]; {
		case !ok:
			t.Fatalf("request %s was never served (no \"%s: served with ...\" line), want it served at %s: leave "+
				"Serve as it is", r.Name, r.Name, kit.Seconds(at[r.Name]))
		case how == "no config":
			t.Fatalf("request %s (at %s) was served with no config at %s, want it served with config #1 at %s: it "+
				"went on while the first load was still running — every caller must wait for that one load: "+
				"sync.Once's Do returns only once its function has returned, for every caller (a flag that the "+
				"first caller sets before it loads is the wrong version that the sync package's own comment in "+
				"Once.Do shows)", r.Name, kit.Seconds(r.At), kit.Seconds(got[r.Name]), kit.Seconds(at[r.Name]))
		case how != "config #1":
			t.Fatalf("request %s was served with %s, want config #1, the one load's: return the config that "+
				"the first call loaded", r.Name, how)
		case got[r.Name] != at[r.Name]:
			t.Fatalf("request %s (at %s) was served at %s, want %s (when it comes, or when the one load ends "+
				"if later): Config must wait for the load and for nothing else", r.Name, kit.Seconds(r.At),
				kit.Seconds(got[r.Name]), kit.Seconds(at[r.Name]))
		}
	}
	if end := log.Elapsed(); end != last {
		t.Fatalf("Serve returned at %s, want %s, when the last request is served: leave Serve as it is",
			kit.Seconds(end), kit.Seconds(last))
	}
}

// and joins items as a sentence does: "a", "a and b", "a, b and c".
func and(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
