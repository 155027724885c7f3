package gil_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/internal/cli"
	"conclab/internal/labtest"
	"conclab/internal/realrun/realtest"
	"conclab/labs"
	"conclab/labs/gil"
	"conclab/labs/trace"
)

// TestMain runs a real run's child when the test binary is started as one
// (see real_test.go), and checks that no test leaves a goroutine behind.
func TestMain(m *testing.M) { realtest.Main(m) }

const ms = time.Millisecond

func run(t testing.TB, variant string, sets map[string]string) labs.Result {
	t.Helper()
	return labtest.Run(t, gil.Lab(), variant, sets)
}

// seconds reads a fact in seconds back as a duration (the facts are
// Duration.Seconds() of exact virtual times, so this is exact to the
// microsecond and beyond).
func seconds(t testing.TB, facts map[string]any, name string) time.Duration {
	t.Helper()
	f, ok := facts[name].(float64)
	if !ok {
		t.Fatalf("fact %s = %v (%T), want seconds", name, facts[name], facts[name])
	}
	return time.Duration(f * float64(time.Second)).Round(time.Microsecond)
}

// ceilDiv is ceil(a / b) for positive whole numbers.
func ceilDiv(a, b int) int { return (a + b - 1) / b }

// jobs are the formulas of the lab's jobs, derived from what each runtime
// allows (not read off the program):
//   - sequential: one job after another, jobs x work;
//   - threads under the GIL: one thread computes at a time and no switch
//     costs anything, so CPU work adds up to jobs x work; blocking calls
//     release the GIL and all overlap: work;
//   - processes: a pool of cores processes start together (spawn), then
//     each runs whole jobs, one at a time: spawn + ceil(jobs/cores) x work;
//   - no GIL (free-threaded, goroutines): I/O overlaps (work); CPU work
//     keeps every core busy while jobs are left and is handed out in whole
//     slices of 10 ms, so it takes ceil(jobs x work / (cores x slice))
//     slices, and never less than one job's work (work a multiple of the
//     slice).
func jobs(variant string, jobs, cores int, work, spawn time.Duration, kind gil.Kind) time.Duration {
	const slice = 10 * ms
	n := time.Duration(jobs)
	switch {
	case variant == "sequential":
		return n * work
	case variant == "processes":
		return spawn + time.Duration(ceilDiv(jobs, cores))*work
	case kind == gil.IO:
		return work
	case variant == "threads":
		return n * work
	}
	perSlice := int(work / slice)
	return max(work, time.Duration(ceilDiv(jobs*perSlice, cores))*slice)
}

// convoy is the convoy's formula: each read's cycle c = read + interval
// (the read, then the switch interval the reader waits for the GIL while
// the CPU-bound thread holds it). While the CPU thread computes, read k
// starts at (k-1)c; if the CPU thread ends (at work) during read k's
// cycle, the reader gets the GIL when its read ends or when the CPU
// thread ends, whichever is later, and the reads after that take read
// each.
func convoy(reads int, read, interval, work time.Duration) time.Duration {
	c := read + interval
	n := time.Duration(reads)
	if work >= n*c {
		return n * c
	}
	k := work/c + 1 // the cycle in which the CPU thread ends
	return max((k-1)*c+read, work) + (n-k)*read
}

