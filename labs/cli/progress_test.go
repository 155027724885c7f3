package cli

import (
	"regexp"
	"testing"
	"time"

	"conclab/labs/learn"
)

func TestProgressCommand(t *testing.T) {
	store := testWorkspace(t, repoRoot(t))
	code, out, _ := runIn("", "progress")
	for _, want := range []string{`→ countdown\s+Four countdowns.*not started\s+hints 0/3\s+← next`, `\n  chess\s+One master.*not started\s+hints 0/3`, `0 of 2 solved · next: conclab check countdown`} {
		if code != ExitOK || !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("progress (new learner) = %d,\n%s\nwant it to match %s", code, out, want)
		}
	}
	store.Update(func(p *learn.Progress) {
		p.Checked("countdown", learn.Passed, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
		p.ShowHint("countdown", 3)
		p.Checked("chess", learn.Race, time.Now())
	})
	code, out, _ = runIn("", "progress")
	for _, want := range []string{`✓ countdown\s+.*solved 2026-11-2[234]\s+hints 1/3`, `→ chess\s+.*last: race\s+hints 0/3\s+← next`, `1 of 2 solved · next: conclab check chess`} {
		if code != ExitOK || !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("progress (one solved) = %d,\n%s\nwant it to match %s", code, out, want)
		}
	}
}
