package cancel

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/trace"
)

// millis is a duration in whole milliseconds, as the walkthrough writes it.
func millis(d time.Duration) int { return int(d / ms) }

// line is the first output line of task in tr that starts with prefix.
func line(t *testing.T, tr *trace.Trace, task, prefix string) trace.Line {
	t.Helper()
	for _, l := range tr.Output {
		if l.Task == task && strings.HasPrefix(l.Text, prefix) {
			return l
		}
	}
	t.Fatalf("%s printed no line starting %q: %v", task, prefix, tr.Output)
	return trace.Line{}
}

// words spells the small counts the texts write out.
var words = map[int]string{2: "two", 3: "three", 4: "four"}

// defaults are the lab's default replicas by name, and its parameters.
func defaults(t *testing.T) (map[string]time.Duration, labs.Values) {
	t.Helper()
	v := labtest.Resolve(t, lab, nil)
	e, err := setup(v, false)
	if err != nil {
		t.Fatal(err)
	}
	lat := map[string]time.Duration{}
	for _, r := range e.replicas {
		lat[r.Name] = r.Latency
	}
	if len(e.replicas) != 3 || e.replicas[0].Name != "A" || e.replicas[1].Name != "B" || e.replicas[2].Name != "C" {
		t.Fatalf("the texts tell of replicas A, B and C; the defaults are %v", e.replicas)
	}
	return lat, v
}

// TestWalkthroughNumbers ties every number of the walkthrough (and of the
// lab's summary) to a run, each run first checked against want.
func TestWalkthroughNumbers(t *testing.T) {
	lat, v := defaults(t)
	leaky := check(t, "first-leaky", nil)
	buffered := check(t, "first-buffered", nil)
	ctx := check(t, "first-context", nil)
	ignores := check(t, "ignores-cancel", nil)
	timeout := check(t, "timeout", nil)
	early := check(t, "timeout", map[string]string{"timeout": "20ms"})
	roomy := check(t, "timeout", map[string]string{"timeout": "100ms"})
	group := check(t, "errgroup", nil)
	failB := check(t, "errgroup", map[string]string{"fail": "B"})
	failNone := check(t, "errgroup", map[string]string{"fail": "none"})
	tooEarly := check(t, "first-buffered", map[string]string{"linger": "10ms"})

	answerAt := printedAt(leaky.Trace)
	if leaky.Facts["answer"] != "A" {
		t.Fatalf("first-leaky answers %v; the walkthrough says A", leaky.Facts["answer"])
	}
	if failB.Incomplete != "gave up after B failed" {
		t.Errorf("errgroup with fail=B: %q, the walkthrough says nothing is left to cancel", failB.Incomplete)
	}
	if strings.Count(failNone.Facts["answer"].(string), ",") != 2 || roomy.Facts["answer"] != "A,C,B" {
		t.Errorf("fail=none answers %v, timeout=100ms %v", failNone.Facts["answer"], roomy.Facts["answer"])
	}
	if fmt.Sprint(tooEarly.Facts["where"]) != "[B is waiting (io) C is waiting (io)]" {
		t.Errorf("first-buffered, linger=10ms: where = %v; the walkthrough says both are still in their requests", tooEarly.Facts["where"])
	}
	secs := func(r labs.Result) any { return r.Facts["wasted_seconds"] }
	text := func(tr *trace.Trace, task, prefix string) string { return line(t, tr, task, prefix).Text }
	answer := func(r labs.Result) string { return strings.TrimPrefix(text(r.Trace, "main", "answer: "), "answer: ") }

	labtest.Claims(t, walkthrough, []labtest.Claim{
		labtest.Says("A answers after {} ms, B after {} ms, C after {} ms.", millis(lat["A"]), millis(lat["B"]), millis(lat["C"])),
		labtest.Says("goes on with its work for {} ms (`linger`)", millis(v.Duration("linger"))),
		labtest.Says("The answer is A's, at {} ms. C's answer comes at {} ms and B's at {} ms", millis(answerAt), at(t, leaky.Trace, "C", "C answers"), at(t, leaky.Trace, "B", "B answers")),
		labtest.Says("main returns at {} ms and leaves `leaked` = {} goroutines", millis(leaky.Trace.Total), leaky.Facts["leaked"]),
		labtest.Says("({} − {}) + ({} − {}) ms = {} s.", millis(lat["C"]), millis(answerAt), millis(lat["B"]), millis(answerAt), secs(leaky)),
		labtest.Says("`leaked` = {}: each late send finds room", buffered.Facts["leaked"]),
		labtest.Says("But `wasted_seconds` is still {}:", secs(buffered)),
		labtest.Says("At {} ms, with the answer: \"{}\".", at(t, ctx.Trace, "B", "B gives up"), text(ctx.Trace, "B", "B gives up")),
		labtest.Says("`wasted_seconds` = {} and `leaked` = {}.", secs(ctx), ctx.Facts["leaked"]),
		labtest.Says("{} s, as if there were no context at all.", secs(ignores)),
		labtest.Says("(`timeout`, {} ms)", millis(v.Duration("timeout"))),
		labtest.Says("A at {} ms, C at {} ms, then \"timed out\" at {} ms, and the answer is \"{}\".",
			at(t, timeout.Trace, "A", "A answers"), at(t, timeout.Trace, "C", "C answers"), at(t, timeout.Trace, "main", "timed out"), answer(timeout)),
		labtest.Says("B's answer comes at {} ms, too late: its {} ms after the timeout are the run's `wasted_seconds`, {}.",
			at(t, timeout.Trace, "B", "B answers"), millis(lat["B"]-v.Duration("timeout")), secs(timeout)),
		labtest.Says("(answer: {})", answer(early)),
		labtest.Says("(all {}; main stops waiting at {} ms, when the last one is in)", words[len(strings.Split(answer(roomy), ", "))], at(t, roomy.Trace, "main", "answer: ")),
		labtest.Says("A answers at {} ms. C fails at {} ms:", at(t, group.Trace, "A", "A answers"), at(t, group.Trace, "C", "C fails")),
		labtest.Says("B gives up at once (\"{}\"), and Wait returns \"{}\" at {} ms.", text(group.Trace, "B", "B gives up"), group.Facts["error"], at(t, group.Trace, "main", "error: ")),
		labtest.Says("nothing is left to cancel when B fails at {} ms, and Wait returns then;", at(t, failB.Trace, "main", "error: ")),
		labtest.Says("the answer is \"{}\", at {} ms.", answer(failNone), at(t, failNone.Trace, "main", "answer: ")),
		labtest.Says("`leaked` = {} at {} ms:", tooEarly.Facts["leaked"], millis(tooEarly.Trace.Total)),
	},
		"(Google I/O 2012)", "`time.After(80 * time.Millisecond)` in the talk", // the talk's own program
		"at least 2 KB: `stackMin = 2048` in `runtime/stack.go`", // Go's source
		"--set timeout=20ms", "--set timeout=100ms", "--set fail=B", "--set fail=none", "--set linger=10ms", "with main returning 10 ms after its answer",
		"sleeps a random time under 100 ms", "`runtime.NumGoroutine() - 1`", "Go 1.26 can also find",
	)
	if n := len(lat); !strings.HasPrefix(lab.Summary, strings.ToUpper(words[n][:1])+words[n][1:]+" replicas") ||
		!strings.Contains(lab.Summary, "the other "+words[n-1]) || !strings.Contains(walkthrough, "This lab asks "+words[n]+" replicas") {
		t.Errorf("the summary or the walkthrough miscounts the %d replicas", n)
	}
}

