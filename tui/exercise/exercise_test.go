package exercise

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"conclab/exercises"
	"conclab/internal/check"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

// batch runs cmd and returns the messages of its commands, a batch flattened.
func batch(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	b, ok := msg.(tea.BatchMsg)
	if !ok {
		return []tea.Msg{msg}
	}
	var out []tea.Msg
	for _, c := range b {
		out = append(out, batch(c)...)
	}
	return out
}

func TestCheckShowsTheVerdictAndThreeLanes(t *testing.T) {
	f := &fake{verdict: failed}
	m := open(t, f.env(t), 100, 30)
	m = keys(t, m, "c")
	if m.Checking() || m.Report() == nil {
		t.Fatalf("after c: Checking() = %v, Report() = %v, want a report", m.Checking(), m.Report())
	}
	var names []string
	for _, l := range m.lanes {
		names = append(names, l.name)
		if !l.traced {
			t.Errorf("lane %s has no trace: %s", l.name, l.message)
		}
	}
	if got := strings.Join(names, ","); got != "yours,solution,naive" {
		t.Errorf("lanes = %s, want yours,solution,naive", got)
	}
	if got, want := m.Clock().End(), 2880*time.Second; got != want {
		t.Errorf("Clock().End() = %v, want %v (the longest lane: yours and naive, 24 boards one after another)", got, want)
	}
	if !m.Clock().AtEnd() {
		t.Error("after a check the clock is not at the end (the totals are not shown)")
	}
	v := ansi.Strip(m.View())
	for _, want := range []string{"✗ failed: the boards were played", "at exercises/chess/chess.go:40 (Exhibition)", "Totals: yours 0:48:00 · solution 0:04:55 · naive 0:48:00"} {
		if !strings.Contains(v, want) {
			t.Errorf("view does not show %q:\n%s", want, v)
		}
	}
	m = keys(t, m, "c")
	if f.checks != 2 || f.refs[Solution] != 1 || f.refs[Naive] != 1 {
		t.Errorf("after two checks: %d checks, %d solution runs, %d naive runs, want 2, 1, 1 (references kept)", f.checks, f.refs[Solution], f.refs[Naive])
	}
	if got := m.Record().Checks; got != 2 {
		t.Errorf("Record().Checks = %d, want 2", got)
	}
}

func TestSecondPressWhileCheckingIsIgnored(t *testing.T) {
	f := &fake{verdict: failed}
	m := open(t, f.env(t), 80, 24)
	m, cmd := m.Update(press.Key("c"))
	if cmd == nil || !m.Checking() {
		t.Fatal("c did not start the checks")
	}
	gen := m.gen
	for _, k := range []string{"c", "enter"} {
		var again tea.Cmd
		m, again = m.Update(press.Key(k))
		if again != nil || m.gen != gen {
			t.Errorf("%s while checking: a command %v, run %d, want none and run %d", k, again != nil, m.gen, gen)
		}
	}
}

// TestLeaveCancelsTheCheck: esc while the checks run cancels their context
// (the runner then kills the child go test) and goes back.
func TestLeaveCancelsTheCheck(t *testing.T) {
	f := &fake{verdict: failed, block: true}
	m := open(t, f.env(t), 80, 24)
	m, cmd := m.Update(press.Key("c"))
	b, ok := cmd().(tea.BatchMsg)
	if !ok || len(b) != 2 {
		t.Fatalf("c returned %T, want a batch of the check and its ticks", cmd())
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- b[0]() }()
	m, back := m.Update(press.Key("esc"))
	if back == nil {
		t.Fatal("esc returned no command")
	}
	if _, ok := back().(screen.BackMsg); !ok {
		t.Errorf("esc returned %T, want screen.BackMsg", back())
	}
	select {
	case msg := <-done:
		got, ok := msg.(CheckedMsg)
		if !ok || !errors.Is(got.Err, context.Canceled) {
			t.Errorf("the check ended with %#v, want its context cancelled", msg)
		}
		if m, _ = m.Update(got); m.Report() != nil || m.checkErr != nil {
			t.Error("the cancelled check's result was shown")
		}
	case <-time.After(10 * time.Second): // a guard against a hang, not a timing
		t.Fatal("the check was not cancelled when the screen was left")
	}
}

