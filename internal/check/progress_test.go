package check

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"conclab/exercises"
)

func TestProgressRoundTrip(t *testing.T) {
	s := Store{Dir: filepath.Join(t.TempDir(), "conclab")}
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	p, warning, err := s.Update(func(p *Progress) {
		p.Checked("chess", Failed, at)
		p.ShowHint("chess", 3)
		p.Checked("chess", Passed, at)
		p.Checked("chess", Failed, at.Add(time.Hour)) // solved stays solved
	})
	if err != nil || warning != "" {
		t.Fatalf("Update() = %q, %v, want no warning and no error", warning, err)
	}
	got, warning, err := s.Load()
	if err != nil || warning != "" {
		t.Fatalf("Load() = %q, %v, want no warning and no error", warning, err)
	}
	want := Record{Solved: true, SolvedAt: at, Hints: 1, Checks: 3, Last: Failed}
	if r := got.Get("chess"); r != want {
		t.Errorf("Load().Get(chess) = %+v, want %+v", r, want)
	}
	if r := p.Get("chess"); r != want {
		t.Errorf("Update().Get(chess) = %+v, want %+v", r, want)
	}
	entries, _ := os.ReadDir(s.Dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, " "), ProgressFile+" "+ProgressFile+".lock"; got != want {
		t.Errorf("files in the config dir = %s, want %s (no temp file left)", got, want)
	}
}

func TestProgressMissingFileIsEmpty(t *testing.T) {
	p, warning, err := Store{Dir: t.TempDir()}.Load()
	if err != nil || warning != "" || len(p.Exercises) != 0 {
		t.Fatalf("Load() of no file = %+v, %q, %v, want empty progress", p, warning, err)
	}
}

