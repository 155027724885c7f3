package coroutines

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/trace"
)

// scratchHeader starts the scratch main.go of "Change and rerun": the
// puzzles' code with out a stand-in for fmt (Println is fmt.Println, Printf
// adds the newline that Out adds).
const scratchHeader = `package main

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"sync"
)

var (
	_ = context.Background
	_ = errors.Is
	_ = iter.Pull[int]
	_ sync.WaitGroup
)

type printer struct{}

func (printer) Println(a ...any)              { fmt.Println(a...) }
func (printer) Printf(format string, a ...any) { fmt.Printf(format+"\n", a...) }

`

// scratchFunc is a puzzle's function from puzzles.go, renamed to name and
// changed by the replacements (old, new pairs), each of which must apply.
func scratchFunc(t *testing.T, fn, name string, replace ...string) string {
	t.Helper()
	src := labs.FuncSource(puzzlesSource, fn)
	replace = append([]string{"func " + fn + "(out *Out)", "func " + name + "(out printer)"}, replace...)
	for i := 0; i < len(replace); i += 2 {
		if !strings.Contains(src, replace[i]) {
			t.Fatalf("%s: the source has no %q to change", fn, replace[i])
		}
		src = strings.Replace(src, replace[i], replace[i+1], 1)
	}
	return src
}

// buildScratch writes funcs into a scratch module whose go line is
// goVersion, with a main that runs the function named by its argument,
// builds it with the go command and returns the binary.
func buildScratch(t *testing.T, goVersion string, funcs map[string]string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds real programs with the go command (skipped with -short)")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH to build the walkthrough's programs")
	}
	dir := t.TempDir()
	var src strings.Builder
	src.WriteString(scratchHeader)
	src.WriteString("func main() {\n\tswitch os.Args[1] {\n")
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range funcs {
			if !yield(n) {
				return
			}
		}
	})
	for _, n := range names {
		fmt.Fprintf(&src, "\tcase %q:\n\t\t%s(printer{})\n", n, n)
	}
	src.WriteString("\t}\n}\n")
	for _, n := range names {
		src.WriteString("\n" + funcs[n] + "\n")
	}
	files := map[string]string{"go.mod": "module scratch\n\ngo " + goVersion + "\n", "main.go": src.String()}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "scratch")
	cmd := exec.Command(goCmd, "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOWORK=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build of the scratch program (go %s): %v\n%s\n%s", goVersion, err, out, src.String())
	}
	return bin
}

