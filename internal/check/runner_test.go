package check

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"text/template"
	"time"

	"conclab/exercises"
)

// brokenChess fills testdata/chess.go.tmpl: the zero value is a solved
// exercise; each field breaks it in one way.
type brokenChess struct {
	Room   string // the master channel's capacity
	Before string // code at the start of Exhibition
	Inside string // code at the start of each board's goroutine
	After  string // code after every board is over
}

// runRoot is the repository root for the tests.
func runRoot(t *testing.T) string {
	t.Helper()
	root, err := FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// overlay writes src to a temp file and an overlay that puts it in place
// of the exercise's file, and returns the overlay's path.
func overlay(t *testing.T, root string, ex exercises.Exercise, src string) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, ex.File)
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(root, ex.Path()): file}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func (b brokenChess) source(t *testing.T) string {
	t.Helper()
	if b.Room == "" {
		b.Room = "1"
	}
	tmpl := template.Must(template.ParseFiles("testdata/chess.go.tmpl"))
	var s strings.Builder
	if err := tmpl.Execute(&s, b); err != nil {
		t.Fatal(err)
	}
	return s.String()
}

func mustGet(t *testing.T, name string) exercises.Exercise {
	t.Helper()
	ex, err := exercises.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// TestCheckVerdicts checks deliberately broken copies of the chess
// exercise, each in a child go test, and wants each one's own verdict.
// coreVerdicts are the cases of TestCheckVerdicts that go test ./... runs:
// one or two per kind of verdict. Each case is a real go test -race of the
// chess exercise (seconds of CPU each); the others run with CONCLAB_SLOW=1,
// as .ci/run does.
var coreVerdicts = map[string]bool{
	"solved": true, "sequential": true, "compile error": true, "vet error": true,
	"deadlock": true, "panic": true, "race": true, "leak": true,
	"endless loop": true, "3 GB of memory": true, "goroutines without end": true,
	"5 MB of output": true, "kills the go command": true,
}

func TestCheckVerdicts(t *testing.T) {
	root := runRoot(t)
	ex := mustGet(t, "chess")
	file := "exercises/chess/chess.go"
	tests := []struct {
		name   string
		code   brokenChess
		slow   bool     // skipped by -short
		runner Runner   // limits for this case
		kind   Kind     // the verdict wanted
		says   []string // in the headline or details
		where  string   // a Location wanted ("" for none)
		// or is a second verdict as right as says and where, for a run that
		// can go two ways (a send racing a close: the race detector reports
		// the race, or the send panics first).
		or *struct {
			says  []string
			where string
		}
	}{
		{name: "solved", kind: Passed, says: []string{"checks pass"}},
		{name: "sequential", code: brokenChess{Before: "for board := 1; board <= g.Boards; board++ {\nPlay(log, g, board, master)\n}\nreturn"},
			kind: Failed, says: []string{"the boards were played one after another: 43200 s of virtual time, want 3655 s"}},
		{name: "compile error", code: brokenChess{Before: "undefinedName++"},
			kind: CompileError, says: []string{file + ":39:2: undefined: undefinedName"}, where: file + ":39"},
		{name: "vet error", code: brokenChess{Before: `log.Printf("master", "%d boards")`},
			kind: CompileError, says: []string{file + ":39:24: (*conclab/exercises/kit.Log).Printf format %d reads arg #1, but call has 0 args", "go vet found this"}, where: file + ":39"},
		{name: "deadlock", code: brokenChess{Room: "0"},
			kind: Deadlock, says: []string{"every goroutine was blocked", file + ":46 (Exhibition): sync.WaitGroup.Wait", file + ":55 (Play): chan send (24 goroutines)"}, where: file + ":46 (Exhibition)"},
		{name: "panic", code: brokenChess{Before: "var seen map[int]bool\nseen[g.Boards] = true"},
			kind: Panicked, says: []string{"assignment to entry in nil map at chess.go:40", "in your code at " + file + ":40 (Exhibition)"}, where: file + ":40 (Exhibition)"},
		{name: "race", code: brokenChess{Inside: "moves++"},
			kind: Race, says: []string{"one of them writing (chess.go:42 and chess.go:42)", "previous write by goroutine"}, where: file + ":42 (Exhibition.func1)"},
		{name: "leak", code: brokenChess{After: "stuck := make(chan struct{})\ngo func() { <-stuck }()"},
			kind: Leak, says: []string{"when the check ended, 1 goroutine was still running your code, blocked in chan receive at chess.go:49", "Exhibition.func2 at chess.go:49 (chan receive)"}, where: file + ":49 (Exhibition.func2)"},
		{name: "send on a closed channel", code: brokenChess{Before: "close(master)"},
			kind: ClosedChannel, says: []string{"a send on a closed channel at chess.go:55: close a channel only after its last send", "in your code at " + file + ":55 (Play)"}, where: file + ":55 (Play)"},
		{name: "negative WaitGroup counter", code: brokenChess{After: "wg.Done()"},
			kind: NegativeCounter, says: []string{"wg.Done ran more times than wg.Add counted at chess.go:48", "wg.Go(f)"}, where: file + ":48 (Exhibition)"},
		{name: "wg.Done inside wg.Go", code: brokenChess{Before: "wg.Add(1)", Inside: "defer wg.Done()"},
			kind: NegativeCounter, says: []string{"a function given to wg.Go calls wg.Done (chess.go:42): wg.Go does that itself", "wg.Done inside a function given to wg.Go at " + file + ":42"}, where: file + ":42"},
		{name: "a send racing a close", code: brokenChess{Inside: "if board == 2 {\nclose(master)\n}"},
			kind: ClosedChannel, says: []string{"a channel is closed (chess.go:43) while another goroutine may still send on it (chess.go:57)"}, where: file + ":43 (Exhibition.func1)",
			or: &struct {
				says  []string
				where string
			}{[]string{"a send on a closed channel at chess.go:57: close a channel only after its last send"}, file + ":57 (Play)"}},
		{name: "a copied mutex", code: brokenChess{Before: "var mu sync.Mutex\nguard := mu\nguard.Lock()\nguard.Unlock()"},
			kind: CopiedLock, says: []string{"a sync.Mutex is copied at chess.go:40: the copy is a lock of its own", "go vet (copylocks) at " + file + ":40: assignment copies lock value to guard: sync.Mutex", "the checks themselves pass (all "}, where: file + ":40"},
		{name: "a cancel thrown away, a WaitGroup passed by value", code: brokenChess{Before: "ctx, _ := context.WithTimeout(context.Background(), time.Hour)\n_ = ctx\nwait := func(wg sync.WaitGroup) { wg.Wait() }\n_ = wait"},
			kind: LostCancel, says: []string{"the cancel function of context.WithTimeout at chess.go:39 is thrown away: its context and its timer live on until the deadline", "defer cancel()",
				"go vet (copylocks) at " + file + ":41: func passes lock by value: sync.WaitGroup contains sync.noCopy", "the checks themselves pass"}, where: file + ":39"},
		{name: "returns before the games are over", code: brokenChess{Before: "for board := 1; board <= g.Boards; board++ {\ngo Play(log, g, board, master)\n}\nreturn"},
			kind: Failed, says: []string{"Exhibition returned after 0 s with 0 of 24 games over", "1 of the 2 checks that ran before the test binary stopped pass", "and when the check ended, 24 goroutines were still running your code"}},
		{name: "never stops", code: brokenChess{After: "for {\nlog.Sleep(\"idle\", time.Hour)\n}"},
			kind: Timeout, says: []string{`"idle" was still running at 86455 s of virtual time`, "past the check's limit of 86400 s", "it was at " + file + ":49 (Exhibition)"}, where: file + ":49 (Exhibition)"},
		{name: "os.Exit", code: brokenChess{Before: "os.Exit(3)"},
			kind: Exited, says: []string{"exited in the middle of TestExhibition/24 boards"}},
		{name: "os.Exit(0)", code: brokenChess{Before: "os.Exit(0)"},
			kind: Exited, says: []string{"your code called os.Exit(0)"}, where: file + ":39 (Exhibition)"},
		{name: "endless loop", code: brokenChess{Before: "for {\nExhibition24.Moves++\n}"}, slow: true,
			runner: Runner{Timeout: 2 * time.Second},
			// The sentinel stops the world before it takes the stacks: the
			// loop is caught at its line, never "running on another thread".
			kind: Timeout, says: []string{"your code ran past 2 s of real time", file + ":40 (Exhibition): busy, never waiting (runnable)"}, where: file + ":40 (Exhibition)"},
		{name: "empty endless loop", code: brokenChess{Before: "for {\n}"}, slow: true,
			runner: Runner{Timeout: 2 * time.Second},
			// An empty loop is one jump to itself: Go's traceback gives it the
			// loop's line or line 1, as the compiler placed it; the function is
			// always known.
			kind: Timeout, says: []string{"your code ran past 2 s of real time", " (Exhibition): busy, never waiting (runnable)"}, where: file + " (Exhibition)"},
		{name: "a select with default in a loop", code: brokenChess{After: "stop := make(chan struct{})\nfor {\nselect {\ncase <-stop:\nreturn\ndefault:\n}\n}"}, slow: true,
			runner: Runner{Timeout: 2 * time.Second},
			kind:   BusyLoop, says: []string{"a select with default spins (chess.go:50): its default case runs at once", "in the loop around the select at chess.go:50", "your code ran past 2 s of real time"}, where: file + " (Exhibition)"},
		{name: "mutex deadlock", code: brokenChess{Before: "var mu sync.Mutex\nmu.Lock()\nmu.Lock()"},
			kind: Deadlock, says: []string{"every goroutine was blocked", file + ":41 (Exhibition): sync.Mutex.Lock", "a Lock its Unlock", "judged on conclab's kit clock"}, where: file + ":41 (Exhibition)"},
		{name: "endless loop, stopped by the runner", code: brokenChess{Before: "for {\n}"}, slow: true,
			runner: Runner{Timeout: time.Minute, HardLimit: 2 * time.Second},
			kind:   Timeout, says: []string{"your code ran past 2 s of real time and was stopped", "it was running TestExhibition/24 boards"}},
		{name: "kills its own process", code: brokenChess{Before: "p, _ := os.FindProcess(os.Getpid())\np.Kill()"},
			kind: Killed, says: []string{"the checks were killed by a signal (killed): did your code call os.Exit or kill a process?", "it was running TestExhibition/24 boards"}},
		{name: "prints what go test prints for a killed process", code: brokenChess{Before: "fmt.Println(\"signal: killed\")\nfor board := 1; board <= g.Boards; board++ {\nPlay(log, g, board, master)\n}\nreturn"},
			kind: Failed, says: []string{"the boards were played one after another"}},
		{name: "kills the go command", code: brokenChess{Before: "p, _ := os.FindProcess(os.Getppid())\np.Kill()\nfor {\nExhibition24.Moves++\n}"},
			kind: Killed, says: []string{"the checks were killed by a signal (killed): did your code call os.Exit or kill a process?"}},
		{name: "3 GB of memory", code: brokenChess{Before: "b := make([]byte, 3<<30)\nfor i := 0; i < len(b); i += 4096 {\nb[i] = 1\n}\nmoves = int(b[len(b)-1])"},
			// The default limit is 2 GB; a lower one stops it sooner (pages are slow to come by on a busy machine).
			runner: Runner{MemoryLimit: 200_000_000},
			kind:   TooMuchMemory, says: []string{"your code used more than 200 MB of memory and was stopped", "it was running TestExhibition/24 boards"}},
		{name: "goroutines without end", code: brokenChess{Before: "stop := make(chan struct{})\nfor {\ngo func() { <-stop }()\n}"},
			runner: Runner{GoroutineLimit: 2000},
			kind:   TooManyGoroutines, says: []string{"your code started more than 2000 goroutines", "it was running TestExhibition/24 boards", file + ":41 (Exhibition.func1): chan receive ("}, where: file + ":41 (Exhibition.func1)"},
		{name: "5 MB of output", code: brokenChess{Before: `if g.Boards == 24 { for range 80000 { fmt.Println(strings.Repeat("x", 64)) } }`}, slow: true,
			kind: HugeOutput, says: []string{"your code printed 5.0 MiB of output; conclab kept 1.0 MiB of it", " checks passed, 0 failed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.slow && testing.Short() {
				t.Skip("slow: a real timeout or megabytes of output (runs without -short)")
			}
			if !coreVerdicts[tt.name] {
				slowTest(t, "another end-to-end case of a verdict kind that a case run by default covers")
			}
			t.Parallel()
			r := tt.runner
			r.Root = root
			r.Overlay = overlay(t, root, ex, tt.code.source(t))
			var groups []int
			r.started = func(pid int) { groups = append(groups, pid) }
			rep, err := r.Check(context.Background(), ex)
			if err != nil {
				t.Fatalf("Check(%s) error: %v", tt.name, err)
			}
			for _, pgid := range groups {
				if left, _, _ := groupProcesses(pgid); len(left) > 0 {
					t.Errorf("after Check(%s), processes %v of its process group %d are still alive, want none", tt.name, left, pgid)
				}
			}
			v := rep.Verdict
			text := v.Headline + "\n" + strings.Join(v.Details, "\n")
			t.Logf("%s in %s:\n%s", v.Kind, rep.Duration.Round(time.Millisecond), text)
			if v.Kind != tt.kind {
				t.Fatalf("Check(%s) = %v, want %s\n%s", tt.name, v.Kind, tt.kind, text)
			}
			wrong := verdictMismatches(v, text, tt.says, tt.where)
			if len(wrong) > 0 && tt.or != nil && len(verdictMismatches(v, text, tt.or.says, tt.or.where)) == 0 {
				wrong = nil // the run went the other way, and the verdict says so
			}
			for _, w := range wrong {
				t.Errorf("Check(%s) %s", tt.name, w)
			}
			if tt.kind == Passed {
				checkTraces(t, rep)
			}
			if len(rep.Notes) > 0 {
				t.Errorf("Check(%s).Notes = %q, want none: the check files are as shipped", tt.name, rep.Notes)
			}
		})
	}
}