func TestHintsAreRememberedOneAtATime(t *testing.T) {
	f := &fake{verdict: failed}
	env := f.env(t)
	m := open(t, env, 100, 40)
	m = keys(t, m, "h", "h")
	if got := m.Record().Hints; got != 2 {
		t.Errorf("after h h the screen shows %d hints, want 2", got)
	}
	p, _, err := env.Store.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Get("chess").Hints; got != 2 {
		t.Errorf("after h, h the progress file has %d hints shown, want 2", got)
	}
	m = open(t, env, 100, 40) // opened again: the hints are still shown
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "hint 2/3: There is only one master") || strings.Contains(v, "hint 3/3") {
		t.Errorf("reopened after two hints, the view shows:\n%s", v)
	}
	m = keys(t, m, "h", "h")
	if m.note != "Every hint is shown (3 of 3)." || m.Record().Hints != 3 {
		t.Errorf("after every hint: note %q, %d hints, want the note and 3", m.note, m.Record().Hints)
	}
}

func TestCheckedProgressIsSaved(t *testing.T) {
	f := &fake{verdict: passed}
	env := f.env(t)
	m := open(t, env, 80, 24)
	keys(t, m, "c")
	p, _, err := env.Store.Load()
	if err != nil {
		t.Fatal(err)
	}
	rec := p.Get("chess")
	if !rec.Solved || rec.Checks != 1 || rec.Last != check.Passed || !rec.SolvedAt.Equal(now()) {
		t.Errorf("after a pass the progress file has %+v, want solved at %v, 1 check, last passed", rec, now())
	}
}

