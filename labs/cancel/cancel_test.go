package cancel

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/internal/realrun/realtest"
	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

// TestMain runs a real run's child when the test binary is started as one
// (see real_test.go), and checks that no test leaves a goroutine behind.
func TestMain(m *testing.M) { realtest.Main(m) }

const ms = time.Millisecond

var lab = Lab()

// outcome is what a run must show, derived by want below.
type outcome struct {
	answer     string        // the answer fact: "A", "A,C", "nothing" or "none" (an error)
	err        string        // the error fact, "" when none
	answerAt   time.Duration // when main printed what it got
	total      time.Duration // when main returned
	where      []string      // the tasks alive then, in start order, as Leak.String writes them
	wasted     time.Duration
	incomplete string
}

// want is the independent model of the lab, from the rules of Go rather
// than from the simulation. Every replica's request ends at its latency
// unless a context cuts it. Ties go to the earlier replica in the list
// (its timer was set first). main returns linger after it got what it
// waited for (exit); a replica whose request ends at or before exit has
// finished it by then (its timer was set before main's).
//
//   - first-*: the answer is the fastest replica's, at its latency L.
//     first-context cuts every other request at L; the others let them run
//     to their latencies. Wasted: the losers' requests after L, up to the
//     exit. first-leaky's losers then wait on the channel for ever.
//   - timeout (T): what answers before T arrives; main stops at T, or at
//     the last answer if all come in time. Answers at T itself (Go's
//     select would pick at random): if main received one before T, its
//     wait's timer was set after the replicas' timers, so the first answer
//     at T (in list order) arrives; main runs at once and finds the
//     deadline past. If not, main's first timer, set before the replicas',
//     fires first. Wasted: the late requests after T.
//   - errgroup: the failing replica fails at its latency F; the ones that
//     answer before it (or at F, earlier in the list) keep their answer,
//     the others are cancelled at F, and Wait returns at F. With no
//     failure, Wait returns at the slowest latency.
func want(variant string, e env) outcome {
	rs := e.replicas
	var o outcome
	ends := make([]time.Duration, len(rs)) // when each request ends
	switch variant {
	case "first-leaky", "first-buffered", "first-context", "ignores-cancel":
		w := 0
		for i, r := range rs {
			if r.Latency < rs[w].Latency {
				w = i
			}
		}
		o.answer, o.answerAt = rs[w].Name, rs[w].Latency
		for i, r := range rs {
			ends[i] = r.Latency
			if variant == "first-context" {
				ends[i] = min(r.Latency, o.answerAt)
			}
		}
	case "timeout":
		var in []string
		o.answerAt = e.timeout
		order := slices.Clone(rs)
		slices.SortStableFunc(order, func(a, b Replica) int { return int(a.Latency - b.Latency) })
		atT := order[0].Latency < e.timeout // main waits with a timer set after the replicas'
		for _, r := range order {
			if r.Latency < e.timeout || r.Latency == e.timeout && atT {
				in = append(in, r.Name)
				atT = atT && r.Latency < e.timeout
			}
		}
		if len(in) == len(rs) {
			o.answerAt = order[len(order)-1].Latency
		} else {
			var missed []string
			for _, r := range rs {
				if !slices.Contains(in, r.Name) {
					missed = append(missed, r.Name)
				}
			}
			o.incomplete = fmt.Sprintf("missed the %v timeout: %s", e.timeout, strings.Join(missed, ", "))
		}
		o.answer = strings.Join(in, ",")
		if len(in) == 0 {
			o.answer = "nothing"
		}
		for i, r := range rs {
			ends[i] = r.Latency
		}
	case "errgroup":
		f := slices.IndexFunc(rs, func(r Replica) bool { return r.Fails })
		if f < 0 {
			var all []string
			for i, r := range rs {
				all = append(all, r.Name)
				ends[i] = r.Latency
				o.answerAt = max(o.answerAt, r.Latency)
			}
			o.answer = strings.Join(all, ",")
			break
		}
		fail := rs[f].Latency
		o.answer, o.err, o.answerAt = "none", rs[f].Name+" failed", fail
		var cancelled []string
		for i, r := range rs {
			ends[i] = r.Latency
			if r.Latency > fail || (r.Latency == fail && i > f) {
				ends[i] = fail
				cancelled = append(cancelled, r.Name)
			}
		}
		o.incomplete = "gave up after " + o.err
		if cancelled != nil {
			o.incomplete += ": cancelled " + strings.Join(cancelled, ", ")
		}
	}
	o.total = o.answerAt + e.linger
	for i, r := range rs {
		if ends[i] > o.answerAt {
			o.wasted += min(ends[i], o.total) - o.answerAt
		}
		switch {
		case ends[i] > o.total:
			o.where = append(o.where, r.Name+" is waiting (io)")
		case variant == "first-leaky" && r.Name != o.answer:
			o.where = append(o.where, r.Name+" waits on chan results")
		}
	}
	return o
}

