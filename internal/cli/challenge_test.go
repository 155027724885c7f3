package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/internal/challenge"
)

func TestChallengeListJSON(t *testing.T) {
	code, out, errs := run("challenge", "list", "--json")
	require.Equal(t, 0, code, errs)
	var items []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &items))
	require.Len(t, items, len(challenge.Levels()))
	for i, l := range challenge.Levels() {
		assert.Equal(t, map[string]any{"name": l.Name, "title": l.Title, "goal": l.GoalText(), "safe": l.Safe}, items[i])
	}
}

func TestChallengeListText(t *testing.T) {
	code, out, errs := run("challenge", "list")
	require.Equal(t, 0, code, errs)
	for _, l := range challenge.Levels() {
		assert.Contains(t, out, l.Name)
		assert.Contains(t, out, l.Title)
	}
	assert.NotContains(t, out, "safe", "the text list does not say which levels are safe: finding out is the puzzle")
}

func TestChallengeShow(t *testing.T) {
	code, out, errs := run("challenge", "show", "lost-update")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, " 11          counter++")
	assert.Contains(t, out, "At the start: G1 main, line 8: var wg sync.WaitGroup")
	assert.Contains(t, out, "load, add, store")
	code, out, errs = run("challenge", "show", "lost-update", "--json")
	require.Equal(t, 0, code, errs)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	l, _ := challenge.Get("lost-update")
	assert.Equal(t, l.Source(), got["source"])
}

// TestChallengePlayWinningSchedules: play wins (exit 0) with each level's
// stored schedule and with the explorer's, and prints the lesson.
func TestChallengePlayWinningSchedules(t *testing.T) {
	for _, l := range challenge.Levels() {
		if l.Safe {
			continue
		}
		p, err := l.Program()
		require.NoError(t, err)
		r := challenge.Explore(p, l.Config, challenge.Options{})
		for _, sched := range []string{l.Winning, challenge.FormatSchedule(r.Schedule)} {
			code, out, errs := run("challenge", "play", l.Name, "--schedule", sched)
			require.Equal(t, 0, code, "play %s --schedule %s: %s%s", l.Name, sched, out, errs)
			assert.Contains(t, out, "Broken: ")
			assert.Contains(t, out, "Lesson: ")
			assert.Equal(t, strings.Count(sched, ",")+1, steps(out), "play %s --schedule %s: one line per step", l.Name, sched)
		}
	}
}

