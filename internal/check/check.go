// Package check runs a learner's exercise checks and remembers how far the
// learner got.
//
// A check always runs in a child process, `go test -json -tags exercises
// -race -overlay ... ./exercises/<name>`, so that nothing the learner's code
// does — a deadlock, a panic, an endless loop, os.Exit, a compile error,
// megabytes of output, gigabytes of memory, killing a process — can take
// conclab down. The overlay lays the check files built into conclab over
// the learner's copies, and adds a sentinel that stops the test binary at
// the time limit (with every goroutine's stack) or past a goroutine limit.
// The child runs in a session of its own, with its own environment, and
// its process group is killed on every way out (see StopChecks).
// Runner.Check reads the child's test2json stream and turns it into a
// Report whose Verdict says, in one line and a few details, what happened:
// passed, failed (with the checks' teaching messages), compile error,
// panic, deadlock, race, leak, timeout, os.Exit, huge output, memory,
// goroutines or killed.
//
// Progress (solved exercises, hints shown) is a small JSON file in the
// user's config directory, written atomically under a lock (see Store). Watcher reports saves of an
// exercise's files (fsnotify, or polling). Reset and Shipped restore an
// exercise as it was shipped, from git. Nothing in this package writes
// inside exercises/ except Reset.
package check

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Module is the module path that marks conclab's repository root.
const Module = "conclab"

// ConfigDirEnv names the environment variable that overrides the directory
// where conclab keeps progress and backups (see ConfigDir).
const ConfigDirEnv = "CONCLAB_CONFIG_DIR"

// FindRoot returns the repository root: dir or its nearest parent holding a
// go.mod whose module is conclab. The error is one line that says where to
// run conclab from.
func FindRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find the conclab repository from %s: %w", dir, err)
	}
	for d := abs; ; {
		if module(filepath.Join(d, "go.mod")) == Module {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%s is not inside the conclab repository (no go.mod with module %s above it): run conclab from your clone", abs, Module)
		}
		d = parent
	}
}

// module reads the module path of a go.mod file ("" if there is none).
func module(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// ConfigDir is where conclab keeps progress.json and backups/: the value of
// $CONCLAB_CONFIG_DIR when it is set, else os.UserConfigDir()/conclab. It
// is not created here.
func ConfigDir() (string, error) {
	if d := os.Getenv(ConfigDirEnv); d != "" {
		return filepath.Abs(d)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", errors.New("no config directory to keep your progress in: set " + ConfigDirEnv + " (or HOME)")
	}
	return filepath.Join(base, "conclab"), nil
}

// oneLine joins s's lines and spaces into one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
