package realrun

import (
	"context"
	"fmt"
	"sync"
	"time"

	"conclab/internal/check"
	"conclab/internal/slowserver"
	"conclab/labs"
	"conclab/labs/trace"
)

// job is a real run's environment: what a variant's Run gets (it
// implements labs.RealEnv).
type job struct {
	ctx    context.Context
	lab    *labs.Lab
	values labs.Values
	rec    *trace.Recorder
	clock  *clock
	// runtimeTrace is the file a child writes its runtime/trace to ("" = none).
	runtimeTrace string
	// server is the running conclab serve the run uses (Options.Server), or "".
	server string

	mu      sync.Mutex
	servers []*server
}

var _ labs.RealEnv = (*job)(nil)

func (j *job) Context() context.Context  { return j.ctx }
func (j *job) Values() labs.Values       { return j.values }
func (j *job) Recorder() *trace.Recorder { return j.rec }
func (j *job) StartClock()               { j.clock.restart() }
func (j *job) Server() (labs.Server, error) {
	if j.server != "" {
		return &remote{url: j.server}, nil
	}
	srv, err := startServer()
	if err != nil {
		return nil, err
	}
	j.mu.Lock()
	j.servers = append(j.servers, srv)
	j.mu.Unlock()
	return srv, nil
}

// closeServers stops the servers the run left running.
func (j *job) closeServers() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, srv := range j.servers {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		srv.Close(ctx) //nolint:errcheck // closed already by the run, or the run's result says what went wrong
		cancel()
	}
	j.servers = nil
}

// Child runs the lab's program spec.Program in a child process (see
// runChild); with spec.Race, in this package's test binary built with the
// race detector, whose reports become notes of the trace and the result's
// Races.
func (j *job) Child(spec labs.ChildSpec) (labs.ChildResult, error) {
	if _, ok := j.lab.Real.Programs[spec.Program]; !ok {
		return labs.ChildResult{}, fmt.Errorf("%s has no child program %q", j.lab.Name, spec.Program)
	}
	sp := childSpec{program: j.lab.Name + "/" + spec.Program, procs: spec.Procs, noPreempt: spec.NoPreempt, args: spec.Args, server: j.server}
	if !spec.Race {
		facts, err := runChild(j, sp)
		return labs.ChildResult{Facts: facts}, err
	}
	root, err := check.FindRoot(".")
	if err != nil {
		return labs.ChildResult{}, fmt.Errorf("the race detector builds conclab from its source: %w", err)
	}
	exe, cleanup, err := raceBinary(j.ctx, root)
	if err != nil {
		return labs.ChildResult{}, err
	}
	defer cleanup()
	reports := &raceReports{rec: j.rec, root: root}
	sp.exe, sp.stderr, sp.okExits = exe, reports, []int{raceExit}
	facts, err := runChild(j, sp)
	n, first, crashed := reports.result()
	return labs.ChildResult{Facts: facts, Races: labs.RaceReport{Count: n, First: first, Crashed: crashed}}, err
}

// server is a slow server started for a run (it implements labs.Server).
type server struct{ r *slowserver.Running }

var _ labs.Server = (*server)(nil)

// startServer starts a slow server on a free loopback port.
func startServer() (*server, error) {
	r, err := slowserver.Start("127.0.0.1:0", slowserver.Config{})
	if err != nil {
		return nil, err
	}
	return &server{r}, nil
}

func (s *server) URL() string { return s.r.URL }

func (s *server) Warm(path string) { s.r.Warm(path) }

func (s *server) ResetStats() { s.r.ResetStats() }

func (s *server) Stats() labs.ServerStats {
	st := s.r.Stats()
	return labs.ServerStats{Requests: st.Requests, InFlight: st.InFlight, MaxInFlight: st.MaxInFlight}
}

func (s *server) Close(ctx context.Context) error { return s.r.Close(ctx) }
