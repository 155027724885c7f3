package cli

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"conclab/exercises"
	"conclab/internal/check"
)

func TestProgressCommand(t *testing.T) {
	store := testWorkspace(t, repoRoot(t))
	all := exercises.All()
	first, second := all[0], all[1]
	code, out, _ := runIn("", "progress")
	for _, want := range []string{
		`→ ` + first.Name + `\s+` + regexp.QuoteMeta(first.Title) + `\s+not started\s+hints 0/3\s+← next`,
		`\n  ` + second.Name + `\s+` + regexp.QuoteMeta(second.Title) + `\s+not started\s+hints 0/3`,
		fmt.Sprintf(`0 of %d solved · next: conclab check %s`, len(all), first.Name),
	} {
		if code != ExitOK || !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("progress (new learner) = %d,\n%s\nwant it to match %s", code, out, want)
		}
	}
	store.Update(func(p *check.Progress) {
		p.Checked(first.Name, check.Passed, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
		p.ShowHint(first.Name, 3)
		p.Checked(second.Name, check.Race, time.Now())
	})
	code, out, _ = runIn("", "progress")
	for _, want := range []string{
		`✓ ` + first.Name + `\s+.*solved 2026-11-2[234]\s+hints 1/3`,
		`→ ` + second.Name + `\s+.*last: race\s+hints 0/3\s+← next`,
		fmt.Sprintf(`1 of %d solved · next: conclab check %s`, len(all), second.Name),
	} {
		if code != ExitOK || !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("progress (one solved) = %d,\n%s\nwant it to match %s", code, out, want)
		}
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
