package realrun

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs"
	_ "conclab/labs/all" // every lab registered, as in conclab: the labs with real runs are listed
	"conclab/labs/chess"
	"conclab/labs/flags"
	"conclab/labs/spinner"
	"conclab/labs/trace"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

var flagsShown = []string{"sequential", "goroutines", "limited", "loop-blocking"}

func TestChoose(t *testing.T) {
	tests := []struct {
		lab   string
		shown []string
		want  []string
	}{
		{"flags", flagsShown, []string{"sequential", "goroutines", "limited"}},
		{"flags", []string{"errgroup"}, []string{"errgroup"}},
		{"checker", []string{"pool"}, []string{"pool", "limited", "errgroup"}}, // by name and by twin
		{"checker", []string{"racy-tally"}, []string{"racy-tally"}},            // under -race, in a child
		{"checker", []string{"sequential", "chunks"}, []string{"sequential", "chunks"}},
		{"spinner", []string{"loop-yield", "loop-cpu"}, []string{"no-preempt"}}, // predicted by loop-cpu
		{"spinner", []string{"loop-yield", "loop-blocking"}, []string{"goroutine-cpu", "no-preempt", "no-preempt-all-cores", "parallel"}},
		{"chess", []string{"sequential"}, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, v := range Choose(tt.lab, tt.shown) {
			got = append(got, v.Name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Choose(%s, %v) = %v, want %v", tt.lab, tt.shown, got, tt.want)
		}
	}
}

func TestRatio(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		measured, predicted time.Duration
		want                float64
	}{
		{10027 * ms, 10 * time.Second, 1},
		{505 * ms, 500 * ms, 1.01},
		{2006 * ms, 2 * time.Second, 1},
		{3100 * ms, 2 * time.Second, 1.55},
		{1999600 * time.Microsecond, 2 * time.Second, 1}, // measured rounds to 2.000 s first
		{time.Second, 0, 0},
	}
	for _, tt := range tests {
		if got := Ratio(tt.measured, tt.predicted); got != tt.want {
			t.Errorf("Ratio(%v, %v) = %v, want %v", tt.measured, tt.predicted, got, tt.want)
		}
	}
}

func TestWrapItems(t *testing.T) {
	items := []string{"sequential 10 s → 10.1 s", "goroutines 0.5 s → 0.505 s", "limited 2 s → 2.02 s"}
	tests := []struct {
		width int
		want  []string
	}{
		{200, []string{"Totals: sequential 10 s → 10.1 s · goroutines 0.5 s → 0.505 s · limited 2 s → 2.02 s"}},
		{60, []string{"sequential 10 s → 10.1 s · goroutines 0.5 s → 0.505 s", "limited 2 s → 2.02 s"}},
		{30, []string{"sequential 10 s → 10.1 s", "goroutines 0.5 s → 0.505 s", "limited 2 s → 2.02 s"}},
	}
	for _, tt := range tests {
		if got := wrapItems("Totals: ", items, " · ", tt.width); !slices.Equal(got, tt.want) {
			t.Errorf("wrapItems(width %d) = %q, want %q", tt.width, got, tt.want)
		}
	}
}

// TestViewGolden draws the view with fake runs on a fake wall clock: live
// (goroutines over, sequential and limited on their way), over with the
// totals compared, a lane's source, a count too large for a real run, the
// spinner's runs one at a time, and a lab without real variants.
func TestViewGolden(t *testing.T) {
	ms := time.Millisecond
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		for _, tt := range []struct {
			name  string
			lab   func() *labs.Lab
			set   map[string]string
			shown []string
			at    []time.Duration // fake wall clock at each snapshot tick
			keys  []string
		}{
			{"flags_live_1.2s", flags.Lab, nil, flagsShown, []time.Duration{300 * ms, 600 * ms, 1200 * ms}, nil},
			{"flags_over", flags.Lab, nil, flagsShown, []time.Duration{600 * ms, 5 * time.Second, 11 * time.Second}, nil},
			{"flags_over_tab_source", flags.Lab, nil, flagsShown, []time.Duration{11 * time.Second}, []string{"tab", "s"}},
			{"flags_count_over_2000", flags.Lab, map[string]string{"count": "2001"}, flagsShown, nil, nil},
			{"spinner_one_at_a_time", spinner.Lab, map[string]string{"wait": "1s"}, []string{"loop-yield"}, []time.Duration{500 * ms}, nil},
			{"chess_none", chess.Lab, nil, nil, nil, nil},
		} {
			t.Run(fmt.Sprintf("%dx%d_%s", size.w, size.h, tt.name), func(t *testing.T) {
				w := &world{t: t}
				m := w.open(tt.lab(), tt.set, tt.shown, size.w, size.h)
				for _, at := range tt.at {
					m = w.advance(m, at)
				}
				m = keys(t, m, tt.keys...)
				golden.RequireEqual(t, view(t, m))
			})
		}
	}
}

