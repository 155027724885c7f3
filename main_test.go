package main

import (
	"bytes"
	"conclab/labs/chess"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"go.uber.org/goleak"

	"conclab/exercises"
	"conclab/internal/challenge"
	"conclab/internal/check"
	"conclab/internal/classroom"
	"conclab/internal/cli"
	"conclab/internal/export"
	"conclab/internal/labtest"
	"conclab/internal/realrun"
	"conclab/internal/slowserver"
	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui"
	"conclab/tui/components/pane"
	"conclab/tui/components/picker"
	"conclab/tui/components/playback"
	"conclab/tui/components/timeline"
	"conclab/tui/keymap"
	"conclab/tui/lab"
	"conclab/tui/meta"
	"conclab/tui/room"
	"conclab/tui/screen"
)

// TestMain checks that no test leaves a goroutine behind, but for the clock
// regexp2 starts once for the walkthrough's syntax highlighting.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2.runClock"))
}

// conclab runs the command line as main does and returns what it printed
// and its exit status.
func conclab(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	t.Setenv("CONCLAB_CONFIG_DIR", t.TempDir())
	var out, errb bytes.Buffer
	status = cli.Main(args, cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader("")})
	return out.String(), errb.String(), status
}

// oneSpace is s with every run of white space made one space, as the claims
// compare text.
func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// run runs a variant of a registered lab.
func run(t *testing.T, name, variant string, sets map[string]string) labs.Result {
	t.Helper()
	l, err := labs.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return labtest.Run(t, l, variant, sets)
}

// eventCount is the lab screen's event count for traces shown side by side:
// the events at one instant count as many as the trace with the most of
// them there has (see playback.Model.Event).
func eventCount(trs ...*trace.Trace) int {
	most := map[time.Duration]int{}
	for _, tr := range trs {
		at := map[time.Duration]int{}
		for _, ev := range tr.Events.All() {
			at[ev.At]++
		}
		for k, n := range at {
			most[k] = max(most[k], n)
		}
	}
	total := 0
	for _, n := range most {
		total += n
	}
	return total
}

// lanesSideBySide opens a lab's screen at w x h, as the TUI does, and
// counts the lanes drawn side by side.
func lanesSideBySide(t *testing.T, name string, w, h int) int {
	t.Helper()
	l, err := labs.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	c := screen.NewCommon().Sized(w, h)
	m := lab.New(c, l)
	var settle func(tea.Cmd)
	settle = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		switch msg := cmd().(type) {
		case nil, playback.TickMsg: // a tick would wait for real time
		case tea.BatchMsg:
			for _, c := range msg {
				settle(c)
			}
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			settle(next)
		}
	}
	settle(m.Init())
	most := 0
	for _, line := range strings.Split(ansi.Strip(m.View()), "\n") {
		most = max(most, strings.Count(line, "╭─"))
	}
	return most
}

// inFlight is the most tasks of a trace waiting on io at once.
func inFlight(tr *trace.Trace) int {
	delta := map[time.Duration]int{}
	for _, task := range tr.Tasks {
		for _, sp := range task.Spans {
			if sp.On == trace.OnIO {
				delta[sp.Start]++
				delta[sp.End]--
			}
		}
	}
	most, now := 0, 0
	for _, at := range slices.Sorted(maps.Keys(delta)) {
		now += delta[at]
		most = max(most, now)
	}
	return most
}

