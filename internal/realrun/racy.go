package realrun

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"conclab/internal/check"
	"conclab/internal/slowserver"
	"conclab/labs"
	"conclab/labs/checker"
	"conclab/labs/flags/fetch"
	"conclab/labs/trace"
)

// Facts of a real racy-tally run besides its tally.
const (
	// FactRaces is how many DATA RACE reports the race detector wrote.
	FactRaces = "races"
	// FactRace is the first report's two accesses, one line each
	// ("read by goroutine 15 at labs/checker/real.go:25 (checker.CheckRacy.func1)").
	FactRace = "race"
	// FactCrashed is the fatal error that stopped the child, when one did
	// ("fatal error: concurrent map writes").
	FactCrashed = "crashed"
)

// raceExit is the exit status of a program built with -race that found a race.
const raceExit = 66

// runRacy is the real racy-tally: checker.CheckRacy, one goroutine per site
// adding to a map with no lock, run against the slow server in a child
// built with the race detector (go test -race -c of this package), with
// GOMAXPROCS = cores. The detector's reports go to the child's standard
// error: the first one's two accesses become lines of the lane's output
// when it comes and again at the end of the run, and facts.
func runRacy(j *job) (labs.Result, error) {
	root, err := check.FindRoot(".")
	if err != nil {
		return labs.Result{}, fmt.Errorf("the race detector builds conclab from its source: %w", err)
	}
	exe, cleanup, err := raceBinary(j.ctx, root)
	if err != nil {
		return labs.Result{}, err
	}
	defer cleanup()
	reports := &raceReports{rec: j.rec, root: root}
	sites := checker.Sites(j.values)
	facts, err := runChild(j, childSpec{experiment: "racy", procs: j.values.Int("cores"), args: childArgs{Items: sites},
		exe: exe, stderr: reports, okExits: []int{raceExit}})
	n, race, crashed := reports.result()
	if err != nil && crashed == "" {
		return labs.Result{Trace: j.rec.Trace()}, err
	}
	tally := map[string]int{}
	if m, ok := facts["tally"].(map[string]any); ok {
		for k, v := range m {
			f, _ := v.(float64)
			tally[k] = int(f)
		}
	}
	out := map[string]any{"tally": tally, FactRaces: n}
	tr := j.rec.Trace()
	if len(race) > 0 {
		lines := make([]string, len(race))
		for i, acc := range race {
			lines[i] = acc.String()
		}
		out[FactRace] = lines
		// The report again where the run ends, as the detector sums up at
		// exit: what a lane shows last, whatever its height.
		notes := []string{fmt.Sprintf("the race detector found %d data race(s); the first:", n)}
		for _, acc := range race {
			notes = append(notes, acc.Short())
		}
		for _, text := range notes {
			tr.Output = append(tr.Output, trace.Line{At: tr.Total, Text: text})
			tr.Events.Add(trace.Event{At: tr.Total, Kind: trace.EventPrint, Worker: trace.NoWorker, Detail: text})
		}
	}
	res := labs.Result{Trace: tr, Facts: out}
	counted := 0
	for _, c := range tally {
		counted += c
	}
	switch {
	case crashed != "":
		out[FactCrashed] = crashed
		res.Incomplete = "crashed: " + crashed
	case counted < len(sites):
		res.Incomplete = fmt.Sprintf("lost %d of %d updates", len(sites)-counted, len(sites))
	}
	return res, nil
}

