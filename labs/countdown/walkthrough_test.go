package countdown

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs/trace"
)

// numberWords spells the small counts the walkthrough writes in words.
var numberWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

// tenths writes a time as the walkthrough's lists do: seconds with one decimal.
func tenths(d time.Duration) string { return fmt.Sprintf("%.1f", d.Seconds()) }

// countdownRun runs a variant and checks it against predict, the
// independent model of the lab's rules, before its numbers are used.
func countdownRun(t *testing.T, variant, tasks string) *trace.Trace {
	t.Helper()
	res := labtest.Run(t, Lab(), variant, map[string]string{"tasks": tasks})
	counters, err := ParseTasks(tasks)
	if err != nil {
		t.Fatal(err)
	}
	want, total := predict(counters, 3, variant != "blocking")
	var got []string
	for _, l := range res.Trace.Output {
		got = append(got, strings.ReplaceAll(strings.TrimSpace(l.Text), " = ", "")+"@"+l.At.String())
	}
	if !slices.Equal(got, want) || res.Trace.Total != total {
		t.Fatalf("%s %s: lines %v, total %v; the model gives %v, %v", variant, tasks, got, res.Trace.Total, want, total)
	}
	return res.Trace
}

// name is a line's task and number as the walkthrough writes it ("C3").
func name(l trace.Line) string { return strings.ReplaceAll(strings.TrimSpace(l.Text), " = ", "") }

// linesOf lists the times of one task's lines.
func linesOf(tr *trace.Trace, task string) []time.Duration {
	var at []time.Duration
	for _, l := range tr.Output {
		if l.Task == task {
			at = append(at, l.At)
		}
	}
	return at
}

// timerSet is when task set the timer that fired at at: its last sleep
// event before then.
func timerSet(t *testing.T, tr *trace.Trace, task string, at time.Duration) time.Duration {
	t.Helper()
	set := time.Duration(-1)
	for _, ev := range tr.Events.All() {
		if ev.Task == task && ev.Kind == trace.EventSleep && ev.At < at {
			set = ev.At
		}
	}
	if set < 0 {
		t.Fatalf("%s set no timer before %v", task, at)
	}
	return set
}

