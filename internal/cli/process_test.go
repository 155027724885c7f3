package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"conclab/internal/check"
)

// AsConclab, set, makes the test binary run as conclab (TestMain calls
// ConclabMain): os.Args are conclab's arguments, and overlayEnv, when set,
// is an overlay for the checks. Tests start conclab this way to send it
// signals.
const (
	AsConclab  = "CONCLAB_TEST_AS_CONCLAB"
	overlayEnv = "CONCLAB_TEST_OVERLAY"
)

// ConclabMain is main's part of conclab for the command line.
func ConclabMain() int {
	if ov := os.Getenv(overlayEnv); ov != "" {
		newRunner = func(root string) *check.Runner { return &check.Runner{Root: root, Overlay: ov} }
	}
	return Main(os.Args[1:], Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin})
}

// conclabProcess is conclab with args, run from the repository root with
// the config directory configDir and the checks' files replaced as
// replace says (disk path → content).
func conclabProcess(t *testing.T, root, configDir string, replace map[string]string, args ...string) *exec.Cmd {
	t.Helper()
	dir := t.TempDir()
	ov := map[string]string{}
	for path, content := range replace {
		file := filepath.Join(dir, filepath.Base(path))
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		ov[filepath.Join(root, path)] = file
	}
	b, err := json.Marshal(map[string]any{"Replace": ov})
	if err != nil {
		t.Fatal(err)
	}
	overlay := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlay, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), AsConclab+"=1", overlayEnv+"="+overlay, check.ConfigDirEnv+"="+configDir)
	return cmd
}
