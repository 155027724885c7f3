package check

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"
)

// TestSolutionsPassVet runs the analyzers that Runner adds (vetAnalyzers)
// on every solution and alternative solution: correct code is never judged
// wrong, so none of them may find anything there.
func TestSolutionsPassVet(t *testing.T) {
	root := runRoot(t)
	args := append(append([]string{"vet"}, vetAnalyzers...), "-json", "./solutions/...")
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %v: %v", args, err)
	}
	found, err := parseVet(string(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("go vet (%s) in solutions: %s:%d: %s, want nothing", f.analyzer, f.file, f.line, f.message)
	}
}

// TestVetStopped: a vet that runs past its limit is stopped, and says so.
func TestVetStopped(t *testing.T) {
	root := runRoot(t)
	ex := mustGet(t, "chess")
	_, err := vet(context.Background(), "go", root, os.Environ(), vetArgs(ex, overlay(t, root, ex, brokenChess{}.source(t))), time.Nanosecond)
	if err == nil {
		t.Errorf("vet(limit 1 ns) = nil error, want it stopped")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := vet(ctx, "go", root, os.Environ(), vetArgs(ex, overlay(t, root, ex, brokenChess{}.source(t))), time.Minute); err == nil {
		t.Errorf("vet(cancelled) = nil error, want it stopped")
	}
}