// TestDefaults checks every number the lab's issue states, at the
// defaults, on the virtual clock.
func TestDefaults(t *testing.T) {
	v := labtest.Resolve(t, gil.Lab(), nil)
	w, c, interval := gil.WorkOf(v), gil.ConvoyOf(v), v.Duration("interval")
	require.Equal(t, gil.Work{Jobs: 4, Work: time.Second, Kind: gil.CPU, Cores: 4, Spawn: 100 * ms}, w)
	require.Equal(t, gil.Convoy{Reads: 100, Read: ms, Work: time.Second}, c)
	require.Equal(t, 5*ms, interval)
	tests := []struct {
		variant string
		kind    gil.Kind
		want    time.Duration
	}{
		{"sequential", gil.CPU, 4 * time.Second},
		{"sequential", gil.IO, 4 * time.Second},
		{"threads", gil.CPU, 4 * time.Second},
		{"threads", gil.IO, time.Second},
		{"processes", gil.CPU, 1100 * ms},
		{"processes", gil.IO, 1100 * ms},
		{"free-threaded", gil.CPU, time.Second},
		{"free-threaded", gil.IO, time.Second},
		{"goroutines", gil.CPU, time.Second},
		{"goroutines", gil.IO, time.Second},
	}
	for _, tt := range tests {
		got := run(t, tt.variant, map[string]string{"kind": string(tt.kind)}).Trace.Total
		if got != tt.want {
			t.Errorf("%s(kind=%s) = %v, want %v", tt.variant, tt.kind, got, tt.want)
		}
		if f := jobs(tt.variant, w.Jobs, w.Cores, w.Work, w.Spawn, tt.kind); f != tt.want {
			t.Errorf("formula %s(kind=%s) = %v, want %v", tt.variant, tt.kind, f, tt.want)
		}
	}

	cv := run(t, "convoy", nil)
	assert.Equal(t, 600*ms, seconds(t, cv.Facts, "io_seconds"))
	assert.Equal(t, 100*ms, seconds(t, cv.Facts, "io_alone_seconds"))
	assert.Equal(t, 500*ms, seconds(t, cv.Facts, "io_ready_seconds"))
	assert.Equal(t, time.Second, seconds(t, cv.Facts, "cpu_seconds"))
	assert.Equal(t, 100, cv.Facts["drop_requests"])
	assert.Equal(t, 0.6, cv.Facts["io_seconds"], "the issue's fact io_seconds: 0.6")
	assert.Equal(t, time.Duration(c.Reads)*(c.Read+interval), convoy(c.Reads, c.Read, interval, c.Work))
	assert.Equal(t, time.Second, cv.Trace.Total)

	cg := run(t, "convoy-go", nil)
	assert.Equal(t, 100*ms, seconds(t, cg.Facts, "io_seconds"))
	assert.Equal(t, time.Duration(0), seconds(t, cg.Facts, "io_ready_seconds"))
	assert.NotContains(t, cg.Facts, "drop_requests")
}

// TestJobsFormulas runs the five job variants over a grid of parameters
// and checks each total against the formulas.
func TestJobsFormulas(t *testing.T) {
	variants := []string{"sequential", "threads", "processes", "free-threaded", "goroutines"}
	for _, kind := range []gil.Kind{gil.CPU, gil.IO} {
		for _, n := range []int{1, 2, 3, 4, 5, 8} {
			for _, cores := range []int{1, 2, 3, 4, 8} {
				for _, work := range []time.Duration{250 * ms, time.Second} {
					spawn := time.Duration(n%2) * 100 * ms // 0 and 100 ms
					sets := map[string]string{"kind": string(kind), "jobs": fmt.Sprint(n), "cores": fmt.Sprint(cores),
						"work": work.String(), "spawn": spawn.String()}
					for _, variant := range variants {
						res := run(t, variant, sets)
						if got, want := res.Trace.Total, jobs(variant, n, cores, work, spawn, kind); got != want {
							t.Errorf("%s(%v) = %v, want %v", variant, sets, got, want)
						}
						if got, want := res.Facts["at_once"], atOnce(variant, n, cores, spawn, kind); got != want {
							t.Errorf("%s(%v) at_once = %v, want %v", variant, sets, got, want)
						}
					}
				}
			}
		}
	}
}

// atOnce is how many tasks can be busy at once: one under the GIL when
// they compute (or one thread alone); every job when they wait or when
// there is no GIL, up to the cores; the whole pool (cores) while its
// processes start.
func atOnce(variant string, jobs, cores int, spawn time.Duration, kind gil.Kind) int {
	switch {
	case variant == "sequential":
		return 1
	case variant == "processes" && spawn > 0:
		return cores
	case variant == "processes":
		return min(jobs, cores)
	case variant == "threads" && kind == gil.CPU:
		return 1
	case variant == "threads":
		return jobs
	case kind == gil.IO:
		return jobs
	}
	return min(jobs, cores)
}

// TestThreadsTakeTurns: CPU-bound threads under the GIL run in turns of
// one switch interval (the waiter asks after one interval, the holder
// drops the GIL at once); every turn but each thread's last ends with a
// drop request.
func TestThreadsTakeTurns(t *testing.T) {
	for _, n := range []int{2, 3, 4, 5, 8} {
		for _, interval := range []time.Duration{ms, 5 * ms, 20 * ms} {
			for _, work := range []time.Duration{100 * ms, time.Second} {
				sets := map[string]string{"jobs": fmt.Sprint(n), "interval": interval.String(), "work": work.String()}
				res := run(t, "threads", sets)
				turns := 0
				for _, task := range res.Trace.Tasks {
					for _, sp := range task.Spans {
						if sp.State == trace.Running {
							if sp.Duration() != interval {
								t.Fatalf("threads(%v): %s ran %v at %v, want turns of %v", sets, task.Name, sp.Duration(), sp.Start, interval)
							}
							turns++
						}
					}
				}
				wantTurns := n * int(work/interval)
				if turns != wantTurns {
					t.Errorf("threads(%v) turns = %d, want jobs x work / interval = %d", sets, turns, wantTurns)
				}
				if got := res.Facts["drop_requests"]; got != wantTurns-n {
					t.Errorf("threads(%v) drop_requests = %v, want turns - jobs = %d", sets, got, wantTurns-n)
				}
				// The last round: each thread finishes in its own turn, one interval apart.
				last := res.Trace.Output[len(res.Trace.Output)-1].At
				for i, l := range res.Trace.Output {
					if want := last - time.Duration(n-1-i)*interval; l.At != want {
						t.Errorf("threads(%v): %s at %v, want %v", sets, l.Text, l.At, want)
					}
				}
			}
		}
	}
}

