package timeline

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs/chess"
	"conclab/labs/flags"
	"conclab/labs/trace"
	"conclab/tui/styles"
)

func TestShort(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0"},
		{500 * time.Millisecond, "500ms"},
		{1500 * time.Millisecond, "1.5s"},
		{2 * time.Second, "2s"},
		{2 * time.Minute, "2m"},
		{90 * time.Second, "1m30s"},
		{3 * time.Hour, "3h"},
		{90 * time.Minute, "1h30m"},
		{65 * time.Second, "1m05s"},
		{time.Hour + 5*time.Minute + 30*time.Second, "1h05m30s"},
		{time.Hour + 30*time.Second, "1h00m30s"},
		{time.Hour + 5*time.Second, "1h00m05s"},
		{61*time.Second + 500*time.Millisecond, "1m01.5s"},
		{250 * time.Microsecond, "250µs"},
		{1500 * time.Microsecond, "1.5ms"},
		{1250 * time.Millisecond, "1.25s"},
		{36 * time.Hour, "1d12h"},
		{30 * time.Hour, "1d06h"},
		{64 * 24 * time.Hour, "64d"},
		{5 * 365 * 24 * time.Hour, "5y"},
		{(365 + 100) * 24 * time.Hour, "1y100d"},
		{-2 * time.Second, "-2s"},
	}
	for _, tt := range tests {
		if got := Short(tt.d); got != tt.want {
			t.Errorf("Short(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestTickStep(t *testing.T) {
	tests := []struct {
		span      time.Duration
		cols, gap int
		want      time.Duration
	}{
		{12 * time.Hour, 60, 8, 2 * time.Hour},
		{12 * time.Hour, 120, 8, time.Hour},
		{6 * time.Second, 40, 8, 2 * time.Second},
		{3 * time.Second, 60, 8, 500 * time.Millisecond},
		{0, 60, 8, 0},
		{1000 * 24 * time.Hour, 10, 8, 5 * 365 * 24 * time.Hour}, // years past 100 days: 0 5y
		{1000 * 24 * time.Hour, 40, 8, 365 * 24 * time.Hour},
		{10 * 24 * time.Hour, 40, 8, 2 * 24 * time.Hour},
		{200 * 365 * 24 * time.Hour, 40, 8, 50 * 365 * 24 * time.Hour},
		{300 * time.Microsecond, 60, 8, 50 * time.Microsecond},
	}
	for _, tt := range tests {
		if got := TickStep(tt.span, tt.cols, tt.gap); got != tt.want {
			t.Errorf("TickStep(%v, %d, %d) = %v, want %v", tt.span, tt.cols, tt.gap, got, tt.want)
		}
	}
}

// oneTask is a trace of a task that runs 2 s, waits 2 s, is ready 1 s,
// is blocked 3 s, on one worker.
func oneTask() *trace.Trace {
	s := time.Second
	return &trace.Trace{Total: 8 * s, Workers: 1, Tasks: []trace.Task{{Name: "T", Spans: []trace.Span{
		{State: trace.Running, Worker: 0, Start: 0, End: 2 * s},
		{State: trace.Waiting, Worker: trace.NoWorker, Start: 2 * s, End: 4 * s},
		{State: trace.Ready, Worker: trace.NoWorker, Start: 4 * s, End: 5 * s},
		{State: trace.Blocked, Worker: 0, Start: 5 * s, End: 8 * s},
	}}}}
}

// TestCells checks the majority rule and the reveal up to the cursor: each
// cell shows the state the task spent most of its column in, and nothing
// after the cursor is drawn.
func TestCells(t *testing.T) {
	tests := []struct {
		name  string
		cols  int
		at    time.Duration
		want  string // task row: R running, B blocked, W waiting, r ready, . nothing
		wantW string // worker row
	}{
		{"one column per second", 8, 8 * time.Second, "RRWWrBBB", "RR...BBB"},
		{"two seconds a column", 4, 8 * time.Second, "RWBB", "R.BB"},
		{"ties go to running, then blocked, then ready", 2, 8 * time.Second, "RB", "RB"},
		{"cut at the cursor", 8, 3 * time.Second, "RRW.....", "RR......"},
		{"before the start", 8, -1, "........", "........"},
	}
	letter := map[uint8]byte{none: '.', running: 'R', blocked: 'B', waiting: 'W', ready: 'r'}
	for _, tt := range tests {
		m := New(styles.DefaultStyles())
		m.SetTrace(oneTask())
		m.SetCursor(tt.at)
		out := make([]uint8, tt.cols)
		row := func(spans []trace.Span, gaps bool) string {
			m.cells(spans, gaps, m.bounds(tt.cols), out)
			b := make([]byte, tt.cols)
			for i, k := range out {
				b[i] = letter[k]
			}
			return string(b)
		}
		if got := row(m.tr.Tasks[0].Spans, false); got != tt.want {
			t.Errorf("%s: task row = %s, want %s", tt.name, got, tt.want)
		}
		if got := row(m.workers[0].spans, true); got != tt.wantW {
			t.Errorf("%s: worker row = %s, want %s", tt.name, got, tt.wantW)
		}
	}
}

// TestWorkerRowOverlap: a real run cannot record preemption, so a worker row
// can hold a long span with short ones inside it (a CPU loop from 0 to 8 s,
// the spinner's turns at 1 s and 2 s); every column is busy, none goes
// idle once the short spans are behind.
func TestWorkerRowOverlap(t *testing.T) {
	s := time.Second
	tr := &trace.Trace{Total: 8 * s, Workers: 1, Tasks: []trace.Task{
		{Name: "slow", Spans: []trace.Span{{State: trace.Running, Worker: 0, Start: 0, End: 8 * s}}},
		{Name: "spinner", Spans: []trace.Span{
			{State: trace.Running, Worker: 0, Start: s, End: s + s/10},
			{State: trace.Running, Worker: 0, Start: 2 * s, End: 2*s + s/10},
		}},
	}}
	m := New(styles.DefaultStyles())
	m.SetTrace(tr)
	m.SetCursor(8 * s)
	out := make([]uint8, 8)
	m.cells(m.workers[0].spans, true, m.bounds(8), out)
	for c, k := range out {
		if k != running {
			t.Errorf("worker row column %d = state %d, want running (%v)", c, k, out)
		}
	}
}

// TestSyncWaits: waiting for another task (a channel, a lock, a join) has
// its own glyph, apart from waiting for a timer or I/O, in Unicode and in
// ASCII, and neither is the axis's or the border's.
func TestSyncWaits(t *testing.T) {
	s := time.Second
	tr := &trace.Trace{Total: 6 * s, Workers: 1, Tasks: []trace.Task{{Name: "T", Spans: []trace.Span{
		{State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn("chan semaphore"), Start: 0, End: 2 * s},
		{State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn("io"), Start: 2 * s, End: 4 * s},
		{State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn("join"), Start: 4 * s, End: 5 * s},
		{State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn("timer"), Start: 5 * s, End: 6 * s},
	}}}}
	for _, tt := range []struct {
		st   styles.Styles
		want string
	}{
		{styles.DefaultStyles(), "T ··──·─"},
		{styles.DefaultStyles().WithASCII(), "T ::--:-"},
	} {
		g := tt.st.Glyphs
		for _, other := range []string{g.Waiting, g.Axis, g.Tick, g.Horizontal, g.Vertical, g.Running, g.Blocked, g.Ready, g.Cursor} {
			if g.Sync == other {
				t.Errorf("the sync glyph %q is also another glyph of the timeline or the frame", g.Sync)
			}
		}
		if tt.st.Sync.GetForeground() == tt.st.Waiting.GetForeground() || tt.st.Sync.GetForeground() == tt.st.Border.GetForeground() ||
			tt.st.Sync.GetForeground() == tt.st.Axis.GetForeground() {
			t.Errorf("the sync colour is the colour of waiting, the border or the axis")
		}
		m := New(tt.st)
		m.SetTrace(tr)
		m.SetSize(8, 1+AxisHeight)
		m.SetCursor(7 * s) // past the end: no cursor column
		if got := strings.Split(ansi.Strip(m.View()), "\n")[0]; got != tt.want {
			t.Errorf("row = %q, want %q", got, tt.want)
		}
	}
}

// TestLimitedStaircase: with at most 5 downloads at once, each 0.5 s, the
// flags limited lane is a staircase: flag i waits (i/5) × 0.5 s for a slot
// of the semaphore (a wait for other goroutines), then 0.5 s for its answer.
// On 40 columns for 2 s (10 a step) that is 10 × (i/5) sync cells, then 10
// waiting ones.
func TestLimitedStaircase(t *testing.T) {
	l := flags.Lab()
	v, err := l.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	lim, err := l.Variant("limited")
	if err != nil {
		t.Fatal(err)
	}
	r, err := lim.Run(v)
	if err != nil {
		t.Fatal(err)
	}
	m := New(styles.DefaultStyles())
	m.SetTrace(r.Trace)
	m.SetCursor(r.Trace.Total)
	out := make([]uint8, 40)
	letter := map[uint8]byte{none: '.', running: 'R', blocked: 'B', waiting: '-', syncWait: ':', ready: 'r'}
	for i, code := range flags.Codes(20) {
		task := r.Trace.Task(code)
		if task == nil {
			t.Fatalf("no lane row for %s", code)
		}
		m.cells(task.Spans, false, m.bounds(40), out)
		b := make([]byte, len(out))
		for c, k := range out {
			b[c] = letter[k]
		}
		queued := 10 * (i / 5)
		want := strings.Repeat(":", queued) + strings.Repeat("-", 10) + strings.Repeat(".", 40-queued-10)
		if string(b) != want {
			t.Errorf("%s (flag %d) = %s, want %s", code, i+1, b, want)
		}
	}
}

func chessTraces(t *testing.T) (seq, conc *trace.Trace) {
	t.Helper()
	l := chess.Lab()
	v, err := l.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := l.Variants[0].Run(v)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := l.Variants[1].Run(v)
	if err != nil {
		t.Fatal(err)
	}
	return rs.Trace, rc.Trace
}

// TestViewGolden draws the chess exhibition's two variants on one 12-hour
// window, at the end and half way.
func TestViewGolden(t *testing.T) {
	seq, conc := chessTraces(t)
	for _, tt := range []struct {
		name string
		tr   *trace.Trace
		at   time.Duration
		w, h int
	}{
		{"sequential_end", seq, seq.Total, 60, 12},
		{"sequential_half", seq, seq.Total / 2, 60, 12},
		{"concurrent_end", conc, conc.Total, 60, 12},
		{"narrow", seq, seq.Total, 24, 6},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := New(styles.DefaultStyles())
			m.SetTrace(tt.tr)
			m.SetWindow(0, seq.Total)
			m.SetSize(tt.w, tt.h)
			m.SetCursor(tt.at)
			view := m.View()
			lines := strings.Split(view, "\n")
			if len(lines) != tt.h {
				t.Errorf("View() has %d lines, want %d", len(lines), tt.h)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != tt.w {
					t.Errorf("line %d is %d cells wide, want %d", i, w, tt.w)
				}
			}
			golden.RequireEqual(t, ansi.Strip(view))
		})
	}
}

