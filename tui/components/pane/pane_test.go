package pane

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs"
	"conclab/labs/chess"
	"conclab/labs/trace"
	"conclab/tui/styles"
)

func TestFormatFact(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{24, "24"},
		{map[string]int{"200": 31, "418": 2}, "{200: 31, 418: 2}"},
		{map[string]float64{"B": 5, "A": 5.5}, "{A: 5.5, B: 5}"},
		{map[string]any{"x": 1}, "{x: 1}"},
		{[]string{"C3", "C2", "A3"}, "C3 C2 A3"},
		{[]string{}, "none"}, // the errgroup cancelled nothing
		{[]string{"B waits on chan results", "C waits on chan results"}, "B waits on chan results, C waits on chan results"},
		{90 * time.Second, "0:01:30"},
		{2.0 / 3, "0.6667"},
		{"text", "text"},
	}
	for _, tt := range tests {
		if got := FormatFact(tt.in); got != tt.want {
			t.Errorf("FormatFact(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMentions(t *testing.T) {
	tests := []struct {
		text, name string
		want       bool
	}{
		{"board 1: game over", "board 1", true},
		{"board 12: game over", "board 1", false},
		{"    B = 3", "B", true},
		{"Answer: 42", "A", false},
		{"T-minus 1", "A", false},
		{"", "A", false},
	}
	for _, tt := range tests {
		if got := mentions(tt.text, tt.name); got != tt.want {
			t.Errorf("mentions(%q, %q) = %v, want %v", tt.text, tt.name, got, tt.want)
		}
	}
}

func chessLane(t *testing.T, variant int) Model {
	t.Helper()
	l := chess.Lab()
	v, err := l.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := l.Variants[variant].Run(v)
	if err != nil {
		t.Fatal(err)
	}
	m := New(styles.DefaultStyles(), l.Variants[variant], Hooks{})
	m.SetResult(r, nil)
	m.SetWindow(0, 12*time.Hour)
	m.SetSize(50, 20)
	return m
}

// TestViewGolden draws a chess lane before the start, mid-way, at the end
// (facts and total shown) and as source.
func TestViewGolden(t *testing.T) {
	for _, tt := range []struct {
		name    string
		variant int
		at      time.Duration
		source  bool
	}{
		{"before_start", 0, -1, false},
		{"sequential_1h", 0, time.Hour, false},
		{"sequential_end", 0, 12 * time.Hour, false},
		{"concurrent_end", 1, 3655 * time.Second, false},
		{"source_at_block", 0, 5 * time.Second, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := chessLane(t, tt.variant)
			m.SetCursor(tt.at)
			if tt.source {
				m.ToggleSource()
			}
			view := m.View()
			lines := strings.Split(view, "\n")
			if len(lines) != 20 {
				t.Errorf("View() has %d lines, want 20", len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != 50 {
					t.Errorf("line %d is %d cells wide, want 50", i, w)
				}
			}
			golden.RequireEqual(t, ansi.Strip(view))
		})
	}
}

func TestDoneAndTotal(t *testing.T) {
	m := chessLane(t, 1)
	tests := []struct {
		at   time.Duration
		done bool
		note string
	}{
		{time.Hour, false, ""},
		{3655 * time.Second, true, "1:00:55"},
	}
	for _, tt := range tests {
		m.SetCursor(tt.at)
		if got := m.Done(); got != tt.done {
			t.Errorf("Done() at %v = %v, want %v", tt.at, got, tt.done)
		}
		_, n := m.top()
		if note := ansi.Strip(n); !strings.Contains(note, tt.note) || (tt.note == "" && strings.Contains(note, "✓")) {
			t.Errorf("note at %v = %q, want it to say %q", tt.at, note, tt.note)
		}
	}
	if total, ok := m.Total(); !ok || total != 3655*time.Second {
		t.Errorf("Total() = %v, %v, want 1:00:55", total, ok)
	}
}

// TestTopNarrow checks the top border of a lane whose task rows do not all
// show: the row range goes before the total, then the name gives way to
// its short forms, so the total always shows.
func TestTopNarrow(t *testing.T) {
	for _, tt := range []struct {
		width       int
		short       []string
		title, note string
	}{
		{40, nil, "sequential", "1-2/24 ✓ 12:00:00"},
		{32, []string{"seq."}, "sequential", "✓ 12:00:00"},
		{27, []string{"seq.", "s"}, "seq.", "✓ 12:00:00"},
		{21, []string{"seq.", "s"}, "s", "✓ 12:00:00"},
	} {
		m := chessLane(t, 0)
		m.SetShortNames(tt.short...)
		m.SetSize(tt.width, 9)
		m.SetCursor(12 * time.Hour)
		title, note := m.top()
		if note = ansi.Strip(note); title != tt.title || note != tt.note {
			t.Errorf("top(%v, %q) = %q, %q, want %q, %q", tt.width, tt.short, title, note, tt.title, tt.note)
		}
		if top := ansi.Strip(strings.Split(m.View(), "\n")[0]); !strings.Contains(top, tt.note) {
			t.Errorf("top border at %v = %q, want the total %q", tt.width, top, tt.note)
		}
	}
}

// TestOutputAndWarnings checks the order and timing of output lines and
// debug-mode warnings: a warning shows when the worker is given back.
func TestOutputAndWarnings(t *testing.T) {
	s := time.Second
	tr := &trace.Trace{Total: 5 * s, Workers: 1,
		Tasks:    []trace.Task{{Name: "A", Spans: []trace.Span{{State: trace.Blocked, Worker: 0, Start: 0, End: 5 * s}}}},
		Output:   []trace.Line{{At: s, Task: "A", Text: "one"}, {At: 4 * s, Task: "A", Text: "A two"}},
		Warnings: []trace.Warning{{At: 0, Task: "A", Held: 3 * s, Text: "long"}},
	}
	m := New(styles.DefaultStyles(), labs.Variant{Name: "v"}, Hooks{})
	m.SetResult(labs.Result{Trace: tr}, nil)
	tests := []struct {
		at   time.Duration
		want []string
	}{
		{0, nil},
		{s, []string{"0:00:01 A: one"}},
		{3 * s, []string{"0:00:01 A: one", "0:00:03 slow: A held its worker 3s"}},
		{5 * s, []string{"0:00:01 A: one", "0:00:03 slow: A held its worker 3s", "0:00:04 A two"}},
	}
	for _, tt := range tests {
		m.SetCursor(tt.at)
		var got []string
		for _, l := range m.output(10) {
			got = append(got, ansi.Strip(l))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("output at %v = %q, want %q", tt.at, got, tt.want)
		}
	}
	m.SetCursor(5 * s)
	if got := m.output(1); len(got) != 1 || ansi.Strip(got[0]) != "0:00:04 A two" {
		t.Errorf("output(1) = %q, want the last line only", got)
	}
}

// TestNoOutput: a lane that printed nothing says "(no output yet)" while
// it runs and "(no output)" once it is done.
func TestNoOutput(t *testing.T) {
	s := time.Second
	tr := &trace.Trace{Total: 2 * s, Workers: 1,
		Tasks: []trace.Task{{Name: "A", Spans: []trace.Span{{State: trace.Running, Worker: 0, Start: 0, End: 2 * s}}}}}
	m := New(styles.DefaultStyles(), labs.Variant{Name: "v"}, Hooks{})
	m.SetResult(labs.Result{Trace: tr}, nil)
	m.SetSize(40, 12)
	for _, tt := range []struct {
		at        time.Duration
		yet, done int // lines saying "(no output yet)" and "(no output)"
	}{{s, 1, 0}, {2 * s, 0, 1}} {
		m.SetCursor(tt.at)
		v := ansi.Strip(m.View())
		yet := strings.Count(v, "(no output yet)")
		if done := strings.Count(v, "(no output)"); yet != tt.yet || done != tt.done {
			t.Errorf("View() at %v: %d (no output yet), %d (no output), want %d, %d:\n%s", tt.at, yet, done, tt.yet, tt.done, v)
		}
	}
}

func TestQueues(t *testing.T) {
	s := time.Second
	q := &trace.Queues{Running: []string{"A"}, Ready: []string{"B", "C"}, Timers: []trace.Timer{{At: 3 * s, Task: "C"}}}
	tr := &trace.Trace{Total: 3 * s, Workers: 1, Tasks: []trace.Task{{Name: "A"}},
		Events: trace.NewEvents(trace.Event{At: 0, Kind: trace.EventRun, Task: "A", Queues: &trace.Queues{Running: []string{""}}}, trace.Event{At: s, Kind: trace.EventRun, Task: "A", Queues: q})}
	m := New(styles.DefaultStyles(), labs.Variant{Name: "v"}, Hooks{})
	m.SetResult(labs.Result{Trace: tr}, nil)
	m.SetCursor(2 * s)
	var got []string
	for _, l := range m.queueLines() {
		got = append(got, ansi.Strip(l))
	}
	want := []string{"running: A", "ready: B, C", "timers: C@0:00:03"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("queueLines() = %q, want %q", got, want)
	}
	m.SetCursor(0)
	if got := ansi.Strip(m.queueLines()[0]); got != "running: (idle)" {
		t.Errorf("queueLines()[0] at 0 = %q, want running: (idle)", got)
	}
}

// TestOutputWhileStepping: stepping through the events of one instant
// shows an output line only once its print event is shown.
func TestOutputWhileStepping(t *testing.T) {
	s := time.Second
	tr := &trace.Trace{Total: s, Workers: 1, Tasks: []trace.Task{{Name: "A"}},
		Output: []trace.Line{{At: s, Task: "A", Text: "one"}, {At: s, Task: "A", Text: "two"}},
		Events: trace.NewEvents(
			trace.Event{At: s, Kind: trace.EventWake, Task: "A"}, trace.Event{At: s, Kind: trace.EventPrint, Task: "A", Detail: "one"},
			trace.Event{At: s, Kind: trace.EventRun, Task: "A"}, trace.Event{At: s, Kind: trace.EventPrint, Task: "A", Detail: "two"},
		)}
	m := New(styles.DefaultStyles(), labs.Variant{Name: "v"}, Hooks{})
	m.SetResult(labs.Result{Trace: tr}, nil)
	for k, want := range map[int]string{1: "", 2: "one", 3: "one", 4: "one|two", 100: "one|two"} {
		m.SetCursorStep(s, k)
		var got []string
		for _, l := range m.output(10) {
			got = append(got, strings.TrimSpace(strings.TrimPrefix(ansi.Strip(l), "0:00:01 A:")))
		}
		if strings.Join(got, "|") != want {
			t.Errorf("output with %d events shown = %q, want %q", k, strings.Join(got, "|"), want)
		}
	}
}

func TestWrapItems(t *testing.T) {
	tests := []struct {
		items []string
		sep   string
		width int
		want  []string
	}{
		{[]string{"a 1", "b 2"}, " · ", 20, []string{"a 1 · b 2"}},
		{[]string{"answer A", "leaked 2", "wasted_seconds 0.08"}, " · ", 21, []string{"answer A · leaked 2 ·", "wasted_seconds 0.08"}},
		// the line keeps room for its mark when an item follows: 19 + " ·" would be 21
		{[]string{"cpu_seconds 1", "io 0.1", "x 1"}, " · ", 21, []string{"cpu_seconds 1 ·", "io 0.1 · x 1"}},
		// the last item needs no room for a mark
		{[]string{"cpu_seconds 1", "io 0.1"}, " · ", 22, []string{"cpu_seconds 1 · io 0.1"}},
		// an item wider than a line follows on the current one and wraps at its spaces
		{[]string{"n 6", "order C3 C2 A3 C1 D3 A2 B3"}, " · ", 16, []string{"n 6 · order C3", "C2 A3 C1 D3 A2", "B3"}},
		{[]string{"t1 holds A, waits for B", "t2 holds B, waits for A"}, "; ", 30, []string{"t1 holds A, waits for B;", "t2 holds B, waits for A"}},
		{nil, " · ", 10, nil},
	}
	for _, tt := range tests {
		got := wrapItems(tt.items, tt.sep, tt.width)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrapItems(%q, %d) = %q, want %q", tt.items, tt.width, got, tt.want)
		}
		for _, l := range got {
			if w := ansi.StringWidth(l); w > tt.width {
				t.Errorf("wrapItems(%q, %d): line %q is %d wide", tt.items, tt.width, l, w)
			}
		}
	}
}

// TestEnding: a deadlocked run says ✗ beside its total and its cycle under
// the timeline, a run that leaked says which tasks, each wrapped rather
// than cut, the facts after them; all of it only once the lane is done,
// and cut with an ellipsis when the lane is too short for it.
func TestEnding(t *testing.T) {
	ms := time.Millisecond
	spans := func(end time.Duration) []trace.Span {
		return []trace.Span{{State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn("lock A"), Start: 0, End: end}}
	}
	tr := &trace.Trace{Total: ms, Tasks: []trace.Task{{Name: "t1", Spans: spans(ms)}, {Name: "t2", Spans: spans(ms)}}}
	deadlocked := labs.Result{Trace: tr, Facts: map[string]any{"moved": 0}, Incomplete: "deadlock: ...",
		Deadlock: &labs.Deadlock{Asleep: []labs.Stuck{{Task: "t1", Doing: "waits on lock B"}, {Task: "t2", Doing: "waits on lock A"}},
			Cycle: []string{"t1 holds A, waits for B", "t2 holds B, waits for A"}}}
	leaked := labs.Result{Trace: tr, Facts: map[string]any{"leaked": 2},
		Leaked: []labs.Stuck{{Task: "t1", Doing: "waits on chan results"}, {Task: "t2", Doing: "waits on chan results"}}}
	for _, tt := range []struct {
		name   string
		r      labs.Result
		height int
		at     time.Duration
		note   string   // the frame's note
		want   []string // the lines after the event line, up to the output
	}{
		{"deadlock", deadlocked, 14, ms, "✗ 0:00:00.001", []string{"✗ deadlock: t1 holds A, waits for B;", "t2 holds B, waits for A", "moved 0"}},
		{"deadlock before the end", deadlocked, 14, 0, "", []string{"its facts appear when this lane finis…", "(no output yet)"}},
		{"deadlock, short lane", deadlocked, 10, ms, "✗ 0:00:00.001", []string{"✗ deadlock: t1 holds A, waits for B;", "t2 holds B, waits for A…"}},
		{"leaked", leaked, 14, ms, "✓ 0:00:00.001", []string{"∞ leaked when main returned: t1, t2", "leaked 2"}},
	} {
		m := New(styles.DefaultStyles(), labs.Variant{Name: "v"}, Hooks{})
		m.SetResult(tt.r, nil)
		m.SetSize(40, tt.height)
		m.SetCursor(tt.at)
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		if !strings.Contains(lines[0], tt.note) {
			t.Errorf("%s: top = %q, want the note %q", tt.name, lines[0], tt.note)
		}
		event := 0
		for i, l := range lines {
			if strings.HasPrefix(l, "│▶") || strings.HasPrefix(l, "│not started") {
				event = i
			}
		}
		var got []string
		for _, l := range lines[event+1 : event+1+len(tt.want)] {
			got = append(got, strings.TrimRight(strings.Trim(l, "│"), " "))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: ending = %q, want %q\n%s", tt.name, got, tt.want, strings.Join(lines, "\n"))
		}
	}
}
