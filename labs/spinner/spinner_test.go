package spinner

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/internal/realrun/realtest"
	"conclab/labs"
	"conclab/labs/trace"
)

// TestMain runs a real run's child when the test binary is started as one
// (see real_test.go), and checks that no test leaves a goroutine behind.
func TestMain(m *testing.M) { realtest.Main(m) }

const ms = time.Millisecond

// runVariant runs one variant of the lab with the given --set values.
func runVariant(t testing.TB, variant string, sets map[string]string) labs.Result {
	t.Helper()
	return labtest.Run(t, Lab(), variant, sets)
}

func TestFacts(t *testing.T) {
	tests := []struct {
		variant  string
		sets     map[string]string
		frames   int
		answerAt float64
		warnings int
		longest  float64
	}{
		// Defaults: wait 3s, frame 100ms, chunk 100ms.
		{"goroutine", nil, 30, 3, 0, 0},
		{"context", nil, 30, 3, 0, 0},
		{"loop-yield", nil, 30, 3, 0, 0},
		{"loop-blocking", nil, 0, 3, 1, 3},
		{"loop-cpu", nil, 0, 3, 1, 3},
		// asyncio's order: a frame, then two chunks after each sleep ends (0, 0.3 ... 2.7 s);
		// each 100ms chunk holds the loop exactly asyncio's 100 ms limit: reported.
		{"loop-cpu-yield", nil, 10, 3, 30, 0.1},
		{"goroutine-cpu", nil, 31, 3, 0, 0},
		// Frames = wait / frame rounded up when the wait gives way.
		{"loop-yield", map[string]string{"frame": "250ms"}, 12, 3, 0, 0},
		{"loop-yield", map[string]string{"wait": "1s", "frame": "300ms"}, 4, 1, 0, 0},
		{"loop-yield", map[string]string{"wait": "50ms"}, 1, 0.05, 0, 0},
		{"goroutine", map[string]string{"wait": "1s", "frame": "300ms"}, 4, 1, 0, 0},
		{"context", map[string]string{"frame": "250ms"}, 12, 3, 0, 0},
		// The blocked loop draws nothing whatever the numbers; the warning is the whole wait.
		{"loop-blocking", map[string]string{"wait": "1s", "frame": "300ms"}, 0, 1, 1, 1},
		{"loop-cpu", map[string]string{"wait": "500ms"}, 0, 0.5, 1, 0.5},
		// Chunks longer than a frame: frames at 0 and 1.5 s, one warning per chunk.
		{"loop-cpu-yield", map[string]string{"chunk": "500ms"}, 2, 3, 6, 0.5},
		// Chunks shorter than a frame do not keep the rhythm: a frame every 0.2 s, then every 0.198 s.
		{"loop-cpu-yield", map[string]string{"chunk": "50ms"}, 15, 3, 0, 0},
		{"loop-cpu-yield", map[string]string{"chunk": "33ms"}, 16, 3, 0, 0},
		// Just under the limit: no report.
		{"loop-cpu-yield", map[string]string{"chunk": "99ms"}, 8, 3, 0, 0}, // a frame every 4 chunks (0.396 s)
		// The limit is asyncio's 100 ms, not a frame: 100ms chunks are reported with 250ms frames too.
		{"loop-cpu-yield", map[string]string{"frame": "250ms"}, 6, 3, 30, 0.1},
	}
	for _, tc := range tests {
		name := fmt.Sprintf("%s/%v", tc.variant, tc.sets)
		t.Run(name, func(t *testing.T) {
			f := runVariant(t, tc.variant, tc.sets).Facts
			if got := f["frames"]; got != tc.frames {
				t.Errorf("%s: frames = %v, want %v", name, got, tc.frames)
			}
			if got := f["answer_at_seconds"]; got != tc.answerAt {
				t.Errorf("%s: answer_at_seconds = %v, want %v", name, got, tc.answerAt)
			}
			if got := f["warnings"]; got != tc.warnings {
				t.Errorf("%s: warnings = %v, want %v", name, got, tc.warnings)
			}
			if got := f["longest_hold_seconds"]; got != tc.longest {
				t.Errorf("%s: longest_hold_seconds = %v, want %v", name, got, tc.longest)
			}
		})
	}
}

