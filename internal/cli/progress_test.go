package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"conclab/exercises"
	"conclab/internal/check"
)

// fakePath is a fixed curriculum, so that the goldens do not change when
// exercises are added: three tracks (one without exercises), five exercises.
func fakePath(p *check.Progress) check.Path {
	tracks := []exercises.Track{
		{Name: "goroutines", Title: "Goroutines & waiting", About: "Start goroutines and wait for them: go, sync.WaitGroup, main returning before its goroutines, Add before go."},
		{Name: "empty", Title: "A track without exercises yet"},
		{Name: "sharing", Title: "Sharing memory", About: "Goroutines that share data: races on counters and maps, sync.Mutex, atomics."},
	}
	ex := func(name, track string, level, minutes int, title string) exercises.Exercise {
		return exercises.Exercise{Name: name, Track: track, Level: level, Minutes: minutes, Title: title, Hints: []string{"1", "2", "3"}}
	}
	all := []exercises.Exercise{
		ex("countdown", "goroutines", 1, 10, "Four countdowns at once: 6 s, not 12 s"),
		ex("mainwait", "goroutines", 1, 10, "main must wait"),
		ex("spinner", "goroutines", 2, 15, "Keep spinning while you wait"),
		ex("chess", "sharing", 2, 15, "One master, 24 boards: 3655 s, not 12 hours"),
		ex("philosophers", "sharing", 4, 45, "Five philosophers, five forks"),
	}
	return check.PathOf(p, tracks, all)
}

// TestProgressGolden: what progress prints for a path, at a few points of
// a learner's way; go test -update rewrites the goldens (testdata/progress).
func TestProgressGolden(t *testing.T) {
	at := time.Date(2026, 12, 6, 21, 30, 0, 0, time.UTC)
	tests := []struct {
		name   string
		change func(p *check.Progress)
	}{
		{"new", func(*check.Progress) {}},
		{"midway", func(p *check.Progress) {
			p.Checked("countdown", check.Failed, at)
			p.ShowHint("countdown", 3)
			p.Checked("countdown", check.Passed, at)
			p.Checked("mainwait", check.Race, at)
			p.Checked("chess", check.Passed, at.Add(24*time.Hour))
			p.Checked("spinner", check.Deadlock, at)
			p.Checked("spinner", check.Passed, at)
			p.Restart("spinner") // reset: checked before, no verdict now
		}},
		{"done", func(p *check.Progress) {
			for _, name := range []string{"countdown", "mainwait", "spinner", "chess", "philosophers"} {
				p.Checked(name, check.Passed, at)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &check.Progress{}
			tt.change(p)
			var b strings.Builder
			writeProgress(&b, fakePath(p), time.UTC)
			path := filepath.Join("testdata", "progress", tt.name+".golden")
			if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test -update writes it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("progress =\n%s\nwant (%s)\n%s", b.String(), path, want)
			}
		})
	}
}

