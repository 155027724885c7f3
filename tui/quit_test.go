//go:build linux

package tui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/exercises"
	"conclab/internal/check"
	"conclab/labs"
	"conclab/labs/chess"
	"conclab/tui/internal/press"
)

// TestQuitStopsTheChecks quits (q) while the exercise screen's checks run
// code that never ends and has started a process of its own: when Run's
// shutdown returns, no process of the check is alive.
func TestQuitStopsTheChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a child go test")
	}
	root, err := check.FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := exercises.Get("chess")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	hang := fmt.Sprintf(`package chess

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func init() {
	exec.Command("sleep", "300").Start()
	os.WriteFile(%q, []byte(fmt.Sprint(syscall.Getpgrp())), 0o644)
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
	env := exerciseEnv(t)
	env.Check = (&check.Runner{Root: root, Overlay: ov}).Check

	m := New(WithLabs([]*labs.Lab{chess.Lab()}), WithExercises(env))
	m = drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = pressAll(t, m, "x")
	next, cmd := m.Update(press.Key("c"))
	m = next.(Model)
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd().(tea.BatchMsg)[0]() }()
	pgid := 0
	for deadline := time.Now().Add(3 * time.Minute); pgid == 0; { // a guard against a hang, not a timing
		if b, err := os.ReadFile(pidFile); err == nil {
			pgid, _ = strconv.Atoi(string(b))
		}
		if time.Now().After(deadline) {
			t.Fatal("the checks' code did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
	next, cmd = m.Update(press.Key("q"))
	if cmd == nil {
		t.Fatal("q does not quit")
	}
	shutdown(next)
	if left := liveInGroup(pgid); len(left) > 0 {
		t.Errorf("after q, processes %v of the check's group %d are alive, want none", left, pgid)
		syscall.Kill(-pgid, syscall.SIGKILL)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second): // a guard against a hang, not a timing
		t.Fatal("the checks' command did not return after the quit")
	}
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
