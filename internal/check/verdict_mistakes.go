package check

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// The verdicts of the classic mistakes of concurrent Go, each with its own
// Kind and a headline that says what to do: a send on (or a second close
// of) a closed channel, Done past a WaitGroup's Add, a select with default
// that spins, and (verdict_vet.go) what go vet's copylocks and lostcancel
// find.
const (
	ClosedChannel   Kind = "closed channel"             // a send on a closed channel, or a close of one
	NegativeCounter Kind = "negative WaitGroup counter" // Done called more times than Add
	BusyLoop        Kind = "busy loop"                  // a loop around a select with a default case spun without waiting
	CopiedLock      Kind = "copied lock"                // go vet's copylocks: a sync.Mutex, WaitGroup... copied by value
	LostCancel      Kind = "lost cancel"                // go vet's lostcancel: a context's cancel function not called
)

// negativeAdvice starts the advice of a negative WaitGroup counter.
const negativeAdvice = "a WaitGroup's counter is Add's total minus the Dones"

// mistake turns a panic's verdict into the verdict of the mistake it
// comes from, when its value is one of the runtime's and sync's own
// (runtime/chan.go, sync/waitgroup.go). at is the learner's frame, if known.
func mistake(value string, v Verdict) Verdict {
	at := ""
	if len(v.Where) > 0 {
		at = " at " + shortLoc(v.Where[0])
	}
	switch value {
	case "send on closed channel":
		v.Kind = ClosedChannel
		v.Headline = "a send on a closed channel" + at + ": close a channel only after its last send, in the goroutine that sends (its owner)"
		v.Details = append(v.Details, "a closed channel takes no more values, and the send panics; receivers never close: the sender that knows it is done does (after wg.Wait() when several send)")
	case "close of closed channel":
		v.Kind = ClosedChannel
		v.Headline = "a channel closed twice" + at + ": close a channel once, in the one goroutine that owns it"
		v.Details = append(v.Details, "the second close panics: let one goroutine (the sender, or the one that waits for every sender) close it, or guard the close with sync.Once")
	case "sync: negative WaitGroup counter":
		v.Kind = NegativeCounter
		v.Headline = "wg.Done ran more times than wg.Add counted" + at + ": Add(1) per goroutine, before its go statement; Done once, as it ends"
		v.Details = append(v.Details, negativeAdvice+": below zero it panics; wg.Go(f) does the Add and the Done for you")
	}
	return v
}

// closeRace is the verdict of a race between a channel's close and a send
// on it (or another close): the race detector sees it before the send
// panics, as runtime.closechan writing and runtime.chansend reading.
func closeRace(accesses []raceAccess, race Verdict) (Verdict, bool) {
	if len(accesses) != 2 || !accesses[0].ok || !accesses[1].ok {
		return Verdict{}, false
	}
	var closes, sends []raceAccess
	for _, a := range accesses {
		switch a.fn {
		case "runtime.closechan":
			closes = append(closes, a)
		case "runtime.chansend", "runtime.chansend1", "runtime.selectnbsend", "runtime.selectgo":
			sends = append(sends, a)
		}
	}
	v := Verdict{Kind: ClosedChannel}
	for _, a := range append(closes, sends...) {
		v.Where = append(v.Where, a.at)
	}
	at := func(a raceAccess) string { return shortLoc(a.at) }
	switch {
	case len(closes) == 1 && len(sends) == 1:
		v.Headline = fmt.Sprintf("a channel is closed (%s) while another goroutine may still send on it (%s): close a channel only after its last send, in the goroutine that sends (its owner)", at(closes[0]), at(sends[0]))
		v.Details = append(v.Details, "a send on a closed channel panics; here the race detector caught the close and the send unordered, before the send could panic")
	case len(closes) == 2:
		v.Headline = fmt.Sprintf("two goroutines close the same channel (%s and %s): close a channel once, in the one goroutine that owns it", at(closes[0]), at(closes[1]))
		v.Details = append(v.Details, "the second close panics: let one goroutine (the sender, or the one that waits for every sender) close it, or guard the close with sync.Once")
	default:
		return Verdict{}, false
	}
	v.Details = append(v.Details, race.Details[:len(race.Details)-1]...) // the accesses, without the race's advice
	return v, true
}

// doneInGo is the verdict of a negative WaitGroup counter in code that
// calls wg.Done inside a function given to wg.Go, which calls Done itself
// when the function returns (the panic then comes from wg.Go's Done, whose
// stack has no frame of the learner's, or from theirs). It names those
// Done calls, read from the learner's files.
func (j judged) doneInGo(v Verdict) Verdict {
	if v.Kind != NegativeCounter {
		return v
	}
	var dones []Location
	entries, _ := os.ReadDir(filepath.Join(j.l.root, filepath.FromSlash(j.l.dir)))
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file := j.l.dir + "/" + name
		src, err := j.l.source(file)
		if err != nil {
			continue
		}
		for _, line := range doneCallsInGo(src) {
			dones = append(dones, Location{File: file, Line: line})
		}
	}
	if len(dones) == 0 {
		return v
	}
	kept := v.Details[:0]
	for _, d := range v.Details {
		if !strings.HasPrefix(d, negativeAdvice) {
			kept = append(kept, d)
		}
	}
	v.Details = kept
	v.Headline = fmt.Sprintf("a function given to wg.Go calls wg.Done (%s): wg.Go does that itself when the function returns, so the counter went below zero — drop that Done", shortLoc(dones[0]))
	for _, at := range dones {
		v.Details = append(v.Details, "wg.Done inside a function given to wg.Go at "+at.String())
	}
	v.Where = append(dones, v.Where...)
	return v
}

