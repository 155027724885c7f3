//go:build unix

package check

import (
	"os/exec"
	"syscall"
)

// isolate starts the child in a session of its own, so that it is the
// leader of a new process group: killProcessGroup ends the go command, the
// test binary and whatever they started, and the learner's code cannot
// signal conclab's group (kill(0, ...)) nor use conclab's terminal.
func isolate(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}

// killProcessGroup sends SIGKILL to the child's process group.
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		cmd.Process.Kill()
	}
}

// signalled is the name of the signal that ended the process whose wait
// status is in err ("killed", "terminated"), or "".
func signalled(err error) string {
	ee, ok := err.(*exec.ExitError)
	if !ok {
		return ""
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return ""
	}
	return ws.Signal().String()
}