// verdictMismatches says how v (its text) differs from a verdict that says
// each of says and is first at where ("" for anywhere).
func verdictMismatches(v Verdict, text string, says []string, where string) []string {
	var out []string
	for _, s := range says {
		if !strings.Contains(text, s) {
			out = append(out, fmt.Sprintf("says\n%s\nwant it to say %q", text, s))
		}
	}
	if where != "" && (len(v.Where) == 0 || withoutLine(v.Where[0].String(), where) != where) {
		out = append(out, fmt.Sprintf(".Where = %v, want %s first", v.Where, where))
	}
	return out
}

// withoutLine is where ("chess.go:37 (Exhibition)") without its line
// number when want has none ("chess.go (Exhibition)").
func withoutLine(where, want string) string {
	if regexp.MustCompile(`\.go:\d+`).MatchString(want) {
		return where
	}
	return regexp.MustCompile(`(\.go):\d+`).ReplaceAllString(where, "$1")
}

// checkTraces wants a trace per exhibition the checks played, in the order
// the tests ran, the talk's exhibition among them with its exact 3655 s.
func checkTraces(t *testing.T, rep *Report) {
	t.Helper()
	order := map[string]int{}
	for i, tr := range rep.Tests {
		order[tr.Name] = i
	}
	found, last := false, -1
	for _, tr := range rep.Traces {
		i, ok := order[tr.Test]
		if !ok || i < last {
			t.Errorf("Check(solved).Traces has %s out of the tests' order (%v)", tr.Test, rep.Traces)
		}
		last = i
		if tr.Trace.Total == 3655*time.Second {
			found = true
		}
	}
	if !found {
		t.Errorf("Check(solved).Traces = %v, want one of 3655 s (24 boards)", rep.Traces)
	}
}