// doneCallsInGo are the lines of the x.Done() calls inside function
// literals passed to a Go method (wg.Go(func() { ...; wg.Done() })).
func doneCallsInGo(src []byte) []int {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "src.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var lines []int
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !isMethodCall(call, "Go") || len(call.Args) != 1 {
			return true
		}
		lit, ok := call.Args[0].(*ast.FuncLit)
		if !ok {
			return true
		}
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			if c, ok := m.(*ast.CallExpr); ok && isMethodCall(c, "Done") && len(c.Args) == 0 {
				lines = append(lines, fset.Position(c.Pos()).Line)
			}
			return true
		})
		return true
	})
	return lines
}

func isMethodCall(call *ast.CallExpr, name string) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == name
}

// shortLoc is "chess.go:53", or "chess.go (Play)" when the line is not known.
func shortLoc(l Location) string {
	if l.Line == 0 {
		return fmt.Sprintf("%s (%s)", filepath.Base(l.File), l.Func)
	}
	return fmt.Sprintf("%s:%d", filepath.Base(l.File), l.Line)
}

// busyLoop is the verdict of a timeout in which a goroutine of the
// learner's code was running (never waiting) inside a loop whose select has
// a default case, read from the learner's source.
func (j judged) busyLoop(gs []goroutine, timedOut Verdict) (Verdict, bool) {
	for _, g := range gs {
		if g.state != "running" && g.state != "runnable" {
			continue
		}
		loc, ok := j.l.first(g.frames)
		if !ok || loc.Line == 0 {
			continue
		}
		src, err := j.l.source(loc.File)
		if err != nil {
			continue
		}
		sel, ok := selectLoopAt(src, loc.Line)
		if !ok {
			continue
		}
		file := filepath.Base(loc.File)
		v := Verdict{Kind: BusyLoop, Where: []Location{loc}}
		v.Headline = fmt.Sprintf("a select with default spins (%s:%d): its default case runs at once when no other case is ready, so the loop never waits — drop the default, so that select blocks until a case is ready", file, sel)
		v.Details = append(v.Details, fmt.Sprintf("it was at %s, in the loop around the select at %s:%d, when it was stopped", loc, file, sel))
		v.Details = append(v.Details, "a default case is for a select that must not wait; in a loop it burns a CPU (and a synctest bubble's clock never moves)")
		v.Details = append(v.Details, timedOut.Headline)
		return v, true
	}
	return Verdict{}, false
}

// selectLoopAt finds, in the Go source src, a select statement with a
// default case inside a for loop (in the same function) that holds line;
// it returns the select's line (the innermost such loop's).
func selectLoopAt(src []byte, line int) (int, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "src.go", src, parser.SkipObjectResolution)
	if err != nil {
		return 0, false
	}
	best, bestSpan := 0, -1
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		sel, ok := n.(*ast.SelectStmt)
		if !ok || !hasDefault(sel) {
			return true
		}
		for i := len(stack) - 2; i >= 0; i-- {
			var loop ast.Node
			switch s := stack[i].(type) {
			case *ast.FuncLit, *ast.FuncDecl:
				return true
			case *ast.ForStmt, *ast.RangeStmt:
				loop = s
			}
			if loop == nil {
				continue
			}
			from, to := fset.Position(loop.Pos()).Line, fset.Position(loop.End()).Line
			if line >= from && line <= to && (bestSpan < 0 || to-from < bestSpan) {
				best, bestSpan = fset.Position(sel.Pos()).Line, to-from
			}
			return true
		}
		return true
	})
	return best, bestSpan >= 0
}

func hasDefault(sel *ast.SelectStmt) bool {
	for _, s := range sel.Body.List {
		if cc, ok := s.(*ast.CommClause); ok && cc.Comm == nil {
			return true
		}
	}
	return false
}

// source reads the learner's file (a path from the root) as the run saw
// it: the overlay's replacement when there is one.
func (l learner) source(file string) ([]byte, error) {
	abs := filepath.ToSlash(filepath.Join(l.root, filepath.FromSlash(file)))
	for repl, orig := range l.replaced {
		if orig == abs && filepath.IsAbs(repl) {
			return os.ReadFile(repl)
		}
	}
	return os.ReadFile(filepath.Join(l.root, filepath.FromSlash(file)))
}

// leakLineRE reads a goroutine line of kittest.LeakMessage:
// "Exhibition.func2 at chess.go:47 (chan receive) × 3".
var leakLineRE = regexp.MustCompile(`^(\S+) at (\S+\.go):(\d+) \(([^)]*)\)`)

// leakAt is a goroutine line of a kittest leak message as a Location in
// the learner's directory, with what the goroutine was doing.
func (l learner) leakAt(line string) (Location, string, bool) {
	m := leakLineRE.FindStringSubmatch(line)
	if m == nil {
		return Location{}, "", false
	}
	var n int
	fmt.Sscan(m[3], &n)
	return Location{File: l.dir + "/" + m[2], Line: n, Func: m[1]}, m[4], true
}

// doing says what a goroutine in state was doing at loc, for a leak's
// headline: "blocked in chan receive at chess.go:47", "still busy at chess.go:12".
func doing(state string, loc Location) string {
	state = strings.TrimSuffix(state, " (durable)")
	switch state {
	case "running", "runnable", "":
		return "still busy at " + shortLoc(loc)
	case "sleep":
		return "asleep at " + shortLoc(loc)
	}
	return "blocked in " + state + " at " + shortLoc(loc)
}
