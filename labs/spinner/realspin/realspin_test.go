package realspin

import (
	"strings"
	"testing"
	"time"

	"conclab/labs/trace"
)

// TestSpinnerOnAllCores runs the real program in this process: the spinner
// draws frames until the CPU work answers, then erases its frame, and main
// prints the answer last.
func TestSpinnerOnAllCores(t *testing.T) {
	rec := trace.NewRecorder(0)
	if got := Spinner(rec, "thinking!", 5*time.Millisecond, CalibrateCPU(50*time.Millisecond), trace.NoWorker); got != 42 {
		t.Errorf("Spinner() = %d, want 42", got)
	}
	out := rec.Trace().Output
	if len(out) < 2 || out[len(out)-1].Text != "Answer: 42" || strings.TrimSpace(out[len(out)-2].Text) != "" {
		t.Fatalf("output ends %q, want an erased frame then Answer: 42", out)
	}
	if first := out[0]; first.Task != "spinner" || first.Text != "| thinking!" {
		t.Errorf("first line %+v, want the spinner's first frame", first)
	}
}

// TestParallelHashesEveryChunkOnce: the workers share the chunks.
func TestParallelHashesEveryChunkOnce(t *testing.T) {
	rec := trace.NewRecorder(0)
	Parallel(rec, "p", 7, 1, 3)
	seen := map[string]int{}
	for _, l := range rec.Trace().Output {
		seen[l.Text]++
	}
	if len(seen) != 7 {
		t.Errorf("hashed %v, want chunks 1 to 7 once each", seen)
	}
	for chunk, n := range seen {
		if n != 1 {
			t.Errorf("%s %d times, want once", chunk, n)
		}
	}
}

func TestSource(t *testing.T) {
	src := Source("Spinner", "Hash")
	if !strings.HasPrefix(src, "// Spinner is") || !strings.Contains(src, "func Hash(rounds int) [32]byte {") {
		t.Errorf("Source(Spinner, Hash) =\n%s\nwant Spinner's then Hash's doc and code", src)
	}
}

func TestHashIsDeterministic(t *testing.T) {
	if first, again := Hash(3), Hash(3); first != again || first == Hash(4) {
		t.Errorf("Hash(3) differs between calls, or equals Hash(4)")
	}
}