func TestSolutionOnlyOnceSolved(t *testing.T) {
	f := &fake{verdict: failed}
	env := f.env(t)
	// A file of 60 lines whose answer is on line 41 (no git here: the
	// solution is read against the learner's file).
	lines := make([]string, 60)
	for i := range lines {
		lines[i] = fmt.Sprintf("// line %d", i+1)
	}
	mine := strings.Join(lines, "\n")
	lines[40] = "\t// every board in a goroutine"
	ex, _ := exercises.Get("chess")
	for rel, text := range map[string]string{ex.Path(): mine, ex.SolutionPath(): strings.Join(lines, "\n")} {
		if err := os.WriteFile(filepath.Join(env.Root, filepath.FromSlash(rel)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := open(t, env, 80, 24)
	m = keys(t, m, "c", "s")
	if m.solutionOn || !strings.Contains(m.note, "once your checks pass") {
		t.Errorf("s before a pass: solution shown %v, note %q", m.solutionOn, m.note)
	}
	f.verdict = passed
	m = keys(t, m, "c", "s")
	if !m.solutionOn || !strings.Contains(ansi.Strip(m.View()), "every board in a goroutine") {
		t.Fatalf("s after a pass does not show the solution:\n%s", ansi.Strip(m.View()))
	}
	if m.solution.Mark() != 40 || !strings.Contains(ansi.Strip(m.View()), "▶ 41") {
		t.Errorf("the solution opens at line %d, unmarked; want the first line of the answer marked:\n%s", m.solution.Mark()+1, ansi.Strip(m.View()))
	}
	top := ansi.Strip(m.View())
	if m = keys(t, m, "G"); ansi.Strip(m.View()) == top {
		t.Errorf("G did not scroll the solution")
	}
	if m = keys(t, m, "g", "G", "home"); !strings.Contains(ansi.Strip(m.View()), " 1 // line 1") {
		t.Errorf("home did not go back to line 1:\n%s", ansi.Strip(m.View()))
	}
	m, cmd := m.Update(press.Key("esc"))
	if m.solutionOn || cmd != nil {
		t.Errorf("esc on the solution: still shown %v, command %v; want it closed, the screen kept", m.solutionOn, cmd != nil)
	}
}

func TestEditor(t *testing.T) {
	const path = "/r/exercises/chess/chess.go"
	installed := func(names ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			if slices.Contains(names, name) {
				return "/usr/bin/" + name, nil
			}
			return "", exec.ErrNotFound
		}
	}
	tests := []struct {
		env       map[string]string
		core      string
		installed []string
		line      int
		want      string
	}{
		{nil, "", nil, 40, ""},
		{map[string]string{"EDITOR": "vi"}, "", nil, 40, "vi +40 " + path},
		{map[string]string{"EDITOR": "/usr/bin/nvim"}, "", nil, 7, "/usr/bin/nvim +7 " + path},
		{map[string]string{"EDITOR": "vim"}, "", nil, 0, "vim " + path},
		{map[string]string{"VISUAL": "hx", "EDITOR": "vi"}, "", nil, 3, "hx +3 " + path},
		{map[string]string{"VISUAL": "code -w", "EDITOR": "vi"}, "", nil, 3, "code -w " + path},
		{map[string]string{"VISUAL": "  ", "EDITOR": "nano"}, "", nil, 12, "nano +12 " + path},
		{map[string]string{"EDITOR": "emacs -nw"}, "", nil, 2, "emacs -nw +2 " + path},
		{map[string]string{"EDITOR": "ed"}, "", nil, 2, "ed " + path},
		// git's order: GIT_EDITOR, core.editor, VISUAL, EDITOR, then vi.
		{map[string]string{"GIT_EDITOR": "nano", "VISUAL": "hx"}, "vim", nil, 5, "nano +5 " + path},
		{map[string]string{"VISUAL": "hx", "EDITOR": "ed"}, "vim", nil, 5, "vim +5 " + path},
		{nil, "", []string{"vi", "nano"}, 5, "vi +5 " + path},
		{nil, "", []string{"nano"}, 5, "nano +5 " + path},
		// TERM=dumb: no VISUAL, no vi (git says "terminal is dumb, but EDITOR unset").
		{map[string]string{"TERM": "dumb", "VISUAL": "hx"}, "", []string{"vi"}, 5, ""},
		{map[string]string{"TERM": "dumb", "VISUAL": "hx", "EDITOR": "ed"}, "", []string{"vi"}, 5, "ed " + path},
	}
	defer func(f func(string) (string, error)) { lookPath = f }(lookPath)
	for _, tt := range tests {
		lookPath = installed(tt.installed...)
		got := strings.Join(Editor(func(k string) string { return tt.env[k] }, tt.core, path, tt.line), " ")
		if got != tt.want {
			t.Errorf("Editor(%v, core.editor %q, installed %v, %d) = %q, want %q", tt.env, tt.core, tt.installed, tt.line, got, tt.want)
		}
	}
}

func TestEditKey(t *testing.T) {
	f := &fake{verdict: failed}
	env := f.env(t)
	defer func(f func(string) (string, error)) { lookPath = f }(lookPath)
	lookPath = func(string) (string, error) { return "", exec.ErrNotFound } // neither vi nor nano installed
	m := open(t, env, 80, 24)
	m, cmd := m.Update(press.Key("e"))
	want := "No editor (set $VISUAL or $EDITOR; with TERM=dumb, vi is not tried): edit " + filepath.Join(env.Root, "exercises", "chess", "chess.go")
	if cmd != nil || m.note != want {
		t.Errorf("e without an editor: command %v, note %q; want none and %q", cmd != nil, m.note, want)
	}
	f.editorOf = map[string]string{"EDITOR": "vi"}
	m = keys(t, m, "c")
	if got := m.line(); got != 40 {
		t.Errorf("line() = %d after a verdict at chess.go:40, want 40", got)
	}
	if _, cmd = m.Update(press.Key("e")); cmd == nil {
		t.Error("e with EDITOR=vi returned no command")
	}
	m, _ = m.Update(EditedMsg{})
	if !strings.Contains(m.note, "c runs the checks") {
		t.Errorf("back from the editor: note %q", m.note)
	}
	m, _ = m.Update(EditedMsg{Err: errors.New("exit status 1")})
	if m.note != "The editor failed: exit status 1" {
		t.Errorf("a failed editor: note %q", m.note)
	}
}

func TestPlaybackKeys(t *testing.T) {
	f := &fake{verdict: failed}
	m := open(t, f.env(t), 120, 40)
	m = keys(t, m, "c", "home", "right", "right")
	if i, _ := m.Clock().Event(); i != 2 {
		t.Errorf("home, →, →: event %d, want 2", i)
	}
	m = keys(t, m, "left", "h")
	if i, _ := m.Clock().Event(); i != 1 || m.Record().Hints != 1 {
		t.Errorf("←, h: event %d and %d hints, want 1 and 1 (h is a hint here, not a step back)", i, m.Record().Hints)
	}
	m = keys(t, m, "space")
	if !m.Clock().Playing() {
		t.Fatal("space did not play")
	}
	at := m.Clock().At()
	m, _ = m.Update(m.Clock().Frame())
	if m.Clock().At() <= at {
		t.Errorf("a frame while playing moved the clock from %v to %v", at, m.Clock().At())
	}
	m = keys(t, m, "end")
	if !m.Clock().AtEnd() || m.Clock().Playing() {
		t.Error("end did not stop at the end")
	}
	m = keys(t, m, "t")
	if len(m.lanes) != 3 {
		t.Fatalf("after t: %d lanes, want 3", len(m.lanes))
	}
	if end := m.Clock().End(); end != 360*time.Second {
		t.Errorf("after t the clock ends at %v, want 360 s (3 boards one after another)", end)
	}
}

func TestNoRepository(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv(check.ConfigDirEnv, t.TempDir()) // the hint shown below is this run's alone
	env := DefaultEnv()
	if env.Root != "" || env.RootErr == nil {
		t.Fatalf("DefaultEnv() outside the repository: Root %q, RootErr %v", env.Root, env.RootErr)
	}
	m := open(t, env, 80, 24)
	for _, k := range []string{"c", "e", "w", "s"} {
		m = keys(t, m, k)
		if !strings.HasPrefix(m.note, "No conclab repository here: ") {
			t.Errorf("%s outside the repository: note %q", k, m.note)
		}
	}
	m = keys(t, m, "h")
	if m.Record().Hints != 1 {
		t.Error("the hints are not shown outside the repository (they are in the binary)")
	}
}

func TestLabWithoutExercise(t *testing.T) {
	m := open(t, Env{}, 80, 24)
	m = New(m.c, Env{}, "spinner-of-the-future")
	t.Cleanup(m.Close)
	m = keys(t, m, "c", "h", "e", "s", "w")
	if !strings.Contains(ansi.Strip(m.View()), "The spinner-of-the-future lab has no exercise yet.") {
		t.Errorf("a lab without an exercise shows:\n%s", ansi.Strip(m.View()))
	}
	var offered []string
	for _, b := range m.Help().ShortHelp() {
		offered = append(offered, b.Help().Key)
	}
	if got := strings.Join(offered, " "); got != "esc ? q" {
		t.Errorf("a lab without an exercise offers the keys %q, want only esc ? q", got)
	}
}

func TestGoal(t *testing.T) {
	root := t.TempDir()
	ex := exercises.Exercise{Name: "x", Dir: "exercises/x", File: "x.go"}
	dir := filepath.Join(root, "exercises", "x")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		src, want, err string
	}{
		{"// Package x does X.\n//\n// Goal: do it.\npackage x\n", "Package x does X.\n\nGoal: do it.", ""},
		{"package x\n", "", "has no package comment"},
		{"// Package x.\npackage\n", "", "does not parse"},
	}
	for _, tt := range tests {
		if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(tt.src), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := Goal(root, ex)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("Goal(%q) = %q, %v, want %q, %q", tt.src, got, err, tt.want, tt.err)
		}
	}
}

