package eventloop_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"conclab/internal/labtest"
	"conclab/labs"
	"conclab/labs/eventloop"
	"conclab/labs/trace"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// runVariant runs one variant of the lab with the given --set values.
func runVariant(t testing.TB, variant string, sets map[string]string) labs.Result {
	t.Helper()
	return labtest.Run(t, eventloop.Lab(), variant, sets)
}

// lines renders the output as "seconds task text", times exact to the nanosecond.
func lines(tr *trace.Trace) []string {
	out := make([]string, len(tr.Output))
	for i, l := range tr.Output {
		out[i] = trace.Seconds(l.At) + " " + l.Task + " " + l.Text
	}
	return out
}

var defaultOutput = []string{
	"0 A T-minus 5", "0 B starts in 2s", "0 C starts in 1s",
	"1 A T-minus 4", "1 C T-minus 4",
	"2 B T-minus 3", "2 A T-minus 3", "2 C T-minus 3",
	"3 B T-minus 2", "3 A T-minus 2", "3 C T-minus 2",
	"4 B T-minus 1", "4 A T-minus 1", "4 C T-minus 1",
	"5 B lift-off!", "5 A lift-off!", "5 C lift-off!",
}

func TestOutputTimes(t *testing.T) {
	tests := []struct {
		variant  string
		sets     map[string]string
		want     []string
		total    time.Duration
		liftOff  map[string]float64
		maxLate  float64
		nonEmpty bool
	}{
		{"toy", nil, defaultOutput, 5 * time.Second, map[string]float64{"A": 5, "B": 5, "C": 5}, 0, true},
		{"engine", nil, defaultOutput, 5 * time.Second, map[string]float64{"A": 5, "B": 5, "C": 5}, 0, true},
		{"blocking", nil, []string{
			"0 A T-minus 5", "0 B starts in 2s", "0 C starts in 1s",
			"1 A T-minus 4", "1 C T-minus 4",
			"2 B T-minus 3", "3 B T-minus 2", "4 B T-minus 1", "5 B lift-off!",
			"5 A T-minus 3", "5 C T-minus 3",
			"6 A T-minus 2", "6 C T-minus 2",
			"7 A T-minus 1", "7 C T-minus 1",
			"8 A lift-off!", "8 C lift-off!",
		}, 8 * time.Second, map[string]float64{"A": 8, "B": 5, "C": 8}, 3, true},
		{"blocking", map[string]string{"blocker": "A"}, []string{
			"0 A T-minus 5", "1 A T-minus 4", "2 A T-minus 3", "3 A T-minus 2", "4 A T-minus 1", "5 A lift-off!",
			"5 B starts in 2s", "5 C starts in 1s",
			"6 C T-minus 4",
			"7 B T-minus 3", "7 C T-minus 3",
			"8 B T-minus 2", "8 C T-minus 2",
			"9 B T-minus 1", "9 C T-minus 1",
			"10 B lift-off!", "10 C lift-off!",
		}, 10 * time.Second, map[string]float64{"A": 5, "B": 10, "C": 10}, 5, true},
		{"toy", map[string]string{"countdowns": "A=5,B=3@2s,C=4@1s,D=10"}, nil, 10 * time.Second,
			map[string]float64{"A": 5, "B": 5, "C": 5, "D": 10}, 0, false},
		{"toy", map[string]string{"step": "250ms"}, []string{
			"0 A T-minus 5", "0 B starts in 2s", "0 C starts in 1s",
			"0.25 A T-minus 4", "0.5 A T-minus 3", "0.75 A T-minus 2",
			"1 C T-minus 4", "1 A T-minus 1",
			"1.25 C T-minus 3", "1.25 A lift-off!", "1.5 C T-minus 2", "1.75 C T-minus 1",
			"2 B T-minus 3", "2 C lift-off!",
			"2.25 B T-minus 2", "2.5 B T-minus 1", "2.75 B lift-off!",
		}, 2750 * time.Millisecond, map[string]float64{"A": 1.25, "B": 2.75, "C": 2}, 0, true},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s %v", tt.variant, tt.sets)
		t.Run(name, func(t *testing.T) {
			r := runVariant(t, tt.variant, tt.sets)
			if got := lines(r.Trace); tt.nonEmpty && !slices.Equal(got, tt.want) {
				t.Errorf("%s: output =\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if r.Trace.Total != tt.total {
				t.Errorf("%s: Total = %v, want %v", name, r.Trace.Total, tt.total)
			}
			if got := r.Facts["lift_off_seconds"]; !reflect.DeepEqual(got, tt.liftOff) {
				t.Errorf("%s: lift_off_seconds = %v, want %v", name, got, tt.liftOff)
			}
			if got := r.Facts["max_late_seconds"]; got != tt.maxLate {
				t.Errorf("%s: max_late_seconds = %v, want %v", name, got, tt.maxLate)
			}
		})
	}
}

// The toy loop and labs/sched agree: same lines at the same times, same
// spans per task, same total, for the default countdowns and for 200
// random ones (a fixed seed keeps the test repeatable).
func TestToyAgreesWithEngine(t *testing.T) {
	specs := []map[string]string{nil, {"step": "1ms"}, {"countdowns": "X=1"}, {"countdowns": "A=3@1s,B=3@1s,C=3@1s", "step": "1s"}}
	rng := rand.New(rand.NewPCG(1, 2))
	delays := []string{"0s", "250ms", "500ms", "1s", "1500ms", "2s", "3s"}
	steps := []string{"1ms", "250ms", "500ms", "1s", "2s"}
	for range 200 {
		var cs []string
		for i := range 1 + rng.IntN(eventloop.MaxCountdowns) {
			cs = append(cs, fmt.Sprintf("T%d=%d@%s", i, 1+rng.IntN(6), delays[rng.IntN(len(delays))]))
		}
		specs = append(specs, map[string]string{"countdowns": strings.Join(cs, ","), "step": steps[rng.IntN(len(steps))]})
	}
	for _, sets := range specs {
		toy := runVariant(t, "toy", sets).Trace
		engine := runVariant(t, "engine", sets).Trace
		if got, want := lines(toy), lines(engine); !slices.Equal(got, want) {
			t.Fatalf("toy(%v) output =\n%s\nengine output =\n%s", sets, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if !reflect.DeepEqual(toy.Tasks, engine.Tasks) {
			t.Fatalf("toy(%v) tasks = %+v, engine tasks = %+v", sets, toy.Tasks, engine.Tasks)
		}
		if toy.Total != engine.Total {
			t.Fatalf("toy(%v) total = %v, engine total = %v", sets, toy.Total, engine.Total)
		}
	}
}

// At every event the toy loop records who runs, the ready queue and the
// timer heap, and together they account for every task still alive.
func TestQueuesAtEveryEvent(t *testing.T) {
	for _, variant := range []string{"toy", "blocking"} {
		tr := runVariant(t, variant, nil).Trace
		live := len(tr.Tasks)
		for i, ev := range tr.Events.All() {
			q := ev.Queues
			if q == nil || len(q.Running) != 1 {
				t.Fatalf("%s event %d (%s %s): Queues = %+v, want one worker", variant, i+1, ev.Kind, ev.Task, q)
			}
			if ev.Kind == trace.EventDone {
				live--
			}
			wantRunning := ev.Task
			if ev.Kind == trace.EventSleep || ev.Kind == trace.EventDone {
				wantRunning = ""
			}
			if q.Running[0] != wantRunning {
				t.Errorf("%s event %d (%s %s): running = %q, want %q", variant, i+1, ev.Kind, ev.Task, q.Running[0], wantRunning)
			}
			for j, tm := range q.Timers {
				if tm.At <= ev.At || j > 0 && tm.At < q.Timers[j-1].At {
					t.Errorf("%s event %d: timers = %+v, want future times in firing order", variant, i+1, q.Timers)
				}
			}
			n := len(q.Ready) + len(q.Timers)
			if q.Running[0] != "" {
				n++
			}
			if n != live {
				t.Errorf("%s event %d (%s %s): %d tasks in the queues, want %d alive", variant, i+1, ev.Kind, ev.Task, n, live)
			}
		}
		if live != 0 {
			t.Errorf("%s: %d tasks never finished", variant, live)
		}
	}
}

func TestSnapshots(t *testing.T) {
	timers := func(spec ...any) []trace.Timer {
		out := []trace.Timer{}
		for i := 0; i < len(spec); i += 2 {
			out = append(out, trace.Timer{At: time.Duration(spec[i+1].(int)) * time.Second, Task: spec[i].(string), Kind: "wake"})
		}
		return out
	}
	tests := []struct {
		variant string
		event   int // 1-based, as the step view numbers them
		want    trace.Event
	}{
		{"toy", 1, trace.Event{At: 0, Kind: "run", Task: "A", Queues: &trace.Queues{Running: []string{"A"}, Ready: []string{"B", "C"}, Timers: timers()}}},
		{"toy", 9, trace.Event{At: 0, Kind: "sleep", Task: "C", Detail: "1s", Queues: &trace.Queues{Running: []string{""}, Ready: []string{}, Timers: timers("A", 1, "C", 1, "B", 2)}}},
		{"toy", 16, trace.Event{At: 2 * time.Second, Kind: "run", Task: "B", Queues: &trace.Queues{Running: []string{"B"}, Ready: []string{"A", "C"}, Timers: timers()}}},
		{"toy", 51, trace.Event{At: 5 * time.Second, Kind: "done", Task: "C", Queues: &trace.Queues{Running: []string{""}, Ready: []string{}, Timers: timers()}}},
		{"blocking", 18, trace.Event{At: 2 * time.Second, Kind: "block", Task: "B", Detail: "1s", Queues: &trace.Queues{Running: []string{"B"}, Ready: []string{"A", "C"}, Timers: timers()}}},
		{"blocking", 28, trace.Event{At: 5 * time.Second, Kind: "run", Task: "A", Detail: "late 3s", Queues: &trace.Queues{Running: []string{"A"}, Ready: []string{"C"}, Timers: timers()}}},
	}
	for _, tt := range tests {
		tr := runVariant(t, tt.variant, nil).Trace
		if tr.Events.Len() < tt.event {
			t.Fatalf("%s: %d events, want at least %d", tt.variant, tr.Events.Len(), tt.event)
		}
		if got := tr.Events.At(tt.event - 1); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s event %d = %+v %+v, want %+v %+v", tt.variant, tt.event, got, got.Queues, tt.want, tt.want.Queues)
		}
	}
}

func TestDeterminism(t *testing.T) {
	for _, variant := range []string{"toy", "engine", "blocking"} {
		a, err := trace.Encode(runVariant(t, variant, nil).Trace)
		if err != nil {
			t.Fatal(err)
		}
		b, err := trace.Encode(runVariant(t, variant, nil).Trace)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs gave different traces", variant)
		}
	}
}

func TestParseCountdowns(t *testing.T) {
	tests := []struct {
		in      string
		want    []eventloop.Countdown
		wantErr string
	}{
		{"A=5,B=3@2s,C=4@1s", []eventloop.Countdown{{"A", 5, 0}, {"B", 3, 2 * time.Second}, {"C", 4, time.Second}}, ""},
		{" x-1 = 2 @ 500ms , ", []eventloop.Countdown{{"x-1", 2, 500 * time.Millisecond}}, ""},
		{"", nil, "no countdowns (write them like A=5,B=3@2s)"},
		{"A5", nil, `"A5" is not NAME=FROM or NAME=FROM@DELAY (e.g. B=3@2s)`},
		{"A=0", nil, `A: count "0" must be a whole number in 1..100`},
		{"A=101", nil, `A: count "101" must be a whole number in 1..100`},
		{"A=2@-1s", nil, `A: delay "-1s" must be a duration in 0s..1h`},
		{"A=2@2h", nil, `A: delay "2h" must be a duration in 0s..1h`},
		{"A=2@3", nil, `A: delay "3" must be a duration in 0s..1h: durations need a unit, 3s or 700ms`},
		{"A=1,A=2", nil, `name "A" appears twice`},
		{"a b=1", nil, `name "a b" must be 1 to 12 ASCII letters, digits, - or _`},
		{"A=1,B=1,C=1,D=1,E=1,F=1,G=1,H=1,I=1", nil, "9 countdowns is too many (1..8)"},
	}
	for _, tt := range tests {
		got, err := eventloop.ParseCountdowns(tt.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if gotErr != tt.wantErr || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseCountdowns(%q) = %v, %q, want %v, %q", tt.in, got, gotErr, tt.want, tt.wantErr)
		}
	}
}

func TestResolveErrors(t *testing.T) {
	l := eventloop.Lab()
	tests := []struct {
		sets map[string]string
		want string
	}{
		{map[string]string{"blocker": "Z"}, `eventloop: blocker = "Z" is not one of the countdowns (allowed: A, B, C, or empty for the second one)`},
		{map[string]string{"step": "0s"}, "eventloop: step = 0s is out of range (allowed: 1ms..1h)"},
		{map[string]string{"countdowns": "A=x"}, `eventloop: countdowns = "A=x": A: count "x" must be a whole number in 1..100`},
	}
	for _, tt := range tests {
		_, err := l.Resolve(tt.sets)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Resolve(%v) = %v, want %s", tt.sets, err, tt.want)
		}
	}
}