// runScratch runs one function of a scratch binary with extra environment
// and returns its standard output lines, its standard error and whether it
// exited with status 0.
func runScratch(t *testing.T, bin, name string, env ...string) (lines []string, stderr string, ok bool) {
	t.Helper()
	cmd := exec.Command(bin, name)
	cmd.Env = append(os.Environ(), env...)
	var errb strings.Builder
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if _, exit := err.(*exec.ExitError); err != nil && !exit {
		t.Fatalf("run %s: %v", name, err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"), errb.String(), err == nil
}

// TestChangeAndRerun runs the changes the walkthrough's "Change and rerun"
// page suggests, as real programs, and checks what the page says of them.
// TestWalkthroughNumbers ties the page's numbers to the same runs.
func TestChangeAndRerun(t *testing.T) {
	r := changeAndRerun(t)
	if !slices.Equal(r.pingPongBuffered, puzzleLines(PingPong)) {
		t.Errorf("ping-pong with buffers of 1 prints %q, want the puzzle's own output %q (the walkthrough says it does not change)", r.pingPongBuffered, puzzleLines(PingPong))
	}
	wantStop := []string{"main: ready true", "main: calling stop", "body: deferred cleanup", `main: "" false`, "main: done"}
	if !slices.Equal(r.pullStop, wantStop) {
		t.Errorf("pull-stop ignoring yield's result prints %q, want %q (the cleanup still inside stop)", r.pullStop, wantStop)
	}
	if r.rangeBreakOK || !strings.Contains(r.rangeBreakErr, "range function continued iteration") {
		t.Errorf("range-break ignoring yield's result: exit ok=%v, stderr %q; want a panic \"range function continued iteration\"", r.rangeBreakOK, r.rangeBreakErr)
	}
	if want := puzzleLines(LoopClosures); !slices.Equal(r.loopvar122, want) {
		t.Errorf("loopvar with go 1.22 prints %q, want the puzzle's %q", r.loopvar122, want)
	}
	for _, l := range r.loopvar121 {
		if l != "3 3" {
			t.Errorf("loopvar with go 1.21 prints %q, want every line \"3 3\" (both columns 3)", r.loopvar121)
			break
		}
	}
	// The walkthrough says the order is usually the run-next order (the
	// goroutine started last, then the others as started: runqput with
	// next=true in runtime/proc.go), not always: sysmon preempts a goroutine
	// that has run for forcePreemptNS, wall time, and on a busy machine main
	// can be preempted between two go statements (a run printed 9 0 1 4 16:
	// main stopped after the fourth). So one run of five must show it.
	want := runNextOrder(5)
	if r.usual() == nil {
		t.Errorf("waitgroup printing inside the goroutines, GOMAXPROCS=1: the runs printed %q, none the run-next order %q that the walkthrough says is usual", r.waitgroup1, want)
	}
	for i, run := range r.waitgroup1 {
		if got := slices.Sorted(slices.Values(run[:min(len(run), 5)])); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Errorf("waitgroup run %d printed %q, want the squares %q in some order first", i+1, run, want)
		}
	}
}

// runNextOrder is the order in which n goroutines started by main, which
// then blocks, run on one P: the last one from the runnext slot, then the
// others from the local run queue, oldest first.
func runNextOrder(n int) []string {
	order := []string{strconv.Itoa((n - 1) * (n - 1))}
	for i := range n - 1 {
		order = append(order, strconv.Itoa(i*i))
	}
	return order
}

// usual is the squares of the first GOMAXPROCS=1 run that printed them in
// the run-next order (its first five lines), or nil.
func (r rerun) usual() []string {
	for _, run := range r.waitgroup1 {
		if len(run) >= 5 && slices.Equal(run[:5], runNextOrder(5)) {
			return run[:5]
		}
	}
	return nil
}

// puzzleLines runs a puzzle's program in-process and returns its lines.
func puzzleLines(program func(*Out)) []string {
	var out Out
	program(&out)
	return out.Lines()
}

// rerun holds the outputs of the "Change and rerun" programs.
type rerun struct {
	waitgroup1             [][]string // five runs with GOMAXPROCS=1
	pingPongBuffered       []string
	pullStop               []string
	rangeBreakErr          string
	rangeBreakOK           bool
	loopvar121, loopvar122 []string
}

// changeAndRerun builds and runs the programs once per test binary.
var changeAndRerun = func() func(t *testing.T) rerun {
	var r *rerun
	return func(t *testing.T) rerun {
		t.Helper()
		if r != nil {
			return *r
		}
		bin := buildScratch(t, "1.26", map[string]string{
			"waitgroup": scratchFunc(t, "WaitGroupSquares", "waitgroup",
				"squares[i] = i * i", "squares[i] = i * i\n\t\t\tout.Println(i * i)",
				"\tout.Println(squares)\n", ""),
			"pingpong": scratchFunc(t, "PingPong", "pingpong",
				"make(chan int), make(chan int)", "make(chan int, 1), make(chan int, 1)"),
			"pullstop": scratchFunc(t, "PullStopEarly", "pullstop",
				"if !yield(w) {\n\t\t\t\tout.Println(\"body: yield returned false\")\n\t\t\t\treturn\n\t\t\t}", "yield(w)"),
			"rangebreak": scratchFunc(t, "RangeBreak", "rangebreak",
				"if !yield(i) {\n\t\t\t\tout.Println(\"iterator: told to stop\")\n\t\t\t\treturn\n\t\t\t}", "yield(i)"),
		})
		var got rerun
		for range 5 {
			lines, _, _ := runScratch(t, bin, "waitgroup", "GOMAXPROCS=1")
			got.waitgroup1 = append(got.waitgroup1, lines)
		}
		got.pingPongBuffered, _, _ = runScratch(t, bin, "pingpong")
		got.pullStop, _, _ = runScratch(t, bin, "pullstop")
		_, got.rangeBreakErr, got.rangeBreakOK = runScratch(t, bin, "rangebreak")
		loopvar := func(version string) []string {
			lines, _, _ := runScratch(t, buildScratch(t, version, map[string]string{"loopvar": scratchFunc(t, "LoopClosures", "loopvar")}), "loopvar")
			return lines
		}
		got.loopvar121, got.loopvar122 = loopvar("1.21"), loopvar("1.22")
		r = &got
		return got
	}
}()

// TestWalkthroughNumbers ties every number of the walkthrough and of the
// puzzles' explanations to a run: the puzzles in-process, the "Change and
// rerun" programs built and run for real.
func TestWalkthroughNumbers(t *testing.T) {
	r := changeAndRerun(t)
	out := map[string][]string{}
	for _, p := range Puzzles() {
		out[p.Name] = p.Run()
	}
	tr := Trace(out["buffered"])
	usual := r.usual()
	if usual == nil {
		t.Fatalf("no GOMAXPROCS=1 run printed the run-next order (TestChangeAndRerun says more): %q", r.waitgroup1)
	}
	wg1 := strings.Join(usual, " ")
	field := func(line string, i int) string { return strings.Fields(line)[i] }

	claim := func(phrase string, got ...any) labtest.Claim { return labtest.Claim{Phrase: phrase, Got: got} }
	labtest.Claims(t, walkthrough, []labtest.Claim{
		claim(`--predict "{}\n{}"`, out["buffered"][0], out["buffered"][1]),
		claim("(line {} at {} s, line {} at {} s, ...)", 1, trace.Seconds(tr.Output[0].At), 2, trace.Seconds(tr.Output[1].At)),
		claim("GOMAXPROCS=1 go run .: the order is usually the same, {}.", wg1),
		claim("run again: now both columns print {}.", field(r.loopvar121[0], 1)),
	},
		"1. Pick a puzzle", "2. Write your prediction", "3. Run it with your prediction", // a numbered list
		"With GOMAXPROCS above 1", "With GOMAXPROCS=1 they take turns", "GOMAXPROCS=1 go run .", // settings the text names
		"give both channels a buffer of 1", "go.mod to 1.21", "Go 1.22 gives each iteration",
	)
	sum := out["waitgroup"][1]
	labtest.Claims(t, explanations, []labtest.Claim{
		claim("fit in a capacity of {} without waiting, so len is {} and cap is {}", field(out["buffered"][0], 3), field(out["buffered"][0], 1), field(out["buffered"][0], 3)),
		claim("range still receives {} and {}", field(out["buffered"][1], 1), field(out["buffered"][2], 1)),
		claim("ok == false ({})", strings.TrimPrefix(out["buffered"][3], "after close: ")),
		claim("so each closure keeps its own i: {}, {}, {}", field(out["loopvar"][0], 0), field(out["loopvar"][1], 0), field(out["loopvar"][2], 0)),
		claim("they read it after the loop has left it at {}", field(out["loopvar"][0], 1)),
		claim("Before Go 1.22 both columns would have printed {}", field(r.loopvar121[0], 0)),
		claim("Then the first receive gets the {}", field(out["select-default"][3], 1)),
		claim("the slice is complete: {}, and the sum is {}", out["waitgroup"][0], field(sum, 1)),
		claim("Main prints {} and hands {} over; the other goroutine prints {} and hands back {}; and so on, {} times.",
			out["ping-pong"][0], field(out["ping-pong"][0], 1), strings.TrimSpace(out["ping-pong"][1]), field(out["ping-pong"][2], 1), wordFor(strings.Count(strings.Join(out["ping-pong"], "\n"), "ping "))),
		claim("open == false. n is {}.", field(out["ping-pong"][6], 2)),
		claim("next() keeps returning {}", strings.TrimPrefix(out["pull"][len(out["pull"])-1], "next: ")),
	},
		"(i := 0)", "Since Go 1.22", "since Go 1.22", "Before Go 1.22", // the language version the rule comes from
		"a capacity of 3", // the puzzle's make(chan int, 3)
		"GOMAXPROCS=1 this runtime",
	)
}

// wordFor spells a small count as the explanations do.
func wordFor(n int) string {
	return [...]string{"zero", "one", "two", "three", "four", "five"}[n]
}
