package gil

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"conclab/internal/labtest"
	"conclab/labs/trace"
)

// words spells the small numbers the walkthrough writes in words.
var words = map[int]string{2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}

// secs is a time in seconds as the walkthrough writes it (3.985, 1.1, 4).
func secs(d time.Duration) float64 { return d.Seconds() }

// msecs is a time in whole milliseconds.
func msecs(d time.Duration) int64 { return d.Milliseconds() }

// fact reads a fact in seconds back as a duration.
func fact(t *testing.T, facts map[string]any, name string) time.Duration {
	t.Helper()
	f, ok := facts[name].(float64)
	if !ok {
		t.Fatalf("fact %s = %v, want seconds", name, facts[name])
	}
	return time.Duration(f * float64(time.Second)).Round(time.Microsecond)
}

// turns counts the stretches the tasks of a trace ran.
func turns(tr *trace.Trace) int {
	n := 0
	for _, task := range tr.Tasks {
		for _, sp := range task.Spans {
			if sp.State == trace.Running {
				n++
			}
		}
	}
	return n
}

// TestWalkthroughNumbers ties every number of the walkthrough to a run (or
// to a parameter's default, read from the lab).
func TestWalkthroughNumbers(t *testing.T) {
	l := Lab()
	v := labtest.Resolve(t, l, nil)
	w, c, interval := WorkOf(v), ConvoyOf(v), v.Duration("interval")
	runs := func(variant string, sets map[string]string) *trace.Trace {
		return labtest.Run(t, l, variant, sets).Trace
	}
	seq := runs("sequential", nil)
	threads := labtest.Run(t, l, "threads", nil)
	var finish []any
	for _, line := range threads.Trace.Output {
		finish = append(finish, secs(line.At))
	}
	io := labtest.Run(t, l, "threads", map[string]string{"kind": "io"})
	procs := runs("processes", nil)
	procsIO := runs("processes", map[string]string{"kind": "io"})
	if procs.Total != procsIO.Total {
		t.Fatalf("processes: %v for cpu, %v for io; the walkthrough says alike", procs.Total, procsIO.Total)
	}
	five := map[string]string{"jobs": "5"}
	procs5 := runs("processes", five)
	free := runs("free-threaded", nil)
	gor := runs("goroutines", nil)
	both := func(sets map[string]string) time.Duration {
		g, f := runs("goroutines", sets).Total, runs("free-threaded", sets).Total
		if g != f {
			t.Fatalf("goroutines %v, free-threaded %v with %v; the walkthrough gives one number", g, f, sets)
		}
		return g
	}
	one, two, five4 := both(map[string]string{"cores": "1"}), both(map[string]string{"cores": "2"}), both(five)
	if want := 5 * w.Work / time.Duration(w.Cores); five4 != want {
		t.Fatalf("5 jobs on %d cores: %v, want 5 x work / cores = %v", w.Cores, five4, want)
	}

	cv := labtest.Run(t, l, "convoy", nil).Facts
	ioAlone, ioConvoy, ready := fact(t, cv, "io_alone_seconds"), fact(t, cv, "io_seconds"), fact(t, cv, "io_ready_seconds")
	perRead := ioConvoy / time.Duration(c.Reads)
	if perRead != c.Read+interval {
		t.Fatalf("convoy: %v per read, want read + interval = %v", perRead, c.Read+interval)
	}
	short := fact(t, labtest.Run(t, l, "convoy", map[string]string{"interval": "1ms"}).Facts, "io_seconds")
	early := labtest.Run(t, l, "convoy", map[string]string{"work": "300ms"}).Facts
	goConvoy := fact(t, labtest.Run(t, l, "convoy-go", nil).Facts, "io_seconds")

	claim := func(phrase string, got ...any) labtest.Claim { return labtest.Claim{Phrase: phrase, Got: got} }
	labtest.Claims(t, walkthrough, []labtest.Claim{
		claim("A Python program has {} jobs to do, each taking {} s, on a machine with {} cores. It runs them one after another and takes {} seconds.",
			words[w.Jobs], secs(w.Work), w.Cores, secs(seq.Total)),
		claim("a process takes {} ms to start", msecs(w.Spawn)),
		claim("One thread does the four jobs in {} s. Four threads take {} s too", secs(seq.Total), secs(threads.Trace.Total)),
		claim("(the fact at_once={})", threads.Facts["at_once"]),
		claim("the first job was done at {} s", secs(seq.Output[0].At)),
		claim("the four jobs finish at {} s, {} s, {} s and {} s", finish...),
		claim("sys.getswitchinterval(), {} ms unless you change it", msecs(interval)),
		claim("So the GIL moves every {} ms: the fact drop_requests={} counts the hand-overs. Four seconds of work in {} ms turns is {} turns",
			msecs(interval), threads.Facts["drop_requests"], msecs(interval), turns(threads.Trace)),
		claim("Now the four threads take {} s: the four reads overlap (at_once={})", secs(io.Trace.Total), io.Facts["at_once"]),
		claim("one job per process: {} s, for cpu and io alike", secs(procs.Total)),
		claim("With {} jobs the pool of {} takes {} s", 5, w.Cores, secs(procs5.Total)),
		claim("and it takes {} s.", secs(free.Total)),
		claim("the goroutines variant takes {} s on GOMAXPROCS = {} threads", secs(gor.Total), w.Cores),
		claim("On {} core they take {} s", 1, secs(one)),
		claim("On {} cores, {} s.", 2, secs(two)),
		claim("With {} jobs on {} cores (--set jobs=5) they take {} s", 5, w.Cores, secs(five4)),
		claim("at {} x {} s / {} cores", 5, secs(w.Work), w.Cores),
		claim("one job per process to its end ({} s)", secs(procs5.Total)),
		claim("An I/O thread makes {} blocking reads of {} ms each", c.Reads, msecs(c.Read)),
		claim("beside one thread that computes for {} s. Alone the reads would take {} s.", secs(c.Work), secs(ioAlone)),
		claim("Under the GIL the reads take {} s (io_seconds={}), {} times as long", secs(ioConvoy), secs(ioConvoy), words[int(ioConvoy/ioAlone)]),
		claim("The read is over after {} ms", msecs(c.Read)),
		claim("so the reader waits its {} ms switch interval", msecs(interval)),
		claim("every read costs {} ms + {} ms = {} ms, and {} x {} ms = {} ms", msecs(c.Read), msecs(interval), msecs(perRead), c.Reads, msecs(perRead), msecs(ioConvoy)),
		claim("io_ready_seconds={} waiting", secs(ready)),
		claim("its {} s ends at {} s", secs(c.Work), fact(t, cv, "cpu_seconds").Seconds()),
		claim("--set interval=1ms gives {} s", secs(short)),
		claim("the reads after it cost {} ms each again: the reader finishes at {} s", msecs(c.Read), secs(fact(t, early, "io_seconds"))),
		claim("In Go (convoy-go) the reads take {} s", secs(goConvoy)),
		claim("(the lab's are {} ms)", msecs(slice)),
	},
		"--set jobs=5", "--set cores=1", "--set cores=2", "--set work=300ms", "--set interval=1ms", // commands
		"(python3.13t, from PEP 703)", "the Python 3.13 docs", `the "new GIL" of Python 3.2`,
		"in 2010", "(bpo-7946,", // the convoy's history
	)
	// The one-line summary (conclab list, the home screen).
	labtest.Claims(t, l.Summary, []labtest.Claim{
		claim("{} {} s jobs on {} cores: CPython threads take {} s of CPU work but {} s of I/O; processes {} s; no GIL, {} s",
			strings.ToUpper(words[w.Jobs][:1])+words[w.Jobs][1:], secs(w.Work), words[w.Cores], secs(threads.Trace.Total), secs(io.Trace.Total),
			secs(procs.Total), secs(gor.Total)),
	})
	if free.Total != gor.Total {
		t.Errorf("free-threaded %v, goroutines %v: the summary gives one number for no GIL", free.Total, gor.Total)
	}
	if got := fmt.Sprint(early["cpu_seconds"]); got != "0.3" {
		t.Errorf("convoy with work=300ms: the CPU thread stops at %s s, want 0.3 (before the reads end)", got)
	}
}