// raceBinary builds this package's test binary with the race detector into
// a new temporary directory (the go command's cache makes a second build
// quick) and returns its path and a function that removes it.
func raceBinary(ctx context.Context, root string) (exe string, cleanup func(), err error) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		return "", nil, errors.New("the race detector needs the go command to build conclab with -race: it is not on PATH")
	}
	dir, err := os.MkdirTemp("", "conclab-race-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	exe = filepath.Join(dir, "realrun-race.test")
	cmd := exec.CommandContext(ctx, gocmd, "test", "-race", "-c", "-o", exe, "./internal/realrun")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		cleanup()
		msg := strings.Join(strings.Fields(string(out)), " ")
		if strings.Contains(msg, "-race requires cgo") {
			return "", nil, errors.New("the race detector needs cgo and a C compiler (CGO_ENABLED=1, gcc): go test -race -c failed")
		}
		if ctx.Err() != nil {
			return "", nil, ctx.Err()
		}
		return "", nil, fmt.Errorf("build conclab with -race: %w: %s", err, msg)
	}
	return exe, cleanup, nil
}

// racyChild is the child's side of a real racy-tally run, in a binary built
// with -race: the slow server on a loopback port of its own, then
// checker.CheckRacy on the sites, each request drawn in the trace by the
// client's transport (CheckRacy itself is the code the learner reads).
func racyChild(a childArgs, rec Recorder) (map[string]any, error) {
	srv, err := slowserver.Start("127.0.0.1:0", slowserver.Config{})
	if err != nil {
		return nil, err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Close(ctx) //nolint:errcheck // the run is over; the parent reads the facts
	}()
	c := &Client{Base: srv.URL, Path: SitePath}
	urls := make([]string, len(a.Items))
	byPath := map[string]fetch.Item{}
	for i, it := range a.Items {
		urls[i] = c.URL(it)
		byPath[SitePath(it)] = it
	}
	transport := &http.Transport{MaxIdleConnsPerHost: MaxItems}
	if err := openConnections(context.Background(), &http.Client{Transport: transport}, srv.URL, len(a.Items)); err != nil {
		return nil, err
	}
	hc := &http.Client{Transport: recording{base: transport, rec: rec, items: byPath}}
	rec.Set("main", trace.Running, trace.NoWorker, "")
	rec.Set("main", trace.Waiting, trace.NoWorker, "join") // CheckRacy's wg.Wait
	tally := checker.CheckRacy(hc, urls)
	rec.Done("main")
	return map[string]any{"tally": tally}, nil
}

// recording is a transport that draws each request in the trace, as the
// task of its site: waiting on io until the answer, then one line
// ("site-07 200 0.858s"), then done (the goroutine's last step, its write
// to the tally, follows at once).
type recording struct {
	base  http.RoundTripper
	rec   Recorder
	items map[string]fetch.Item
}

func (t recording) RoundTrip(req *http.Request) (*http.Response, error) {
	it := t.items[req.URL.Path]
	t.rec.Set(it.Name, trace.Waiting, trace.NoWorker, "io")
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	o := fetch.Outcome{Item: it, Result: Error, Elapsed: time.Since(start).Round(time.Millisecond)}
	if err == nil {
		o.Result = strconv.Itoa(resp.StatusCode)
	}
	t.rec.Printf(it.Name, "%s", o)
	t.rec.Done(it.Name)
	return resp, err
}

// raceReports reads a child's standard error as it comes: it counts the
// DATA RACE reports, writes the first one's two accesses to the trace as
// notes (lines of no task: "WARNING: DATA RACE", "real.go:25: read by
// goroutine 15", ...) when it comes and keeps them, and notes a fatal
// error. It is safe for concurrent use.
type raceReports struct {
	rec  *trace.Recorder
	root string

	mu      sync.Mutex
	partial string   // the last line, not ended yet
	block   []string // the lines of the report being read
	in      bool
	n       int
	first   []RaceAccess
	crashed string
}

func (r *raceReports) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	text := r.partial + string(p)
	lines := strings.Split(text, "\n")
	r.partial = lines[len(lines)-1]
	for _, line := range lines[:len(lines)-1] {
		r.line(line)
	}
	return len(p), nil
}