// TestReadmeNumbers ties every number of README.md to a run of the program
// (its command line, its labs, the screen it draws) or says why it is an
// input; a figure that is not computed says "about".
func TestReadmeNumbers(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}

	// The chess example and the bad-input example, run as the README shows them.
	chessOut, _, _ := conclab(t, "run", "chess")
	chessLines := strings.Split(chessOut, "\n")
	excerpt := oneSpace(strings.Join(chessLines[:10], "\n"))
	_, badErr, badStatus := conclab(t, "run", "chess", "--set", "boards=-1")
	// The classroom, closed as soon as it has started (its context is done).
	closed, cancelClassroom := context.WithCancel(context.Background())
	cancelClassroom()
	classroomStatus := cli.Main([]string{"classroom", "--addr", "127.0.0.1:0", "--dir", t.TempDir()},
		cli.Env{Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader(""), Context: closed, Session: tui.Session})
	// The --steps example: PK's wait for a slot, then the first wake and the three events after it.
	stepsOut, _, _ := conclab(t, "run", "flags", "--variant", "limited", "--steps")
	stepLines := strings.Split(stepsOut, "\n")
	pkWait := slices.IndexFunc(stepLines, func(l string) bool { return strings.Contains(l, " wait     PK ") })
	firstWake := slices.IndexFunc(stepLines, func(l string) bool { return strings.Contains(l, " wake     ") })
	if pkWait < 0 || firstWake < 0 || firstWake+4 > len(stepLines) {
		t.Fatalf("run flags --variant limited --steps: no wait of PK or no wake:\n%s", stepsOut)
	}
	// The no-speedup example: its two rows, cut where the README cuts them.
	gaveUpArgs := []string{"run", "flags", "--variant", "sequential,errgroup", "--set", "jitter=4.5s", "--set", "error_rate=0.1", "--set", "timeout=3s"}
	gaveUpOut, _, _ := conclab(t, gaveUpArgs...)
	var gaveUp []string
	for _, l := range strings.Split(gaveUpOut, "\n") {
		if f := strings.Fields(l); len(f) > 0 && (f[0] == "sequential" || f[0] == "errgroup") && len(gaveUp) < 2 {
			gaveUp = append(gaveUp, oneSpace(l))
		}
	}
	if len(gaveUp) != 2 {
		t.Fatalf("conclab %s printed no table rows for sequential and errgroup:\n%s", strings.Join(gaveUpArgs, " "), gaveUpOut)
	}
	gaveUp[0] = strings.Join(strings.Fields(gaveUp[0])[:4], " ")
	gaveUp[1] = gaveUp[1][:strings.Index(gaveUp[1], "cancelled=[")+len("cancelled=[")]
	if badStatus == 0 {
		t.Errorf("run chess --set boards=-1 exited 0, want a non-zero status as the README says")
	}
	_, _, wrongStatus := conclab(t, "run", "coroutines", "--variant", "buffered", "--predict", `line 1\nline 2`)
	guessOut, _, guessStatus := conclab(t, "run", "chess", "--predict", "sequential=12h,concurrent=2h")
	guessLines := strings.Split(strings.TrimSpace(guessOut), "\n")
	_, _, unreadStatus := conclab(t, "run", "chess", "--predict", "concurrent=2")
	tolerance := int(math.Round(100 * labs.Tolerance))
	serveHelp, _, _ := conclab(t, "help", "serve")
	addr := regexp.MustCompile(`default (127\.0\.0\.1:\d+)`).FindStringSubmatch(serveHelp)
	if addr == nil {
		t.Fatalf("help serve names no default address:\n%s", serveHelp)
	}

	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if goLine == nil {
		t.Fatal("go.mod has no go line")
	}
	goVersion := strings.Join(strings.SplitN(string(goLine[1]), ".", 3)[:2], ".") // 1.26.0 is Go 1.26

	// The labs' table.
	spinYield := run(t, "spinner", "loop-yield", nil).Facts
	spinBlock := run(t, "spinner", "loop-blocking", nil).Facts
	cdYield := run(t, "countdown", "yielding", nil).Trace
	cdBlock := run(t, "countdown", "blocking", nil).Trace
	flSeq := run(t, "flags", "sequential", nil)
	flAll := run(t, "flags", "goroutines", nil)
	flLim := run(t, "flags", "limited", nil)
	ckSeq := run(t, "checker", "sequential", nil).Trace
	chSeq := run(t, "chess", "sequential", nil).Trace
	chConc := run(t, "chess", "concurrent", nil).Trace
	stSync, stThreads, stMissed := run(t, "styles", "sync", nil).Trace, run(t, "styles", "threads", nil).Trace, run(t, "styles", "green-unpatched", nil).Trace
	gilThreads := run(t, "gil", "threads", nil).Trace
	gilIO := run(t, "gil", "threads", map[string]string{"kind": "io"}).Trace
	gilProcs := run(t, "gil", "processes", nil).Trace
	gilFree := run(t, "gil", "free-threaded", nil).Trace
	gilGo := run(t, "gil", "goroutines", nil).Trace
	if gilFree.Total != gilGo.Total {
		t.Errorf("gil: free-threaded %v, goroutines %v; the README gives one number for no GIL", gilFree.Total, gilGo.Total)
	}
	gilConvoy := run(t, "gil", "convoy", nil).Facts
	gilLab, _ := labs.Get("gil")
	gilValues := labtest.Resolve(t, gilLab, nil)
	caLeaky := run(t, "cancel", "first-leaky", nil) // main and one goroutine per replica
	lkRacy, lkMutex := run(t, "locks", "racy", nil), run(t, "locks", "mutex", nil)
	locksLab, _ := labs.Get("locks")
	lk := labtest.Resolve(t, locksLab, nil)
	chessLab, _ := labs.Get("chess")
	boards := labtest.Resolve(t, chessLab, nil).Int("boards")
	flagsLab, _ := labs.Get("flags")
	count := labtest.Resolve(t, flagsLab, nil).Int("count")
	fast := run(t, "flags", "goroutines", map[string]string{"count": "1000", "delay": "100ms"}).Trace

	// The lab screen: its picture in the README is the 80x24 lab screen at
	// the end of the chess run, which the TUI's golden test checks against
	// what it draws; its numbers are computed here from the runs again.
	screenGolden, err := os.ReadFile("tui/testdata/TestRootGolden/lab_end_80x24.golden")
	if err != nil {
		t.Fatal(err)
	}
	drawn := map[string]bool{}
	for _, l := range strings.Split(string(screenGolden), "\n") {
		drawn[strings.TrimRight(l, " ")] = true
	}
	picture := regexp.MustCompile("(?s)```\n(╭─ sequential.*?)```").FindSubmatch(readme)
	if picture == nil {
		t.Fatal("README: no picture of the lab screen")
	}
	var screenClaims []labtest.Claim
	for _, l := range strings.Split(strings.TrimSuffix(string(picture[1]), "\n"), "\n") {
		if !drawn[strings.TrimRight(l, " ")] {
			t.Errorf("README's lab screen line %q is not a line of the screen the TUI draws (%s)", l, "tui/testdata/TestRootGolden/lab_end_80x24.golden")
			continue
		}
		screenClaims = append(screenClaims, labtest.Claim{Phrase: "{}", Got: []any{oneSpace(l)}})
	}
	// The fastest speed the screen offers a run: AutoSpeed's, and never less than an hour a second.
	hourIndex := slices.IndexFunc(playback.Speeds, func(s playback.Speed) bool { return s.PerSecond == time.Hour })
	hourSpeed := playback.Speeds[hourIndex]
	realSpeed := playback.Speeds[slices.IndexFunc(playback.Speeds, func(s playback.Speed) bool { return s.PerSecond == time.Second })]
	topSpeed := playback.Speeds[len(playback.Speeds)-1]
	speedup := fmt.Sprintf("%.1f", float64(chSeq.Total)/float64(chConc.Total))
	for _, want := range []string{
		fmt.Sprintf("1-4/%d ✓ %s", boards, trace.Clock(chSeq.Total)), fmt.Sprintf("concurrent (F: fit) ──── ✓ %s", trace.Clock(chConc.Total)),
		fmt.Sprintf("paused %s · %s · event %d/%d", trace.Clock(chSeq.Total), playback.Speeds[max(hourIndex, playback.AutoSpeed(chSeq.Total))].Name, eventCount(chSeq, chConc), eventCount(chSeq, chConc)),
		fmt.Sprintf("Totals: sequential %s · concurrent %s (%s× faster)", trace.Clock(chSeq.Total), trace.Clock(chConc.Total), speedup),
	} {
		if !strings.Contains(string(picture[1]), want) {
			t.Errorf("README's lab screen does not say %q (computed from the runs)", want)
		}
	}

	// The real-run example: the prediction is the virtual twin's; the
	// measurement is one run's (the README says so) and its ratio must agree
	// with it.
	jsonTally, _ := json.Marshal(flSeq.Facts["tally"])
	ratio := func(measured float64, predicted time.Duration) string {
		return fmt.Sprintf("%.2fx", measured/predicted.Seconds())
	}

	ex, err := exercises.Get("chess")
	if err != nil {
		t.Fatal(err)
	}
	hints := len(ex.Hints)
	words := map[int]string{2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}

	// The challenges: the explore example as the command prints it.
	exploreOut, _, _ := conclab(t, "challenge", "explore", "lost-update")
	lostUpdate, err := challenge.Get("lost-update")
	if err != nil {
		t.Fatal(err)
	}
	_, _, winStatus := conclab(t, "challenge", "play", "lost-update", "--schedule", lostUpdate.Winning)
	_, _, notYetStatus := conclab(t, "challenge", "play", "lost-update", "--schedule", "1")
	_, _, blockedStatus := conclab(t, "challenge", "play", "lost-update", "--schedule", "2")

	// The progress example: a learner who solved the path's first exercise
	// (one hint seen) and failed the second.
	progressExcerpt, progressNext := progressExample(t)
	// The real runs' total, said first.
	var realTotal, firstPrediction time.Duration
	flagsValues := labtest.Resolve(t, flagsLab, nil)
	for i, v := range realrun.Variants("flags") {
		pred, err := realrun.Predict(v, flagsValues)
		if err != nil {
			t.Fatal(err)
		}
		realTotal += pred.Trace.Total
		if i == 0 {
			firstPrediction = pred.Trace.Total
		}
	}
	_, badDelay := slowserver.ParseQuery("delay=abc", time.Minute)
	if badDelay == nil {
		t.Fatal(`ParseQuery("delay=abc") accepted it`)
	}

	claim := func(phrase string, got ...any) labtest.Claim { return labtest.Claim{Phrase: phrase, Got: got} }
	claims := append(screenClaims,
		claim("a chess master who plays {} games at once", boards),
		claim("$ go run . run chess {}", excerpt),
		claim("$ go run . run chess --set boards=-1 {}", strings.TrimSpace(badErr)),
		claim("$ go run . run flags --variant limited --steps ... {} ... {}", oneSpace(stepLines[pkWait]), oneSpace(strings.Join(stepLines[firstWake:firstWake+4], "\n"))),
		claim("a server that does not answer within {} s", realrun.ProbeTimeout.Seconds()),
		claim("is one line and exit status {}, before anything runs", cli.ExitUsage),
		claim("$ go run . run flags --variant sequential,errgroup --set jitter=4.5s --set error_rate=0.1 --set timeout=3s ... {}", gaveUp[0]),
		claim("{}...] ...", gaveUp[1]),
		claim("You need Go {}.", goVersion),
		claim("| {} frames while a 3 s call yields; {} when it blocks the loop, yet the answer still comes at {} s |",
			spinYield["frames"], map[int]string{0: "none"}[spinBlock["frames"].(int)], spinBlock["answer_at_seconds"]),
		claim("{} countdowns interleave in {} s; make the sleep blocking and they queue up: {} s", words[len(cdYield.Tasks)-1], trace.Seconds(cdYield.Total), trace.Seconds(cdBlock.Total)),
		claim("| {} downloads: {} s one by one, {} s all at once, {} s {} at a time;", count, trace.Seconds(flSeq.Trace.Total), trace.Seconds(flAll.Trace.Total), trace.Seconds(flLim.Trace.Total), words[inFlight(flLim.Trace)]),
		claim("| {} sites: sequential", len(ckSeq.Output)),
		claim("one master, {} boards: {} h one board at a time, about 1 h going round", boards, int(chSeq.Total.Hours())),
		claim("{} downloads: {} s one after another, {} s with threads, callbacks, green threads, async/await or goroutines, in code that differs; {} s when one call", words[len(stSync.Output)], trace.Seconds(stSync.Total), trace.Seconds(stThreads.Total), trace.Seconds(stMissed.Total)),
		claim("| {} {} s jobs on {} cores: CPython's threads take {} s when they compute, {} s when they wait for I/O; processes {} s; no GIL {} s; {} reads of {} ms beside a CPU-bound thread take {} s (the convoy) |",
			words[gilValues.Int("jobs")], gilValues.Duration("work").Seconds(), words[gilValues.Int("cores")], trace.Seconds(gilThreads.Total), trace.Seconds(gilIO.Total),
			trace.Seconds(gilProcs.Total), trace.Seconds(gilGo.Total), gilValues.Int("reads"), gilValues.Duration("read").Milliseconds(), gilConvoy["io_seconds"]),
		claim("| cancel | Who stops the goroutines you started? | {} replicas, the first answer wins: an unbuffered channel leaks the other {};", words[len(caLeaky.Trace.Tasks)-1], words[caLeaky.Facts["leaked"].(int)]),
		claim("| counter++ from {} goroutines on {} cores: {} of {} updates lost with no lock, {} with a mutex",
			words[lk.Int("workers")], words[lk.Int("cores")], lkRacy.Facts["lost"], lk.Int("workers")*lk.Int("increments"), map[int]string{0: "none"}[lkMutex.Facts["lost"].(int)]),
		claim("and exits {} unless every line is right", wrongStatus),
		claim("$ go run . run chess --predict sequential=12h,concurrent=2h {} ... {}", oneSpace(strings.Join(guessLines[:6], "\n")), guessLines[len(guessLines)-1]),
		claim("A number is right when it is within {} % of the truth (|guess − truth| ≤ {} × truth; a truth of {} wants {})", tolerance, labs.Tolerance, 0, 0),
		claim("The run exits {} unless every guess is right, {} for a guess it cannot read", guessStatus, unreadStatus),
		claim("each guess shows beside the truth, ✓ within {} %", tolerance),
		claim("how many were right (within {} %, as on the student's own screen), and a bar per bin ({};", tolerance, strings.Join(room.NumberBins, ", ")),
		claim("is one line and exit status {} (bad input)", cli.ExitUsage),
		claim("pages at /sites/<n> on {}.", addr[1]),
		claim("lanes, one per variant (up to {};", words[picker.MaxChosen]),
		claim("in virtual time per second: from {} s/s through {} s/s (real time) up to {} h/s, and beyond for long runs (the top speed plays any run in under a minute: chess's {} years at {} years/s in {} s)",
			playback.Speeds[0].PerSecond.Seconds(), realSpeed.PerSecond.Seconds(), int(hourSpeed.PerSecond.Hours()),
			int(chess.MaxTotal/(365*24*time.Hour)), int(topSpeed.PerSecond/(365*24*time.Hour)), int(chess.MaxTotal/topSpeed.PerSecond)),
		claim("that would take many columns is drawn in {}, its length", timeline.FoldCells),
		claim("a lane whose run takes fewer than {} cells says", pane.FewCells),
		claim("soft memory limit of {} MiB", memoryLimit>>20),
		claim("a key that sleeps {} s inside Update", meta.DefaultWork.Seconds()),
		claim("The layout fits 80x24 ({} lanes side by side) and grows with the terminal: up to {} lanes side by side at 160x48, {} at 200x60",
			words[lanesSideBySide(t, "chess", 80, 24)], words[lanesSideBySide(t, "flags", 160, 48)], words[lanesSideBySide(t, "flags", 200, 60)]),
		claim("sequential {} 0:00:10.026 {} sequential max_in_flight={} requests={} tally={}",
			trace.Clock(flSeq.Trace.Total), ratio(10.026, flSeq.Trace.Total), inFlight(flSeq.Trace), count, string(jsonTally)),
		claim("goroutines {} 0:00:00.518 {} goroutines max_in_flight={} requests={} tally={}",
			trace.Clock(flAll.Trace.Total), ratio(0.518, flAll.Trace.Total), inFlight(flAll.Trace), count, string(jsonTally)),
		claim("ends about 1.4x after the prediction's {} s", trace.Seconds(fast.Total)),
		claim("the boards were played one after another: {} s of virtual time, want {} s", trace.Seconds(chSeq.Total), trace.Seconds(chConc.Total)),
		claim("{} hints, each more detailed ({}/{}, {}/{}, {}/{})", words[hints], 1, hints, 2, hints, 3, hints),
		claim("with a {} s limit", check.DefaultTimeout.Seconds()),
		claim("more than {} GB of memory, more than {} goroutines at once", check.DefaultMemoryLimit/1_000_000_000,
			groups(check.DefaultGoroutineLimit)),
		claim("The challenges turn it around: {} levels", len(challenge.Levels())),
		claim("go run . challenge play lost-update --schedule {}", lostUpdate.Winning),
		claim("$ go run . challenge explore lost-update {}", oneSpace(exploreOut)),
		claim("exits {} when the program fails (you win, and it shows the lesson), {} when it does not;", winStatus, notYetStatus),
		claim("is blocked or has finished is bad input (exit {})", blockedStatus),
		claim("$ go run . progress {} ... {}", progressExcerpt, progressNext),
		claim("$ go run . run flags --real {} real runs, about {} s (the predictions added up) running flags sequential for real (predicted {})...",
			len(realrun.Variants("flags")), strconv.FormatFloat(realTotal.Round(100*time.Millisecond).Seconds(), 'f', -1, 64), trace.Clock(firstPrediction)),
		claim("reached the check's build limit ({} min)", check.DefaultBuildLimit.Minutes()),
		claim("(?delay=abc: {})", badDelay.Error()),
		claim("| tab shift+tab · {} | select the next/previous lane", keymap.DefaultKeyMap().Lab.Lane.Help().Key),
		claim("A name is up to {} letters", classroom.MaxNameLen),
		claim("--idle D ends a session that had no key for that long ({} by default;", strings.TrimSuffix(classroom.DefaultIdleTimeout.String(), "0s")),
		claim("and conclab exits with status {}.", classroomStatus),
		claim("five at 200x60 (flags and checker, whose usual set is {} lanes, show all {} there;",
			words[len(flagsLab.DefaultVariants())], words[lanesSideBySide(t, "checker", 200, 60)]),
		claim("width in pixels (default {}, from {} to {}).", export.DefaultWidth, export.MinWidth, export.MaxWidth),
		claim("cannot be written is one line and exit status {}, before", cli.ExitUsage),
	)
	labtest.Claims(t, string(readme), claims,
		"--set boards=12", "(durations: 5s, 700ms)", "--set boards=-1", // syntax examples
		"--width 900", "conclab-flags-20261207-010542.svg", // a picture's width; a picture's name, as an example
		"fits 80x24", "at 160x48", "at 200x60", "alone at 80x24", // terminal sizes
		"a 3 s call yields", "418s, timeouts", // the spinner's wait parameter; the teapot's status code
		`--predict "line 1\nline 2"`, // a placeholder prediction
		"serve --delay 500ms --error-rate 0.25",
		"--set jitter=4.5s --set error_rate=0.1 --set timeout=3s",                                                                                    // the no-speedup example's parameters
		"at `boards=10000 moves=100` with all three",                                                                                                 // the largest chess run's parameters
		"(`?delay=1.5s&status=418`", "`--max-delay`, 1m unless told", "idle for 30 s is closed", "`--max-conns` (1000) is answered 503", "every 4xx", // serve's defaults and statuses
		"-fuzztime 30s", "(CI runs each for 5 s)", // fuzzing's time limits
		"with GOMAXPROCS=1 and GODEBUG=asyncpreemptoff=1", "(this one on a 2-core machine)", "on a 2-core machine each request",
		"0:00:10.026", "0:00:00.518", // one real run's measurements, said to be so
		"took 12.06 s on one core and 14.36 s", "counted 20 of 40 increments in 0.303 s", // the same, for gil and locks
		"--set count=1000 --set delay=100ms", "(300 flags: about", "1 worker is a single-threaded",
		"`python3` 3.8 or later",       // the oldest Python the oracle test was run with
		"-cpu 2 ./internal/challenge",  // a flag of go test
		"go test -count=1 -shuffle=on", // flags of go test (CI's command)
		// the challenge screen's keys, and the sizes of the models of lab variants
		"| 1-4 | run one step of goroutine (or timer) N: main is 1,", "| shift+1-4 (!@#$) or alt+1-4 |", "which case (1-4; esc takes none)",
		"racy-tally with 3 sites)", "counters with 2 workers of 2 increments)",
		"write it: `1h`, `61m`, `3655s`,\n`0:30:25`)", "(`concurrent=2` needs a unit)", // how a guess is typed
		"`[6/9]` (the 6th of 9 events at that instant)",                                                                               // an example of the counter
		"run chess --predict sequential=12h,concurrent=2h",                                                                            // the guesses of the example
		"CONCLAB_SLOW=1 go test -race",                                                                                                // the setting CI's -race step adds
		"`python3` 3.8 or later",                                                                                                      // the oldest Python the oracle test was run with
		"-cpu 2 ./internal/challenge",                                                                                                 // a flag of go test
		"go test -count=1 -shuffle=on",                                                                                                // flags of go test (CI's command)
		"`--addr 0.0.0.0:8001` serves the room",                                                                                       // serve's example address, and what it printed on the machine of the example:
		"--addr 0.0.0.0:2222 warns", "`0`: never)", "On a 2-core machine shared with other work", "CONCLAB_CLASSROOM_LOAD=30 go test", // the classroom's example address, and how its figures were measured
		"$ go run . classroom conclab classroom on 127.0.0.1:2222 (progress in classroom, host key classroom/ssh_host_ed25519_key SHA256:...) students: ssh -p 2222 NAME@127.0.0.1 (no password) teacher: ssh -p 2222 teacher@127.0.0.1 password: k7qm-x3fp-9tzd (this run's token; --teacher-key for a key instead) at most 50 students at once; a session with no key for 30m ends;", // what it printed at start with its defaults (TestClassroomStartsAndCloses checks the lines)
		// the room's example address, and serve's --max-conns default and its status:
		"runs `conclab serve --addr\n0.0.0.0:8001`, which prints", "--server http://192.0.2.2:8001", "CONCLAB_SERVER=http://192.0.2.2:8001",
		"(1000 unless told; one more is answered 503)",
		"$ go run . serve --addr 0.0.0.0:8001 conclab: warning: listening on 0.0.0.0:8001, beyond this machine conclab slow server on http://127.0.0.1:8001 (delay 500ms, jitter 0s, ...) other machines reach it at http://192.0.2.2:8001",
		"(chapter 20: BASE_URL", "delay server on port 8001", "BASE_URL = 'http://127.0.0.1:8001/flags'", "USE_HTTPX=1", // the book's client and its settings
		"20 downloads in 10.16s", "min(32, cpus + 4) threads, 6 here", "20 downloads in 2.06s", "$ python3 flags_threadpool.py 20", "20 downloads in 0.56s", // one run each, said to be so
		"--set chunk=500ms --step 6", "with `chunk=500ms`", // a prepared lab's parameters, a walkthrough command's
		// the lines of classroom status for its test's room.json (the test checks them exactly)
		"alice countdown step 2 · following · exercises 2/12 · puzzles 1/9 · challenges 0/16 · guesses yielding 6s, first line C3; blocking 12s bob chess step 1 boards=12 moves=30 · own · exercises - · puzzles - · challenges - · no guesses",
	)

	// The command line's own help says some of it again.
	labtest.Claims(t, cli.Usage(), []labtest.Claim{
		claim("a chess master play {} games at once", boards),
		claim("the next hint ({} per exercise)", words[hints]),
		claim("conclab run chess {} hours one board at a time, about 1 hour going round", int(chSeq.Total.Hours())),
	})
}

// progressExample is what conclab progress prints for a learner who solved
// the path's first exercise (one hint seen, on 2026-12-06) and failed the
// second: its first five lines, and its "next:" line.
func progressExample(t *testing.T) (excerpt, next string) {
	t.Helper()
	store := check.Store{Dir: t.TempDir()}
	order := check.LearnerPath(nil).Order()
	if _, _, err := store.Update(func(p *check.Progress) {
		p.ShowHint(order[0].Name, len(order[0].Hints))
		p.Checked(order[0].Name, check.Passed, time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))
		p.Checked(order[1].Name, check.Failed, time.Now())
	}); err != nil {
		t.Fatal(err)
	}
	t.Setenv(check.ConfigDirEnv, store.Dir)
	var out bytes.Buffer
	if status := cli.Main([]string{"progress"}, cli.Env{Stdout: &out, Stderr: &out, Stdin: strings.NewReader("")}); status != 0 {
		t.Fatalf("conclab progress = %d: %s", status, out.String())
	}
	lines := strings.Split(out.String(), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "next: ") {
			next = oneSpace(l)
		}
	}
	return oneSpace(strings.Join(lines[:5], "\n")), next
}

// groups writes n with its digits in groups of three, as the README does: 50 000.
func groups(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}
