package countdown

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/trace"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const ms = time.Millisecond

// runVariant runs one variant of the lab with the given --set values.
func runVariant(t testing.TB, variant string, sets map[string]string) labs.Result {
	t.Helper()
	return labtest.Run(t, Lab(), variant, sets)
}

// line is an expected output line: when, which task, which number.
type line struct {
	at   time.Duration
	task string
	n    int
}

// indents is the indentation of the default tasks' lines.
var indents = map[string]string{"A": "", "B": "    ", "C": "        ", "D": "            ", "E": "                "}

// The numbers of LABS.md, to the millisecond.
var (
	yieldingLines = []line{
		{300 * ms, "C", 3}, {600 * ms, "C", 2}, {700 * ms, "A", 3}, {900 * ms, "C", 1},
		{1000 * ms, "D", 3}, {1400 * ms, "A", 2}, {2000 * ms, "B", 3}, {2000 * ms, "D", 2},
		{2100 * ms, "A", 1}, {3000 * ms, "D", 1}, {4000 * ms, "B", 2}, {6000 * ms, "B", 1},
	}
	blockingLines = []line{
		{700 * ms, "A", 3}, {1400 * ms, "A", 2}, {2100 * ms, "A", 1},
		{4100 * ms, "B", 3}, {6100 * ms, "B", 2}, {8100 * ms, "B", 1},
		{8400 * ms, "C", 3}, {8700 * ms, "C", 2}, {9000 * ms, "C", 1},
		{10000 * ms, "D", 3}, {11000 * ms, "D", 2}, {12000 * ms, "D", 1},
	}
)

func TestOutput(t *testing.T) {
	withE := map[string]string{"tasks": "A=700ms,B=2s,C=300ms,D=1s,E=500ms"}
	tests := []struct {
		variant string
		sets    map[string]string
		want    []line
		total   time.Duration
	}{
		{"yielding", nil, yieldingLines, 6 * time.Second},
		{"goroutines", nil, yieldingLines, 6 * time.Second},
		{"blocking", nil, blockingLines, 12 * time.Second},
		// A fifth task: E at 0.5, 1.0, 1.5 s; D3 (set at 0 s) before E2 (set at 0.5 s).
		{"yielding", withE, []line{
			{300 * ms, "C", 3}, {500 * ms, "E", 3}, {600 * ms, "C", 2}, {700 * ms, "A", 3}, {900 * ms, "C", 1},
			{1000 * ms, "D", 3}, {1000 * ms, "E", 2}, {1400 * ms, "A", 2}, {1500 * ms, "E", 1},
			{2000 * ms, "B", 3}, {2000 * ms, "D", 2}, {2100 * ms, "A", 1}, {3000 * ms, "D", 1},
			{4000 * ms, "B", 2}, {6000 * ms, "B", 1},
		}, 6 * time.Second},
		{"blocking", withE, append(slices.Clone(blockingLines),
			line{12500 * ms, "E", 3}, line{13000 * ms, "E", 2}, line{13500 * ms, "E", 1}), 13500 * ms},
	}
	for _, tc := range tests {
		name := fmt.Sprintf("%s/%v", tc.variant, tc.sets)
		t.Run(name, func(t *testing.T) {
			tr := runVariant(t, tc.variant, tc.sets).Trace
			if tr.Total != tc.total {
				t.Errorf("%s: Total = %v, want %v", name, tr.Total, tc.total)
			}
			if len(tr.Output) != len(tc.want) {
				t.Fatalf("%s: %d output lines, want %d: %v", name, len(tr.Output), len(tc.want), tr.Output)
			}
			for i, w := range tc.want {
				want := trace.Line{At: w.at, Task: w.task, Text: fmt.Sprintf("%s%s = %d", indents[w.task], w.task, w.n)}
				if got := tr.Output[i]; got != want {
					t.Errorf("%s: line %d = %+v, want %+v", name, i, got, want)
				}
			}
		})
	}
}

func TestFacts(t *testing.T) {
	tests := []struct {
		variant  string
		sets     map[string]string
		order    string
		longest  float64
		sum      float64
		warnings int
	}{
		{"yielding", nil, "C3 C2 A3 C1 D3 A2 B3 D2 A1 D1 B2 B1", 6, 12, 0},
		{"goroutines", nil, "C3 C2 A3 C1 D3 A2 B3 D2 A1 D1 B2 B1", 6, 12, 0},
		{"blocking", nil, "A3 A2 A1 B3 B2 B1 C3 C2 C1 D3 D2 D1", 6, 12, 4},
		{"yielding", map[string]string{"from": "1"}, "C1 A1 D1 B1", 2, 4, 0},
		// X holds the loop for exactly 2 x 50ms = the 100ms limit: reported, as asyncio's dt >= slow_callback_duration.
		{"blocking", map[string]string{"tasks": "X=50ms,Y=1s", "from": "2"}, "X2 X1 Y2 Y1", 2, 2.1, 2},
		{"blocking", map[string]string{"tasks": "X=49ms,Y=1s", "from": "2"}, "X2 X1 Y2 Y1", 2, 2.098, 1},
	}
	for _, tc := range tests {
		f := runVariant(t, tc.variant, tc.sets).Facts
		name := fmt.Sprintf("%s/%v", tc.variant, tc.sets)
		if got := f["order"]; got != tc.order {
			t.Errorf("%s: order = %v, want %v", name, got, tc.order)
		}
		if got := f["longest_seconds"]; got != tc.longest {
			t.Errorf("%s: longest_seconds = %v, want %v", name, got, tc.longest)
		}
		if got := f["sum_seconds"]; got != tc.sum {
			t.Errorf("%s: sum_seconds = %v, want %v", name, got, tc.sum)
		}
		if got := f["warnings"]; got != tc.warnings {
			t.Errorf("%s: warnings = %v, want %v", name, got, tc.warnings)
		}
	}
}

