package styles

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const ms = time.Millisecond

// lab is the lab the tests run (Lab measures every program: once is enough).
var lab = Lab()

// want is a line the derivation expects: when, which URL, OK or Bad.
type want struct {
	at   time.Duration
	text string
}

// derive is the independent model of the lab, from the rules of each style
// rather than from the simulation: sync prints each site after the sum of
// the delays so far; the concurrent styles print each site after its own
// delay; green-unpatched sends the requests of the greenlets spawned before
// the unpatched one at 0, holds the hub for the unpatched site's delay d,
// prints the earlier ones that answered meanwhile at d (the others when
// they answer), and sends the later ones at d. The lines come sorted by
// time, then URL; total is the last line's time.
func derive(variant string, sites []Site, unpatched string) (lines []want, total time.Duration) {
	k := slices.IndexFunc(sites, func(s Site) bool { return s.Name == unpatched })
	var sum time.Duration
	for i, s := range sites {
		var at time.Duration
		switch {
		case variant == "sync":
			sum += s.Delay
			at = sum
		case variant == "green-unpatched" && i < k:
			at = max(s.Delay, sites[k].Delay)
		case variant == "green-unpatched" && i > k:
			at = sites[k].Delay + s.Delay
		default:
			at = s.Delay
		}
		word := "OK"
		if s.Status != StatusOK {
			word = "Bad"
		}
		lines = append(lines, want{at, s.URL + " " + word})
		total = max(total, at)
	}
	sortLines(lines)
	return lines, total
}

func sortLines(lines []want) {
	slices.SortFunc(lines, func(a, b want) int {
		if a.at != b.at {
			return int(a.at - b.at)
		}
		return strings.Compare(a.text, b.text)
	})
}

// got is a run's output as lines sorted like derive's.
func got(tr *trace.Trace) []want {
	var lines []want
	for _, l := range tr.Output {
		lines = append(lines, want{l.At, l.Text})
	}
	sortLines(lines)
	return lines
}

// runChecked runs a variant and checks its lines and total against derive.
func runChecked(t *testing.T, variant string, sets map[string]string) labs.Result {
	t.Helper()
	v := labtest.Resolve(t, lab, sets)
	e, err := setup(v)
	if err != nil {
		t.Fatal(err)
	}
	res := labtest.RunValues(t, lab, variant, v)
	lines, total := derive(variant, e.sites, e.unpatched)
	if g := got(res.Trace); !slices.Equal(g, lines) || res.Trace.Total != total {
		t.Fatalf("%s(%v) = lines %v, total %v; want %v, %v", variant, sets, g, res.Trace.Total, lines, total)
	}
	return res
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		variant string
		total   time.Duration
		lines   []string // in the order printed
	}{
		{"sync", 1100 * ms, []string{"0.3 twitter", "0.4 google", "0.9 yahoo", "1.1 facebook"}},
		{"threads", 500 * ms, []string{"0.1 google", "0.2 facebook", "0.3 twitter", "0.5 yahoo"}},
		{"callbacks", 500 * ms, []string{"0.1 google", "0.2 facebook", "0.3 twitter", "0.5 yahoo"}},
		{"green", 500 * ms, []string{"0.1 google", "0.2 facebook", "0.3 twitter", "0.5 yahoo"}},
		// yahoo (the slowest, unpatched by default) holds the hub until 0.5 s.
		{"green-unpatched", 700 * ms, []string{"0.5 yahoo", "0.5 google", "0.5 twitter", "0.7 facebook"}},
		{"async-await", 500 * ms, []string{"0.1 google", "0.2 facebook", "0.3 twitter", "0.5 yahoo"}},
		{"goroutines", 500 * ms, []string{"0.1 google", "0.2 facebook", "0.3 twitter", "0.5 yahoo"}},
	}
	for _, tc := range tests {
		tr := runChecked(t, tc.variant, nil).Trace
		if tr.Total != tc.total {
			t.Errorf("%s total = %v, want %v", tc.variant, tr.Total, tc.total)
		}
		var lines []string
		for _, l := range tr.Output {
			lines = append(lines, fmt.Sprintf("%s %s", trace.Seconds(l.At), strings.TrimSuffix(strings.TrimPrefix(l.Text, "http://"), ".com OK")))
		}
		if !slices.Equal(lines, tc.lines) {
			t.Errorf("%s lines = %q, want %q", tc.variant, lines, tc.lines)
		}
	}
}

