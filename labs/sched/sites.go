package sched

import (
	"runtime"
	"strings"
	"sync/atomic"

	"conclab/labs/trace"
)

// sitesByDefault is SetSites' switch.
var sitesByDefault atomic.Bool

// SetSites makes every Sim made after it record where its tasks park
// (Config.Sites), or stops doing so: a front end that shows the line a
// task waits at turns it on, since the labs make their own Configs. It is
// safe for concurrent use; it is off at start.
func SetSites(on bool) { sitesByDefault.Store(on) }

// schedPrefix is the prefix of this package's function names
// ("conclab/labs/sched."): a site is the first frame outside of it.
var schedPrefix = func() string {
	pc, _, _, _ := runtime.Caller(0)
	name := runtime.FuncForPC(pc).Name()
	slash := max(strings.LastIndexByte(name, '/'), 0)
	return name[:slash+strings.IndexByte(name[slash:], '.')+1]
}()

// The frames between runtime.Callers and the caller of the scheduler's
// API when a task parks: runtime.Callers, markSite, park, ask or waitOn,
// then the API call itself (Sleep, Chan.Send, Mutex.Lock, Wait ...); an
// API call made through another (SleepUntil calls Sleep) adds Task.via.
const siteSkip = 5

// deepSite is what siteTable.ids holds for a return address that is inside
// this package: an API call made through another that did not say so, whose
// caller must be looked for further up the stack at every call.
var deepSite = &trace.Site{}

// siteTable resolves the return addresses tasks park with to sites, once each.
type siteTable struct {
	ids map[uintptr]*trace.Site
	buf [8]uintptr // the stack being read: here, so it is not allocated at every call
}

// markSite records, when the run records sites, the line of the call t
// parks in: the first frame of its stack outside this package. It runs on
// the task's own coroutine, from park, and reads one frame of the stack
// (a few when a new way of calling the API nests deeper).
func (t *Task) markSite() {
	s := t.sim
	if s.sites == nil {
		return
	}
	st := s.sites
	st.buf[0] = 0
	runtime.Callers(siteSkip+t.via, st.buf[:1])
	site, ok := st.ids[st.buf[0]]
	if !ok {
		site = resolveSite(st.buf[:1])
		if site == nil {
			site = deepSite
		}
		st.ids[st.buf[0]] = site
	}
	if site == deepSite {
		st.buf = [len(st.buf)]uintptr{}
		runtime.Callers(siteSkip+t.via, st.buf[:])
		site = resolveSite(st.buf[:])
	}
	t.sites = append(t.sites, trace.SiteMark{At: s.now, Site: site})
}

// endSites records that t returned: from now on it is at no line.
func (t *Task) endSites() {
	if t.sim.sites != nil {
		t.sites = append(t.sites, trace.SiteMark{At: t.sim.now})
	}
}

// resolveSite is the first frame of pcs outside this package, or nil when
// every frame read is inside it.
func resolveSite(pcs []uintptr) *trace.Site {
	n := 0
	for n < len(pcs) && pcs[n] != 0 {
		n++
	}
	frames := runtime.CallersFrames(pcs[:n])
	for n > 0 {
		f, more := frames.Next()
		if f.Function != "" && !strings.HasPrefix(f.Function, schedPrefix) {
			return &trace.Site{File: f.File, Line: f.Line, Func: f.Function}
		}
		if !more {
			break
		}
	}
	return nil
}