// TestLive follows the runs tick by tick: the measured lanes grow with the
// wall clock, each predicted lane shows its forecast up to the same time,
// the shared axis grows, and the ticks stop when every run is over.
func TestLive(t *testing.T) {
	ms := time.Millisecond
	w := &world{t: t}
	m := w.open(flags.Lab(), nil, flagsShown, 160, 48)
	if got, want := w.started, []string{"sequential", "goroutines", "limited"}; !slices.Equal(got, want) {
		t.Fatalf("started %v, want %v (all at once)", got, want)
	}
	steps := []struct {
		at       time.Duration
		statuses []status
		reached  []time.Duration
		tick     bool
	}{
		{300 * ms, []status{running, running, running}, []time.Duration{300 * ms, 300 * ms, 300 * ms}, true},
		{1200 * ms, []status{running, done, running}, []time.Duration{1200 * ms, 505 * ms, 1200 * ms}, true},
		{3 * time.Second, []status{running, done, done}, []time.Duration{3 * time.Second, 505 * ms, 2020 * ms}, true},
		{11 * time.Second, []status{done, done, done}, []time.Duration{10100 * ms, 505 * ms, 2020 * ms}, false},
	}
	for _, s := range steps {
		w.now = s.at
		var cmd tea.Cmd
		m, cmd = m.Update(TickMsg{gen: m.gen})
		if got := statuses(m); !slices.Equal(got, s.statuses) {
			t.Errorf("at %v: statuses %v, want %v", s.at, got, s.statuses)
		}
		for i, p := range m.pairs {
			if got := m.reached(p); got != s.reached[i] {
				t.Errorf("at %v: %s reached %v, want %v", s.at, p.v.Name, got, s.reached[i])
			}
			if p.status == running {
				if got, want := p.predAt, min(s.at, p.predTotal); got != want {
					t.Errorf("at %v: %s's prediction shown up to %v, want %v", s.at, p.v.Name, got, want)
				}
			}
		}
		if (cmd != nil) != s.tick {
			t.Errorf("at %v: next tick scheduled = %v, want %v", s.at, cmd != nil, s.tick)
		}
	}
	if got := ansi.Strip(strings.Join(m.lay.summary, " ")); !strings.Contains(got, "sequential 10 s → 10.1 s (1.01×)") {
		t.Errorf("summary = %q, want sequential 10 s → 10.1 s (1.01×)", got)
	}
	// A stale tick (of the run before r) does nothing.
	if _, cmd := m.Update(TickMsg{gen: m.gen - 1}); cmd != nil {
		t.Errorf("a stale tick scheduled another")
	}
}