// TestDocsNumbers ties the numbers of this lab's section of docs/LABS.md
// (from its heading to the next one) to runs.
func TestDocsNumbers(t *testing.T) {
	doc, err := os.ReadFile("../../docs/LABS.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "\n## cancel")
	if !ok {
		t.Fatal("docs/LABS.md has no section ## cancel")
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	lat, v := defaults(t)
	leaky := check(t, "first-leaky", nil)
	buffered := check(t, "first-buffered", nil)
	ctx := check(t, "first-context", nil)
	ignores := check(t, "ignores-cancel", nil)
	timeout := check(t, "timeout", nil)
	group := check(t, "errgroup", nil)
	answerAt := printedAt(leaky.Trace)
	if timeout.Incomplete != "missed the 80ms timeout: B" || timeout.Facts["answer"] != "A,C" {
		t.Errorf("timeout: %q, answer %v; the docs say A and C arrive, B misses", timeout.Incomplete, timeout.Facts["answer"])
	}
	if group.Incomplete != "gave up after C failed: cancelled B" {
		t.Errorf("errgroup: %q; the docs say C fails and B is cancelled", group.Incomplete)
	}
	w := func(r labs.Result) any { return r.Facts["wasted_seconds"] }
	labtest.Claims(t, section, []labtest.Claim{
		labtest.Says("(`replicas`: A {} ms, B {} ms, C {} ms)", millis(lat["A"]), millis(lat["B"]), millis(lat["C"])),
		labtest.Says("goes on for {} ms (`linger`)", millis(v.Duration("linger"))),
		labtest.Says("the answer is A's at {} ms;", millis(answerAt)),
		labtest.Says("`leaked` = {}, `wasted_seconds` = {} (({} − {}) + ({} − {}) ms).", leaky.Facts["leaked"], w(leaky),
			millis(lat["C"]), millis(answerAt), millis(lat["B"]), millis(answerAt)),
		labtest.Says("(room for every answer): `leaked` = {}, `wasted_seconds` = {}.", buffered.Facts["leaked"], w(buffered)),
		labtest.Says("B and C give up at {} ms: `leaked` = {}, `wasted_seconds` = {}.", at(t, ctx.Trace, "B", "B gives up"), ctx.Facts["leaked"], w(ctx)),
		labtest.Says("it): `wasted_seconds` = {}.", w(ignores)),
		labtest.Says("(a select with an {} ms timer, `timeout`)", millis(v.Duration("timeout"))),
		labtest.Says("works {} ms past it: `wasted_seconds` = {}.", millis(lat["B"]-v.Duration("timeout")), w(timeout)),
		labtest.Says("C fails at {} ms, the group cancels B at once, Wait returns \"{}\" at {} ms.",
			at(t, group.Trace, "C", "C fails"), group.Facts["error"], at(t, group.Trace, "main", "error: ")),
	}, "(Google I/O 2012)")
}

// at is when task first printed a line starting with prefix, in ms.
func at(t *testing.T, tr *trace.Trace, task, prefix string) int {
	t.Helper()
	return millis(line(t, tr, task, prefix).At)
}
