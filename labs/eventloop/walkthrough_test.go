package eventloop

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/trace"
)

// wordFor spells the small counts and fractions the walkthrough writes in words.
var wordFor = map[int]string{2: "two", 3: "three", 4: "four", 5: "five"}

// liftOffs runs a variant and returns its lift-off times in seconds, by task.
func liftOffs(t *testing.T, variant string, sets map[string]string) (labs.Result, map[string]float64) {
	t.Helper()
	res := labtest.Run(t, Lab(), variant, sets)
	return res, res.Facts["lift_off_seconds"].(map[string]float64)
}

// alone is a countdown's lift-off when nothing else runs: its delay, then
// one step per number (the formula the walkthrough teaches).
func alone(c Countdown, step time.Duration) time.Duration {
	return c.Delay + time.Duration(c.From)*step
}

// slept is when task last went to sleep (yielded a wake-up time) before at.
func slept(tr *trace.Trace, task string, at time.Duration) time.Duration {
	set := time.Duration(-1)
	for _, ev := range tr.Events.All() {
		if ev.Task == task && ev.Kind == trace.EventSleep && ev.At < at {
			set = ev.At
		}
	}
	return set
}

// TestWalkthroughNumbers ties every number of the walkthrough to a run;
// lift-off times without a blocker are also checked against the formula
// delay + from x step.
func TestWalkthroughNumbers(t *testing.T) {
	v := labtest.Resolve(t, Lab(), nil)
	cs, err := ParseCountdowns(v.Text("countdowns"))
	if err != nil {
		t.Fatal(err)
	}
	step := v.Duration("step")
	toyRun, toyLift := liftOffs(t, "toy", nil)
	toyTr := toyRun.Trace
	var sum time.Duration
	for _, c := range cs {
		if got, want := toyLift[c.Name], alone(c, step).Seconds(); got != want {
			t.Errorf("toy: %s lifts off at %v s, want %v s (delay + from x step)", c.Name, got, want)
		}
		// One after another: each countdown's own run, alone on the loop.
		_, lift := liftOffs(t, "toy", map[string]string{"countdowns": c.Name + "=" + strconv.Itoa(c.From) + "@" + c.Delay.String()})
		sum += time.Duration(lift[c.Name] * float64(time.Second))
	}

	// The first timers that fire together: the first instant after the start
	// (at 0 s every task is due because it was just started) at which every
	// countdown prints, and who prints then.
	byTime := map[time.Duration][]string{}
	var first time.Duration = -1
	for _, l := range toyTr.Output {
		byTime[l.At] = append(byTime[l.At], l.Task)
		if len(byTime[l.At]) == len(cs) && first < 0 && l.At > 0 {
			first = l.At
		}
	}
	at2 := byTime[first]
	firstEvent := toyTr.Events.At(0)

	blockRun, blockLift := liftOffs(t, "blocking", nil)
	var bLines []string
	var bTimes []string
	for _, l := range blockRun.Trace.Output {
		if l.Task == "B" && l.At >= first {
			bLines = append(bLines, strings.TrimPrefix(l.Text, "T-minus "))
			bTimes = append(bTimes, trace.Seconds(l.At))
		}
	}
	var bBlocked time.Duration
	for _, sp := range blockRun.Trace.Task("B").Spans {
		if sp.State == trace.Blocked {
			bBlocked = sp.End
		}
	}
	_, withD := liftOffs(t, "toy", map[string]string{"countdowns": "A=5,B=3@2s,C=4@1s,D=10"})
	aBlocks, aLift := liftOffs(t, "blocking", map[string]string{"blocker": "A"})
	var aHeld [2]time.Duration
	for _, sp := range aBlocks.Trace.Task("A").Spans {
		if sp.State == trace.Blocked || sp.State == trace.Running {
			if aHeld[1] == 0 {
				aHeld[0] = sp.Start
			}
			aHeld[1] = sp.End
		}
	}
	_, quick := liftOffs(t, "toy", map[string]string{"step": "250ms"})
	scaledRun, scaled := liftOffs(t, "toy", map[string]string{"step": "250ms", "countdowns": "A=5,B=3@500ms,C=4@250ms"})
	ratio := int(toyTr.Total / scaledRun.Trace.Total)
	if time.Duration(ratio)*scaledRun.Trace.Total != toyTr.Total || scaled["A"] != scaled["B"] || scaled["B"] != scaled["C"] {
		t.Errorf("scaled run: lift-offs %v, total %v; want all equal and a whole fraction of %v", scaled, scaledRun.Trace.Total, toyTr.Total)
	}
	fractions := map[int]string{2: "half", 4: "quarter"}

	claim := func(phrase string, got ...any) labtest.Claim { return labtest.Claim{Phrase: phrase, Got: got} }
	labtest.Claims(t, walkthrough, []labtest.Claim{
		claim("At {} s, {} lines are due at the same instant", trace.Seconds(first), wordFor[len(at2)]),
		claim("A, B and C are all due at {} s, so {} of them wait in the ready queue while the first runs",
			trace.Seconds(firstEvent.At), wordFor[len(firstEvent.Queues.Ready)]),
		claim("At {} s, {} runs first, then {}, then {}", trace.Seconds(first), at2[0], at2[1], at2[2]),
		claim("({} went to sleep at {} s, {} and {} at {} s)", at2[0], trace.Seconds(slept(toyTr, at2[0], first)),
			at2[1], at2[2], trace.Seconds(slept(toyTr, at2[1], first))),
		claim("All three lift off at exactly {} s: A counts {} numbers from {} s, B counts {} from {} s, C counts {} from {} s.",
			toyLift["A"], cs[0].From, cs[0].Delay.Seconds(), cs[1].From, cs[1].Delay.Seconds(), cs[2].From, cs[2].Delay.Seconds()),
		claim("not the sum of them ({} s, one after another)", sum.Seconds()),
		claim("B starts on time at {} s and prints {}, {}, {} and \"lift-off!\" at {}, {}, {} and {} s",
			bTimes[0], bLines[0], bLines[1], bLines[2], bTimes[0], bTimes[1], bTimes[2], bTimes[3]),
		claim("A and C were due at {} s", trace.Seconds(first)),
		claim("until B returns at {} s. They run {} s late (max_late_seconds is {}) and lift off at {} s instead of {}.",
			trace.Seconds(bBlocked), blockRun.Facts["max_late_seconds"], blockRun.Facts["max_late_seconds"], blockLift["A"], toyLift["A"]),
		claim("so it lifts off at {} s and the others still at {} s.", withD["D"], withD["A"]),
		claim("A holds the loop from {} s to {} s; B and C only get to start then, so they lift off at {} s",
			trace.Seconds(aHeld[0]), trace.Seconds(aHeld[1]), aLift["B"]),
		claim("So the countdowns no longer end together: A lifts off at {} s ({} steps), C at {} s ({} s, then {} steps), B at {} s ({} s, then {} steps).",
			quick["A"], cs[0].From, quick["C"], cs[2].Delay.Seconds(), cs[2].From, quick["B"], cs[1].Delay.Seconds(), cs[1].From),
		claim("all three lift off at {} s, a {} of {} s.", scaled["A"], fractions[ratio], toyLift["A"]),
	},
		"A counts down from 5 straight away", "B waits 2 s, then counts down from 3", // the countdowns parameter
		"C waits 1 s, then counts down from 4", "Each takes 1 s per number", "at now + 1 s",
		"1. pop the entry", "2. wait until its time", "3. resume that task", "4. push the task back", // a numbered list
		"--set countdowns=A=5,B=3@2s,C=4@1s,D=10", "D counts from 10 at once", "--set step=250ms",
		"the start delays (@2s, @1s)", "--set countdowns=A=5,B=3@500ms,C=4@250ms",
	)
	if aLift["B"] != aLift["C"] {
		t.Errorf("blocker=A: B lifts off at %v s, C at %v s; the walkthrough says both at the same time", aLift["B"], aLift["C"])
	}
}