// TestConvoyFormula runs the convoy over a grid of parameters, including
// CPU threads that stop before, during and after the reads.
func TestConvoyFormula(t *testing.T) {
	for _, reads := range []int{1, 10, 100} {
		for _, read := range []time.Duration{ms, 3 * ms} {
			for _, interval := range []time.Duration{ms, 5 * ms, 20 * ms} {
				for _, work := range []time.Duration{ms, 50 * ms, 300 * ms, time.Second, 3 * time.Second} {
					sets := map[string]string{"reads": fmt.Sprint(reads), "read": read.String(),
						"interval": interval.String(), "work": work.String()}
					res := run(t, "convoy", sets)
					io := convoy(reads, read, interval, work)
					if got := seconds(t, res.Facts, "io_seconds"); got != io {
						t.Errorf("convoy(%v) io_seconds = %v, want %v", sets, got, io)
					}
					if got := seconds(t, res.Facts, "io_ready_seconds"); got != io-time.Duration(reads)*read {
						t.Errorf("convoy(%v) io_ready_seconds = %v, want io - reads x read = %v", sets, got, io-time.Duration(reads)*read)
					}
					if got := seconds(t, res.Facts, "cpu_seconds"); got != work {
						t.Errorf("convoy(%v) cpu_seconds = %v, want work: the CPU thread loses nothing", sets, got)
					}
					if got := res.Trace.Total; got != max(io, work) {
						t.Errorf("convoy(%v) total = %v, want %v", sets, got, max(io, work))
					}
					alone := time.Duration(reads) * read
					if got := seconds(t, res.Facts, "io_alone_seconds"); got != alone {
						t.Errorf("convoy(%v) io_alone_seconds = %v, want reads x read = %v", sets, got, alone)
					}
					for _, cores := range []string{"2", "4"} {
						sets["cores"] = cores
						if got := seconds(t, run(t, "convoy-go", sets).Facts, "io_seconds"); got != alone {
							t.Errorf("convoy-go(%v) io_seconds = %v, want reads x read = %v", sets, got, alone)
						}
					}
					delete(sets, "cores")
				}
			}
		}
	}
}

func TestBadParams(t *testing.T) {
	tests := []struct {
		sets map[string]string
		want string
	}{
		{map[string]string{"kind": "gpu"}, `gil: kind = "gpu": want cpu or io`},
		{map[string]string{"kind": ""}, `gil: kind = "": want cpu or io`},
		{map[string]string{"cores": "0"}, "gil: cores = 0 is out of range (allowed: 1..64)"},
		{map[string]string{"cores": "four"}, `gil: cores = "four" is not a whole number (allowed: 1..64)`},
		{map[string]string{"jobs": "0"}, "gil: jobs = 0 is out of range (allowed: 1..64)"},
		{map[string]string{"jobs": "65"}, "gil: jobs = 65 is out of range (allowed: 1..64)"},
		{map[string]string{"work": "0s"}, "gil: work = 0s is out of range (allowed: 1ms..1h)"},
		{map[string]string{"work": "1"}, `gil: work = "1" is not a duration: durations need a unit, 3s or 700ms (allowed: 1ms..1h)`},
		{map[string]string{"interval": "0s"}, "gil: interval = 0s is out of range (allowed: 100us..1s)"},
		{map[string]string{"interval": "2s"}, "gil: interval = 2s is out of range (allowed: 100us..1s)"},
		{map[string]string{"spawn": "-1s"}, "gil: spawn = -1s is out of range (allowed: 0s..1m)"},
		{map[string]string{"reads": "0"}, "gil: reads = 0 is out of range (allowed: 1..100000)"},
		{map[string]string{"read": "0s"}, "gil: read = 0s is out of range (allowed: 100us..1m)"},
		{map[string]string{"threads": "4"}, `gil: unknown parameter "threads" (parameters: jobs, work, kind, cores, interval, spawn, reads, read)`},
		{map[string]string{"jobs": "64", "work": "1s", "interval": "1ms"},
			"gil: jobs x jobs x work / interval = 4096000 timed waits for the GIL is too many to simulate (at most 1000000)"},
		{map[string]string{"jobs": "64", "cores": "2", "work": "2m", "interval": "1s"},
			"gil: jobs x work / 10ms = 768000 time slices is too many to simulate (at most 500000)"},
	}
	for _, tt := range tests {
		_, err := gil.Lab().Resolve(tt.sets)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Resolve(%v) = %v, want %v", tt.sets, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("Resolve(%v): %q is not one line", tt.sets, err)
		}
	}
	// I/O-bound jobs never wait for the GIL: the limits are for CPU work.
	_, err := gil.Lab().Resolve(map[string]string{"jobs": "64", "cores": "2", "work": "2m", "interval": "1ms", "kind": "io"})
	assert.NoError(t, err)
}