func TestOrderIsCut(t *testing.T) {
	f := runVariant(t, "yielding", map[string]string{"from": "100"}).Facts
	order := f["order"].(string)
	if !strings.HasSuffix(order, " ... (340 more)") || len(strings.Fields(order)) != maxOrder+3 {
		t.Errorf("order with 400 lines = %q, want %d entries then \"... (340 more)\"", order, maxOrder)
	}
}

func TestBlockingWarnings(t *testing.T) {
	want := []struct {
		task     string
		at, held time.Duration
	}{
		{"A", 0, 2100 * ms}, {"B", 2100 * ms, 6 * time.Second}, {"C", 8100 * ms, 900 * ms}, {"D", 9 * time.Second, 3 * time.Second},
	}
	got := runVariant(t, "blocking", nil).Trace.Warnings
	if len(got) != len(want) {
		t.Fatalf("blocking: %d warnings, want %d: %v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Task != w.task || got[i].At != w.at || got[i].Held != w.held {
			t.Errorf("blocking: warning %d = %+v, want task %s at %v held %v", i, got[i], w.task, w.at, w.held)
		}
	}
}

// predict is an independent model of the rules the lab relies on. Yielding:
// every line is a timer; due timers fire in time order, and timers due at
// the same instant in the order they were set (a task sets its next timer
// right after printing). Blocking: one countdown after another.
func predict(counters []Counter, from int, yielding bool) ([]string, time.Duration) {
	var out []string
	var end time.Duration
	if !yielding {
		for _, c := range counters {
			for n := from; n > 0; n-- {
				end += c.Delay
				out = append(out, fmt.Sprintf("%s%d@%v", c.Name, n, end))
			}
		}
		return out, end
	}
	type timer struct {
		at       time.Duration
		seq, idx int
		n        int
	}
	var timers []timer
	for i, c := range counters {
		timers = append(timers, timer{c.Delay, i, i, from})
	}
	seq := len(counters)
	for len(timers) > 0 {
		next := slices.MinFunc(timers, func(a, b timer) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.seq, b.seq)) })
		timers = slices.DeleteFunc(timers, func(x timer) bool { return x == next })
		c := counters[next.idx]
		out = append(out, fmt.Sprintf("%s%d@%v", c.Name, next.n, next.at))
		end = max(end, next.at)
		if next.n > 1 {
			timers = append(timers, timer{next.at + c.Delay, seq, next.idx, next.n - 1})
			seq++
		}
	}
	return out, end
}

func TestAgainstModel(t *testing.T) {
	cases := []struct{ tasks, from string }{
		{DefaultList, "3"},
		{"A=700ms,B=2s,C=300ms,D=1s,E=500ms", "5"},
		{"A=1s,B=1s,C=1s", "4"},
		{"Z=3s,Y=2s,X=1s,W=500ms,V=250ms", "7"},
		{"P=150ms,Q=100ms,R=50ms,S=300ms,T=600ms", "12"},
	}
	for _, tc := range cases {
		counters, err := ParseTasks(tc.tasks)
		if err != nil {
			t.Fatal(err)
		}
		sets := map[string]string{"tasks": tc.tasks, "from": tc.from}
		v, err := Lab().Resolve(sets)
		if err != nil {
			t.Fatal(err)
		}
		for _, variant := range []string{"yielding", "blocking", "goroutines"} {
			wantLines, wantTotal := predict(counters, v.Int("from"), variant != "blocking")
			tr := runVariant(t, variant, sets).Trace
			var got []string
			for _, l := range tr.Output {
				got = append(got, strings.ReplaceAll(strings.TrimSpace(l.Text), " = ", "")+"@"+l.At.String())
			}
			if !slices.Equal(got, wantLines) {
				t.Errorf("%s %v: lines = %v, want %v", variant, sets, got, wantLines)
			}
			if tr.Total != wantTotal {
				t.Errorf("%s %v: Total = %v, want %v", variant, sets, tr.Total, wantTotal)
			}
		}
	}
}

func TestParseTasks(t *testing.T) {
	got, err := ParseTasks(" A=700ms, B = 2s,C=300ms,D=1s ")
	want := []Counter{{"A", 0, 700 * ms}, {"B", 1, 2 * time.Second}, {"C", 2, 300 * ms}, {"D", 3, time.Second}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("ParseTasks(...) = %v, %v, want %v, nil", got, err, want)
	}
}

