package cli

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"conclab/exercises"
	"conclab/labs/learn"
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
	store.Update(func(p *learn.Progress) {
		p.Checked(first.Name, learn.Passed, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
		p.ShowHint(first.Name, 3)
		p.Checked(second.Name, learn.Race, time.Now())
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
