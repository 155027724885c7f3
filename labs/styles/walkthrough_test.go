package styles

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/trace"
)

// secs is a time as the walkthrough writes it: seconds, shortest form.
func secs(d time.Duration) float64 { return d.Seconds() }

// millis is a duration in whole milliseconds.
func millis(d time.Duration) int { return int(d / ms) }

// printedAt is when the lane task printed its line.
func printedAt(t *testing.T, tr *trace.Trace, task string) time.Duration {
	t.Helper()
	for _, l := range tr.Output {
		if l.Task == task {
			return l.At
		}
	}
	t.Fatalf("%s printed nothing", task)
	return 0
}

// span is the first span of task in the given state.
func span(t *testing.T, tr *trace.Trace, task string, state trace.State) trace.Span {
	t.Helper()
	for _, sp := range tr.Task(task).Spans {
		if sp.State == state {
			return sp
		}
	}
	t.Fatalf("%s has no %s span: %v", task, state, tr.Task(task).Spans)
	return trace.Span{}
}

// factsTable claims the rows of the table of facts (as the walkthrough and
// docs/LABS.md write it), and returns the total all the concurrent styles
// share (it fails the test if they do not share one).
func factsTable(t *testing.T) (rows []labtest.Claim, concurrent time.Duration) {
	t.Helper()
	var totals []time.Duration
	for _, v := range lab.Variants {
		f := runChecked(t, v.Name, nil)
		rows = append(rows, labtest.Says("| {} | {} | {} | {} |", v.Name, f.Facts["lines"], f.Facts["nesting"], f.Facts["on_error"]))
		if v.Name != "sync" && v.Name != "green-unpatched" {
			totals = append(totals, f.Trace.Total)
		}
	}
	if slices.Min(totals) != slices.Max(totals) {
		t.Errorf("the concurrent styles' totals %v differ", totals)
	}
	return rows, totals[0]
}

