//go:build !unix

package learn

import "os/exec"

// setProcessGroup does nothing where there are no Unix process groups.
func setProcessGroup(cmd *exec.Cmd) {}

// killProcessGroup kills the go command; its test binary ends when its
// output pipe closes or its -timeout fires.
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
}