// TestDocsNumbers ties the lab's section of docs/LABS.md to runs.
func TestDocsNumbers(t *testing.T) {
	b, err := os.ReadFile("../../docs/LABS.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## gil ")
	if !ok {
		t.Fatal("docs/LABS.md has no section for the gil lab")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	l := Lab()
	v := labtest.Resolve(t, l, nil)
	w, c, interval := WorkOf(v), ConvoyOf(v), v.Duration("interval")
	total := func(variant, kind string, sets ...string) float64 {
		m := map[string]string{"kind": kind}
		for i := 0; i+1 < len(sets); i += 2 {
			m[sets[i]] = sets[i+1]
		}
		return secs(labtest.Run(t, l, variant, m).Trace.Total)
	}
	row := func(variant, label string) labtest.Claim {
		return labtest.Says("| "+label+" | {} s | {} s |", total(variant, "cpu"), total(variant, "io"))
	}
	threads := labtest.Run(t, l, "threads", nil)
	var finish []any
	for _, line := range threads.Trace.Output {
		finish = append(finish, secs(line.At))
	}
	cv := labtest.Run(t, l, "convoy", nil).Facts
	perRead := fact(t, cv, "io_seconds") / time.Duration(c.Reads)
	labtest.Claims(t, section, []labtest.Claim{
		labtest.Says("`jobs` ({}), `work` ({}), `kind` (`cpu` or `io`), `cores` ({}), `interval` ({}, CPython's `sys.getswitchinterval()`), `spawn` ({}, a process start), and for the convoy `reads` ({}) and `read` ({})",
			w.Jobs, w.Work, w.Cores, interval, w.Spawn, c.Reads, c.Read),
		row("sequential", "sequential"),
		row("threads", "threads (under the GIL)"),
		row("processes", "processes (a pool of one per core)"),
		row("free-threaded", "free-threaded (python3.13t, PEP 703)"),
		row("goroutines", "goroutines (GOMAXPROCS = cores)"),
		labtest.Says("the {} finish at {} s, {} s, {} s and {} s, after {} drop requests ({} turns, less each thread's last)",
			append(append([]any{words[w.Jobs]}, finish...), threads.Facts["drop_requests"], turns(threads.Trace))...),
		labtest.Says("With {} jobs the pool of processes takes {} s; threads without a GIL and goroutines take {} s", 5,
			total("processes", "cpu", "jobs", "5"), total("goroutines", "cpu", "jobs", "5")),
		labtest.Says("in whole {} ms slices", msecs(slice)),
		labtest.Says("{} reads of {} ms take {} s alone and {} s beside one CPU-bound thread under the GIL (`io_seconds`: {})",
			c.Reads, msecs(c.Read), fact(t, cv, "io_alone_seconds").Seconds(), fact(t, cv, "io_seconds").Seconds(), cv["io_seconds"]),
		labtest.Says("= {} x ({} + {}) ms, of which {} s waiting", c.Reads, msecs(c.Read), msecs(perRead-c.Read), fact(t, cv, "io_ready_seconds").Seconds()),
		labtest.Says("With `interval=1ms`, {} s. As goroutines (`convoy-go`), {} s.",
			fact(t, labtest.Run(t, l, "convoy", map[string]string{"interval": "1ms"}).Facts, "io_seconds").Seconds(),
			fact(t, labtest.Run(t, l, "convoy-go", nil).Facts, "io_seconds").Seconds()),
	}, "(python3.13t, PEP 703)", "bpo-7946", "With `interval=1ms`")
	if total("free-threaded", "cpu", "jobs", "5") != total("goroutines", "cpu", "jobs", "5") {
		t.Error("free-threaded and goroutines differ with 5 jobs; docs/LABS.md gives one number")
	}
}