// cliRun runs conclab's command line.
func cliRun(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	t.Setenv("CONCLAB_CONFIG_DIR", t.TempDir())
	var out, errb bytes.Buffer
	status = cli.Main(args, cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader("")})
	return out.String(), errb.String(), status
}

// TestCommandLine: the lab is listed, runs as text, JSON and steps, has
// help, and its JSON is byte-identical from one run to the next.
func TestCommandLine(t *testing.T) {
	out, errs, status := cliRun(t, "list")
	require.Zero(t, status, errs)
	assert.Contains(t, out, "gil")
	assert.Contains(t, out, gil.Lab().Summary)

	out, errs, status = cliRun(t, "run", "gil")
	require.Zero(t, status, errs)
	for _, re := range []string{`sequential\s+0:00:04\s`, `threads\s+0:00:04\s`, `processes\s+0:00:01\.1\s`,
		`free-threaded\s+0:00:01\s`, `goroutines\s+0:00:01\s`} {
		assert.Regexp(t, re, out)
	}

	var first string
	for i := range 2 {
		out, errs, status = cliRun(t, "run", "gil", "--variant", strings.Join(gil.Lab().VariantNames(), ","), "--json")
		require.Zero(t, status, errs)
		if i == 0 {
			first = out
			assert.Contains(t, out, `"io_seconds":0.6`)
		} else {
			assert.Equal(t, first, out, "the same run twice must give byte-identical JSON")
		}
	}

	out, errs, status = cliRun(t, "run", "gil", "--variant", "convoy", "--steps")
	require.Zero(t, status, errs)
	assert.Contains(t, out, "preempt  cpu")

	out, errs, status = cliRun(t, "help", "gil")
	require.Zero(t, status, errs)
	for _, s := range []string{"interval", "sys.getswitchinterval()", "convoy-go", "The convoy"} {
		assert.Contains(t, out, s)
	}

	_, errs, status = cliRun(t, "run", "gil", "--set", "kind=gpu")
	assert.NotZero(t, status)
	assert.Equal(t, "conclab: gil: kind = \"gpu\": want cpu or io\n", errs)
}

func TestDeterministic(t *testing.T) {
	for _, v := range gil.Lab().VariantNames() {
		a, err := trace.Encode(run(t, v, nil).Trace)
		require.NoError(t, err)
		b, err := trace.Encode(run(t, v, nil).Trace)
		require.NoError(t, err)
		assert.Equal(t, string(a), string(b), v)
	}
}

func TestSourceIsTheCodeThatRuns(t *testing.T) {
	l := gil.Lab()
	src := func(name string) string {
		v, err := l.Variant(name)
		require.NoError(t, err)
		return v.Source
	}
	for _, name := range []string{"sequential", "threads", "processes", "free-threaded", "goroutines"} {
		assert.Contains(t, src(name), "t.Compute(w.Work)", name)
		assert.Contains(t, src(name), "t.Block(w.Work)", name)
	}
	assert.Equal(t, src("threads"), src("free-threaded"), "free-threaded Python runs the very same threads code")
	assert.Contains(t, src("processes"), "t.Compute(w.Spawn)")
	assert.Contains(t, src("convoy"), "t.Block(c.Read)")
	assert.Equal(t, src("convoy"), src("convoy-go"))
	assert.Greater(t, len(l.Steps), 5)
}

// BenchmarkVariants runs every variant at the defaults.
func BenchmarkVariants(b *testing.B) { labtest.BenchmarkVariants(b, gil.Lab()) }
