package check

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"conclab/exercises"
)

// go test runs a few of vet's analyzers before the tests (atomic, bool,
// buildtags, directive, errorsas, ifaceassert, nilfunc, printf, slog,
// stringintconv, tests: defaultVetFlags in cmd/go/internal/test), and a
// finding of theirs is a compile error. Two analyzers that find real
// concurrency bugs are not among them; the Runner runs them itself, beside
// the tests, on the learner's package (without the exercises tag: the
// checks are conclab's).
var vetAnalyzers = []string{"-copylocks", "-lostcancel"}

// vetFinding is one diagnostic of go vet -json.
type vetFinding struct {
	analyzer string // "copylocks"
	file     string // as vet printed it
	line     int
	message  string
}

// vetArgs are the go command's arguments for vet on ex's package.
func vetArgs(ex exercises.Exercise, overlay string) []string {
	args := append([]string{"vet"}, vetAnalyzers...)
	return append(args, "-json", "-overlay", overlay, "./"+ex.Dir)
}

// vet runs go vet's extra analyzers on ex's package in a process group of
// its own (StopChecks stops it too), for at most limit. An error says vet
// did not run or said something it could not read (a package that does not
// build: the tests say so better).
func vet(ctx context.Context, goCmd, dir string, env []string, args []string, limit time.Duration) ([]vetFinding, error) {
	cmd := exec.Command(goCmd, args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr limitedBuffer
	stdout.limit, stderr.limit = 1<<20, 64<<10
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	isolate(cmd)
	proc := newChild(cmd)
	defer proc.release()
	if err := proc.start(); err != nil {
		proc.end()
		return nil, err
	}
	stopCtx := context.AfterFunc(ctx, proc.kill)
	timer := time.AfterFunc(limit, proc.kill)
	err := cmd.Wait()
	stopCtx()
	timer.Stop()
	proc.end()
	if proc.wasStopped() {
		return nil, fmt.Errorf("go vet was stopped")
	}
	if err != nil {
		first, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		return nil, fmt.Errorf("go vet: %v: %s", err, first)
	}
	return parseVet(stdout.String())
}

// parseVet reads go vet -json's output: one JSON object per package,
// {"pkg": {"analyzer": [{"posn": "file:line:col", "message": ...}]}}, or
// {"pkg": {"analyzer": {"error": ...}}}. The findings come sorted by file
// and line.
func parseVet(out string) ([]vetFinding, error) {
	dec := json.NewDecoder(strings.NewReader(out))
	var found []vetFinding
	for dec.More() {
		var pkgs map[string]map[string]json.RawMessage
		if err := dec.Decode(&pkgs); err != nil {
			return nil, fmt.Errorf("go vet -json: %w", err)
		}
		for _, analyzers := range pkgs {
			for name, raw := range analyzers {
				var diags []struct{ Posn, Message string }
				if json.Unmarshal(raw, &diags) != nil {
					continue // {"error": ...}: the package does not type-check
				}
				for _, d := range diags {
					file, line, ok := vetPosition(d.Posn)
					if ok {
						found = append(found, vetFinding{analyzer: name, file: file, line: line, message: d.Message})
					}
				}
			}
		}
	}
	sort.SliceStable(found, func(a, b int) bool {
		if found[a].file != found[b].file {
			return found[a].file < found[b].file
		}
		return found[a].line < found[b].line
	})
	return found, nil
}

// vetPosition splits "/path/file.go:12:3" into its file and line.
func vetPosition(posn string) (string, int, bool) {
	rest, col := posn, ""
	for range 2 {
		i := strings.LastIndex(rest, ":")
		if i < 0 {
			return "", 0, false
		}
		rest, col = rest[:i], rest[i+1:]
		if strings.HasSuffix(rest, ".go") {
			n, err := strconv.Atoi(col)
			return rest, n, err == nil
		}
	}
	return "", 0, false
}

// mine keeps the findings in the learner's files (not test files) as
// Locations. vet analyses only the exercise's package, so a finding's file
// is one of its directory, named by its base name: the go command caches
// vet's output, positions and all, by the files' contents, so a path may be
// that of an earlier run's overlay file with the same text.
func (l learner) mine(found []vetFinding) ([]vetFinding, []Location) {
	var keep []vetFinding
	var where []Location
	for _, f := range found {
		base := filepath.Base(filepath.FromSlash(f.file))
		if strings.HasSuffix(base, "_test.go") || !strings.HasSuffix(base, ".go") {
			continue
		}
		keep = append(keep, f)
		where = append(where, Location{File: l.dir + "/" + base, Line: f.line})
	}
	return keep, where
}

// vetVerdict is the verdict of vet's findings in the learner's code, if
// there are any: they are bugs whether the checks saw them fail or not,
// so they come before the checks' own verdict (checked, which the
// details then give).
func (j judged) vetVerdict(checked Verdict) (Verdict, bool) {
	found, where := j.l.mine(j.vet)
	if len(found) == 0 {
		return Verdict{}, false
	}
	first, at := found[0], where[0]
	v := Verdict{Where: where}
	switch first.analyzer {
	case "copylocks":
		v.Kind, v.Headline = CopiedLock, copiedHeadline(first.message, shortLoc(at))
		v.Details = append(v.Details, "a lock (and a WaitGroup, a Cond, an atomic value) works only where it is: pass the struct that holds it by pointer (func (c *T) ..., &t), never by value")
	case "lostcancel":
		v.Kind, v.Headline = LostCancel, lostHeadline(first.message, shortLoc(at))
		v.Details = append(v.Details, "until cancel runs, the context stays alive (and, for WithTimeout or WithDeadline, its timer): write `ctx, cancel := context.WithTimeout(...)`, then `defer cancel()` on the next line")
	default:
		v.Kind, v.Headline = Failed, fmt.Sprintf("go vet (%s): %s at %s", first.analyzer, first.message, shortLoc(at))
	}
	for i, f := range found[:min(len(found), 6)] {
		v.Details = append(v.Details, fmt.Sprintf("go vet (%s) at %s: %s", f.analyzer, where[i].String(), f.message))
	}
	if checked.Passed() {
		v.Details = append(v.Details, "the checks themselves pass ("+checked.Headline+"): go vet finds this one by reading your code")
	} else {
		v.Details = append(v.Details, "the checks also said: "+checked.String())
	}
	return v, true
}

// copiedHeadline teaches a copylocks finding ("assignment copies lock
// value to m: sync.Mutex"; "Run passes lock by value: chess.Board contains
// sync.Mutex"; "... sync.WaitGroup contains sync.noCopy").
func copiedHeadline(message, at string) string {
	what := message
	if i := strings.LastIndex(what, ": "); i >= 0 {
		what = what[i+2:]
	}
	parts := strings.Split(what, " contains ") // the outer type first, the lock itself last
	if len(parts) > 1 && parts[len(parts)-1] == "sync.noCopy" {
		parts = parts[:len(parts)-1]
	}
	lock := parts[len(parts)-1]
	lock = lock[strings.LastIndex(lock, "/")+1:]
	if lock == "sync.WaitGroup" {
		return fmt.Sprintf("a sync.WaitGroup is copied at %s: Add and Done on the copy never reach the original's Wait — pass it as *sync.WaitGroup", at)
	}
	return fmt.Sprintf("a %s is copied at %s: the copy is a lock of its own, so it keeps out no one who locks the original — share it by pointer", lock, at)
}

// lostHeadline teaches a lostcancel finding ("the cancel function
// returned by context.WithTimeout should be called, not discarded, ...";
// "the cancel function is not used on all paths (possible context leak)";
// "this return statement may be reached without using the cancel var
// defined on line 28").
func lostHeadline(message, at string) string {
	made := "context.WithCancel, WithTimeout or WithDeadline"
	if i := strings.Index(message, "returned by "); i >= 0 {
		made, _, _ = strings.Cut(message[i+len("returned by "):], " ")
		lives := "its context and its timer live on until the deadline"
		if made == "context.WithCancel" || made == "context.WithCancelCause" {
			lives = "its context lives on until its parent is cancelled"
		}
		return fmt.Sprintf("the cancel function of %s at %s is thrown away: %s — keep it and defer cancel()", made, at, lives)
	}
	return fmt.Sprintf("the cancel function made at %s is not called on every path: on those paths its context lives on — defer cancel() right after it is made", at)
}
