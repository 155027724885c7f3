package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"conclab/internal/cli"
	"conclab/internal/realrun"
	_ "conclab/labs/all"
)

func TestMain(m *testing.M) {
	if program, ok := realrun.ChildRequested(); ok {
		os.Exit(realrun.Child(program, os.Stdout, os.Stderr)) // a real run's child (TestRunRealSpinner)
	}
	if os.Getenv(cli.AsConclab) != "" {
		os.Exit(cli.ConclabMain()) // the test binary runs again as conclab (see process_test.go)
	}
	goleak.VerifyTestMain(m)
}

func run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = cli.Main(args, cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader("")})
	return code, out.String(), errb.String()
}

func TestList(t *testing.T) {
	code, out, errs := run("list")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "chess")
	assert.Contains(t, out, "One master, 24 boards")
}

func TestRunText(t *testing.T) {
	code, out, errs := run("run", "chess")
	require.Equal(t, 0, code, errs)
	assert.Regexp(t, `sequential\s+12:00:00\s+1\.0x`, out)
	assert.Regexp(t, `concurrent\s+1:00:55\s+11\.8x`, out)
	assert.Contains(t, out, "board 24: game over")
}

func TestRunJSON(t *testing.T) {
	code, out, errs := run("run", "chess", "--variant", "sequential,concurrent", "--set", "boards=12", "--json")
	require.Equal(t, 0, code, errs)
	var rep struct {
		Lab      string         `json:"lab"`
		Params   map[string]any `json:"params"`
		Variants []struct {
			Name   string  `json:"name"`
			Total  float64 `json:"total_seconds"`
			Output []struct {
				At   float64 `json:"at_seconds"`
				Task string  `json:"task"`
				Text string  `json:"text"`
			} `json:"output"`
			Trace map[string]any `json:"trace"`
		} `json:"variants"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, "chess", rep.Lab)
	assert.Equal(t, map[string]any{"boards": 12.0, "master_move": "5s", "opponent_move": "55s", "moves": 30.0}, rep.Params)
	require.Len(t, rep.Variants, 2)
	assert.Equal(t, 21600.0, rep.Variants[0].Total)
	assert.Equal(t, 29*60.0+60+55, rep.Variants[1].Total)
	assert.Len(t, rep.Variants[1].Output, 12)
	assert.Equal(t, "board 12: game over", rep.Variants[1].Output[11].Text)
	assert.Contains(t, rep.Variants[0].Trace, "tasks")
}

func TestRunJSONIsByteIdentical(t *testing.T) {
	_, a, _ := run("run", "chess", "--all-variants", "--json")
	_, b, _ := run("run", "chess", "--all-variants", "--json")
	require.NotEmpty(t, a)
	assert.True(t, a == b, "two runs gave different JSON")
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "chezz"}, 2, `conclab: unknown lab "chezz" (labs: `},
		{[]string{"run", "chess", "--variant", "x"}, 2, `conclab: chess: unknown variant "x" (variants: sequential, concurrent, two-masters)`},
		{[]string{"run", "chess", "--set", "boards=-1"}, 2, "conclab: chess: boards = -1 is out of range (allowed: 1..10000)"},
		{[]string{"run", "chess", "--set", "boards=abc"}, 2, `conclab: chess: boards = "abc" is not a whole number (allowed: 1..10000)`},
		{[]string{"run", "chess", "--set", "boards=1000000000"}, 2, "conclab: chess: boards = 1000000000 is out of range (allowed: 1..10000)"},
		{[]string{"run", "chess", "--set", "master_move=fast"}, 2, `conclab: chess: master_move = "fast" is not a duration (allowed: 1ms..1h)`},
		{[]string{"run", "chess", "--set", "nope=1"}, 2, `conclab: chess: unknown parameter "nope" (parameters: boards, master_move, opponent_move, moves)`},
		{[]string{"run", "coroutines", "--set", "x=1"}, 2, `conclab: coroutines: unknown parameter "x" (this lab has no parameters)`},
		{[]string{"run", "coroutines", "--variant", "buffered", "--reveal", "--set", "x=1"}, 2, `conclab: coroutines: unknown parameter "x" (this lab has no parameters)`},
		{[]string{"run", "coroutines", "--variant", "buffered", "--predict", "1", "--set", "x=1"}, 2, `conclab: coroutines: unknown parameter "x" (this lab has no parameters)`},
		{[]string{"run", "chess", "--set", "boards"}, 2, `conclab: --set wants name=value, got "boards"`},
		{[]string{"run", "chess", "--set"}, 2, "conclab: --set needs a value"},
		{[]string{"run", "chess", "--bogus"}, 2, "conclab: unknown flag --bogus"},
		{[]string{"run"}, 2, "conclab: run needs a lab"},
		{[]string{"run", "chess", "spinner"}, 2, `conclab: run takes one lab, got "chess" and "spinner"`},
		{[]string{"frobnicate"}, 2, `conclab: unknown command "frobnicate"`},
		{[]string{"help", "nolab"}, 2, `conclab: no help for "nolab" (commands: list, run`},
		{[]string{"help", "run", "extra"}, 2, `conclab: help takes one topic, got "run extra"`},
	}
	for _, tt := range tests {
		code, out, errs := run(tt.args...)
		if code != tt.code || !strings.HasPrefix(errs, tt.want) {
			t.Errorf("conclab %v = %d %q, want %d %q", tt.args, code, errs, tt.code, tt.want)
		}
		assert.Empty(t, out, "%v printed to stdout", tt.args)
		assert.Equal(t, 1, strings.Count(errs, "\n"), "%v: the error is one line", tt.args)
	}
}

// TestIncompleteGetsNoSpeedup: errgroup gave up after ID's 418 and
// cancelled 18 of its 20 downloads, so its 1.019 s is not the time of the
// same work as sequential's 34.766 s: no speedup, and the table says what
// happened; JSON says it too. The base is the first run that did its work.
func TestIncompleteGetsNoSpeedup(t *testing.T) {
	sets := []string{"--set", "jitter=4.5s", "--set", "error_rate=0.1", "--set", "timeout=3s"}
	code, out, errs := run(append([]string{"run", "flags", "--variant", "errgroup,sequential,goroutines"}, sets...)...)
	require.Equal(t, 0, code, errs)
	assert.Regexp(t, `(?m)^errgroup\s+0:00:01\.019\s+-\s+gave up after a 418 \(ID\): cancelled 18 of 20; cancelled=`, out)
	assert.Regexp(t, `(?m)^sequential\s+0:00:34\.766\s+1\.0x\s+tally=`, out)
	assert.Regexp(t, `(?m)^goroutines\s+0:00:03\s+11\.6x\s+tally=`, out)
	assert.NotContains(t, out, "34.1x")

	// The README shows the table of sequential and errgroup: its lines are this run's.
	_, out, _ = run(append([]string{"run", "flags", "--variant", "sequential,errgroup"}, sets...)...)
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	for _, line := range strings.Split(out, "\n")[4:6] {
		if i := strings.Index(line, "cancelled=["); i >= 0 {
			line = line[:i+len("cancelled=[")]
		}
		assert.Contains(t, string(readme), line, "the README's table of a run that gave up")
	}

	code, out, errs = run(append([]string{"run", "flags", "--variant", "sequential,errgroup", "--json"}, sets...)...)
	require.Equal(t, 0, code, errs)
	var rep struct {
		Variants []struct {
			Name       string `json:"name"`
			Incomplete string `json:"incomplete"`
		} `json:"variants"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Variants, 2)
	assert.Empty(t, rep.Variants[0].Incomplete)
	assert.Equal(t, "gave up after a 418 (ID): cancelled 18 of 20", rep.Variants[1].Incomplete)
	assert.NotContains(t, strings.SplitN(out, `"trace"`, 2)[0], `"incomplete":""`)
}

// TestSpeedupOnlyForTheSameWork: the locks lab's counter, transfers and
// philosophers are different work (labs.Variant.Work): each is measured
// against the first complete run of its own work, never against another's
// (ordered's 2 ms is not 40x faster than mutex's 80 ms).
func TestSpeedupOnlyForTheSameWork(t *testing.T) {
	code, out, errs := run("run", "locks", "--variant", "mutex,transfers,ordered,philosophers-ordered,atomic")
	require.Equal(t, 0, code, errs)
	assert.Regexp(t, `(?m)^mutex\s+0:00:00\.080\s+1\.0x\s`, out)
	assert.Regexp(t, `(?m)^transfers\s+0:00:00\.001\s+-\s+deadlock: t1 holds A, waits for B; t2 holds B, waits for A;`, out)
	assert.Regexp(t, `(?m)^ordered\s+0:00:00\.002\s+1\.0x\s`, out)
	assert.Regexp(t, `(?m)^philosophers-ordered\s+0:00:00\.007\s+1\.0x\s`, out)
	assert.Regexp(t, `(?m)^atomic\s+0:00:00\.080\s+1\.0x\s`, out)
	assert.NotContains(t, out, "40.0x")
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{nil, {"--help"}, {"-h"}, {"help"}} {
		code, out, _ := run(args...)
		assert.Equal(t, 0, code)
		assert.Contains(t, out, "conclab run LAB", "%v", args)
	}
	code, out, _ := run("help", "run")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "--set name=value")
	_, out2, _ := run("run", "--help")
	assert.Equal(t, out, out2)
	code, out, _ = run("help", "chess")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "boards")
	assert.Contains(t, out, "1..10000")
	assert.Contains(t, out, "*sequential")
}

