// Package coroutines is the "predict, then run" lab: tiny real Go programs
// about coroutines and goroutines (iter.Pull, range over a function,
// unbuffered and buffered channels, select, sync.WaitGroup, closures over
// loop variables) whose output the learner writes down before running them.
//
// The programs are real: each puzzle's Program runs in-process, with real
// goroutines and channels, not on the simulated clock. Each one is
// deterministic by construction — its output cannot vary between runs, and
// its explanation says why — so a prediction can be checked line by line
// (Check, and labs.Verdict.Render). Every puzzle is also a variant of the lab, whose
// Result carries the output in Facts["output"].
//
// A puzzle's trace has no clock to speak of: its time axis counts output
// lines. Line i (from 0) is printed at i seconds by the task "main", which
// runs from 0 until the last line; Total is the number of lines.
package coroutines

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
)

//go:embed puzzles.go
var puzzlesSource string

//go:embed explanations.md
var explanations string

//go:embed walkthrough.md
var walkthrough string

func init() { labs.Register(Lab()) }

// Out is a puzzle's standard output: Println and Printf add lines. It is safe
// for concurrent use, since puzzles print from several goroutines; the zero
// value is ready to use.
type Out struct {
	mu    sync.Mutex
	lines []string
}

// Println formats its operands as fmt.Println does and adds the result as one line.
func (o *Out) Println(a ...any) {
	o.add(strings.TrimSuffix(fmt.Sprintln(a...), "\n"))
}

// Printf formats as fmt.Printf does and adds the result as a line (or
// several, if it holds newlines; a trailing newline is ignored).
func (o *Out) Printf(format string, a ...any) {
	o.add(strings.TrimSuffix(fmt.Sprintf(format, a...), "\n"))
}

func (o *Out) add(text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.lines = append(o.lines, strings.Split(text, "\n")...)
}

// Lines returns a copy of the lines printed so far.
func (o *Out) Lines() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.lines...)
}

// Puzzle is one predict-then-run program.
type Puzzle struct {
	// Name identifies the puzzle and its variant ("ping-pong").
	Name string
	// Title says in a few words what the program is about.
	Title string
	// Level is "easy", "medium" or "subtle".
	Level string
	// Source is the program's Go source, exactly the code Program runs.
	Source string
	// Program is the real program; it prints to out.
	Program func(out *Out)
	// Explanation is markdown: why the output is what it is, and why it
	// cannot vary between runs.
	Explanation string
}

// Run runs the program in-process and returns its output lines. It is safe
// to call from several goroutines at once.
func (p Puzzle) Run() []string {
	var out Out
	p.Program(&out)
	return out.Lines()
}

// puzzles lists the puzzles from easy to subtle.
var puzzles = func() []Puzzle {
	list := []struct {
		name, title, level string
		fn                 string
		program            func(*Out)
	}{
		{"buffered", "a buffered channel, closed, then drained", "easy", "BufferedClose", BufferedClose},
		{"loopvar", "closures over a loop variable (Go 1.22 semantics)", "easy", "LoopClosures", LoopClosures},
		{"select-default", "select with a default case never waits", "easy", "SelectDefault", SelectDefault},
		{"waitgroup", "five goroutines and a sync.WaitGroup", "medium", "WaitGroupSquares", WaitGroupSquares},
		{"ping-pong", "hand-offs over unbuffered channels", "medium", "PingPong", PingPong},
		{"nil-closed", "select on a nil channel, a closed one and a cancelled context", "medium", "NilAndClosed", NilAndClosed},
		{"pull", "iter.Pull: a coroutine driven by hand, and pulled past its end", "subtle", "PullToTheEnd", PullToTheEnd},
		{"pull-stop", "iter.Pull: stopping a coroutine early", "subtle", "PullStopEarly", PullStopEarly},
		{"range-break", "range over a function, then break", "subtle", "RangeBreak", RangeBreak},
	}
	why := map[string]string{}
	for _, s := range labs.ParseSteps(explanations) {
		why[s.Title] = s.Body
	}
	out := make([]Puzzle, len(list))
	for i, p := range list {
		if why[p.name] == "" {
			panic(fmt.Sprintf("coroutines: puzzle %q has no explanation in explanations.md", p.name))
		}
		out[i] = Puzzle{Name: p.name, Title: p.title, Level: p.level, Source: labs.FuncSource(puzzlesSource, p.fn),
			Program: p.program, Explanation: why[p.name]}
	}
	return out
}()

// Puzzles returns the puzzles from easy to subtle (a fresh slice each time).
func Puzzles() []Puzzle { return append([]Puzzle(nil), puzzles...) }

// Find returns the puzzle called name, or an error that lists the puzzles.
func Find(name string) (Puzzle, error) {
	names := make([]string, len(puzzles))
	for i, p := range puzzles {
		if p.Name == name {
			return p, nil
		}
		names[i] = p.Name
	}
	return Puzzle{}, fmt.Errorf("coroutines: unknown puzzle %q (puzzles: %s)", name, strings.Join(names, ", "))
}

// Lab returns the coroutines lab: one variant per puzzle.
func Lab() *labs.Lab {
	variants := make([]labs.Variant, len(puzzles))
	for i, p := range puzzles {
		variants[i] = labs.Variant{
			Name:    p.Name,
			Summary: fmt.Sprintf("puzzle %d (%s): %s", i+1, p.Level, p.Title),
			Source:  p.Source,
			Run: func(labs.Values) (labs.Result, error) {
				lines := p.Run()
				return labs.Result{Trace: Trace(lines), Facts: map[string]any{"output": lines}}, nil
			},
		}
	}
	return &labs.Lab{
		Name:     "coroutines",
		Title:    "Coroutines: predict, then run",
		Summary:  "Tiny real Go programs (iter.Pull, channels, select, WaitGroup): write their output down, then run and compare",
		Order:    30,
		Variants: variants,
		Steps:    labs.ParseSteps(walkthrough),
		Predict: func(variant string, prediction []string) (labs.Verdict, error) {
			p, err := Find(variant)
			if err != nil {
				return labs.Verdict{}, err
			}
			return Check(p, prediction), nil
		},
	}
}

// Trace turns a puzzle's output into a trace whose time axis counts lines:
// line i (from 0) at i seconds, all printed by the task "main", which runs
// from 0 to the number of lines.
func Trace(lines []string) *trace.Trace {
	n := time.Duration(len(lines)) * time.Second
	tr := &trace.Trace{Total: n, Workers: 1, Tasks: []trace.Task{{Name: "main"}}}
	if n > 0 {
		tr.Tasks[0].Spans = []trace.Span{{State: trace.Running, Worker: 0, Start: 0, End: n}}
	}
	tr.Events.Add(trace.Event{Kind: trace.EventRun, Task: "main", Worker: 0})
	for i, text := range lines {
		at := time.Duration(i) * time.Second
		tr.Output = append(tr.Output, trace.Line{At: at, Task: "main", Text: text})
		tr.Events.Add(trace.Event{At: at, Kind: trace.EventPrint, Task: "main", Worker: 0, Detail: text})
	}
	tr.Events.Add(trace.Event{At: n, Kind: trace.EventDone, Task: "main", Worker: 0})
	return tr
}
