package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCheckMutexAnswers checks the chess exercise answered with a
// sync.Mutex, as its hints 2 and 3 suggest — the alternative solution, and
// a learner's package-level lock: goroutines waiting in Lock stall
// testing/synctest's clock, so the checks run again on the kit clock, and
// pass, exactly, and say which clock judged them.
func TestCheckMutexAnswers(t *testing.T) {
	root := runRoot(t)
	ex := mustGet(t, "chess")
	for _, file := range []string{filepath.Join(root, "solutions/chess/alt_mutex/chess.go"), "testdata/chess_mutex_global.go"} {
		t.Run(filepath.Base(filepath.Dir(file))+"/"+filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r := Runner{Root: root, Overlay: overlay(t, root, ex, string(src))}
			begin := time.Now()
			rep, err := r.Check(context.Background(), ex)
			if err != nil {
				t.Fatal(err)
			}
			v := rep.Verdict
			text := v.Headline + "\n" + strings.Join(v.Details, "\n")
			const note = "judged on conclab's kit clock, not testing/synctest's: goroutines waited in sync.Mutex.Lock at chess.go:"
			if v.Kind != Passed || !strings.Contains(text, note) {
				t.Fatalf("Check(%s) = %s: %s\nwant passed, with a detail that starts %q", file, v.Kind, text, note)
			}
			checkTraces(t, rep)
			t.Logf("%s: %s in %v (race detector: %v)", file, v.Headline, time.Since(begin).Round(100*time.Millisecond), rep.Race)
		})
	}
}
