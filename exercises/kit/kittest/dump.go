package kittest

import (
	"runtime"
	"strconv"
	"strings"
)

// stack is one goroutine of a runtime.Stack(_, true) dump.
type stack struct {
	id      int64
	state   string // what it does, without " (durable)": "sync.Mutex.Lock", "sleep", "running"
	durable bool   // a bubble goroutine blocked so that only its bubble can wake it
	bubble  int64  // its synctest bubble, 0 for none
	lines   []string
	text    string // the goroutine's part of the dump
}

// parseDump splits a runtime.Stack(_, true) dump into its goroutines, the
// caller's first.
func parseDump(dump string) []stack {
	var out []stack
	for _, block := range strings.Split(strings.TrimSpace(dump), "\n\n") {
		lines := strings.Split(block, "\n")
		s, ok := parseHeader(lines[0])
		if !ok {
			continue
		}
		s.lines, s.text = lines, block
		out = append(out, s)
	}
	return out
}

// parseHeader reads "goroutine 7 [sync.Mutex.Lock, 2 minutes, synctest bubble 1]:".
func parseHeader(h string) (stack, bool) {
	rest, ok := strings.CutPrefix(h, "goroutine ")
	a, b := strings.Index(rest, " ["), strings.LastIndex(rest, "]:")
	if !ok || a < 0 || b < a {
		return stack{}, false
	}
	id, err := strconv.ParseInt(rest[:a], 10, 64)
	if err != nil {
		return stack{}, false
	}
	s := stack{id: id}
	for i, field := range strings.Split(rest[a+2:b], ", ") {
		switch {
		case i == 0:
			s.state, s.durable = strings.CutSuffix(field, " (durable)")
		case strings.HasPrefix(field, "synctest bubble "):
			s.bubble, _ = strconv.ParseInt(strings.TrimPrefix(field, "synctest bubble "), 10, 64)
		}
	}
	return s, true
}

// busy reports whether a goroutine in state may go on without another
// goroutine of the program doing anything: it runs, or waits for the real
// clock, I/O, a system call or the runtime. A goroutine in "semacquire"
// waits for the runtime (a garbage collection that cannot start while
// runtime.Stack stops the world, a file's lock): the sync package's waits
// have names of their own.
func busy(state string) bool {
	switch state {
	case "running", "runnable", "syscall", "waiting", "idle", "copystack", "preempted", "semacquire",
		"sleep", "IO wait", "GC assist marking", "GC assist wait", "wait for GC cycle",
		"garbage collection", "garbage collection scan", "GC mark termination", "GC weak to strong wait",
		"stopping the world", "flushing proc caches", "debug call", "panicwait", "dumping heap",
		"trace goroutine status", "trace proc status", "page trace flush":
		return true
	}
	return strings.Contains(state, "(scan)")
}

// self is the header of the calling goroutine's stack: its id and bubble.
func self() stack {
	var buf [256]byte
	n := runtime.Stack(buf[:], false)
	h, _, _ := strings.Cut(string(buf[:n]), "\n")
	s, _ := parseHeader(h)
	return s
}