// TestCheckWithoutCgo runs the checks where the race detector cannot run:
// they run without it, and the report says so.
func TestCheckWithoutCgo(t *testing.T) {
	t.Setenv("CGO_ENABLED", "0")
	root := runRoot(t)
	ex := mustGet(t, "chess")
	r := Runner{Root: root, Overlay: overlay(t, root, ex, brokenChess{}.source(t))}
	rep, err := r.Check(context.Background(), ex)
	if err != nil {
		t.Fatalf("Check without cgo: %v", err)
	}
	if rep.Verdict.Kind != Passed || rep.Race || len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "ran without it") {
		t.Errorf("Check without cgo = %v, race %v, notes %q; want passed without the race detector, and a note", rep.Verdict, rep.Race, rep.Notes)
	}
}

func TestChildEnv(t *testing.T) {
	env := []string{
		"HOME=/home/l", "PATH=/usr/bin", "GOFLAGS=-mod=mod -race -tags=other -overlay=/x.json -modcacherw -trimpath", "GOOS=windows",
		"CONCLAB_TRACE_DIR=/old", "CONCLAB_CONFIG_DIR=/home/l/progress", "XDG_CONFIG_HOME=/home/l/.config", "TMPDIR=/tmp",
		"GOCACHE=/old/cache", "GOTRACEBACK=none", "GODEBUG=asyncpreemptoff=1", "GOMAXPROCS=2",
	}
	sb := sandbox{
		home: "/s/home", tmp: "/s/tmp", traces: "/s/traces",
		goEnv:    map[string]string{"GOCACHE": "/home/l/.cache/go-build", "GOMODCACHE": "/home/l/go/pkg/mod", "GOPATH": "/home/l/go", "GOENV": "/home/l/.config/go/env"},
		sentinel: "1m0s 1000000", memLimit: 1 << 30,
	}
	got := strings.Join(childEnv(env, sb), " | ")
	want := "PATH=/usr/bin | GOFLAGS=-mod=mod -modcacherw | GOMAXPROCS=2 | " +
		"GOCACHE=/home/l/.cache/go-build | GOMODCACHE=/home/l/go/pkg/mod | GOPATH=/home/l/go | GOENV=/home/l/.config/go/env | " +
		"HOME=/s/home | TMPDIR=/s/tmp | CONCLAB_TRACE_DIR=/s/traces | CONCLAB_SENTINEL=1m0s 1000000 | GOMEMLIMIT=1073741824"
	if got != want {
		t.Errorf("childEnv(%q) =\n%s\nwant\n%s", env, got, want)
	}
}