func (r *raceReports) line(line string) {
	switch {
	case strings.HasPrefix(line, "WARNING: DATA RACE"):
		r.in, r.block = true, []string{line}
	case r.in && strings.HasPrefix(line, "=================="):
		r.in = false
		r.n++
		if r.n == 1 {
			r.first = RaceAccesses(strings.Join(r.block, "\n"), r.root)
			r.rec.Printf("", "WARNING: DATA RACE")
			for _, acc := range r.first {
				r.rec.Printf("", "%s", acc.Short())
			}
		}
	case r.in:
		r.block = append(r.block, line)
	case strings.HasPrefix(line, "fatal error: ") && r.crashed == "":
		r.crashed = line
		r.rec.Printf("", "%s", line)
	}
}

func (r *raceReports) result() (n int, first []RaceAccess, crashed string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n, r.first, r.crashed
}

// RaceAccess is one of the two accesses of a DATA RACE report.
type RaceAccess struct {
	// What is the access and its goroutine: "read by goroutine 15",
	// "previous write by goroutine 13".
	What string
	// File and Line are where, in the innermost frame in conclab's own code
	// (File relative to the repository root); Func is that frame's function
	// ("checker.CheckRacy.func1"). All empty when no frame is conclab's.
	File string
	Line int
	Func string
}

// String is the access in one line: "read by goroutine 15 at
// labs/checker/real.go:25 (checker.CheckRacy.func1)".
func (a RaceAccess) String() string {
	if a.File == "" {
		return a.What
	}
	return fmt.Sprintf("%s at %s:%d (%s)", a.What, a.File, a.Line, a.Func)
}

// Short is the access with its place first and short, for a narrow lane:
// "real.go:25: read by goroutine 15".
func (a RaceAccess) Short() string {
	if a.File == "" {
		return a.What
	}
	return fmt.Sprintf("%s:%d: %s", filepath.Base(a.File), a.Line, a.What)
}

// RaceAccesses reads a DATA RACE report of the race detector and returns
// its two accesses: what, by which goroutine, and where — the innermost
// frame in conclab's own code, its file relative to root.
func RaceAccesses(report, root string) []RaceAccess {
	var out []RaceAccess
	lines := strings.Split(report, "\n")
	for i := 0; i < len(lines) && len(out) < 2; i++ {
		h := lines[i]
		if h == "" || strings.HasPrefix(h, " ") || !strings.HasSuffix(h, ":") || strings.HasPrefix(h, "Goroutine ") {
			continue
		}
		acc := RaceAccess{What: accessOf(h)}
		for ; i+2 < len(lines) && strings.HasPrefix(lines[i+1], "  ") && !strings.HasPrefix(lines[i+1], "      "); i += 2 {
			fn := strings.TrimSuffix(strings.TrimSpace(lines[i+1]), "()")
			loc := strings.Fields(strings.TrimSpace(lines[i+2]))
			if acc.File != "" || len(loc) == 0 || !strings.HasPrefix(fn, check.Module+"/") {
				continue
			}
			colon := strings.LastIndex(loc[0], ":")
			line, err := strconv.Atoi(loc[0][colon+1:])
			if colon < 0 || err != nil {
				continue
			}
			file := loc[0][:colon]
			if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
				file = filepath.ToSlash(rel)
			}
			acc.File, acc.Line, acc.Func = file, line, fn[strings.LastIndex(fn, "/")+1:]
		}
		out = append(out, acc)
	}
	return out
}

// accessOf turns "Previous write at 0x00c00009e258 by goroutine 15:" into
// "previous write by goroutine 15".
func accessOf(h string) string {
	h = strings.TrimSuffix(h, ":")
	if at := strings.Index(h, " at 0x"); at >= 0 {
		rest := h[at+len(" at 0x"):]
		if sp := strings.Index(rest, " "); sp >= 0 {
			h = h[:at] + rest[sp:]
		} else {
			h = h[:at]
		}
	}
	return strings.ToLower(h[:1]) + h[1:]
}
