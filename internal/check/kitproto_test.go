package check

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"conclab/exercises/kit/kittest"
)

// TestKittestProtocol: the runner and kittest name the same trace
// directory variable and the same kit clock note.
func TestKittestProtocol(t *testing.T) {
	if traceDirEnv != kittest.TraceDirEnv || kitClockNote != kittest.KitClockNote {
		t.Errorf("check's traceDirEnv, kitClockNote = %q, %q; want kittest's %q, %q",
			traceDirEnv, kitClockNote, kittest.TraceDirEnv, kittest.KitClockNote)
	}
}

// TestConclabDoesNotLinkTesting: the conclab binary does not link the
// testing package (nor does anything it imports run a test's set-up).
func TestConclabDoesNotLinkTesting(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", Module).CombinedOutput()
	if err != nil {
		t.Skipf("go list -deps %s: %v: %s", Module, err, out)
	}
	if deps := strings.Fields(string(out)); slices.Contains(deps, "testing") {
		t.Errorf("go list -deps %s lists testing: the binary links it (a production package imports a test helper)", Module)
	}
}
