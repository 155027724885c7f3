//go:build linux

package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hangSource is a file for the chess package whose init starts a
// grandchild (sleep), writes the test binary's pid and process group to
// pidFile, and never returns.
func hangSource(pidFile string) string {
	return fmt.Sprintf(`package chess

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func init() {
	exec.Command("sleep", "300").Start()
	os.WriteFile(%q, []byte(fmt.Sprint(os.Getpid(), " ", syscall.Getpgrp())), 0o644)
	for {
		time.Sleep(time.Second)
	}
}
`, pidFile)
}

// liveInGroup lists the processes of group pgid that are alive (not zombies).
func liveInGroup(pgid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) > 2 && f[0] != "Z" && f[0] != "X" && f[2] == strconv.Itoa(pgid) {
			out = append(out, pid)
		}
	}
	return out
}

// waitForFile waits for path to hold two numbers (a guard against a hang,
// not a timing).
func waitForFile(t *testing.T, path string, limit time.Duration) (pid, pgid int) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil {
			if _, err := fmt.Sscan(string(b), &pid, &pgid); err == nil {
				return pid, pgid
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s was not written within %s", path, limit)
	return 0, 0
}

// TestSignalsStopTheChecks sends conclab check, in the middle of a check,
// each signal that ends it: ctrl+c's SIGINT, SIGTERM, and the SIGHUP of a
// terminal that closed. Every process of the check — the go command, the
// test binary, the sleep the learner's code started — is gone when conclab
// has exited.
func TestSignalsStopTheChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a child go test")
	}
	root := repoRoot(t)
	ex := mustExercise(t, "chess")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			pidFile := filepath.Join(t.TempDir(), "pid")
			cmd := conclabProcess(t, root, t.TempDir(), map[string]string{ex.Dir + "/zz_hang.go": hangSource(pidFile)}, "check", "chess")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			pid, pgid := waitForFile(t, pidFile, 3*time.Minute)
			if pgid == os.Getpid() || pgid == syscall.Getpgrp() {
				t.Fatalf("the test binary is in conclab's process group %d", pgid)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-exited:
			case <-time.After(30 * time.Second): // a guard against a hang, not a timing
				cmd.Process.Kill()
				t.Fatalf("conclab check did not exit after %s:\n%s", sig, out.String())
			}
			if left := liveInGroup(pgid); len(left) > 0 {
				t.Errorf("after %s, conclab exited and left %d processes of the check alive: %v (the test binary was %d)", sig, len(left), left, pid)
				syscall.Kill(-pgid, syscall.SIGKILL)
			}
			if !strings.Contains(out.String(), "stopped: the checks did not finish.") {
				t.Errorf("conclab check printed\n%s\nwant it to say the checks were stopped", out.String())
			}
		})
	}
}