func TestScrollRows(t *testing.T) {
	seq, _ := chessTraces(t)
	m := New(styles.DefaultStyles())
	m.SetTrace(seq)
	m.SetSize(60, 12) // 1 worker row, 9 task rows, the axis
	tests := []struct{ offset, first, shown, total int }{
		{0, 0, 9, 24},
		{5, 5, 9, 24},
		{100, 15, 9, 24},
		{-3, 0, 9, 24},
	}
	for _, tt := range tests {
		m.SetOffset(tt.offset)
		if first, shown, total := m.Rows(); first != tt.first || shown != tt.shown || total != tt.total {
			t.Errorf("SetOffset(%d): Rows() = %d, %d, %d, want %d, %d, %d", tt.offset, first, shown, total, tt.first, tt.shown, tt.total)
		}
	}
	if got, want := m.Needs(), 1+24+AxisHeight; got != want {
		t.Errorf("Needs() = %d, want %d", got, want)
	}
}

func BenchmarkView(b *testing.B) {
	l := chess.Lab()
	v, _ := l.Resolve(nil)
	r, _ := l.Variants[0].Run(v)
	m := New(styles.DefaultStyles())
	m.SetTrace(r.Trace)
	m.SetSize(38, 30)
	m.SetCursor(r.Trace.Total / 2)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// TestMarks: a task left waiting for ever ends its row in a mark, in the
// first column after the end of the run (the last when the run fills the
// window), once the cursor has reached the end; not before, not on a task
// without a mark, and not when the window ends before the run does.
func TestMarks(t *testing.T) {
	s := time.Second
	wait := func(on string, end time.Duration) []trace.Span {
		return []trace.Span{{State: trace.Waiting, Worker: trace.NoWorker, On: trace.WaitOn(on), Start: 0, End: end}}
	}
	tr := &trace.Trace{Total: 4 * s, Tasks: []trace.Task{ // no workers: no worker rows
		{Name: "A", Spans: wait("io", 2*s)},
		{Name: "B", Spans: wait("chan results", 4*s)},
		{Name: "C", Spans: wait("lock A", 4*s)},
	}}
	marks := map[string]Mark{"B": Leaked, "C": Deadlocked}
	for _, tt := range []struct {
		name     string
		st       styles.Styles
		at       time.Duration
		from, to time.Duration
		want     []string
	}{
		{"at the end", styles.DefaultStyles(), 5 * s, 0, 4 * s, []string{"A ────    ", "B ·······∞", "C ·······✗"}},
		{"in ASCII", styles.DefaultStyles().WithASCII(), 5 * s, 0, 4 * s, []string{"A ----    ", "B :::::::!", "C :::::::x"}},
		{"the run ends mid-window", styles.DefaultStyles(), 9 * s, 0, 8 * s, []string{"A ──      ", "B ····∞   ", "C ····✗   "}},
		{"before the end", styles.DefaultStyles(), 3 * s, 0, 8 * s, []string{"A ──      ", "B ···     ", "C ···     "}},
		{"zoomed before the end", styles.DefaultStyles(), 9 * s, 0, 2 * s, []string{"A ────────", "B ········", "C ········"}},
	} {
		m := New(tt.st)
		m.SetTrace(tr)
		m.SetMarks(marks)
		m.SetWindow(tt.from, tt.to)
		m.SetSize(10, 3+AxisHeight)
		m.SetCursor(tt.at)
		if got := strings.Split(ansi.Strip(m.View()), "\n")[:3]; strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: rows = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFitLabel(t *testing.T) {
	tests := []struct {
		name  string
		width int
		want  string
	}{
		{"goroutine 1", 9, "gorout… 1"},
		{"goroutine 12", 9, "gorou… 12"},
		{"thread 1", 9, "thread 1 "},
		{"main", 6, "main  "},
		{"supercalifragilistic", 9, "supercal…"}, // no last word: cut at the end
		{"a verylongtail", 9, "a verylo…"},       // a last word too long to keep
	}
	for _, tt := range tests {
		if got := fitLabel(tt.name, tt.width, "…"); got != tt.want {
			t.Errorf("fitLabel(%q, %d) = %q, want %q", tt.name, tt.width, got, tt.want)
		}
	}
}