// TestReferencesRunTheRealChecks runs the chess checks twice in child go
// tests: on the solution (it passes) and on the exercise as shipped (it
// fails with the teaching message); a second ask is answered from the cache.
func TestReferencesRunTheRealChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test twice")
	}
	env := DefaultEnv()
	if env.Root == "" {
		t.Skip(env.RootErr)
	}
	ex, err := exercises.Get("chess")
	if err != nil {
		t.Fatal(err)
	}
	if same, err := check.Untouched(env.Root, ex); err != nil || !same {
		t.Skip("the chess exercise has been edited here")
	}
	ctx := context.Background()
	sol, err := env.Reference(ctx, ex, Solution)
	if err != nil || !sol.Verdict.Passed() || len(sol.Traces) == 0 {
		t.Fatalf("the solution's run: %v, %v", sol, err)
	}
	naive, err := env.Reference(ctx, ex, Naive)
	if err != nil || naive.Verdict.Kind != check.Failed || !strings.Contains(naive.Verdict.Headline, "43200 s") {
		t.Fatalf("the naive run: %+v, %v", naive, err)
	}
	if got := traceOf(sol, naive.Traces[0].Test); got == nil || got.Total != 3655*time.Second {
		t.Errorf("the solution's trace of %s: %v, want 3655 s", naive.Traces[0].Test, got)
	}
	again, err := env.Reference(ctx, ex, Solution)
	if err != nil || again != sol {
		t.Errorf("a second ask ran the solution again (%p, %p, %v), want the kept report", again, sol, err)
	}
}

