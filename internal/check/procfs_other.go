//go:build !linux

package check

// groupProcesses cannot see a process group's processes without Linux's
// /proc: ok is false, and the Runner does not watch the checks' memory.
func groupProcesses(pgid int) (pids []int, rss int64, ok bool) { return nil, 0, false }
