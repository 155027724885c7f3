package check

import (
	"errors"
	"os/exec"
	"sync"
	"time"
)

// errStopped is Check's error when StopChecks ended its child.
var errStopped = errors.New("the checks were stopped: conclab is quitting")

// child is the process of one running check: the go command, the leader of
// a process group that holds everything it starts.
type child struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once the child's group is gone and its check has cleaned up

	mu      sync.Mutex
	started bool
	stopped bool // StopChecks or the watchdog killed it
}

// running holds the children of the checks this process runs now.
var running = struct {
	sync.Mutex
	set map[*child]struct{}
}{set: map[*child]struct{}{}}

// newChild registers cmd, not started yet, as a running check.
func newChild(cmd *exec.Cmd) *child {
	c := &child{cmd: cmd, done: make(chan struct{})}
	running.Lock()
	running.set[c] = struct{}{}
	running.Unlock()
	return c
}

// start starts the child, unless it was stopped already.
func (c *child) start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return errStopped
	}
	if err := c.cmd.Start(); err != nil {
		return err
	}
	c.started = true
	return nil
}

// kill kills the child's process group (at once if it has started, else
// as soon as it would).
func (c *child) kill() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	if c.started {
		killProcessGroup(c.cmd)
	}
}

// wasStopped tells whether kill was called.
func (c *child) wasStopped() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopped
}

// end is called once the go command has been waited for: it kills what is
// left of its process group (a test binary whose go command was killed, a
// process the learner's code started) and waits until none of it is alive
// (a process that held gigabytes takes a moment to die).
func (c *child) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started {
		killProcessGroup(c.cmd)
		waitGone(c.cmd.Process.Pid)
	}
}

// release unregisters the child once its check has cleaned up after it.
func (c *child) release() {
	running.Lock()
	delete(running.set, c)
	running.Unlock()
	close(c.done)
}

// StopChecks kills the process group of every check this process runs —
// the go command, the test binary, whatever the learner's code started —
// and waits, at most wait, until each one's Check has reaped it and
// removed its scratch directory. It returns how many had not by then. A
// Check it stops returns an error that says conclab is quitting. Call it
// on the way out (the TUI does when it quits), so that no check outlives
// conclab.
func StopChecks(wait time.Duration) int {
	running.Lock()
	var all []*child
	for c := range running.set {
		all = append(all, c)
	}
	running.Unlock()
	for _, c := range all {
		c.kill()
	}
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for _, c := range all {
		select {
		case <-c.done:
		case <-deadline.C:
			left := 0
			for _, c := range all {
				select {
				case <-c.done:
				default:
					left++
				}
			}
			return left
		}
	}
	return 0
}

// goneWait bounds how long waitGone waits for a killed group to be gone.
const goneWait = 5 * time.Second

// waitGone waits, at most goneWait, until no process of group pgid is
// alive (zombies aside), where /proc tells.
func waitGone(pgid int) {
	for deadline := time.Now().Add(goneWait); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if pids, _, ok := groupProcesses(pgid); !ok || len(pids) == 0 {
			return
		}
	}
}