// TestDerivation: the sums and maxima of the derivation, for the defaults,
// written out: sync is the sum, the concurrent styles the maximum, and
// green-unpatched the larger of the earlier sites and the blocking one
// plus the later ones.
func TestDerivation(t *testing.T) {
	sites, err := ParseSites(DefaultSites)
	if err != nil {
		t.Fatal(err)
	}
	var sum, longest time.Duration
	for _, s := range sites {
		sum += s.Delay
		longest = max(longest, s.Delay)
	}
	twitter, yahoo, facebook := sites[0].Delay, sites[2].Delay, sites[3].Delay
	for _, tc := range []struct {
		variant string
		want    time.Duration
	}{
		{"sync", sum},
		{"threads", longest}, {"callbacks", longest}, {"green", longest}, {"async-await", longest}, {"goroutines", longest},
		{"green-unpatched", max(twitter, yahoo+facebook)},
	} {
		if _, total := derive(tc.variant, sites, "yahoo"); total != tc.want {
			t.Errorf("derive(%s) = %v, want %v", tc.variant, total, tc.want)
		}
	}
}

// TestGrid runs every variant over a grid of sites and fail settings, each
// checked against the derivation; the lane that prints Bad is the style's.
func TestGrid(t *testing.T) {
	siteLists := []string{
		DefaultSites,
		"facebook=200ms,yahoo=500ms,google=100ms,twitter=300ms",
		"a=1s",
		"a=100ms,b=100ms,c=100ms",
		"a=2s,b=1s,c=3s,d=1s,e=500ms",
		"s1=10ms,s2=20ms,s3=30ms,s4=40ms,s5=50ms,s6=60ms,s7=70ms,s8=80ms,s9=90ms,s10=1m",
		"slow=1m,fast=1ms",
	}
	for _, list := range siteLists {
		sites, err := ParseSites(list)
		if err != nil {
			t.Fatal(err)
		}
		fails := []string{None}
		unpatched := []string{Slowest, sites[0].Name, sites[len(sites)-1].Name}
		for _, s := range sites {
			fails = append(fails, s.Name)
		}
		for _, fail := range fails {
			for _, up := range unpatched {
				sets := map[string]string{"sites": list, "fail": fail, "unpatched": up}
				for _, variant := range lab.VariantNames() {
					if up != Slowest && variant != "green-unpatched" {
						continue // unpatched matters to one variant
					}
					res := runChecked(t, variant, sets)
					lanes, _ := res.Facts["bad_lane"].([]string)
					var wantLanes []string
					if fail != None {
						wantLanes = []string{errorLane(variant, fail)}
					}
					if !slices.Equal(lanes, wantLanes) {
						t.Errorf("%s(%v) bad_lane = %v, want %v", variant, sets, lanes, wantLanes)
					}
				}
			}
		}
	}
}

// errorLane is the lane in which each style prints a failing site's Bad
// line: the one thread of sync, the reactor of callbacks, and the site's
// own thread, greenlet, task or goroutine for the others.
func errorLane(variant, site string) string {
	switch variant {
	case "sync":
		return "main"
	case "callbacks":
		return "reactor"
	}
	return site
}

