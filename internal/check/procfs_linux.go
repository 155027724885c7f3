package check

import (
	"bytes"
	"os"
	"strconv"
)

// groupProcesses reads /proc for the live processes of process group pgid
// (zombies left out) and their resident memory in bytes. ok is false when
// /proc cannot be read.
func groupProcesses(pgid int) (pids []int, rss int64, ok bool) {
	d, err := os.Open("/proc")
	if err != nil {
		return nil, 0, false
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, 0, false
	}
	page := int64(os.Getpagesize())
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + name + "/stat")
		if err != nil {
			continue // it ended meanwhile
		}
		st, ok := parseStat(b)
		if !ok || st.pgrp != pgid || st.state == 'Z' || st.state == 'X' {
			continue
		}
		pids = append(pids, pid)
		rss += st.rssPages * page
	}
	return pids, rss, true
}

// procStat is what groupProcesses reads of /proc/PID/stat.
type procStat struct {
	state    byte
	pgrp     int
	rssPages int64
}

// parseStat reads /proc/PID/stat: "pid (comm) state ppid pgrp session ...",
// where comm may hold spaces and parentheses; rss is the 24th field.
func parseStat(b []byte) (procStat, bool) {
	end := bytes.LastIndexByte(b, ')')
	if end < 0 {
		return procStat{}, false
	}
	f := bytes.Fields(b[end+1:]) // f[0] is field 3 (state)
	if len(f) < 22 {
		return procStat{}, false
	}
	pgrp, err1 := strconv.Atoi(string(f[2]))
	rss, err2 := strconv.ParseInt(string(f[21]), 10, 64)
	if err1 != nil || err2 != nil || len(f[0]) != 1 {
		return procStat{}, false
	}
	return procStat{state: f[0][0], pgrp: pgrp, rssPages: rss}, true
}
