package kittest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"conclab/exercises/kit"
	"conclab/labs/trace"
)

// testdata/stacks.txt is a runtime.Stack(_, true) dump as a check sees it:
// the check's own goroutine first, then goroutines in exercise code, in
// test code only, in another package, and only created by exercise code;
// all but one in the check's bubble (1).
func TestParseStacks(t *testing.T) {
	dump, err := os.ReadFile("testdata/stacks.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pkg    string
		bubble int64
		want   []Goroutine
	}{
		{"conclab/exercises/spinner", 1, []Goroutine{{"select", "Spin", "spinner.go:47"}}},
		{"conclab/exercises/flags", 1, []Goroutine{
			{"chan send", "Download.func1", "flags.go:59"}, // not the check's own goroutine 23
			{"sleep", "Get", "flags.go:49"},                // an inlined frame has no +0x offset
			// goroutine 27 is only in flags_test.go; 28 in another package; 29 only created by Download.
		}},
		{"conclab/exercises/flagsextra", 0, []Goroutine{{"chan receive", "Helper", "extra.go:3"}}}, // in no bubble
		{"conclab/exercises/chess", 1, nil},
	}
	for _, tt := range tests {
		if got := parseStacks(string(dump), tt.pkg, tt.bubble, 0); !slices.Equal(got, tt.want) {
			t.Errorf("parseStacks(stacks.txt, %q, %d) = %v, want %v", tt.pkg, tt.bubble, got, tt.want)
		}
		if got := parseStacks(string(dump), tt.pkg, 2, 0); got != nil {
			t.Errorf("parseStacks(stacks.txt, %q, 2) = %v, want none: no goroutine there is in bubble 2", tt.pkg, got)
		}
	}
}

func TestExerciseFrame(t *testing.T) {
	tests := []struct {
		lines []string
		want  Goroutine
		ok    bool
	}{
		{[]string{"goroutine 7 [chan send, synctest bubble 1]:", "conclab/x.Run.func2()", "\t/r/x/x.go:12 +0x1f"},
			Goroutine{"chan send", "Run.func2", "x.go:12"}, true},
		{[]string{"goroutine 7 [sleep]:", "conclab/x.(*Loop).Run(0xc0)", "\t/r/x/x.go:30 +0x1f"},
			Goroutine{"sleep", "(*Loop).Run", "x.go:30"}, true},
		{[]string{"goroutine 7 [sleep]:", "conclab/x.TestRun(0xc0)", "\t/r/x/x_test.go:30 +0x1f"}, Goroutine{}, false},
		{[]string{"goroutine 7 [sleep]:", "conclab/xy.Run()", "\t/r/xy/xy.go:3 +0x1f"}, Goroutine{}, false},
		{[]string{"goroutine 7 [sleep]:", "created by conclab/x.Run in goroutine 1", "\t/r/x/x.go:3 +0x1f"}, Goroutine{}, false},
		{[]string{"goroutine 7 [running]:"}, Goroutine{}, false},
		{[]string{"goroutine 7 [synctest.Run (durable), synctest bubble 1]:", "internal/synctest.Run(0xc0)", "\t/go/src/runtime/synctest.go:218 +0x1e6",
			"conclab/x.Run(0xc0)", "\t/r/x/x.go:48 +0x99"}, Goroutine{}, false},
	}
	for _, tt := range tests {
		got, ok := exerciseFrame(tt.lines, "conclab/x")
		if got != tt.want || ok != tt.ok {
			t.Errorf("exerciseFrame(%q) = %v, %v, want %v, %v", tt.lines, got, ok, tt.want, tt.ok)
		}
	}
}

// TestAllStacks: a live dump names the goroutine that takes it, first.
func TestAllStacks(t *testing.T) {
	dump := allStacks()
	first, _, _ := strings.Cut(dump, "\n\n")
	if !strings.Contains(first, "conclab/exercises/kit/kittest.TestAllStacks") {
		t.Errorf("allStacks() begins with %q, want the calling goroutine", first)
	}
}

func TestLeakMessage(t *testing.T) {
	spin := Goroutine{"select", "Spin", "spinner.go:47"}
	get := Goroutine{"select", "Get", "checker.go:55"}
	tests := []struct {
		gs   []Goroutine
		want string
	}{
		{[]Goroutine{spin}, "goroutine leak: when Supervisor returned, 1 goroutine was still running your code:\n" +
			"    Spin at spinner.go:47 (select)\n"},
		{[]Goroutine{get, spin, get, get}, "goroutine leak: when Supervisor returned, 4 goroutines were still running your code:\n" +
			"    Get at checker.go:55 (select) × 3\n    Spin at spinner.go:47 (select)\n"},
	}
	for _, tt := range tests {
		got := LeakMessage("when Supervisor returned", tt.gs)
		if !strings.HasPrefix(got, tt.want) || !strings.HasSuffix(got, "(sync.WaitGroup, or a channel it closes)") {
			t.Errorf("LeakMessage(%v) = %q, want it to start with %q and end with how to fix it", tt.gs, got, tt.want)
		}
		if !strings.HasPrefix(got, kit.LeakPrefix) {
			t.Errorf("LeakMessage(%v) does not start with kit.LeakPrefix", tt.gs)
		}
	}
}

func TestPackageOf(t *testing.T) {
	tests := []struct{ fn, want string }{
		{"conclab/exercises/chess.TestExhibition.func1", "conclab/exercises/chess"},
		{"conclab/exercises/chess.(*Game).Play", "conclab/exercises/chess"},
		{"main.main", "main"},
		{"conclab/exercises/kit/kittest.Run", "conclab/exercises/kit/kittest"},
	}
	for _, tt := range tests {
		if got := packageOf(tt.fn); got != tt.want {
			t.Errorf("packageOf(%q) = %q, want %q", tt.fn, got, tt.want)
		}
	}
}

// TestRun: the check's Log starts at 0 in a bubble, the trace is written
// to $CONCLAB_TRACE_DIR/<package>/<test>.json, and the Log has DefaultLimit.
func TestRun(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent()) // the bubble's watcher ends with it
	dir := t.TempDir()
	t.Setenv(TraceDirEnv, dir)
	t.Run("a check/with a slash", func(t *testing.T) {
		Run(t, func(t *testing.T, log *kit.Log) {
			log.Sleep("A", 700*time.Millisecond)
			log.Printf("A", "A = 3")
			log.Done("A")
			if got := log.Elapsed(); got != 700*time.Millisecond {
				t.Errorf("Elapsed() = %v, want 700ms of virtual time", got)
			}
			defer func() {
				if r := recover(); !strings.HasPrefix(fmt.Sprint(r), kit.LimitPrefix) {
					t.Errorf("a Sleep past DefaultLimit panicked with %v, want %q...", r, kit.LimitPrefix)
				}
			}()
			log.Sleep("B", DefaultLimit)
		})
	})
	b, err := os.ReadFile(filepath.Join(dir, "kittest", "TestRun-a_check-with_a_slash.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tr trace.Trace
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	if len(tr.Output) != 1 || tr.Output[0].Text != "A = 3" || tr.Output[0].At != 700*time.Millisecond {
		t.Errorf("the written trace's output is %v, want A = 3 at 0.7 s", tr.Output)
	}
}