func TestSteps(t *testing.T) {
	code, out, errs := run("run", "chess", "--variant", "concurrent", "--set", "boards=2", "--set", "moves=1", "--steps")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "== concurrent ==")
	assert.Regexp(t, `#1\s+0:00:00\s+run\s+board 1 on worker 0`, out)
	assert.Contains(t, out, "total 0:01:05")
}

func TestSpeedup(t *testing.T) {
	assert.Equal(t, "11.8x", cli.Speedup(43200e9, 3655e9))
	assert.Equal(t, "-", cli.Speedup(1, 0))
}

func TestServeBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--delay", "-1s"}, "conclab: delay -1s is out of range (allowed: 0s..1h)"},
		{[]string{"serve", "--error-rate", "2"}, "conclab: error rate 2 is out of range (allowed: 0..1)"},
		{[]string{"serve", "--error-rate", "lots"}, `conclab: --error-rate "lots" is not a number (allowed: 0..1)`},
		{[]string{"serve", "--addr", "nowhere"}, `conclab: --addr "nowhere" is not host:port (e.g. 127.0.0.1:8001)`},
		{[]string{"serve", "--seed", "-3"}, `conclab: --seed "-3" is not a whole number >= 0`},
		{[]string{"serve", "--bogus", "1"}, "conclab: unknown flag --bogus (see conclab help serve)"},
		{[]string{"serve", "--delay"}, "conclab: --delay needs a value (see conclab help serve)"},
		{[]string{"serve", "--bogus"}, "conclab: unknown flag --bogus (see conclab help serve)"},
		{[]string{"serve", "--max-delay", "0s"}, "conclab: --max-delay 0s is out of range (allowed: 1ms..1h)"},
		{[]string{"serve", "--max-delay", "2h"}, "conclab: --max-delay 2h0m0s is out of range (allowed: 1ms..1h)"},
		{[]string{"serve", "--max-conns", "0"}, `conclab: --max-conns "0" is not a whole number from 1 to 100000`},
		{[]string{"serve", "--max-conns", "many"}, `conclab: --max-conns "many" is not a whole number from 1 to 100000`},
	}
	for _, tt := range tests {
		code, _, errs := run(tt.args...)
		if code != 2 || strings.TrimSpace(errs) != tt.want {
			t.Errorf("conclab %v = %d %q, want 2 %q", tt.args, code, errs, tt.want)
		}
	}
}

func TestServeStopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		done <- cli.Main([]string{"serve", "--addr", "127.0.0.1:0", "--delay", "0s"}, cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Context: ctx})
	}()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "conclab slow server on http://127.0.0.1:") }, 10*time.Second, 5*time.Millisecond)
	cancel()
	assert.Equal(t, 0, <-done, errb.String())
	assert.Contains(t, out.String(), "stopped: 0 requests")
}

// TestServeOnABusyPort says which port is taken and suggests the next one.
func TestServeOnABusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	code, _, errs := run("serve", "--addr", addr.String())
	want := fmt.Sprintf("conclab: %s is already in use (another conclab serve?): choose another port, e.g. --addr 127.0.0.1:%d", addr, addr.Port%65535+1)
	if code != 1 || strings.TrimSpace(errs) != want {
		t.Errorf("conclab serve --addr %s = %d %q, want 1 %q", addr, code, errs, want)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestPredict(t *testing.T) {
	code, out, errs := run("run", "coroutines", "--variant", "waitgroup", "--predict", `[0 1 4 9 16]\nsum 31`)
	require.Equal(t, 1, code, "a wrong prediction exits 1: %s", errs)
	assert.Contains(t, out, "waitgroup: 1 of 2 lines right")
	assert.Contains(t, out, "you wrote: sum 31")

	var stdout, stderr bytes.Buffer
	code = cli.Main([]string{"run", "coroutines", "--variant", "waitgroup", "--predict", "-"},
		cli.Env{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader("[0 1 4 9 16]\nsum 30\n")})
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "waitgroup: all 2 lines right")

	// without a prediction the puzzles are shown, not their answers
	code, out, _ = run("run", "coroutines", "--variant", "waitgroup")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "func WaitGroupSquares")
	assert.NotContains(t, out, "sum 30")
	code, out, _ = run("run", "coroutines", "--variant", "waitgroup", "--reveal")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "   2  sum 30", "revealed lines are numbered, not timed")
	assert.NotContains(t, out, "speedup")

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "chess", "--variant", "concurrent", "--predict", "x"}, "conclab: chess has no predictions to check"},
		{[]string{"run", "chess", "--reveal"}, "conclab: chess has nothing to reveal"},
		{[]string{"run", "coroutines", "--predict", "x"}, "conclab: --predict needs exactly one puzzle: --variant NAME"},
		{[]string{"run", "coroutines", "--variant", "nope", "--predict", "x"}, `conclab: coroutines: unknown variant "nope"`},
		{[]string{"run", "coroutines", "--variant", "pull", "--predict", " "}, "conclab: --predict needs the lines you expect"},
	} {
		code, _, errs := run(tt.args...)
		if code != 2 || !strings.HasPrefix(errs, tt.want) {
			t.Errorf("conclab %v = %d %q, want 2 %q", tt.args, code, errs, tt.want)
		}
	}
}
