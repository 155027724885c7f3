package check

import (
	"os"
	"testing"
)

// slowEnv names the environment variable that, set to 1, runs the slow
// end-to-end tests too: .ci/run sets it for its go test -race step, and
// CONTRIBUTING.md says how to run them.
const slowEnv = "CONCLAB_SLOW"

// slowTest skips t, saying why, unless CONCLAB_SLOW=1.
func slowTest(t *testing.T, why string) {
	t.Helper()
	if os.Getenv(slowEnv) != "1" {
		t.Skipf("%s: runs with %s=1 (as .ci/run does)", why, slowEnv)
	}
}
