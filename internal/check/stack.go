package check

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Location is a place in the learner's code that a verdict points at.
type Location struct {
	// File is the file's path from the repository root ("exercises/chess/chess.go").
	File string
	// Line is the 1-based line number, or 0 when the runtime did not know
	// it (a loop inlined into its caller can report line 1, which is never code).
	Line int
	// Func is the function there, without its package ("Exhibition.func1"), when known.
	Func string
}

func (l Location) String() string {
	if l.Line == 0 {
		return fmt.Sprintf("%s (%s)", l.File, l.Func)
	}
	if l.Func == "" {
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
	return fmt.Sprintf("%s:%d (%s)", l.File, l.Line, l.Func)
}

// frame is one call of a stack trace.
type frame struct {
	fn   string // "conclab/exercises/chess.Exhibition"
	file string // as printed: "/work/main/exercises/chess/chess.go"
	line int
}

// goroutine is one goroutine of a runtime stack dump.
type goroutine struct {
	state  string // "chan send (durable)", "sync.Mutex.Lock", "running"
	frames []frame
	// createdBy is the go statement that started it ("created by ..."),
	// when the dump says.
	createdBy *frame
}

// frameFile splits "\t/path/file.go:12 +0x1f" into its file and line.
func frameFile(s string) (string, int, bool) {
	s = strings.TrimSpace(s)
	if sp := strings.LastIndex(s, " +0x"); sp >= 0 {
		s = s[:sp]
	}
	colon := strings.LastIndex(s, ":")
	if colon < 0 || !strings.HasSuffix(s[:colon], ".go") {
		return "", 0, false
	}
	n, err := strconv.Atoi(s[colon+1:])
	if err != nil {
		return "", 0, false
	}
	return s[:colon], n, true
}

// funcName cuts "conclab/exercises/chess.Exhibition(0xc0, {...})" to
// "conclab/exercises/chess.Exhibition".
func funcName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "created by ")
	if i := strings.Index(s, " in goroutine "); i >= 0 {
		s = s[:i]
	}
	// The argument list starts at the last "(" that follows the last "/"
	// or "." of the name: method receivers such as (*T) come before it.
	if strings.HasSuffix(s, ")") {
		depth := 0
		for i := len(s) - 1; i >= 0; i-- {
			switch s[i] {
			case ')':
				depth++
			case '(':
				depth--
				if depth == 0 {
					return s[:i]
				}
			}
		}
	}
	return s
}

// parseGoroutines reads every goroutine of a stack dump in text.
func parseGoroutines(text string) []goroutine {
	var out []goroutine
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		h := lines[i]
		if !strings.HasPrefix(h, "goroutine ") || !strings.HasSuffix(h, "]:") {
			continue
		}
		g := goroutine{}
		if a := strings.Index(h, "["); a >= 0 {
			g.state = strings.Split(h[a+1:len(h)-2], ", ")[0]
		}
		for i+2 < len(lines) && lines[i+1] != "" && !strings.HasPrefix(lines[i+1], "goroutine ") {
			fn, loc := lines[i+1], lines[i+2]
			i += 2
			file, line, ok := frameFile(loc)
			if !ok {
				i-- // not a pair: resynchronise on the next line
				continue
			}
			f := frame{fn: funcName(fn), file: file, line: line}
			if strings.HasPrefix(strings.TrimSpace(fn), "created by ") {
				g.createdBy = &f
			}
			g.frames = append(g.frames, f)
		}
		out = append(out, g)
	}
	return out
}

// learner tells frames of the exercise's own code (not its checks) and
// turns them into Locations relative to the root.
type learner struct {
	root string // absolute repository root
	dir  string // "exercises/chess"
	pkg  string // "conclab/exercises/chess"
	// replaced maps overlay files back to the files they stand for.
	replaced map[string]string
}

// location returns f as a Location if f is in the learner's code.
func (l learner) location(f frame) (Location, bool) {
	file := filepath.ToSlash(f.file)
	if r, ok := l.replaced[f.file]; ok {
		file = r
	} else if r, ok := l.replaced[filepath.Join(l.root, f.file)]; ok && !filepath.IsAbs(f.file) {
		file = r
	}
	if strings.HasSuffix(file, "_test.go") {
		return Location{}, false
	}
	rel := file
	if root := filepath.ToSlash(l.root) + "/"; strings.HasPrefix(file, root) {
		rel = strings.TrimPrefix(file, root)
	}
	if strings.TrimPrefix(rel, "./") != rel {
		rel = strings.TrimPrefix(rel, "./")
	}
	if !strings.HasPrefix(rel, l.dir+"/") && !strings.Contains(rel, "/"+l.dir+"/") {
		return Location{}, false
	}
	if i := strings.Index(rel, l.dir+"/"); i > 0 {
		rel = rel[i:]
	}
	fn := strings.TrimPrefix(f.fn, l.pkg+".")
	if fn == f.fn {
		fn = f.fn[strings.LastIndex(f.fn, "/")+1:]
	}
	line := f.line
	if line == 1 {
		line = 0
	}
	return Location{File: rel, Line: line, Func: fn}, true
}