func TestProgressCorruptFileIsSetAside(t *testing.T) {
	for _, content := range []string{"{not json", `{"version": 9, "exercises": {}}`, ""} {
		s := Store{Dir: t.TempDir()}
		if err := os.WriteFile(s.Path(), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		p, warning, err := s.Load()
		if err != nil {
			t.Fatalf("Load(%q) error %v, want a warning only", content, err)
		}
		if len(p.Exercises) != 0 {
			t.Errorf("Load(%q) = %+v, want empty progress", content, p)
		}
		if !strings.HasPrefix(warning, "warning: your progress file was unreadable") || strings.Contains(warning, "\n") {
			t.Errorf("Load(%q) warning = %q, want one line that starts with the warning", content, warning)
		}
		aside, _ := filepath.Glob(s.Path() + ".corrupt-*")
		if len(aside) != 1 {
			t.Fatalf("Load(%q) set aside %v, want one progress.json.corrupt-<time>", content, aside)
		}
		if b, _ := os.ReadFile(aside[0]); string(b) != content {
			t.Errorf("the file set aside holds %q, want %q", b, content)
		}
		if !strings.Contains(warning, aside[0]) {
			t.Errorf("Load(%q) warning = %q, want it to name %s", content, warning, aside[0])
		}
		if _, err := os.Stat(s.Path()); !os.IsNotExist(err) {
			t.Errorf("after Load(%q), %s still exists", content, s.Path())
		}
	}
}

func TestProgressNextAndHints(t *testing.T) {
	all := []exercises.Exercise{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	var p Progress
	tests := []struct {
		solve    string
		wantNext string
		wantOK   bool
		solved   int
	}{
		{"", "a", true, 0},
		{"b", "a", true, 1},
		{"a", "c", true, 2},
		{"c", "", false, 3},
	}
	for _, tt := range tests {
		if tt.solve != "" {
			p.Checked(tt.solve, Passed, time.Now())
		}
		next, ok := p.Next(all)
		if next.Name != tt.wantNext || ok != tt.wantOK {
			t.Errorf("after solving %q, Next() = %q, %v, want %q, %v", tt.solve, next.Name, ok, tt.wantNext, tt.wantOK)
		}
		if n := p.Solved(all); n != tt.solved {
			t.Errorf("after solving %q, Solved() = %d, want %d", tt.solve, n, tt.solved)
		}
	}
	for i, want := range []int{1, 2, 3, 3} {
		if got := p.ShowHint("a", 3); got != want {
			t.Errorf("ShowHint call %d = %d, want %d", i+1, got, want)
		}
	}
}

func TestConfigDirEnv(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(ConfigDirEnv, dir)
	got, err := ConfigDir()
	if err != nil || got != dir {
		t.Errorf("ConfigDir() with %s=%s = %q, %v, want %q", ConfigDirEnv, dir, got, err, dir)
	}
}

func TestProgressKeepsUnknownFields(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	in := `{"version": 1, "theme": "dark", "exercises": {"chess": {"hints": 1, "streak": [1, 2]}, "future": {"solved": true, "grade": "A"}}}`
	if err := os.WriteFile(s.Path(), []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, warning, err := s.Update(func(p *Progress) { p.ShowHint("chess", 3) }); err != nil || warning != "" {
		t.Fatalf("Update() = %q, %v, want no warning and no error", warning, err)
	}
	b, _ := os.ReadFile(s.Path())
	want := `{
  "version": 1,
  "exercises": {
    "chess": {
      "hints": 2,
      "streak": [
        1,
        2
      ]
    },
    "future": {
      "solved": true,
      "grade": "A"
    }
  },
  "theme": "dark"
}
`
	if string(b) != want {
		t.Errorf("after Update, the file holds\n%s\nwant\n%s", b, want)
	}
}

// TestProgressKinds reads a file with each verdict as its last: every
// Kind a check can come to is kept as it is, with no warning (a file
// written before the newer Kinds existed holds only older ones, kept too).
func TestProgressKinds(t *testing.T) {
	kinds := []Kind{Passed, Failed, CompileError, Panicked, Deadlock, Race, Leak, Timeout, Exited, HugeOutput,
		TooMuchMemory, TooManyGoroutines, Killed, ClosedChannel, NegativeCounter, BusyLoop, CopiedLock, LostCancel}
	for _, k := range kinds {
		s := Store{Dir: t.TempDir()}
		in := `{"version": 1, "exercises": {"chess": {"checks": 1, "last": "` + string(k) + `"}}}`
		if err := os.WriteFile(s.Path(), []byte(in), 0o644); err != nil {
			t.Fatal(err)
		}
		p, warning, err := s.Load()
		if err != nil || warning != "" || p.Get("chess").Last != k {
			t.Errorf("Load(last %q) = %+v, %q, %v, want last %q and no warning", k, p.Get("chess"), warning, err, k)
		}
	}
}

func TestProgressOutOfRange(t *testing.T) {
	tests := []struct {
		in    string
		want  Record
		fixed string
	}{
		{`{"hints": -1}`, Record{}, "chess: hints -1 → 0"},
		{`{"hints": -999, "checks": 4}`, Record{Checks: 4}, "chess: hints -999 → 0"},
		{`{"hints": 99}`, Record{Hints: 3}, "chess: hints 99 → 3"},
		{`{"checks": -2, "last": "passed"}`, Record{Last: Passed}, "chess: checks -2 → 0"},
		{`{"last": "\u001b[2J"}`, Record{}, `chess: last verdict "\x1b[2J" → none`},
	}
	for _, tt := range tests {
		s := Store{Dir: t.TempDir()}
		in := `{"version": 1, "exercises": {"chess": ` + tt.in + `}}`
		if err := os.WriteFile(s.Path(), []byte(in), 0o644); err != nil {
			t.Fatal(err)
		}
		p, warning, err := s.Load()
		if err != nil {
			t.Fatalf("Load(%s) error %v", tt.in, err)
		}
		if got := p.Get("chess"); got != tt.want {
			t.Errorf("Load(%s).Get(chess) = %+v, want %+v", tt.in, got, tt.want)
		}
		aside, _ := filepath.Glob(s.Path() + ".corrupt-*")
		want := "warning: your progress file had values out of range (" + tt.fixed + "): kept it as "
		if !strings.HasPrefix(warning, want) || len(aside) != 1 || !strings.HasSuffix(warning, aside[0]+" and corrected them") {
			t.Errorf("Load(%s) warning = %q (set aside: %v), want %q…", tt.in, warning, aside, want)
		}
		again, warning, err := s.Load()
		if err != nil || warning != "" || again.Get("chess") != tt.want {
			t.Errorf("Load(%s) again = %+v, %q, %v, want %+v, the file corrected", tt.in, again.Get("chess"), warning, err, tt.want)
		}
	}
}

// TestProgressRestored deletes and damages the file behind the Store's
// back, as the learner's code in a check might: conclab's copy comes back.
func TestProgressRestored(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	if _, _, err := s.Update(func(p *Progress) { p.Checked("chess", Passed, at); p.ShowHint("flags", 3) }); err != nil {
		t.Fatal(err)
	}
	want := Record{Solved: true, SolvedAt: at, Checks: 1, Last: Passed}
	damage := []struct {
		name, says string
		do         func() error
	}{
		{"deleted", "warning: your progress file was gone (deleted while conclab ran?): restored it from conclab's copy", func() error { return os.Remove(s.Path()) }},
		{"emptied", "warning: your progress file was unreadable (unexpected end of JSON input): kept it as ", func() error { return os.WriteFile(s.Path(), nil, 0o644) }},
		{"overwritten", "warning: your progress file was unreadable (", func() error { return os.WriteFile(s.Path(), []byte("pwned"), 0o644) }},
	}
	for _, d := range damage {
		if err := d.do(); err != nil {
			t.Fatal(err)
		}
		p, warning, err := s.Update(func(p *Progress) { p.Checked("flags", Failed, at) })
		if err != nil {
			t.Fatalf("%s: Update() error %v", d.name, err)
		}
		if !strings.HasPrefix(warning, d.says) {
			t.Errorf("%s: Update() warning = %q, want %q…", d.name, warning, d.says)
		}
		if got := p.Get("chess"); got != want {
			t.Errorf("%s: Update().Get(chess) = %+v, want %+v", d.name, got, want)
		}
		saved, _, _ := s.Load()
		if got := saved.Get("chess"); got != want {
			t.Errorf("%s: the file's chess = %+v, want %+v", d.name, got, want)
		}
	}
	if got := (Store{Dir: s.Dir}).memory().last(); got == nil {
		t.Error("a Store of the same directory has no copy")
	}
	saved, _, _ := s.Load()
	if got := saved.Get("flags"); got.Checks != 3 || got.Hints != 1 {
		t.Errorf("flags = %+v, want 3 checks and 1 hint: no update lost", got)
	}
}

// TestProgressDirectory puts a directory where the file should be: it is
// reported once, and updates go on in memory.
func TestProgressDirectory(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	if err := os.Mkdir(s.Path(), 0o755); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	for range 3 {
		p, warning, err := s.Update(func(p *Progress) { p.ShowHint("chess", 3) })
		if err != nil {
			t.Fatalf("Update() error %v, want none", err)
		}
		if warning != "" {
			warnings = append(warnings, warning)
		}
		_ = p
	}
	p, warning, err := s.Load()
	if err != nil || warning != "" {
		t.Errorf("Load() = %q, %v, want no warning (said once already) and no error", warning, err)
	}
	if got := p.Get("chess").Hints; got != 3 {
		t.Errorf("hints = %d, want 3: kept in memory", got)
	}
	want := "warning: " + s.Path() + " is a directory, not your progress file: your progress is not saved until you move it away"
	if len(warnings) != 1 || warnings[0] != want {
		t.Errorf("warnings = %q, want one: %q", warnings, want)
	}
}

// writerEnv names the directory a writer process updates (see
// TestProgressWriterProcess).
const writerEnv = "CONCLAB_TEST_PROGRESS_WRITER"

// writes is how many updates each writer makes.
const writes = 60

// TestProgressWriterProcess is a writer for TestProgressConcurrentWriters
// when it runs the test binary again; otherwise it does nothing.
func TestProgressWriterProcess(t *testing.T) {
	dir := os.Getenv(writerEnv)
	if dir == "" {
		t.Skip("a helper process of TestProgressConcurrentWriters")
	}
	s := Store{Dir: dir}
	for range writes {
		if _, _, err := s.Update(func(p *Progress) { p.Checked("chess", Failed, time.Now()) }); err != nil {
			t.Fatal(err)
		}
	}
}

// TestProgressConcurrentWriters updates one file from goroutines and from
// other processes at once: no update is lost.
func TestProgressConcurrentWriters(t *testing.T) {
	t.Parallel()
	s := Store{Dir: t.TempDir()}
	const procs, goroutines = 3, 3
	var cmds []*exec.Cmd
	for range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestProgressWriterProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), writerEnv+"="+s.Dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range writes {
				if _, _, err := s.Update(func(p *Progress) { p.Checked("chess", Failed, time.Now()) }); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("writer process: %v", err)
		}
	}
	p, _, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Get("chess").Checks, (procs+goroutines)*writes; got != want {
		t.Errorf("after %d processes and %d goroutines made %d updates each, checks = %d, want %d", procs, goroutines, writes, got, want)
	}
}

// TestProgressChallenges: solved challenge levels are saved beside the
// exercises (the first time kept, the shortest schedule kept), a file
// written before the challenges reads as none solved, unknown fields of a
// challenge record are kept, and a challenges field that is not one is
// refused like any unreadable file.
func TestProgressChallenges(t *testing.T) {
	at := time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC)
	s := Store{Dir: t.TempDir()}
	old := `{"version": 1, "exercises": {"chess": {"solved": true}}}`
	if err := os.WriteFile(s.Path(), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	p, warning, err := s.Load()
	if err != nil || warning != "" || len(p.Challenges) != 0 || !p.Get("chess").Solved {
		t.Fatalf("Load(a file without challenges) = %+v, %q, %v, want chess solved and no challenge", p, warning, err)
	}
	_, warning, err = s.Update(func(p *Progress) {
		p.SolvedChallenge("lost-update", "1,1,1,2,1,3,2,3,2,3,2,3,1,1", at)
		p.SolvedChallenge("lost-update", "1,1,2", at.Add(time.Hour))       // shorter: kept, the time stays
		p.SolvedChallenge("lost-update", "1,1,2,2,2", at.Add(2*time.Hour)) // longer: not kept
		p.SolvedChallenge("mutex-counter", "", at)
	})
	if err != nil || warning != "" {
		t.Fatalf("Update() = %q, %v", warning, err)
	}
	got, _, _ := s.Load()
	for name, want := range map[string]ChallengeRecord{
		"lost-update":   {Solved: true, SolvedAt: at, Schedule: "1,1,2"},
		"mutex-counter": {Solved: true, SolvedAt: at},
		"flag":          {},
	} {
		if r := got.Challenge(name); r != want {
			t.Errorf("Load().Challenge(%s) = %+v, want %+v", name, r, want)
		}
	}
	if !got.Get("chess").Solved {
		t.Errorf("Load().Get(chess) = %+v, want it still solved", got.Get("chess"))
	}

	s = Store{Dir: t.TempDir()}
	in := `{"version": 1, "exercises": {}, "challenges": {"flag": {"solved": true, "stars": 3}, "future-level": {"solved": true}}}`
	if err := os.WriteFile(s.Path(), []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, warning, err := s.Update(func(p *Progress) { p.SolvedChallenge("lost-update", "1,2", at) }); err != nil || warning != "" {
		t.Fatalf("Update() = %q, %v", warning, err)
	}
	b, _ := os.ReadFile(s.Path())
	want := `{
  "version": 1,
  "exercises": {},
  "challenges": {
    "flag": {
      "solved": true,
      "stars": 3
    },
    "future-level": {
      "solved": true
    },
    "lost-update": {
      "solved": true,
      "solved_at": "2026-12-06T21:00:00Z",
      "schedule": "1,2"
    }
  }
}
`
	if string(b) != want {
		t.Errorf("after Update, the file holds\n%s\nwant\n%s", b, want)
	}

	for _, bad := range []string{`{"version": 1, "challenges": [1]}`, `{"version": 1, "challenges": {"flag": {"solved": "yes"}}}`} {
		s := Store{Dir: t.TempDir()}
		if err := os.WriteFile(s.Path(), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		p, warning, err := s.Load()
		if err != nil || !strings.Contains(warning, "unreadable (challenge") || len(p.Challenges) != 0 {
			t.Errorf("Load(%s) = %+v, %q, %v, want it set aside with a warning", bad, p.Challenges, warning, err)
		}
	}

	for _, tt := range []struct{ in, fixed string }{
		{`{"solved": true, "schedule": "1,,2"}`, `challenge flag: schedule "1,,2" → none`},
		{`{"schedule": "1,2"}`, `challenge flag: not solved, yet a schedule or a time → none`},
	} {
		s := Store{Dir: t.TempDir()}
		if err := os.WriteFile(s.Path(), []byte(`{"version": 1, "challenges": {"flag": `+tt.in+`}}`), 0o644); err != nil {
			t.Fatal(err)
		}
		p, warning, err := s.Load()
		if err != nil || !strings.Contains(warning, "("+tt.fixed+")") || p.Challenge("flag").Schedule != "" {
			t.Errorf("Load(%s) = %+v, %q, %v, want %q corrected", tt.in, p.Challenge("flag"), warning, err, tt.fixed)
		}
	}
}