// check runs variant with sets and compares it with want.
func check(t *testing.T, variant string, sets map[string]string) labs.Result {
	t.Helper()
	v := labtest.Resolve(t, lab, sets)
	e, err := setup(v, variant == "errgroup")
	if err != nil {
		t.Fatal(err)
	}
	w := want(variant, e)
	res := labtest.RunValues(t, lab, variant, v)
	f := res.Facts
	got := outcome{answer: f["answer"].(string), total: res.Trace.Total, wasted: seconds(f["wasted_seconds"].(float64)),
		incomplete: res.Incomplete, answerAt: printedAt(res.Trace)}
	if s, ok := f["error"].(string); ok {
		got.err = s
	}
	if s, ok := f["where"].([]string); ok {
		got.where = s
	}
	if f["leaked"] != len(got.where) {
		t.Errorf("%s(%v): leaked = %v, but where lists %v", variant, sets, f["leaked"], got.where)
	}
	var marked []string // the rows front ends mark as leaked
	for _, s := range res.Leaked {
		marked = append(marked, s.String())
	}
	if !slices.Equal(marked, got.where) {
		t.Errorf("%s(%v): Leaked = %v, want %v (the where fact)", variant, sets, marked, got.where)
	}
	if fmt.Sprint(got) != fmt.Sprint(w) {
		t.Fatalf("%s(%v) =\n %+v, want\n %+v", variant, sets, got, w)
	}
	return res
}

// seconds turns a fact back into a duration, exactly for whole microseconds.
func seconds(s float64) time.Duration { return time.Duration(s*1e6+0.5) * time.Microsecond }

// printedAt is when main printed its answer or error.
func printedAt(tr *trace.Trace) time.Duration {
	for _, l := range tr.Output {
		if l.Task == "main" && (strings.HasPrefix(l.Text, "answer: ") || strings.HasPrefix(l.Text, "error: ")) {
			return l.At
		}
	}
	return -1
}

// TestDefaults: every default number, written out.
func TestDefaults(t *testing.T) {
	tests := []struct {
		variant    string
		answer     string
		leaked     int
		wasted     float64
		total      time.Duration
		incomplete string
		lines      []string // "seconds task text", in the order printed
	}{
		{"first-leaky", "A", 2, 0.08, 130 * ms, "", []string{
			"0.03 A A answers after 30ms", "0.03 main answer: A", "0.05 C C answers after 50ms", "0.09 B B answers after 90ms"}},
		{"first-buffered", "A", 0, 0.08, 130 * ms, "", []string{
			"0.03 A A answers after 30ms", "0.03 main answer: A", "0.05 C C answers after 50ms", "0.09 B B answers after 90ms"}},
		{"first-context", "A", 0, 0, 130 * ms, "", []string{
			"0.03 A A answers after 30ms", "0.03 main answer: A",
			"0.03 B B gives up after 30ms: context canceled", "0.03 C C gives up after 30ms: context canceled"}},
		{"ignores-cancel", "A", 0, 0.08, 130 * ms, "", []string{
			"0.03 A A answers after 30ms", "0.03 main answer: A", "0.05 C C answers after 50ms", "0.09 B B answers after 90ms"}},
		{"timeout", "A,C", 0, 0.01, 180 * ms, "missed the 80ms timeout: B", []string{
			"0.03 A A answers after 30ms", "0.05 C C answers after 50ms", "0.08 main timed out", "0.08 main answer: A, C",
			"0.09 B B answers after 90ms"}},
		{"errgroup", "none", 0, 0, 150 * ms, "gave up after C failed: cancelled B", []string{
			"0.03 A A answers after 30ms", "0.05 C C fails after 50ms",
			"0.05 B B gives up after 50ms: context canceled", "0.05 main error: C failed"}},
	}
	for _, tc := range tests {
		res := check(t, tc.variant, nil)
		f := res.Facts
		if f["answer"] != tc.answer || f["leaked"] != tc.leaked || f["wasted_seconds"] != tc.wasted ||
			res.Trace.Total != tc.total || res.Incomplete != tc.incomplete {
			t.Errorf("%s = answer %v leaked %v wasted %v total %v incomplete %q; want %v %v %v %v %q", tc.variant,
				f["answer"], f["leaked"], f["wasted_seconds"], res.Trace.Total, res.Incomplete,
				tc.answer, tc.leaked, tc.wasted, tc.total, tc.incomplete)
		}
		var lines []string
		for _, l := range res.Trace.Output {
			lines = append(lines, fmt.Sprintf("%s %s %s", trace.Seconds(l.At), l.Task, l.Text))
		}
		if !slices.Equal(lines, tc.lines) {
			t.Errorf("%s lines =\n%q, want\n%q", tc.variant, lines, tc.lines)
		}
	}
	leaky := check(t, "first-leaky", nil)
	if w := leaky.Facts["where"]; fmt.Sprint(w) != "[B waits on chan results C waits on chan results]" {
		t.Errorf("first-leaky where = %v", w)
	}
	// The leaked goroutines are drawn waiting on the channel up to the end.
	for _, name := range []string{"B", "C"} {
		spans := leaky.Trace.Task(name).Spans
		last := spans[len(spans)-1]
		if last.On.String() != "chan results" || !last.WaitsForTask() || last.End != leaky.Trace.Total {
			t.Errorf("first-leaky: %s's last span = %+v, want a wait on chan results up to %v", name, last, leaky.Trace.Total)
		}
	}
}