// spinning is the output of a spinner that draws frames at 0, frame, 2*frame
// ... and is stopped at end: the frames, the blanks that erase the last one,
// and the answer.
func spinning(frames int, frame, end time.Duration) []trace.Line {
	var out []trace.Line
	for i := range frames {
		out = append(out, trace.Line{At: time.Duration(i) * frame, Task: "spinner", Text: string(`|/-\`[i%4]) + " thinking!"})
	}
	out = append(out, trace.Line{At: end, Task: "spinner", Text: "           "})
	return append(out, trace.Line{At: end, Task: "main", Text: "Answer: 42"})
}

func TestOutput(t *testing.T) {
	answerOnly := []trace.Line{{At: 3 * time.Second, Task: "main", Text: "Answer: 42"}}
	tests := []struct {
		variant string
		sets    map[string]string
		want    []trace.Line
	}{
		{"loop-yield", nil, spinning(30, 100*ms, 3*time.Second)},
		{"goroutine", nil, spinning(30, 100*ms, 3*time.Second)},
		{"context", nil, spinning(30, 100*ms, 3*time.Second)},
		{"loop-cpu-yield", nil, spinning(10, 300*ms, 3*time.Second)},
		// The frame due at 3.0 s wins the tie against the last 10ms slice.
		{"goroutine-cpu", nil, spinning(31, 100*ms, 3*time.Second)},
		{"loop-cpu-yield", map[string]string{"chunk": "500ms"}, spinning(2, 1500*ms, 3*time.Second)},
		{"loop-yield", map[string]string{"wait": "1s", "frame": "300ms"}, spinning(4, 300*ms, time.Second)},
		{"loop-blocking", nil, answerOnly},
		{"loop-cpu", nil, answerOnly},
	}
	for _, tc := range tests {
		name := fmt.Sprintf("%s/%v", tc.variant, tc.sets)
		t.Run(name, func(t *testing.T) {
			got := runVariant(t, tc.variant, tc.sets).Trace.Output
			if len(got) != len(tc.want) {
				t.Fatalf("%s: %d output lines, want %d: %v", name, len(got), len(tc.want), got)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("%s: line %d = %+v, want %+v", name, i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestMainHoldsTheLoop checks what the timeline shows in the frozen
// variants: main holds worker 0 for the whole wait (blocked in a call, or
// running CPU work) while the spinner stays ready.
func TestMainHoldsTheLoop(t *testing.T) {
	tests := []struct {
		variant string
		state   trace.State
	}{
		{"loop-blocking", trace.Blocked},
		{"loop-cpu", trace.Running},
	}
	for _, tc := range tests {
		tr := runVariant(t, tc.variant, nil).Trace
		main, spinner := tr.Task("main"), tr.Task("spinner")
		if main == nil || spinner == nil {
			t.Fatalf("%s: tasks = %v, want main and spinner", tc.variant, tr.Tasks)
		}
		want := trace.Span{State: tc.state, Worker: 0, Start: 0, End: 3 * time.Second}
		if got := holdSpan(main.Spans); got.State != want.State || got.Worker != want.Worker || got.Start != want.Start || got.End != want.End {
			t.Errorf("%s: main's longest span = %+v, want %+v", tc.variant, got, want)
		}
		if got := spinner.Spans[0]; got.State != trace.Ready || got.Start != 0 || got.End != 3*time.Second {
			t.Errorf("%s: spinner's first span = %+v, want ready from 0 to 3s", tc.variant, got)
		}
	}
}

func holdSpan(spans []trace.Span) trace.Span {
	var best trace.Span
	for _, s := range spans {
		if s.Duration() > best.Duration() {
			best = s
		}
	}
	return best
}

func TestWarningText(t *testing.T) {
	want := []trace.Warning{{At: 0, Task: "main", Held: 3 * time.Second,
		Text: "task main held worker 0 for 3s without giving way (limit 100ms)"}}
	got := runVariant(t, "loop-blocking", nil).Trace.Warnings
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("loop-blocking: Warnings = %+v, want %+v", got, want)
	}
	if got := runVariant(t, "loop-yield", nil).Trace.Warnings; len(got) != 0 {
		t.Errorf("loop-yield: Warnings = %+v, want none", got)
	}
}

func TestDeterministic(t *testing.T) {
	for _, name := range Lab().VariantNames() {
		a, err := trace.Encode(runVariant(t, name, nil).Trace)
		if err != nil {
			t.Fatal(err)
		}
		b, err := trace.Encode(runVariant(t, name, nil).Trace)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs gave different traces", name)
		}
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		sets map[string]string
		want string
	}{
		{map[string]string{"frame": "abc"}, `spinner: frame = "abc" is not a duration (allowed: 1ms..10s)`},
		{map[string]string{"frame": "0s"}, "spinner: frame = 0s is out of range (allowed: 1ms..10s)"},
		{map[string]string{"wait": "-1s"}, "spinner: wait = -1s is out of range (allowed: 1ms..10m)"},
		{map[string]string{"wait": "1h"}, "spinner: wait = 1h is out of range (allowed: 1ms..10m)"},
		{map[string]string{"chunk": "3"}, `spinner: chunk = "3" is not a duration: durations need a unit, 3s or 700ms (allowed: 1ms..10s)`},
		{map[string]string{"wait": "10m", "frame": "1ms"}, "spinner: wait / frame = 600000 frames is too many to simulate (at most 100000)"},
		{map[string]string{"wait": "10m", "frame": "1s", "chunk": "1ms"}, "spinner: wait / chunk = 600000 chunks is too many to simulate in loop-cpu-yield (at most 100000)"},
		{map[string]string{"label": "x"}, `spinner: unknown parameter "label" (parameters: wait, frame, chunk)`},
	}
	for _, tc := range tests {
		if _, err := Lab().Resolve(tc.sets); err == nil || err.Error() != tc.want {
			t.Errorf("Resolve(%v) = %v, want %v", tc.sets, err, tc.want)
		}
	}
}

func TestLab(t *testing.T) {
	l := Lab()
	wantVariants := "goroutine context loop-yield loop-blocking loop-cpu loop-cpu-yield goroutine-cpu"
	if got := strings.Join(l.VariantNames(), " "); got != wantVariants {
		t.Errorf("VariantNames() = %v, want %v", got, wantVariants)
	}
	wantSource := map[string]string{
		"goroutine": "func Goroutine(", "context": "func Context(", "loop-yield": "func SlowSleep(",
		"loop-blocking": "func SlowBlocking(", "loop-cpu": "func SlowCPU(", "loop-cpu-yield": "func SlowCPUChunks(",
		"goroutine-cpu": "func Goroutine(",
	}
	for _, v := range l.Variants {
		if !strings.HasPrefix(v.Source, "// ") || !strings.Contains(v.Source, wantSource[v.Name]) || !strings.Contains(v.Source, "func Spin(") {
			t.Errorf("%s: Source does not show %q and Spin:\n%s", v.Name, wantSource[v.Name], v.Source)
		}
		if v.Summary == "" || strings.Contains(v.Summary, "\n") {
			t.Errorf("%s: Summary = %q, want one line", v.Name, v.Summary)
		}
	}
	if len(l.Steps) < 6 {
		t.Errorf("len(Steps) = %d, want at least 6", len(l.Steps))
	}
}

func BenchmarkVariants(b *testing.B) { labtest.BenchmarkVariants(b, Lab()) }

func Example() {
	l := Lab()
	v, _ := l.Resolve(map[string]string{"wait": "250ms"})
	for _, name := range []string{"loop-yield", "loop-blocking"} {
		vr, _ := l.Variant(name)
		res, _ := vr.Run(v)
		fmt.Printf("%s: %d frames\n", name, res.Facts["frames"])
		for _, line := range res.Trace.Output {
			fmt.Printf("  %-4s %-7s %q\n", trace.Seconds(line.At), line.Task, line.Text)
		}
	}
	// Output:
	// loop-yield: 3 frames
	//   0    spinner "| thinking!"
	//   0.1  spinner "/ thinking!"
	//   0.2  spinner "- thinking!"
	//   0.25 spinner "           "
	//   0.25 main    "Answer: 42"
	// loop-blocking: 0 frames
	//   0.25 main    "Answer: 42"
}