func TestResolveErrors(t *testing.T) {
	many := make([]string, 27)
	for i := range many {
		many[i] = fmt.Sprintf("T%d=1s", i)
	}
	tooMany := strings.Join(many, ",")
	tests := []struct {
		sets map[string]string
		want string
	}{
		{map[string]string{"from": "0"}, "countdown: from = 0 is out of range (allowed: 1..100)"},
		{map[string]string{"from": "101"}, "countdown: from = 101 is out of range (allowed: 1..100)"},
		{map[string]string{"from": "three"}, `countdown: from = "three" is not a whole number (allowed: 1..100)`},
		{map[string]string{"tasks": "A=-1s"}, `countdown: tasks = "A=-1s": task A: delay -1s is out of range (allowed: 1ms..1h)`},
		{map[string]string{"tasks": "A=0s"}, `countdown: tasks = "A=0s": task A: delay 0s is out of range (allowed: 1ms..1h)`},
		{map[string]string{"tasks": "A=2h"}, `countdown: tasks = "A=2h": task A: delay 2h is out of range (allowed: 1ms..1h)`},
		{map[string]string{"tasks": "A=soon"}, `countdown: tasks = "A=soon": task A: delay "soon" is not a duration (allowed: 1ms..1h)`},
		{map[string]string{"tasks": "A"}, `countdown: tasks = "A": "A" is not NAME=DELAY (e.g. A=700ms,B=2s,C=300ms,D=1s)`},
		{map[string]string{"tasks": "A=1s,,B=2s"}, `countdown: tasks = "A=1s,,B=2s": "" is not NAME=DELAY (e.g. A=700ms,B=2s,C=300ms,D=1s)`},
		{map[string]string{"tasks": " "}, `countdown: tasks = "": no tasks (e.g. A=700ms,B=2s,C=300ms,D=1s)`},
		{map[string]string{"tasks": "A=1s,A=2s"}, `countdown: tasks = "A=1s,A=2s": task A appears twice`},
		{map[string]string{"tasks": "a b=1s"}, `countdown: tasks = "a b=1s": task name "a b" must be 1 to 8 ASCII letters or digits`},
		{map[string]string{"tasks": "=1s"}, `countdown: tasks = "=1s": task name "" must be 1 to 8 ASCII letters or digits`},
		{map[string]string{"tasks": "NINELETTR=1s"}, `countdown: tasks = "NINELETTR=1s": task name "NINELETTR" must be 1 to 8 ASCII letters or digits`},
		{map[string]string{"tasks": "日本=500ms"}, `countdown: tasks = "日本=500ms": task name "日本" must be 1 to 8 ASCII letters or digits`},
		{map[string]string{"tasks": tooMany}, fmt.Sprintf("countdown: tasks = %q: 27 tasks is too many (allowed: 1..26)", tooMany)},
		{map[string]string{"workers": "2"}, `countdown: unknown parameter "workers" (parameters: tasks, from)`},
	}
	for _, tc := range tests {
		if _, err := Lab().Resolve(tc.sets); err == nil || err.Error() != tc.want {
			t.Errorf("Resolve(%v) = %v, want %v", tc.sets, err, tc.want)
		}
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

func TestLab(t *testing.T) {
	l := Lab()
	if got, want := strings.Join(l.VariantNames(), " "), "yielding blocking goroutines"; got != want {
		t.Errorf("VariantNames() = %v, want %v", got, want)
	}
	wantSource := map[string]string{"yielding": "t.Sleep(c.Delay)", "blocking": "t.Block(c.Delay)", "goroutines": "t.Block(c.Delay)"}
	for _, v := range l.Variants {
		if !strings.Contains(v.Source, wantSource[v.Name]) || !strings.Contains(v.Source, "func Main(") {
			t.Errorf("%s: Source does not show %q and Main:\n%s", v.Name, wantSource[v.Name], v.Source)
		}
	}
	if len(l.Steps) < 6 {
		t.Errorf("len(Steps) = %d, want at least 6", len(l.Steps))
	}
}

func BenchmarkVariants(b *testing.B) { labtest.BenchmarkVariants(b, Lab()) }

func Example() {
	l := Lab()
	v, _ := l.Resolve(map[string]string{"tasks": "A=700ms,B=2s", "from": "2"})
	for _, name := range []string{"yielding", "blocking"} {
		vr, _ := l.Variant(name)
		res, _ := vr.Run(v)
		fmt.Printf("%s: %s s\n", name, trace.Seconds(res.Trace.Total))
		for _, line := range res.Trace.Output {
			fmt.Printf("  %-4s %s\n", trace.Seconds(line.At), line.Text)
		}
	}
	// Output:
	// yielding: 4 s
	//   0.7  A = 2
	//   1.4  A = 1
	//   2        B = 2
	//   4        B = 1
	// blocking: 5.4 s
	//   0.7  A = 2
	//   1.4  A = 1
	//   3.4      B = 2
	//   5.4      B = 1
}