// TestOpensThePathsNext: the exercise screen of the lab that holds the
// path's next exercise opens that exercise (what the home screen and
// conclab progress call next), however far the learner got.
func TestOpensThePathsNext(t *testing.T) {
	order := check.LearnerPath(nil).Order()
	for solved := range order {
		store := &check.Store{Dir: t.TempDir()}
		if _, _, err := store.Update(func(p *check.Progress) {
			for _, ex := range order[:solved] {
				p.Checked(ex.Name, check.Passed, time.Now())
			}
		}); err != nil {
			t.Fatal(err)
		}
		p, _, _ := store.Load()
		path := check.LearnerPath(p)
		m := New(screen.NewCommon().Sized(100, 30), Env{Store: store}, path.Next.Lab)
		if got := m.Exercise().Name; got != path.Next.Name {
			t.Errorf("with the first %d exercises solved, the %s lab opens %s, want the path's next, %s", solved, path.Next.Lab, got, path.Next.Name)
		}
	}
}

func TestAnswerLine(t *testing.T) {
	tests := []struct {
		shipped, solution string
		want              int
	}{
		{"a\nb\nc\n", "a\nb\nc\n", -1},
		{"a\nb\nc\n", "a\nB\nc\n", 1},
		{"a\nb\n", "a\nb\nadded\n", 2},
		{"a\n// TODO\nb\n", "a\nx := 1\nb\n", 1},
		{"import (\n\t\"fmt\"\n)\n// TODO\n", "import (\n\t\"fmt\"\n\t\"sync\"\n)\nvar mu sync.Mutex\n", 4}, // not the import
	}
	for _, tt := range tests {
		if got := answerLine([]byte(tt.shipped), []byte(tt.solution)); got != tt.want {
			t.Errorf("answerLine(%q, %q) = %v, want %v", tt.shipped, tt.solution, got, tt.want)
		}
	}
}

// TestNextText: after a pass the screen names the next exercise as conclab
// check does, and how to open it from here.
func TestNextText(t *testing.T) {
	var mine []exercises.Exercise
	for _, ex := range exercises.All() {
		if ex.Lab == "countdown" {
			mine = append(mine, ex)
		}
	}
	if len(mine) < 3 {
		t.Fatalf("countdown has %d exercises; the test wants 3", len(mine))
	}
	other, _ := exercises.Get("chess")
	tests := []struct {
		index   int
		next    exercises.Exercise
		hasNext bool
		want    string
	}{
		{0, mine[1], true, "Next: " + mine[1].Name + " — " + mine[1].Title + " (n opens it)."},
		{0, mine[2], true, "Next: " + mine[2].Name + " — " + mine[2].Title + " (n goes through this lab's exercises)."},
		{0, other, true, "Next: chess — " + other.Title + " (esc, then x on the chess lab)."},
		{0, exercises.Exercise{}, false, "That was the last one: every exercise is solved."},
	}
	for _, tt := range tests {
		m := Model{ex: mine[tt.index], index: tt.index, next: tt.next, hasNext: tt.hasNext}
		if got := m.nextText(); got != tt.want {
			t.Errorf("nextText(next %s) = %v, want %v", tt.next.Name, got, tt.want)
		}
	}
}
