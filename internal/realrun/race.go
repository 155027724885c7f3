package realrun

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"conclab/internal/check"
	"conclab/labs"
	"conclab/labs/trace"
)

// raceExit is the exit status of a program built with -race that found a race.
const raceExit = 66

// raceBinary builds this package's test binary with the race detector into
// a new temporary directory (the go command's cache makes a second build
// quick) and returns its path and a function that removes it. The test
// binary has every lab (its tests import conclab/labs/all), and its
// TestMain runs the child program it is started for (ChildRequested).
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
	first   []labs.RaceAccess
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

func (r *raceReports) result() (n int, first []labs.RaceAccess, crashed string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n, r.first, r.crashed
}

// RaceAccesses reads a DATA RACE report of the race detector and returns
// its two accesses: what, by which goroutine, and where — the innermost
// frame in conclab's own code, its file relative to root.
func RaceAccesses(report, root string) []labs.RaceAccess {
	var out []labs.RaceAccess
	lines := strings.Split(report, "\n")
	for i := 0; i < len(lines) && len(out) < 2; i++ {
		h := lines[i]
		if h == "" || strings.HasPrefix(h, " ") || !strings.HasSuffix(h, ":") || strings.HasPrefix(h, "Goroutine ") {
			continue
		}
		acc := labs.RaceAccess{What: accessOf(h)}
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