// TestDocsNumbers ties the numbers of this lab's section of docs/LABS.md
// (from its heading to the next one) to runs.
func TestDocsNumbers(t *testing.T) {
	doc, err := os.ReadFile("../../docs/LABS.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "\n## styles")
	if !ok {
		t.Fatal("docs/LABS.md has no section ## styles")
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	e, err := setup(labtest.Resolve(t, lab, nil))
	if err != nil {
		t.Fatal(err)
	}
	sync := runChecked(t, "sync", nil).Trace
	missed := runChecked(t, "green-unpatched", nil).Trace
	rows, concurrent := factsTable(t)
	k := slices.IndexFunc(e.sites, func(s Site) bool { return s.Name == e.unpatched })
	longest := func(sites []Site) time.Duration {
		var d time.Duration
		for _, s := range sites {
			d = max(d, s.Delay)
		}
		return d
	}
	labtest.Claims(t, section, append(rows,
		labtest.Says("twitter ({} ms), google ({} ms), yahoo ({} ms) and facebook ({} ms)",
			millis(e.sites[0].Delay), millis(e.sites[1].Delay), millis(e.sites[2].Delay), millis(e.sites[3].Delay)),
		labtest.Says("on one thread: {} s, the sum.", secs(sync.Total)),
		labtest.Says("{} s each, the slowest site.", secs(concurrent)),
		labtest.Says("by default the slowest: {})", e.unpatched),
		labtest.Says("the hub: {} s, the larger of the longest site spawned before it ({} ms) and its own delay plus the longest site spawned after it ({} ms + {} ms).",
			secs(missed.Total), millis(longest(e.sites[:k])), millis(e.sites[k].Delay), millis(longest(e.sites[k+1:]))),
	), "whose server answers 500", "A 500 takes as long as a 200")
}

// TestWalkthroughNumbers ties every number of the walkthrough (and of the
// lab's summary) to a run, each run first checked against derive.
func TestWalkthroughNumbers(t *testing.T) {
	e, err := setup(labtest.Resolve(t, lab, nil))
	if err != nil {
		t.Fatal(err)
	}
	delay := map[string]time.Duration{}
	for _, s := range e.sites {
		delay[s.Name] = s.Delay
	}
	run := func(variant string, sets map[string]string) *trace.Trace { return runChecked(t, variant, sets).Trace }
	sync := run("sync", nil)
	threads := run("threads", nil)
	callbacks := run("callbacks", nil)
	green := run("green", nil)
	unpatched := run("green-unpatched", nil)
	firstBlocks := run("green-unpatched", map[string]string{"unpatched": e.sites[0].Name})
	lastBlocks := run("green-unpatched", map[string]string{"unpatched": e.sites[len(e.sites)-1].Name})
	async := run("async-await", nil)
	goroutines := run("goroutines", nil)

	// The concurrent styles agree, line for line.
	for _, tr := range []*trace.Trace{callbacks, green, async, goroutines} {
		if !slices.Equal(got(tr), got(threads)) {
			t.Errorf("a concurrent style printed %v, threads %v", got(tr), got(threads))
		}
	}
	if e.unpatched != "yahoo" {
		t.Fatalf("the slowest site is %s; the walkthrough tells of yahoo", e.unpatched)
	}
	var syncAt []any
	for _, l := range sync.Output {
		syncAt = append(syncAt, secs(l.At))
	}

	// green-unpatched: yahoo holds the hub; facebook sends its request when
	// yahoo's call returns; google's and twitter's answers wait, ready.
	held := span(t, unpatched, "yahoo", trace.Blocked)
	fbWait := span(t, unpatched, "facebook", trace.Waiting)
	googleReady, twitterReady := span(t, unpatched, "google", trace.Ready), span(t, unpatched, "twitter", trace.Ready)
	var earlier, later time.Duration // the longest delay before and after yahoo, in spawn order
	k := slices.IndexFunc(e.sites, func(s Site) bool { return s.Name == "yahoo" })
	for i, s := range e.sites {
		if i < k {
			earlier = max(earlier, s.Delay)
		} else if i > k {
			later = max(later, s.Delay)
		}
	}
	var firstLater time.Duration // when twitter blocks first: the longest of the rest
	for _, s := range e.sites[1:] {
		firstLater = max(firstLater, s.Delay)
	}

	rows, concurrent := factsTable(t)
	linesOf := func(name string) any { return runChecked(t, name, nil).Facts["lines"] }
	if most := slices.MaxFunc(lab.Variants, func(a, b labs.Variant) int { return linesOf(a.Name).(int) - linesOf(b.Name).(int) }); most.Name != "callbacks" {
		t.Errorf("the most lines are %s's; the walkthrough says callbacks'", most.Name)
	}

	claims := append(rows,
		labtest.Says("The servers take {} ms (twitter), {} ms (google), {} ms (yahoo) and {} ms (facebook)",
			millis(delay["twitter"]), millis(delay["google"]), millis(delay["yahoo"]), millis(delay["facebook"])),
		labtest.Says("The waits add up: {} + {} + {} + {} ms = {} s, and the lines come at {}, {}, {} and {} s.",
			append([]any{millis(e.sites[0].Delay), millis(e.sites[1].Delay), millis(e.sites[2].Delay), millis(e.sites[3].Delay), secs(sync.Total)}, syncAt...)...),
		labtest.Says("{} s, the slowest site: the waits overlap", secs(threads.Total)),
		labtest.Says("google at {} s, facebook at {} s, twitter at {} s and yahoo at {} s.",
			secs(printedAt(t, threads, "google")), secs(printedAt(t, threads, "facebook")), secs(printedAt(t, threads, "twitter")), secs(printedAt(t, threads, "yahoo"))),
		labtest.Says("the same lines at the same times: {} s.", secs(callbacks.Total)),
		labtest.Says("{} s again. Press", secs(green.Total)),
		labtest.Says("{} s. The greenlets start in the order they were spawned", secs(unpatched.Total)),
		labtest.Says("yahoo's call holds the hub's only thread for {} ms", millis(held.Duration())),
		labtest.Says("When yahoo's answer comes at {} s, facebook sends its request, and its answer comes {} ms later, at {} s.",
			secs(printedAt(t, unpatched, "yahoo")), millis(fbWait.Duration()), secs(printedAt(t, unpatched, "facebook"))),
		labtest.Says("google's answer was there at {} s and twitter's at {} s, but no one could read them: their lines come at {} s.",
			secs(googleReady.Start), secs(twitterReady.Start), secs(printedAt(t, unpatched, "google"))),
		labtest.Says("from {} s and {} s until {} s.", secs(googleReady.Start), secs(twitterReady.Start), secs(twitterReady.End)),
		labtest.Says("here the larger of {} ms and {} ms + {} ms, {} ms.", millis(earlier), millis(delay["yahoo"]), millis(later), millis(unpatched.Total)),
		labtest.Says("waits for it: {} ms + {} ms = {} s.", millis(e.sites[0].Delay), millis(firstLater), secs(firstBlocks.Total)),
		labtest.Says("the total stays {} s, yet google's line still waits until {} s.", secs(lastBlocks.Total), secs(printedAt(t, lastBlocks, "google"))),
		labtest.Says("{} s, with a lane per task", secs(async.Total)),
		labtest.Says("threads,goroutines {} s. Diff", secs(goroutines.Total)),
		labtest.Says("Every concurrent style but one takes {} s.", secs(concurrent)),
		labtest.Says("GOMAXPROCS={}.", goroutines.Workers),
	)
	labtest.Claims(t, walkthrough, claims,
		"whose server answers 500", "turns a 500 into an error", "A 500 takes as long to come as a 200", // HTTP's status codes
		"(a function's body is 1; each if, for or function literal inside adds 1)", // how nesting is counted
	)
	labtest.Claims(t, lab.Summary, []labtest.Claim{
		labtest.Says("{} s one after another, {} s in each concurrent style", secs(sync.Total), secs(concurrent)),
	})
	if !strings.Contains(lab.Summary, "four downloads") || len(e.sites) != 4 {
		t.Errorf("the summary speaks of four downloads; the defaults have %d sites", len(e.sites))
	}
}