// TestDerivationByHand: the default numbers from the latencies, written
// as the walkthrough does: the answer at the smallest latency, the wasted
// work of the losers after it, the timeout's cut.
func TestDerivationByHand(t *testing.T) {
	a, b, c := 30*ms, 90*ms, 50*ms
	linger, timeout := 100*ms, 80*ms
	for _, tc := range []struct {
		variant string
		got     func(labs.Result) any
		want    any
	}{
		{"first-leaky", func(r labs.Result) any { return r.Trace.Total }, min(a, b, c) + linger},
		{"first-leaky", func(r labs.Result) any { return seconds(r.Facts["wasted_seconds"].(float64)) }, (c - a) + (b - a)},
		{"ignores-cancel", func(r labs.Result) any { return seconds(r.Facts["wasted_seconds"].(float64)) }, (c - a) + (b - a)},
		{"first-context", func(r labs.Result) any { return r.Facts["wasted_seconds"] }, 0.0},
		{"timeout", func(r labs.Result) any { return seconds(r.Facts["wasted_seconds"].(float64)) }, b - timeout},
		{"timeout", func(r labs.Result) any { return r.Trace.Total }, timeout + linger},
		{"errgroup", func(r labs.Result) any { return r.Trace.Total }, c + linger},
	} {
		if got := tc.got(labtest.Run(t, lab, tc.variant, nil)); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.variant, got, tc.want)
		}
	}
}

// TestGrid runs every variant over a grid of parameters against want.
func TestGrid(t *testing.T) {
	for _, replicas := range []string{DefaultReplicas, "A=30ms", "A=50ms,B=50ms,C=10ms,D=10ms", "X=1s,Y=2ms,Z=2ms,W=500ms"} {
		rs, err := ParseReplicas(replicas)
		if err != nil {
			t.Fatal(err)
		}
		fails := []string{None}
		for _, r := range rs {
			fails = append(fails, r.Name)
		}
		for _, timeout := range []string{"1ms", "2ms", "20ms", "50ms", "80ms", "1s", "1h"} {
			for _, linger := range []string{"0s", "10ms", "20ms", "100ms", "1h"} {
				for _, fail := range fails {
					for _, v := range lab.Variants {
						check(t, v.Name, map[string]string{"replicas": replicas, "timeout": timeout, "linger": linger, "fail": fail})
					}
				}
			}
		}
	}
}