func TestLab(t *testing.T) {
	l := eventloop.Lab()
	if got, want := l.VariantNames(), []string{"toy", "engine", "blocking"}; !slices.Equal(got, want) {
		t.Errorf("VariantNames() = %v, want %v", got, want)
	}
	sources := map[string][]string{
		"toy":      {"func Count(l *Loop", "func (l *Loop) Run() time.Duration", "heap.Pop(&l.timers)", "iter.Pull(body)"},
		"engine":   {"func CountOnEngine(t *sched.Task", "t.Sleep(step)"},
		"blocking": {"func CountBlocking(l *Loop", "l.Sleep(step)"},
	}
	for name, wants := range sources {
		v, err := l.Variant(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range wants {
			if !strings.Contains(v.Source, want) {
				t.Errorf("variant %s: Source lacks %q", name, want)
			}
		}
	}
	var titles []string
	for _, s := range l.Steps {
		titles = append(titles, s.Title)
		if s.Body == "" {
			t.Errorf("step %q has no body", s.Title)
		}
	}
	want := []string{"The question", "Read the loop", "Step through it", "The same program on the engine",
		"One blocking call", "Change and rerun", "Bubble Tea runs the same loop", "Why each variant"}
	if !slices.Equal(titles, want) {
		t.Errorf("step titles = %v, want %v", titles, want)
	}
}

// A task that panics takes the loop down with it, and the loop unwinds the
// other coroutines first (goleak in TestMain checks none is left).
func TestLoopPanicStopsTheOthers(t *testing.T) {
	l := eventloop.NewLoop()
	cleaned := false
	l.Go("calm", func(yield func(time.Duration) bool) {
		defer func() { cleaned = true }()
		for yield(l.Now() + time.Second) {
		}
	})
	l.Go("boom", func(yield func(time.Duration) bool) {
		yield(l.Now() + 2*time.Second)
		panic("boom")
	})
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("Run() panicked with %v, want boom", r)
			}
		}()
		l.Run()
	}()
	if !cleaned {
		t.Error("the calm task was not unwound")
	}
	if got, want := l.Now(), 2*time.Second; got != want {
		t.Errorf("Now() after the panic = %v, want %v", got, want)
	}
}