// TestWalkthroughNumbers ties every number of the walkthrough (and of the
// lab's summary) to a run, each run first checked against predict.
func TestWalkthroughNumbers(t *testing.T) {
	withE := DefaultList + ",E=500ms"
	yielding := countdownRun(t, "yielding", DefaultList)
	blocking := countdownRun(t, "blocking", DefaultList)
	gor := countdownRun(t, "goroutines", DefaultList)
	yieldingE := countdownRun(t, "yielding", withE)
	blockingE := countdownRun(t, "blocking", withE)
	facts := labtest.Run(t, Lab(), "blocking", nil).Facts

	// The yielding lines, in the walkthrough's layout: name and time.
	var order []string
	var orderTimes []any
	for _, l := range yielding.Output {
		order = append(order, name(l)+" {}")
		orderTimes = append(orderTimes, tenths(l.At))
	}
	var numbers []string
	for _, l := range yielding.Output {
		if l.Task == "A" {
			numbers = append(numbers, strings.TrimPrefix(name(l), "A"))
		}
	}
	// The tie: the first two lines at the same instant.
	var tie [2]trace.Line
	for i := 1; i < len(yielding.Output); i++ {
		if yielding.Output[i].At == yielding.Output[i-1].At {
			tie = [2]trace.Line{yielding.Output[i-1], yielding.Output[i]}
			break
		}
	}
	// Blocking: each task's row of the table.
	var rows []labtest.Claim
	for _, task := range []string{"A", "B", "C", "D"} {
		at := linesOf(blocking, task)
		rows = append(rows, labtest.Claim{Phrase: "| " + task + " | {}, {}, {} |", Got: []any{tenths(at[0]), tenths(at[1]), tenths(at[2])}})
	}
	worst := slices.MaxFunc(blocking.Warnings, func(a, b trace.Warning) int { return int(a.Held - b.Held) })
	eAt := linesOf(yieldingE, "E")
	var eLine trace.Line
	for _, l := range yieldingE.Output {
		if l.Task == "E" {
			eLine = l
			break
		}
	}
	eIndent := (len(eLine.Text) - len(strings.TrimLeft(eLine.Text, " "))) / 4
	var eTie [2]trace.Line
	for i := 1; i < len(yieldingE.Output); i++ {
		if a, b := yieldingE.Output[i-1], yieldingE.Output[i]; a.At == b.At && b.Task == "E" {
			eTie = [2]trace.Line{a, b}
		}
	}
	if !slices.Equal(lineNames(gor), lineNames(yielding)) {
		t.Errorf("goroutines order = %v, want the yielding order %v", lineNames(gor), lineNames(yielding))
	}
	longest := yielding.Output[len(yielding.Output)-1].Task // the countdown that prints last

	claim := func(phrase string, got ...any) labtest.Claim { return labtest.Claim{Phrase: phrase, Got: got} }
	claims := append(rows,
		claim("each counting {} at its own pace", strings.Join(numbers, ", ")),
		claim("Each prints a line like {} after every wait", strings.TrimSpace(yielding.Output[slices.IndexFunc(yielding.Output, func(l trace.Line) bool { return l.Task == "A" })].Text)),
		claim("the order of the {} lines ({} comes first: why?)", numberWords[len(yielding.Output)], name(yielding.Output[0])),
		claim("A prints at {}, {} and {} s", tenths(linesOf(yielding, "A")[0]), tenths(linesOf(yielding, "A")[1]), tenths(linesOf(yielding, "A")[2])),
		claim(strings.Join(order, " "), orderTimes...),
		claim("The whole run takes {} s: the time of the longest countdown alone ({}: {} x {} s). The facts show it as longest_seconds={}.",
			trace.Seconds(yielding.Total), longest, len(linesOf(yielding, longest)), trace.Seconds(timerSetGap(yielding, longest)), facts["longest_seconds"]),
		claim("The tie at {} s", trace.Seconds(tie[0].At)),
		claim("{} and {} are both due at exactly {} s", name(tie[0]), name(tie[1]), tenths(tie[0].At)),
		claim("B set its timer at {} s, when it began its first {} s wait; D set its timer at {} s, right after printing D3. So {} comes first, then {}.",
			trace.Seconds(timerSet(t, yielding, "B", tie[0].At)), trace.Seconds(linesOf(yielding, "B")[0]), tenths(timerSet(t, yielding, "D", tie[1].At)), name(tie[0]), name(tie[1])),
		claim("The total is {} s, the sum of all the waits (sum_seconds={})", trace.Seconds(blocking.Total), facts["sum_seconds"]),
		claim("The loop's debug mode catches it: {} warnings, one per countdown, the worst being {}.", numberWords[len(blocking.Warnings)], worst.Text),
		claim("(GOMAXPROCS = {}). It interleaves exactly like yielding and finishes in {} s.", gor.Workers, trace.Seconds(gor.Total)),
		claim("E prints at {}, {} and {} s and is indented {} steps.", tenths(eAt[0]), tenths(eAt[1]), tenths(eAt[2]), numberWords[eIndent]),
		claim("At {} s there is another tie: {} (set at {} s) comes before {} (set at {} s).",
			tenths(eTie[0].At), name(eTie[0]), trace.Seconds(timerSet(t, yieldingE, eTie[0].Task, eTie[0].At)), name(eTie[1]), tenths(timerSet(t, yieldingE, "E", eTie[1].At))),
		claim("The yielding total stays {} s — B is still the longest — while the blocking total grows by E's {} s to {} s.",
			trace.Seconds(yieldingE.Total), trace.Seconds(blockingE.Total-blocking.Total), trace.Seconds(blockingE.Total)),
	)
	labtest.Claims(t, walkthrough, claims,
		"| A | 0.7 s |", "| B | 2 s |", "| C | 0.3 s |", "| D | 1 s |", // the tasks parameter
		"Give the loop a fifth task, E, every 0.5 s", "--set tasks=A=700ms,B=2s,C=300ms,D=1s,E=500ms",
		"--set from=5", "(F=3s)",
	)
	labtest.Claims(t, Lab().Summary, []labtest.Claim{
		claim("{} s when each sleep yields, {} s when it blocks", trace.Seconds(yielding.Total), trace.Seconds(blocking.Total)),
	})
}

// timerSetGap is a task's delay read off its run: the time to its first line.
func timerSetGap(tr *trace.Trace, task string) time.Duration { return linesOf(tr, task)[0] }

func lineNames(tr *trace.Trace) []string {
	var out []string
	for _, l := range tr.Output {
		out = append(out, name(l))
	}
	return out
}