// TestPikesTimeoutLeaks: the talk's Google Search 2.1 has First's
// unbuffered channel, so the replica that misses the timeout blocks on its
// send for ever, as the walkthrough says. (The lab's Timeout gives the
// channel room for every answer.)
func TestPikesTimeoutLeaks(t *testing.T) {
	e, err := setup(labtest.Resolve(t, lab, nil), false)
	if err != nil {
		t.Fatal(err)
	}
	sim := sched.New(sched.Config{Model: sched.GoRuntime})
	sim.Main("main", func(tk *sched.Task) {
		c := sched.NewChan[Result]("results", 0) // Pike's c := make(chan Result)
		for _, r := range e.replicas {
			tk.Go(r.Name, func(tk *sched.Task) { c.Send(tk, search(tk, r)) })
		}
		deadline := tk.Now() + e.timeout
		for range e.replicas {
			if _, _, late := c.RecvBefore(tk, deadline); late {
				break
			}
		}
		tk.Sleep(e.linger)
	})
	if _, err := sim.Run(); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(sim.Leaked()); got != "[B waits on chan results]" {
		t.Errorf("Pike's 2.1 with the defaults leaves %s, want B waiting on its send", got)
	}
}

// TestSources: each variant shows the code that runs, Main, and the
// library it uses.
func TestSources(t *testing.T) {
	for _, p := range programs {
		v, err := lab.Variant(p.name)
		if err != nil {
			t.Fatal(err)
		}
		for _, fn := range append(slices.Clone(p.funcs), "Main") {
			if !strings.Contains(v.Source, labs.FuncSource(variantsSource, fn)) {
				t.Errorf("%s: the source does not show %s", p.name, fn)
			}
		}
		usesContext := strings.Contains(v.Source, "WithCancel(ctx)") || strings.Contains(v.Source, "WithContext(ctx)")
		if got := strings.Contains(v.Source, "func WithCancel("); got != usesContext {
			t.Errorf("%s: shows the context library = %v, uses a context = %v", p.name, got, usesContext)
		}
		if got, want := strings.Contains(v.Source, "func (g *Group) Wait("), p.name == "errgroup"; got != want {
			t.Errorf("%s: shows the errgroup library = %v, want %v", p.name, got, want)
		}
	}
}

func TestBadParameters(t *testing.T) {
	tests := []struct {
		sets map[string]string
		want string
	}{
		{map[string]string{"replicas": ""}, `cancel: replicas = "": no replicas (e.g. A=30ms,B=90ms,C=50ms)`},
		{map[string]string{"replicas": "A"}, `cancel: replicas = "A": "A" is not NAME=LATENCY (e.g. A=30ms,B=90ms,C=50ms)`},
		{map[string]string{"replicas": "A=1ms,A=2ms"}, `cancel: replicas = "A=1ms,A=2ms": replica A appears twice`},
		{map[string]string{"replicas": "A=fast"}, `cancel: replicas = "A=fast": replica A: latency "fast" is not a duration (allowed: 1ms..1h)`},
		{map[string]string{"replicas": "A=0s"}, `cancel: replicas = "A=0s": replica A: latency 0s is out of range (allowed: 1ms..1h)`},
		{map[string]string{"replicas": "main=1ms"}, `cancel: replicas = "main=1ms": replica name "main" must be 1 to 8 ASCII letters or digits (not none or main)`},
		{map[string]string{"replicas": "a=1ms,b=1ms,c=1ms,d=1ms,e=1ms,f=1ms,g=1ms,h=1ms,i=1ms"}, `cancel: replicas = "a=1ms,b=1ms,c=1ms,d=1ms,e=1ms,f=1ms,g=1ms,h=1ms,i=1ms": 9 replicas is too many (allowed: 1..8)`},
		{map[string]string{"fail": "D"}, `cancel: fail: no replica D (replicas: A=30ms,B=90ms,C=50ms)`},
		{map[string]string{"fail": "a b"}, `cancel: fail = "a b": must be none or the name of one of the replicas`},
		{map[string]string{"timeout": "0s"}, `cancel: timeout = 0s is out of range (allowed: 1ms..1h)`},
		{map[string]string{"linger": "-1s"}, `cancel: linger = -1s is out of range (allowed: 0s..1h)`},
	}
	for _, tc := range tests {
		_, err := lab.Resolve(tc.sets)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want || strings.Contains(got, "\n") {
			t.Errorf("Resolve(%v) = %q, want %q", tc.sets, got, tc.want)
		}
	}
}

func BenchmarkVariants(b *testing.B) { labtest.BenchmarkVariants(b, lab) }