// TestOneAtATime runs the spinner's CPU-bound runs one after the other.
func TestOneAtATime(t *testing.T) {
	w := &world{t: t}
	m := w.open(spinner.Lab(), map[string]string{"wait": "1s"}, nil, 160, 48)
	if got, want := statuses(m), []status{running, waiting, waiting, waiting}; !slices.Equal(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	m = w.advance(m, 1100*time.Millisecond) // the first run (1.01 s) is over: the second starts
	if got, want := w.started, []string{"goroutine-cpu", "no-preempt"}; !slices.Equal(got, want) {
		t.Errorf("started %v, want %v", got, want)
	}
	if got, want := statuses(m), []status{done, running, waiting, waiting}; !slices.Equal(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
}

// TestKeys: esc cancels the runs in flight and closes; r cancels and starts
// over; tab selects the next variant.
func TestKeys(t *testing.T) {
	t.Run("esc", func(t *testing.T) {
		w := &world{t: t}
		m := w.open(flags.Lab(), nil, flagsShown, 80, 24)
		m = w.advance(m, 600*time.Millisecond) // goroutines is over, the others run
		gen := m.gen
		m, cmd := m.Update(press.Key("esc"))
		if cmd == nil || cmd() != (screen.BackMsg{}) {
			t.Fatalf("esc did not close the view")
		}
		for _, r := range w.runs {
			if wantCancel := r.name != "goroutines"; r.cancelled != wantCancel {
				t.Errorf("after esc %s cancelled = %v, want %v", r.name, r.cancelled, wantCancel)
			}
		}
		if _, cmd := m.Update(TickMsg{gen: gen}); cmd != nil {
			t.Errorf("a tick after esc scheduled another")
		}
	})
	t.Run("r", func(t *testing.T) {
		w := &world{t: t}
		m := w.open(flags.Lab(), nil, flagsShown, 80, 24)
		m = w.advance(m, 600*time.Millisecond)
		m, cmd := m.Update(press.Key("r"))
		if cmd == nil {
			t.Errorf("r scheduled no tick")
		}
		cancelled := 0
		for _, r := range w.runs[:3] {
			if r.cancelled {
				cancelled++
			}
		}
		if cancelled != 2 || len(w.started) != 6 {
			t.Errorf("r: %d runs cancelled and %d started in all, want 2 and 6", cancelled, len(w.started))
		}
		if got, want := statuses(m), []status{running, running, running}; !slices.Equal(got, want) {
			t.Errorf("after r statuses %v, want %v", got, want)
		}
	})
	t.Run("tab", func(t *testing.T) {
		w := &world{t: t}
		m := w.open(flags.Lab(), nil, flagsShown, 80, 24)
		m = keys(t, m, "tab", "tab")
		if m.selected != 2 || m.lay.first != 1 || m.lay.shown != 2 {
			t.Errorf("after tab tab: selected %d, first %d, shown %d, want 2, 1, 2", m.selected, m.lay.first, m.lay.shown)
		}
		m = keys(t, m, "tab")
		if m.selected != 0 || m.lay.first != 0 {
			t.Errorf("after a third tab: selected %d, first %d, want 0, 0", m.selected, m.lay.first)
		}
	})
	t.Run("count too large", func(t *testing.T) {
		w := &world{t: t}
		m := w.open(flags.Lab(), map[string]string{"count": "2001"}, flagsShown, 80, 24)
		want := "flags: real sequential: count = 2001 is too many for a real run over loopback (allowed: 1..2000)"
		if m.note != want || len(w.runs) != 0 || m.anyRunning() {
			t.Errorf("count=2001: note %q, %d runs, want %q and none", m.note, len(w.runs), want)
		}
	})
}

// TestAlignTasks checks that a measured trace's task rows follow the
// prediction's order, tasks the prediction lacks last in their own order,
// and that the measured trace itself is not reordered.
func TestAlignTasks(t *testing.T) {
	tr := func(names ...string) *trace.Trace {
		out := &trace.Trace{Total: time.Second}
		for _, n := range names {
			out.Tasks = append(out.Tasks, trace.Task{Name: n})
		}
		return out
	}
	names := func(tr *trace.Trace) []string {
		if tr == nil {
			return nil
		}
		var out []string
		for _, t := range tr.Tasks {
			out = append(out, t.Name)
		}
		return out
	}
	tests := []struct {
		measured, predicted *trace.Trace
		want                []string
	}{
		{tr("main", "FR", "CN", "IN"), tr("main", "CN", "IN", "US", "FR"), []string{"main", "CN", "IN", "FR"}},
		{tr("FR", "XX", "main", "YY", "CN"), tr("main", "CN", "FR"), []string{"main", "CN", "FR", "XX", "YY"}},
		{tr("FR", "main"), nil, []string{"FR", "main"}},
		{nil, tr("main"), nil},
	}
	for _, tt := range tests {
		before := names(tt.measured)
		got := names(alignTasks(tt.measured, tt.predicted))
		if !slices.Equal(got, tt.want) {
			t.Errorf("alignTasks(%v, %v) = %v, want %v", before, names(tt.predicted), got, tt.want)
		}
		if after := names(tt.measured); !slices.Equal(after, before) {
			t.Errorf("alignTasks(%v, …) changed the measured trace to %v", before, after)
		}
	}
}
