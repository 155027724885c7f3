//go:build !unix

package check

import "os/exec"

// isolate does nothing where there are no Unix sessions and process groups.
func isolate(cmd *exec.Cmd) {}

// killProcessGroup kills the go command; its test binary ends when its
// output pipe closes or its -timeout fires.
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
}

// signalled is "" where processes are not ended by signals.
func signalled(err error) string { return "" }
