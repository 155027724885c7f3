package spinner

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestAsyncioOracle runs the event-loop variants under real asyncio on a
// virtual clock (testdata/asyncio_oracle.py: CPython's own BaseEventLoop
// decides the order, only time() and select() are replaced) and compares
// frames, answer time and debug-mode warnings with conclab's, over a grid of
// settings. It needs python3 >= 3.8 on PATH and skips otherwise.
func TestAsyncioOracle(t *testing.T) {
	python := pythonForOracle(t)
	type setting struct {
		variant            string
		wait, frame, chunk time.Duration
	}
	var grid []setting
	for _, wait := range []time.Duration{3 * time.Second, time.Second, 2500 * ms} {
		for _, frame := range []time.Duration{100 * ms, 250 * ms, 33 * ms} {
			for _, chunk := range []time.Duration{100 * ms, 500 * ms, 50 * ms, 33 * ms, 99 * ms, time.Second} {
				grid = append(grid, setting{"loop-cpu-yield", wait, frame, chunk})
			}
			for _, v := range []string{"loop-yield", "loop-blocking", "loop-cpu"} {
				grid = append(grid, setting{v, wait, frame, 100 * ms})
			}
		}
	}
	args := []string{"testdata/asyncio_oracle.py"}
	for _, s := range grid {
		args = append(args, fmt.Sprintf("%s:%d:%d:%d", s.variant, s.wait.Milliseconds(), s.frame.Milliseconds(), s.chunk.Milliseconds()))
	}
	cmd := exec.CommandContext(t.Context(), python, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s asyncio_oracle.py: %v\n%s", python, err, stderr.String())
	}
	type result struct {
		Setting    string  `json:"setting"`
		Frames     int     `json:"frames"`
		AnswerAtMS int64   `json:"answer_at_ms"`
		Warnings   int     `json:"warnings"`
		LongestMS  float64 `json:"longest_hold_ms"`
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	var table strings.Builder
	fmt.Fprintf(&table, "%-16s %6s %6s %6s   %-22s %-22s\n", "variant", "wait", "frame", "chunk", "conclab frames/warn", "asyncio frames/warn")
	i := 0
	for ; sc.Scan(); i++ {
		var want result
		if err := json.Unmarshal(sc.Bytes(), &want); err != nil {
			t.Fatalf("oracle line %q: %v", sc.Text(), err)
		}
		if i >= len(grid) || want.Setting != args[i+1] {
			t.Fatalf("oracle line %d is for %q, want %q", i, want.Setting, args[min(i+1, len(args)-1)])
		}
		s := grid[i]
		f := runVariant(t, s.variant, sets(s.wait, s.frame, s.chunk)).Facts
		got := result{Setting: want.Setting, Frames: f["frames"].(int),
			AnswerAtMS: int64(f["answer_at_seconds"].(float64) * 1000),
			Warnings:   f["warnings"].(int), LongestMS: f["longest_hold_seconds"].(float64) * 1000}
		if got != want {
			t.Errorf("%s: conclab %+v, real asyncio %+v", want.Setting, got, want)
		}
		fmt.Fprintf(&table, "%-16s %6v %6v %6v   %-22s %-22s\n", s.variant, s.wait, s.frame, s.chunk,
			fmt.Sprintf("%d / %d", got.Frames, got.Warnings), fmt.Sprintf("%d / %d", want.Frames, want.Warnings))
	}
	if i != len(grid) {
		t.Fatalf("the oracle answered %d settings, want %d", i, len(grid))
	}
	t.Logf("%s (conclab vs real asyncio under %s):\n%s", t.Name(), python, table.String())
}

// pythonForOracle returns python3 if it is on PATH and is 3.8 or later, and
// skips the test otherwise.
func pythonForOracle(t *testing.T) string {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not on PATH: the asyncio oracle needs Python 3.8 or later")
	}
	out, err := exec.CommandContext(t.Context(), python, "-c", "import sys; print(sys.version_info >= (3, 8))").Output()
	if err != nil {
		t.Skipf("%s does not run (%v): the asyncio oracle needs Python 3.8 or later", python, err)
	}
	if strings.TrimSpace(string(out)) != "True" {
		t.Skipf("%s is older than 3.8: the asyncio oracle needs Python 3.8 or later", python)
	}
	return python
}
