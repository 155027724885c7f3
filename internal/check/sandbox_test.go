//go:build linux

package check

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestChildSandbox checks the solved chess exercise with a file of the
// learner's own whose init writes down what the code can see: its
// environment, its process and its group.
func TestChildSandbox(t *testing.T) {
	t.Parallel()
	root := runRoot(t)
	ex := mustGet(t, "chess")
	solved, err := Solution(root, ex)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	seen := filepath.Join(dir, "seen.json")
	spy := fmt.Sprintf(`package chess

import (
	"encoding/json"
	"os"
)

func init() {
	stat, _ := os.ReadFile("/proc/self/stat")
	dir, _ := os.UserConfigDir()
	telemetry, _ := os.ReadFile(dir + "/go/telemetry/mode")
	b, _ := json.Marshal(map[string]any{"env": os.Environ(), "stat": string(stat), "telemetry": string(telemetry)})
	os.WriteFile(%q, b, 0o644)
}
`, seen)
	replace := map[string]string{}
	for name, src := range map[string]string{ex.File: string(solved), "zz_spy.go": spy} {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		replace[filepath.Join(root, ex.Dir, name)] = file
	}
	b, _ := json.Marshal(map[string]any{"Replace": replace})
	ov := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ov, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var goPid int
	rep, err := (&Runner{Root: root, Overlay: ov, started: func(pid int) { goPid = pid }}).Check(context.Background(), ex)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Verdict.Passed() {
		t.Fatalf("Check(solved, with a spy) = %v, want passed", rep.Verdict)
	}
	b, err = os.ReadFile(seen)
	if err != nil {
		t.Fatalf("the spy wrote nothing: %v", err)
	}
	var got struct {
		Env             []string
		Stat, Telemetry string
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, kv := range got.Env {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	for k, v := range env { // TestChildEnv shows CONCLAB_CONFIG_DIR dropped
		if strings.HasPrefix(k, "CONCLAB_") && k != "CONCLAB_TRACE_DIR" && k != sentinelEnv {
			t.Errorf("the learner's code sees %s=%s, want no conclab variable but the traces' and the sentinel's", k, v)
		}
	}
	for _, k := range []string{"HOME", "TMPDIR"} {
		if env[k] == "" || env[k] == os.Getenv(k) || !strings.HasPrefix(env[k], os.TempDir()) {
			t.Errorf("the learner's code sees %s=%q, want a scratch directory under %s", k, env[k], os.TempDir())
		} else if _, err := os.Stat(env[k]); err == nil {
			t.Errorf("%s=%s is still there after the check", k, env[k])
		}
	}
	for _, k := range goSettings {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.TrimSpace(string(out)); env[k] != want {
			t.Errorf("the checks' go command has %s=%q, want conclab's %q (builds stay cached)", k, env[k], want)
		}
	}
	if !strings.HasSuffix(env["PATH"], os.Getenv("PATH")) { // go test puts GOROOT/bin first
		t.Errorf("PATH = %q, want conclab's", env["PATH"])
	}
	if got.Telemetry != "off" {
		t.Errorf("Go's telemetry mode in the scratch HOME = %q, want off (else the go command starts a sidecar that outlives the check)", got.Telemetry)
	}
	mine, _ := os.ReadFile("/proc/self/stat")
	child, me := strings.Fields(got.Stat[strings.LastIndex(got.Stat, ")")+1:]), strings.Fields(string(mine[strings.LastIndex(string(mine), ")")+1:]))
	// Fields after the command: state, ppid, pgrp, session.
	if child[2] != fmt.Sprint(goPid) || child[3] != fmt.Sprint(goPid) || child[3] == me[3] {
		t.Errorf("the learner's code is in process group %s, session %s; want the go command's own (%d), not conclab's session %s", child[2], child[3], goPid, me[3])
	}
}

// TestStopChecks stops a check whose code never ends, as conclab does on
// its way out: every process of the check is gone when StopChecks returns.
// It is not parallel: StopChecks stops every check of the process.
func TestStopChecks(t *testing.T) {
	root := runRoot(t)
	ex := mustGet(t, "chess")
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	hang := fmt.Sprintf(`package chess

import (
	"os"
	"os/exec"
	"time"
)

func init() {
	exec.Command("sleep", "300").Start()
	os.WriteFile(%q, []byte("running"), 0o644)
	for {
		time.Sleep(time.Second)
	}
}
`, pidFile)
	file := filepath.Join(dir, "zz_hang.go")
	if err := os.WriteFile(file, []byte(hang), 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(root, ex.Dir, "zz_hang.go"): file}})
	ov := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ov, b, 0o644); err != nil {
		t.Fatal(err)
	}
	pgid := make(chan int, 1)
	done := make(chan error, 1)
	go func() {
		_, err := (&Runner{Root: root, Overlay: ov, started: func(pid int) { pgid <- pid }}).Check(context.Background(), ex)
		done <- err
	}()
	group := <-pgid
	for { // until the learner's code runs (a guard below ends a hang)
		if _, err := os.Stat(pidFile); err == nil {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("Check ended before its code ran: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	if left := StopChecks(30 * time.Second); left != 0 {
		t.Errorf("StopChecks = %d checks left, want 0", left)
	}
	if pids, _, _ := groupProcesses(group); len(pids) > 0 {
		t.Errorf("after StopChecks, processes %v of the check's group %d are alive, want none", pids, group)
	}
	if err := <-done; err == nil || !strings.Contains(err.Error(), "conclab is quitting") {
		t.Errorf("the stopped Check returned %v, want an error that says conclab is quitting", err)
	}
}

// TestKillGroupSparesConclab: code that kills its whole process group
// (kill(0, SIGKILL)) ends the checks, not conclab (this test's process).
func TestKillGroupSparesConclab(t *testing.T) {
	t.Parallel()
	root := runRoot(t)
	ex := mustGet(t, "chess")
	dir := t.TempDir()
	kill := "package chess\n\nimport \"syscall\"\n\nfunc init() { syscall.Kill(0, syscall.SIGKILL) }\n"
	file := filepath.Join(dir, "zz_kill.go")
	if err := os.WriteFile(file, []byte(kill), 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(root, ex.Dir, "zz_kill.go"): file}})
	ov := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ov, b, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := (&Runner{Root: root, Overlay: ov}).Check(context.Background(), ex)
	if err != nil {
		t.Fatal(err)
	}
	if want := "the checks were killed by a signal (killed): did your code call os.Exit or kill a process?"; rep.Verdict.Kind != Killed || rep.Verdict.Headline != want {
		t.Errorf("Check(code that kills its group) = %v, want %s: %s", rep.Verdict, Killed, want)
	}
}