func TestChallengePlayJSON(t *testing.T) {
	code, out, errs := run("challenge", "play", "flag", "--schedule", "1,1,1,2,1,2", "--json")
	require.Equal(t, 0, code, errs)
	var got struct {
		Level    string `json:"level"`
		Schedule []int  `json:"schedule"`
		Steps    []struct {
			Step, Goroutine, Line int
			Text                  string
		} `json:"steps"`
		Failure *challenge.Failure `json:"failure"`
		Won     bool               `json:"won"`
		Lesson  string             `json:"lesson"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, []int{1, 1, 1, 2, 1, 2}, got.Schedule)
	assert.Len(t, got.Steps, 6)
	require.NotNil(t, got.Failure)
	assert.Equal(t, challenge.Critical, got.Failure.Kind)
	assert.True(t, got.Won)
	assert.NotEmpty(t, got.Lesson)
}

// TestChallengePlayNotBroken: a schedule that does not break the program
// exits 1 and says what can move next, or that the program finished.
func TestChallengePlayNotBroken(t *testing.T) {
	code, out, _ := run("challenge", "play", "lost-update", "--schedule", "1,1,1")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "After 3 steps the program has not failed yet. Next:\n  G1 line 14: go func() { … }()\n  G2 line 11: counter++ (load counter)")
	// main runs G2 to the end, then G3, then finishes: counter is 2.
	code, out, _ = run("challenge", "play", "lost-update", "--schedule", "1,1,1,2,2,2,2,1,3,3,3,3,1,1,1")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "The program finished without failing")
}

// TestChallengeBadInput: one line, exit status 2, nothing on stdout.
func TestChallengeBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"challenge", "play", "nope", "--schedule", "1"}, `no level "nope" (levels: lost-update, flag,`},
		{[]string{"challenge", "play", "lost-update"}, "play needs --schedule"},
		{[]string{"challenge", "play", "lost-update", "--schedule", "1,,2"}, `entry 2 is ""`},
		{[]string{"challenge", "play", "lost-update", "--schedule", "1,0"}, `entry 2 is "0"`},
		{[]string{"challenge", "play", "lost-update", "--schedule", "1,2"}, "step 2 (2): there is no goroutine 2 (there are 1)"},
		{[]string{"challenge", "play", "cond-if", "--schedule", "1,1,1,1,2,2,2,2,2,2"}, "step 10 (2): G2 is blocked at line 14: ready.Wait(): waits for a Signal or Broadcast"},
		{[]string{"challenge", "play", "lost-update", "--schedule", "1,1,1,2,2,2,2,2"}, "step 8 (2): G2 has finished"},
		{[]string{"challenge", "play", "flag", "--schedule", "1,1,1,2,1,2,1"}, "step 7 (1): the program has ended"},
		{[]string{"challenge", "play", "lost-update", "--schedule", "1:2"}, "step 1 (1:2): G1's next step is not a select with several ready cases"},
		{[]string{"challenge", "explore"}, "challenge explore takes one level, got 0"},
		{[]string{"challenge", "explore", "flag", "--schedule", "1"}, "--schedule goes with play"},
		{[]string{"challenge", "dance"}, `unknown challenge command "dance"`},
		{[]string{"challenge", "explore", "missing.go"}, "read missing.go:"},
	} {
		code, out, errs := run(tc.args...)
		assert.Equal(t, 2, code, "%v", tc.args)
		assert.Empty(t, out, "%v", tc.args)
		assert.Contains(t, errs, tc.want, "%v", tc.args)
		assert.Equal(t, 1, strings.Count(errs, "\n"), "%v: %q is not one line", tc.args, errs)
	}
}

func TestChallengeExplore(t *testing.T) {
	code, out, errs := run("challenge", "explore", "handoff", "--json")
	require.Equal(t, 0, code, errs)
	var got map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&got))
	assert.Equal(t, "handoff", got["level"])
	assert.Nil(t, got["schedule"])
	assert.Contains(t, got, "schedule")
	l, _ := challenge.Get("handoff")
	p, _ := l.Program()
	r := challenge.Explore(p, l.Config, challenge.Options{})
	assert.Equal(t, json.Number(r.Interleavings.String()), got["interleavings"])
	code, out, _ = run("challenge", "explore", "handoff")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "no schedule breaks it: "+r.Interleavings.String()+" interleavings tried")
	code, out, _ = run("challenge", "explore", "double-close")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Shortest failing schedule (8 steps): ")
	assert.Contains(t, out, "close of closed channel (line 12, G3)")
}

// TestChallengeOwnFile: a program of one's own is explored like a level;
// one the interpreter cannot run is bad input, in one line.
func TestChallengeOwnFile(t *testing.T) {
	dir := t.TempDir()
	racy := filepath.Join(dir, "racy.go")
	require.NoError(t, os.WriteFile(racy, []byte(`package main

var n int

func main() {
	go func() {
		n++
	}()
	n++
	assert(n == 2)
}
`), 0o644))
	code, out, errs := run("challenge", "explore", racy)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Shortest failing schedule (")
	assert.Contains(t, out, "assert(n == 2) is false")
	spin := filepath.Join(dir, "spin.go")
	require.NoError(t, os.WriteFile(spin, []byte("package main\n\nvar done bool\n\nfunc main() {\n\tgo func() {\n\t\tdone = true\n\t}()\n\tfor !done {\n\t}\n}\n"), 0o644))
	code, out, errs = run("challenge", "explore", spin)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "no schedule breaks it: every interleaving tried (unboundedly many: a loop can go round for ever; ")
	code, out, errs = run("challenge", "explore", spin, "--json")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, `"interleavings": null`)
	bad := filepath.Join(dir, "bad.go")
	require.NoError(t, os.WriteFile(bad, []byte("package main\n\nfunc main() {\n\tswitch {\n\t}\n}\n"), 0o644))
	code, out, errs = run("challenge", "explore", bad)
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, "bad.go:4: this statement is not supported: switch {")
}

// steps counts the lines of play's table of steps.
func steps(out string) int {
	_, table, _ := strings.Cut(out, "step  who")
	table, _, _ = strings.Cut(table, "\n\n")
	return strings.Count(table, "\n")
}

// TestChallengeSelectCases: a select with several ready cases lists them,
// wants its case chosen (2 without one is bad input), and takes it.
func TestChallengeSelectCases(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sel.go")
	require.NoError(t, os.WriteFile(file, []byte(`package main

func main() {
	a, b := make(chan int, 1), make(chan int, 1)
	a <- 1
	b <- 2
	select {
	case v := <-a:
		println("a", v)
	case v := <-b:
		println("b", v)
	}
}
`), 0o644))
	code, out, _ := run("challenge", "play", file, "--schedule", "1,1,1")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "  G1 line 7: select\n    G1:1 line 8: case v := <-a\n    G1:2 line 10: case v := <-b\n")
	code, _, errs := run("challenge", "play", file, "--schedule", "1,1,1,1")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "G1's select has several ready cases: choose one with 1:1 or 1:2")
	code, out, _ = run("challenge", "play", file, "--schedule", "1,1,1,1:2,1")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `prints "b 2"`)
}

// TestChallengeExploreModels: the models of lab variants explore by name:
// the naive transfers deadlock, the ordered ones cannot.
func TestChallengeExploreModels(t *testing.T) {
	code, out, errs := run("challenge", "explore", "locks-transfers")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Model of the locks lab's transfers variant")
	assert.Contains(t, out, "all goroutines are asleep - deadlock!")
	code, out, errs = run("challenge", "explore", "locks-ordered")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "no schedule breaks it")
}