// TestLanes: the lanes each style draws, and what a waiting lane does.
func TestLanes(t *testing.T) {
	names := func(tr *trace.Trace) []string {
		var out []string
		for _, task := range tr.Tasks {
			out = append(out, task.Name)
		}
		return out
	}
	perSite := []string{"main", "twitter", "google", "yahoo", "facebook"}
	tests := []struct {
		variant string
		lanes   []string
		waiting trace.State // how the yahoo request's lane waits (the only lane for sync and callbacks)
		on      string
	}{
		{"sync", []string{"main"}, trace.Blocked, "io"},
		{"threads", perSite, trace.Waiting, "io"},
		{"callbacks", []string{"reactor"}, trace.Waiting, "timer"},
		{"green", perSite, trace.Waiting, "timer"},
		{"green-unpatched", perSite, trace.Blocked, "io"},
		{"async-await", perSite, trace.Waiting, "timer"},
		{"goroutines", perSite, trace.Waiting, "io"},
	}
	for _, tc := range tests {
		tr := runChecked(t, tc.variant, nil).Trace
		if got := names(tr); !slices.Equal(got, tc.lanes) {
			t.Errorf("%s lanes = %v, want %v", tc.variant, got, tc.lanes)
		}
		lane := tr.Task("yahoo")
		if lane == nil {
			lane = &tr.Tasks[0]
		}
		found := false
		for _, sp := range lane.Spans {
			found = found || sp.State == tc.waiting && sp.On.String() == tc.on
		}
		if !found {
			t.Errorf("%s: lane %s has no %s span on %s: %v", tc.variant, lane.Name, tc.waiting, tc.on, lane.Spans)
		}
	}
	// green-unpatched: google and twitter have their answers at 0.1 s and
	// 0.3 s, and wait ready for the hub until yahoo's call returns at 0.5 s.
	tr := runChecked(t, "green-unpatched", nil).Trace
	for _, tc := range []struct {
		lane  string
		ready trace.Span
	}{
		{"google", trace.Span{State: trace.Ready, Worker: trace.NoWorker, Start: 100 * ms, End: 500 * ms}},
		{"twitter", trace.Span{State: trace.Ready, Worker: trace.NoWorker, Start: 300 * ms, End: 500 * ms}},
	} {
		if !slices.Contains(tr.Task(tc.lane).Spans, tc.ready) {
			t.Errorf("green-unpatched: %s spans = %v, want one %v", tc.lane, tr.Task(tc.lane).Spans, tc.ready)
		}
	}
}

func TestBadParams(t *testing.T) {
	tests := []struct {
		sets map[string]string
		want string
	}{
		{map[string]string{"sites": ""}, `styles: sites = "": no sites (e.g. ` + DefaultSites + `)`},
		{map[string]string{"sites": "twitter"}, `styles: sites = "twitter": "twitter" is not NAME=DELAY (e.g. ` + DefaultSites + `)`},
		{map[string]string{"sites": "Twitter=1s"}, `styles: sites = "Twitter=1s": site name "Twitter" must be 1 to 12 lower-case ASCII letters, digits or hyphens`},
		{map[string]string{"sites": "a=1s,a=2s"}, `styles: sites = "a=1s,a=2s": site a appears twice`},
		{map[string]string{"sites": "a=3"}, `styles: sites = "a=3": site a: delay "3" is not a duration: durations need a unit, 3s or 700ms (allowed: 1ms..1m)`},
		{map[string]string{"sites": "a=0s"}, `styles: sites = "a=0s": site a: delay 0s is out of range (allowed: 1ms..1m)`},
		{map[string]string{"sites": "a=2m"}, `styles: sites = "a=2m": site a: delay 2m is out of range (allowed: 1ms..1m)`},
		{map[string]string{"sites": "none=1s"}, `styles: sites = "none=1s": site name "none" is reserved (it means something else to fail and unpatched)`},
		{map[string]string{"sites": "a=1s,b=1s,c=1s,d=1s,e=1s,f=1s,g=1s,h=1s,i=1s,j=1s,k=1s"},
			`styles: sites = "a=1s,b=1s,c=1s,d=1s,e=1s,f=1s,g=1s,h=1s,i=1s,j=1s,k=1s": 11 sites is too many (allowed: 1..10)`},
		{map[string]string{"fail": "bing"}, `styles: fail = "bing" is not one of the sites (twitter, google, yahoo, facebook) or none`},
		{map[string]string{"fail": "Yahoo"}, `styles: fail = "Yahoo": must be none or the name of one of the sites`},
		{map[string]string{"unpatched": "none"}, `styles: unpatched = "none" is not one of the sites (twitter, google, yahoo, facebook) or slowest`},
		{map[string]string{"unpatched": "Yahoo!"}, `styles: unpatched = "Yahoo!": must be slowest or the name of one of the sites`},
		{map[string]string{"sites": "a=1s", "unpatched": "yahoo"}, `styles: unpatched = "yahoo" is not one of the sites (a) or slowest`},
		{map[string]string{"bogus": "1"}, `styles: unknown parameter "bogus" (parameters: sites, fail, unpatched)`},
	}
	for _, tc := range tests {
		_, err := lab.Resolve(tc.sets)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("Resolve(%v) = %q, want %q", tc.sets, got, tc.want)
		}
		if strings.Contains(got, "\n") {
			t.Errorf("Resolve(%v) error has more than one line: %q", tc.sets, got)
		}
	}
}