// first returns the innermost frame of frames in the learner's code.
func (l learner) first(frames []frame) (Location, bool) {
	for _, f := range frames {
		if loc, ok := l.location(f); ok {
			return loc, true
		}
	}
	return Location{}, false
}

// stuck lists, for each goroutine of a dump in the learner's code, where it
// is and what it is doing: "exercises/chess/chess.go:41 (Exhibition): chan send".
//
// The goroutines the learner's code did not start (the check's own, which
// called it) come first, then those it started, each in the dump's order:
// the runtime lists goroutines in no order a verdict can rely on.
func (l learner) stuck(gs []goroutine) (lines []string, where []Location) {
	started := func(g goroutine) int {
		if g.createdBy != nil {
			if _, ok := l.location(*g.createdBy); ok {
				return 1
			}
		}
		return 0
	}
	gs = slices.Clone(gs)
	slices.SortStableFunc(gs, func(a, b goroutine) int { return cmp.Compare(started(a), started(b)) })
	count := map[string]int{}
	var order []string
	for _, g := range gs {
		loc, ok := l.first(g.frames)
		if !ok {
			continue
		}
		state := strings.TrimSuffix(g.state, " (durable)")
		if state == "running" || state == "runnable" {
			state = "busy, never waiting (" + state + ")"
		}
		line := fmt.Sprintf("%s: %s", loc, state)
		if count[line] == 0 {
			order = append(order, line)
			where = append(where, loc)
		}
		count[line]++
	}
	for _, line := range order {
		if n := count[line]; n > 1 {
			line += fmt.Sprintf(" (%d goroutines)", n)
		}
		lines = append(lines, line)
	}
	if len(lines) > 8 {
		lines, where = append(lines[:8], "…"), where[:8]
	}
	return lines, where
}

// raceAccess is one side of a DATA RACE report.
type raceAccess struct {
	what string // "read by goroutine 14", "previous write by goroutine 15"
	at   Location
	ok   bool
	fn   string // the innermost frame's function: "runtime.chansend" when the access is a channel's
}

// parseRace reads the first DATA RACE report in text and returns its two
// accesses, each at the innermost frame in the learner's code (or, failing
// that, the innermost frame at all).
func (l learner) parseRace(text string) []raceAccess {
	start := strings.Index(text, "WARNING: DATA RACE")
	if start < 0 {
		return nil
	}
	body := text[start:]
	if end := strings.Index(body, "\n=================="); end >= 0 {
		body = body[:end]
	}
	var out []raceAccess
	lines := strings.Split(body, "\n")
	for i := 1; i < len(lines) && len(out) < 2; i++ {
		h := lines[i]
		if h == "" || strings.HasPrefix(h, " ") || !strings.HasSuffix(h, ":") || strings.HasPrefix(h, "Goroutine ") {
			continue
		}
		acc := raceAccess{what: describeAccess(h)}
		var frames []frame
		for i+2 < len(lines) && strings.HasPrefix(lines[i+1], "  ") {
			file, line, ok := frameFile(lines[i+2])
			if !ok {
				break
			}
			frames = append(frames, frame{fn: funcName(lines[i+1]), file: file, line: line})
			i += 2
		}
		if len(frames) > 0 {
			acc.fn = frames[0].fn
		}
		if loc, ok := l.first(frames); ok {
			acc.at, acc.ok = loc, true
		} else if len(frames) > 0 {
			f := frames[0]
			acc.at = Location{File: f.file, Line: f.line, Func: f.fn[strings.LastIndex(f.fn, "/")+1:]}
		}
		out = append(out, acc)
	}
	return out
}

// describeAccess turns "Previous write at 0x00c00009e258 by goroutine 15:"
// into "previous write by goroutine 15".
func describeAccess(h string) string {
	h = strings.TrimSuffix(h, ":")
	if at := strings.Index(h, " at 0x"); at >= 0 {
		rest := h[at+len(" at 0x"):]
		if sp := strings.Index(rest, " "); sp >= 0 {
			h = h[:at] + rest[sp:]
		} else {
			h = h[:at]
		}
	}
	return strings.ToLower(h[:1]) + h[1:]
}
