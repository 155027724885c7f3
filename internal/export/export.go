// Package export turns runs of a lab into pictures and files to take away:
// the lanes as an SVG picture or a self-contained HTML page (WriteSVG,
// WriteHTML), the traces as Chrome trace-event JSON for Perfetto UI and
// chrome://tracing (WritePerfetto), and a terminal screen, ANSI and all, as
// an SVG picture (WriteScreenSVG).
//
// The lanes are drawn as the TUI draws them (tui/components/timeline): one
// lane per variant on a shared time axis, a row per worker and per task,
// each span in its state's colour and shape — running a full bar (█),
// blocked a hatched bar (▒), waiting for a timer or I/O a thin line (─),
// waiting for another task (sync: a channel, a lock, a WaitGroup) a dotted
// line (·), ready a pale bar (░) — and the marks of tasks a run left
// behind: ∞ leaked, ✗ asleep in a deadlock. The colours are the TUI's
// ANSI colours (tui/styles) as a dark terminal theme shows them.
//
// Nothing here touches a terminal or the file system: every writer takes an
// io.Writer. Every function is safe for concurrent use.
package export

import (
	"time"

	"conclab/labs"
	"conclab/labs/trace"
)

// Lane is one variant's run, as `conclab run` shows it.
type Lane struct {
	// Variant is the variant's name; Summary its one line (may be empty).
	Variant, Summary string
	// Result is what the run produced; its Trace must not be nil.
	Result labs.Result
	// Speedup is the run's speedup as `run` prints it ("11.8x"; "-" or
	// "" for none).
	Speedup string
	// Facts are the run's facts as `run` prints them ("boards=24 masters=1").
	Facts string
}

// Picture is what WriteSVG, WriteHTML and WritePerfetto draw: a lab's runs.
type Picture struct {
	// Title heads the picture ("chess — Chess exhibition").
	Title string
	// Params is the parameters line ("boards=24 master_move=5s").
	Params string
	// Lanes are the runs, in the order `run` lists them.
	Lanes []Lane
}

// Options size a picture. The zero value takes the defaults.
type Options struct {
	// Width is the picture's width in pixels (DefaultWidth when 0);
	// WriteSVG refuses one outside MinWidth..MaxWidth.
	Width int
	// MaxRows is the most task rows drawn per lane (DefaultMaxRows when
	// 0); a note under the lane says how many more there are.
	MaxRows int
}

// The widths a picture can have, in pixels, and the default number of task
// rows per lane.
const (
	DefaultWidth   = 1200
	MinWidth       = 480
	MaxWidth       = 16384
	DefaultMaxRows = 48
)

func (o Options) width() int {
	if o.Width == 0 {
		return DefaultWidth
	}
	return o.Width
}

func (o Options) maxRows() int {
	if o.MaxRows <= 0 {
		return DefaultMaxRows
	}
	return o.MaxRows
}

// window is the time the axis covers: from 0 to the longest lane's total
// (lanes compared side by side share one axis, as in the TUI).
func (p Picture) window() time.Duration {
	var end time.Duration
	for _, l := range p.Lanes {
		end = max(end, l.Result.Trace.Total)
	}
	return end
}

// Kind is how a span is drawn: its state, with waiting split into waiting
// for the world (a timer, I/O) and waiting for another task (Sync).
type Kind uint8

// The kinds of span, as the TUI's glyphs tell them apart.
const (
	// Idle is no span: a worker with nothing to do, a task not started or done.
	Idle Kind = iota
	Running
	Blocked
	Waiting
	Sync
	Ready
	numKinds
)

// KindOf is how span sp is drawn.
func KindOf(sp trace.Span) Kind {
	switch sp.State {
	case trace.Running:
		return Running
	case trace.Blocked:
		return Blocked
	case trace.Waiting:
		if sp.WaitsForTask() {
			return Sync
		}
		return Waiting
	case trace.Ready:
		return Ready
	}
	return Idle
}

var kindNames = [numKinds]string{"idle", "running", "blocked", "waiting", "sync", "ready"}

// String is the kind's name as the SVG's classes and the legend say it:
// "running", "blocked", "waiting", "sync", "ready" ("idle" for Idle).
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "idle"
}

// ANSI colours (0-15) of the kinds and marks: the TUI's (tui/styles:
// Running green, Blocked red, Waiting blue, Sync cyan, Ready yellow; the
// leaked mark in the warning colour, the deadlock mark in the error colour).
var kindANSI = [numKinds]int{Idle: 8, Running: 2, Blocked: 1, Waiting: 4, Sync: 6, Ready: 3}

// ANSI returns the ANSI colour (0-15) the TUI draws kind k in.
func (k Kind) ANSI() int { return kindANSI[min(k, numKinds-1)] }

// The ANSI colours of the end marks and of muted text.
const (
	LeakedANSI     = 3
	DeadlockedANSI = 1
	MutedANSI      = 8
)

// Palette is the RGB of the 16 ANSI colours as the pictures show them: a
// dark terminal theme's (VS Code's default dark terminal colours).
var Palette = [16]string{
	"#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
	"#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
}

// The picture's own colours: its background and its text.
const (
	background = "#1e1e1e"
	foreground = "#cccccc"
)

// legendEntry is one glyph of the legend and what it means, as the TUI's
// legend (tui/styles.Legend, tui/components/legend) says it.
type legendEntry struct {
	kind        Kind
	glyph, long string
	meaning     string
}

var legend = []legendEntry{
	{kind: Running, glyph: "█", long: "running", meaning: "the task has a worker and runs on it (computes)"},
	{kind: Blocked, glyph: "▒", long: "blocked", meaning: "a blocking call: the task waits AND keeps its worker, so nothing else runs there"},
	{kind: Waiting, glyph: "─", long: "waiting", meaning: "for a timer or I/O, with its worker given back (a sleep, an await)"},
	{kind: Sync, glyph: "·", long: "sync: on a goroutine", meaning: "waiting for another task (a channel, a lock, a WaitGroup)"},
	{kind: Ready, glyph: "░", long: "ready", meaning: "could run now, but waits its turn for a free worker"},
}

// The end marks of rows, as the TUI draws them (tui/styles Glyphs).
const (
	LeakedGlyph     = "∞"
	DeadlockedGlyph = "✗"
	DoneGlyph       = "✓"
)

// marks are the end marks of r's rows by task name: its leaked tasks' and
// its tasks asleep in a deadlock (as the TUI's lanes mark them).
func marks(r labs.Result) map[string]string {
	out := map[string]string{}
	for _, s := range r.Leaked {
		out[s.Task] = LeakedGlyph
	}
	if r.Deadlock != nil {
		for _, s := range r.Deadlock.Asleep {
			out[s.Task] = DeadlockedGlyph
		}
	}
	return out
}