// TestShapes: the facts of each program, derived by reading its source:
// lines counted by hand as the lines that are not blank and not only a
// comment (the test counts them that way too), nesting as the blocks
// written out below.
func TestShapes(t *testing.T) {
	tests := []struct {
		variant   string
		nesting   int
		errorPath string
		why       string
	}{
		{"sync", 2, "if err != nil in check", "Sync: body, for; check: body, if"},
		{"threads", 3, "if err != nil in check", "Threads: body, for, the func literal given to t.Go"},
		{"callbacks", 3, "errback in Callbacks", "Callbacks: body, for, the func literals given to AddCallbacks"},
		{"green", 3, "if err != nil in check", "Green: body, for, the func literal given to hub.Spawn"},
		{"green-unpatched", 3, "if err != nil in check", "GreenUnpatched: body, for, the if (and the func literal) in it"},
		{"async-await", 3, "if err != nil in checkAsync", "AsyncAwait: body, for, the func literal given to CreateTask"},
		{"goroutines", 3, "if err != nil in check", "Goroutines: body, for, the func literal given to t.Go"},
	}
	for _, tc := range tests {
		facts := runChecked(t, tc.variant, nil).Facts
		lines := 0
		for _, l := range strings.Split(Program(tc.variant), "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "//") {
				lines++
			}
		}
		if facts["lines"] != lines || facts["nesting"] != tc.nesting || facts["on_error"] != tc.errorPath {
			t.Errorf("%s facts = lines %v nesting %v on_error %q, want %d %d %q (%s)", tc.variant,
				facts["lines"], facts["nesting"], facts["on_error"], lines, tc.nesting, tc.errorPath, tc.why)
		}
	}
}

func TestMeasure(t *testing.T) {
	tests := []struct {
		name, src string
		want      Shape
	}{
		{"flat", "func f(t T) {\n\tt.Printf(\"%s Bad\", u)\n}\n", Shape{3, 1, "a plain call in f"}},
		{"comments and blank lines", "// f does.\nfunc f(t T) {\n\n\t// say it\n\tt.Printf(\"x Bad\") // here\n}\n", Shape{3, 1, "a plain call in f"}},
		{"if in for", "func f(t T) {\n\tfor range 3 {\n\t\tif err != nil {\n\t\t\tt.Printf(\"Bad\")\n\t\t}\n\t}\n}\n", Shape{7, 3, "if err != nil in f"}},
		{"else if", "func f(t T) {\n\tif a {\n\t} else if b == 2 {\n\t\tt.Printf(\"Bad\")\n\t}\n}\n", Shape{6, 2, "if b == 2 in f"}},
		{"switch cases sit at the switch's level", "func f(t T) {\n\tswitch x {\n\tcase 1:\n\t\tt.Printf(\"Bad\")\n\t}\n}\n", Shape{6, 2, "a plain call in f"}},
		{"select", "func f(t T) {\n\tselect {\n\tcase <-c:\n\t\tif ok {\n\t\t\tt.Printf(\"Bad\")\n\t\t}\n\t}\n}\n", Shape{8, 3, "if ok in f"}},
		{"a one-line closure is a level", "func f(t T) {\n\tgo func() { t.Printf(\"Bad\") }()\n}\n", Shape{3, 2, "a plain call in f"}},
		{"composite literals are not blocks", "func f(t T) {\n\tx := T{A: 1}\n\tt.Printf(\"Bad\", x)\n}\n", Shape{4, 1, "a plain call in f"}},
		{"an errback", "func f(t T, d D) {\n\td.AddCallbacks(func(any) any { return nil }, func(error) any {\n\t\tt.Printf(\"Bad\")\n\t\treturn nil\n\t})\n}\n", Shape{6, 2, "errback in f"}},
		{"an AddErrback", "func f(t T, d D) {\n\td.AddErrback(func(error) any { t.Printf(\"Bad\"); return nil })\n}\n", Shape{3, 2, "errback in f"}},
		{"a callback is not an errback", "func f(t T, d D) {\n\td.AddCallbacks(func(any) any { t.Printf(\"Bad\"); return nil }, nil)\n}\n", Shape{3, 2, "a plain call in f"}},
		{"the deepest of two functions", "func f() {\n}\n\nfunc g(t T) {\n\tfor {\n\t\tfor {\n\t\t\tt.Printf(\"Bad\")\n\t\t}\n\t}\n}\n", Shape{9, 3, "a plain call in g"}},
	}
	for _, tc := range tests {
		got, err := Measure(tc.src)
		if err != nil || got != tc.want {
			t.Errorf("Measure(%s) = %+v, %v, want %+v", tc.name, got, err, tc.want)
		}
	}
	for _, bad := range []string{"func f() {\n\tt.Printf(\"OK\")\n}\n", "func f( {"} {
		if _, err := Measure(bad); err == nil {
			t.Errorf("Measure(%q) = nil error, want one", bad)
		}
	}
}