func BenchmarkVariants(b *testing.B) {
	for _, variant := range []string{"toy", "engine", "blocking"} {
		b.Run(variant, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				runVariant(b, variant, nil)
			}
		})
	}
}

func BenchmarkToyLarge(b *testing.B) {
	sets := map[string]string{"countdowns": "A=100,B=100@1s,C=100@2s,D=100@3s,E=100,F=100,G=100,H=100", "step": "1ms"}
	b.ReportAllocs()
	for b.Loop() {
		runVariant(b, "toy", sets)
	}
}

// TestBlockerShown: an empty blocker is shown as the countdown it stands
// for (the second, or the only one), a named one as it was typed.
func TestBlockerShown(t *testing.T) {
	l := eventloop.Lab()
	p, ok := l.Param("blocker")
	if !ok {
		t.Fatal("no blocker parameter")
	}
	tests := []struct {
		sets map[string]string
		want string
	}{
		{nil, "blocker=B (default)"},
		{map[string]string{"countdowns": "X=2"}, "blocker=X (default)"},
		{map[string]string{"countdowns": "X=2,Y=3,Z=1"}, "blocker=Y (default)"},
		{map[string]string{"blocker": "C"}, "blocker=C"},
	}
	for _, tt := range tests {
		v, err := l.Resolve(tt.sets)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Show(v); got != tt.want {
			t.Errorf("Show(%v) = %v, want %v", tt.sets, got, tt.want)
		}
	}
}