func TestAboutMinutes(t *testing.T) {
	for _, tt := range []struct {
		in   int
		want string
	}{{0, "0 min"}, {45, "45 min"}, {60, "1 h"}, {125, "2 h 5 min"}, {600, "10 h"}} {
		if got := aboutMinutes(tt.in); got != tt.want {
			t.Errorf("aboutMinutes(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestProgressCommand runs progress on conclab's own exercises, however
// many there are: each once, in the path's order, under its track's title,
// the next one marked, and the total.
func TestProgressCommand(t *testing.T) {
	store := testWorkspace(t, repoRoot(t))
	path := check.LearnerPath(nil)
	all := path.Order()
	first, second := all[0], all[1]
	code, out, _ := runIn("", "progress")
	if code != ExitOK {
		t.Fatalf("progress = %d, want 0", code)
	}
	at := 0
	for _, tr := range path.Tracks {
		i := strings.Index(out[at:], tr.Track.Title+fmt.Sprintf(" · 0 of %d solved\n", len(tr.Steps)))
		if i < 0 {
			t.Fatalf("progress =\n%s\nwant the track %q after position %d", out, tr.Track.Title, at)
		}
		at += i
		for _, s := range tr.Steps {
			ex := s.Exercise
			re := regexp.MustCompile(`\n[ →] ` + ex.Name + `\s+` + ex.Difficulty() + `\s+` + fmt.Sprint(ex.Minutes) + ` min\s+not started\s+hints 0/3\s+` + regexp.QuoteMeta(ex.Title))
			loc := re.FindStringIndex(out[at:])
			if loc == nil {
				t.Fatalf("progress =\n%s\nwant %s in track %q, after the ones before it", out, ex.Name, tr.Track.Title)
			}
			at += loc[1]
		}
	}
	want := fmt.Sprintf("\n0 of %d solved, about %s left\nnext: conclab check %s — %s\n", len(all), aboutMinutes(path.MinutesLeft), first.Name, first.Title)
	if !strings.Contains(out, want) || !strings.Contains(out, "→ "+first.Name+" ") {
		t.Errorf("progress (new learner) =\n%s\nwant %s marked next and %q", out, first.Name, want)
	}
	store.Update(func(p *check.Progress) {
		p.Checked(first.Name, check.Passed, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
		p.ShowHint(first.Name, 3)
		p.Checked(second.Name, check.Race, time.Now())
	})
	code, out, _ = runIn("", "progress")
	for _, want := range []string{
		`✓ ` + first.Name + `\s+.*solved 2026-11-2[234]\s+hints 1/3`,
		`→ ` + second.Name + `\s+.*last: race\s+hints 0/3\s+.*← next`,
		fmt.Sprintf(`1 of %d solved, about .* left\nnext: conclab check %s — `, len(all), second.Name),
	} {
		if code != ExitOK || !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("progress (one solved) = %d,\n%s\nwant it to match %s", code, out, want)
		}
	}
}

// TestProgressAfterReset: an exercise reset after checks says how many
// checks it had, not "last:" with nothing after it.
func TestProgressAfterReset(t *testing.T) {
	store := testWorkspace(t, repoRoot(t))
	store.Update(func(p *check.Progress) {
		p.Checked("chess", check.Failed, time.Now())
		p.Checked("chess", check.Passed, time.Now())
		p.Restart("chess")
	})
	code, out, _ := runIn("", "progress")
	if code != ExitOK || strings.Contains(out, "last:  ") || strings.Contains(out, "last: \n") || !regexp.MustCompile(`\n  chess .* checked 2×\s+hints 0/3`).MatchString(out) {
		t.Errorf("progress after reset = %d,\n%s\nwant chess \"checked 2×\" and no empty last:", code, out)
	}
}

// TestProgressOutsideTheRepository: progress reads only the config
// directory, so it works from any directory.
func TestProgressOutsideTheRepository(t *testing.T) {
	store := check.Store{Dir: t.TempDir()}
	t.Setenv(check.ConfigDirEnv, store.Dir)
	t.Chdir(t.TempDir())
	code, out, errs := runIn("", "progress")
	if code != ExitOK || !strings.Contains(out, "0 of ") || !strings.Contains(out, "(kept in "+store.Path()+")") || errs != "" {
		t.Errorf("progress outside the repository = %d, %q, %q; want the path and no error", code, out, errs)
	}
}

func TestProgressCommandWithValuesOutOfRange(t *testing.T) {
	store := testWorkspace(t, repoRoot(t))
	os.WriteFile(store.Path(), []byte(`{"version": 1, "exercises": {"chess": {"hints": -999, "checks": -3, "last": "\u001b[2Jpwned"}}}`), 0o644)
	code, out, errs := runIn("", "progress")
	if code != ExitOK || regexp.MustCompile(`hints -|\(-`).MatchString(out) || strings.Contains(out, "\x1b") {
		t.Errorf("progress = %d,\n%s\nwant no negative count and no escape sequence", code, out)
	}
	if !regexp.MustCompile(`chess\s+.*not started\s+hints 0/3`).MatchString(out) {
		t.Errorf("progress =\n%s\nwant chess not started with hints 0/3", out)
	}
	if !strings.HasPrefix(errs, "conclab: warning: your progress file had values out of range (chess: hints -999 → 0, chess: checks -3 → 0, chess: last verdict ") {
		t.Errorf("progress: stderr %q, want the corrections", errs)
	}
}

// TestProgressDirectoryDoesNotBlock: a directory where the progress file
// should be is reported once; hint and check go on.
func TestProgressDirectoryDoesNotBlock(t *testing.T) {
	store := testWorkspace(t, repoRoot(t))
	if err := os.Mkdir(store.Path(), 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runIn("", "hint", "chess")
	if code != ExitOK || !strings.HasPrefix(out, "hint 1/3 for chess") {
		t.Errorf("hint = %d, %q, want the first hint", code, out)
	}
	if strings.Count(errs, "is a directory, not your progress file") != 1 || strings.Count(errs, "\n") != 1 {
		t.Errorf("hint: stderr %q, want the directory reported once", errs)
	}
}

// TestProgressReset: --reset backs the file up, names the backup, and
// leaves empty progress; with no file there is nothing to reset.
func TestProgressReset(t *testing.T) {
	store := check.Store{Dir: t.TempDir()}
	old := progressStore
	progressStore = func() (check.Store, error) { return store, nil }
	t.Cleanup(func() { progressStore = old })
	code, out, _ := runIn("", "progress", "--reset")
	if code != ExitOK || out != "nothing to reset: no progress yet ("+store.Path()+")\n" {
		t.Errorf("progress --reset with no file = %d, %q", code, out)
	}
	at := time.Date(2026, 12, 6, 22, 0, 0, 0, time.UTC)
	if _, _, err := store.Update(func(p *check.Progress) {
		p.PuzzleChecked("coroutines", "buffered", true, at)
		p.Last = &check.LastLab{Lab: "chess", Step: 2}
	}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(store.Path())
	code, out, _ = runIn("", "progress", "--reset")
	m := regexp.MustCompile(`^progress reset: ` + regexp.QuoteMeta(store.Path()) + ` starts over; what it held is in (\S+)\n$`).FindStringSubmatch(out)
	if code != ExitOK || m == nil {
		t.Fatalf("progress --reset = %d, %q", code, out)
	}
	if kept, err := os.ReadFile(m[1]); err != nil || string(kept) != string(before) {
		t.Errorf("the backup %s holds %q (%v), want the file as it was", m[1], kept, err)
	}
	p, _, err := store.Load()
	if err != nil || len(p.Puzzles) != 0 || p.Last != nil {
		t.Errorf("after --reset: %+v, %v, want empty progress", p, err)
	}
	if code, _, errOut := runIn("", "progress", "--reset=yes"); code != ExitUsage || !strings.Contains(errOut, "--reset takes no value") {
		t.Errorf("progress --reset=yes = %d, %q", code, errOut)
	}
}