// TestSourceIsTheCodeThatRuns: each variant shows its program (the code
// the facts measure) first, then the library it calls; the programs are
// the functions of variants.go.
func TestSourceIsTheCodeThatRuns(t *testing.T) {
	libraries := map[string][]string{
		"sync":            {"func (h *HTTP) Get("},
		"threads":         {"func (h *HTTP) Get("},
		"callbacks":       {"type Deferred struct", "func (d *Deferred) AddCallbacks(", "func (r *Reactor) Run()"},
		"green":           {"type Hub struct", "func (h *Hub) PatchAll(", "func (h *HTTP) Get("},
		"green-unpatched": {"type Hub struct", "func (h *HTTP) Get("},
		"async-await":     {"type Future struct", "func (f *Future) Await(", "func Gather("},
		"goroutines":      {"func (h *HTTP) Get("},
	}
	for _, v := range lab.Variants {
		program := Program(v.Name)
		if !strings.HasPrefix(v.Source, program+"\n\n"+libraryNote+"\n\n") {
			t.Errorf("%s: the source does not start with its program and the library note", v.Name)
		}
		for _, want := range libraries[v.Name] {
			if !strings.Contains(v.Source, want) {
				t.Errorf("%s: the source lacks %q", v.Name, want)
			}
		}
		if strings.Contains(v.Source, "package styles") || strings.Contains(v.Source, "import (") {
			t.Errorf("%s: the source shows a package clause or imports", v.Name)
		}
	}
	calls := map[string]string{
		"sync": "check(t, http.Get, s.URL)", "threads": "t.Wait(th)", "callbacks": "d.AddCallback(checkStatus)",
		"green": "hub.PatchAll(http)", "green-unpatched": "get = curl.Get", "async-await": "session.Get(t, url).Await(t)",
		"goroutines": "t.Wait(wg...)",
	}
	for name, call := range calls {
		if !strings.Contains(Program(name), call) {
			t.Errorf("%s: the program lacks %q", name, call)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, v := range lab.VariantNames() {
		sets := map[string]string{"fail": "google"}
		a, err := trace.Encode(runChecked(t, v, sets).Trace)
		if err != nil {
			t.Fatal(err)
		}
		b, err := trace.Encode(runChecked(t, v, sets).Trace)
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s: two runs gave different traces", v)
		}
	}
}

// BenchmarkStyles runs every variant with the defaults.
func BenchmarkStyles(b *testing.B) { labtest.BenchmarkVariants(b, Lab()) }

// TestModelsAgree backs the walkthrough's reasons for the models: with no
// CPU work, threads give the same lines under the GIL as on the Go
// runtime's model, and goroutines the same on 1 worker as on 4.
func TestModelsAgree(t *testing.T) {
	e, err := setup(labtest.Resolve(t, lab, map[string]string{"fail": "google"}))
	if err != nil {
		t.Fatal(err)
	}
	simulate := func(model sched.Model, workers int, program func(*sched.Task, *HTTP, []Site)) *trace.Trace {
		sim := sched.New(sched.Config{Model: model, Workers: workers})
		sim.Go("main", func(t *sched.Task) { program(t, NewHTTP(e.web), e.sites) })
		tr, err := sim.Run()
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	for _, tc := range []struct {
		name string
		a, b *trace.Trace
	}{
		{"threads: GIL vs GoRuntime", simulate(sched.GIL, 1, Threads), simulate(sched.GoRuntime, 1, Threads)},
		{"goroutines: 1 vs 4 workers", simulate(sched.GoRuntime, 1, Goroutines), simulate(sched.GoRuntime, 4, Goroutines)},
	} {
		if !slices.Equal(tc.a.Output, tc.b.Output) || tc.a.Total != tc.b.Total {
			t.Errorf("%s: %v in %v, then %v in %v", tc.name, tc.a.Output, tc.a.Total, tc.b.Output, tc.b.Total)
		}
	}
}
