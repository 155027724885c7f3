package labs_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

// withSites turns sched.SetSites on for the test.
func withSites(t *testing.T) {
	sched.SetSites(true)
	t.Cleanup(func() { sched.SetSites(false) })
}

// parsedFile is a Go file parsed once per test.
type parsedFile struct {
	fset *token.FileSet
	file *ast.File
}

func parse(t *testing.T, cache map[string]parsedFile, path string) parsedFile {
	t.Helper()
	if p, ok := cache[path]; ok {
		return p
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	require.NoError(t, err)
	cache[path] = parsedFile{fset, f}
	return cache[path]
}

// methodCallsAt returns the top-level function holding line and the names
// of the methods called on that line (x.Send(...) gives "Send").
func methodCallsAt(p parsedFile, line int) (fn string, calls []string) {
	for _, d := range p.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || p.fset.Position(fd.Pos()).Line > line || p.fset.Position(fd.End()).Line < line {
			continue
		}
		fn = fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) > 0 {
			fn = types(fd.Recv.List[0].Type) + "." + fn
		}
		ast.Inspect(fd, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && p.fset.Position(c.Lparen).Line == line {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
					calls = append(calls, sel.Sel.Name)
				}
			}
			return true
		})
	}
	return fn, calls
}

// types is a receiver's type as Site.ShortFunc writes it: "(*Pool)", "Pool".
func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "(*" + types(e.X) + ")"
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return types(e.X)
	}
	return "?"
}

// TestSitesAreTheCalls runs every variant of every lab (its defaults) with
// sites recorded and checks, against the source files parsed on their own,
// that every wait and blocking call of every task is at a line of the
// function the site names where a method is called: the scheduler's call
// that parked the task, not a guess.
func TestSitesAreTheCalls(t *testing.T) {
	withSites(t)
	files := map[string]parsedFile{}
	checked := 0
	var without []string
	for _, l := range labs.All() {
		v, err := l.Resolve(nil)
		require.NoError(t, err)
		for _, vr := range l.Variants {
			res, err := vr.Run(v)
			if err != nil || res.Trace == nil {
				continue
			}
			tr := res.Trace
			if !slices.ContainsFunc(tr.Tasks, func(t trace.Task) bool { return t.Sites != nil }) {
				without = append(without, l.Name+"/"+vr.Name) // not a run of labs/sched (the toy loop): "—"
				continue
			}
			for i, task := range tr.Tasks {
				for _, sp := range task.Spans {
					if sp.State != trace.Waiting && sp.State != trace.Blocked {
						continue
					}
					name := fmt.Sprintf("%s/%s: %s %s at %s", l.Name, vr.Name, task.Name, sp.State, trace.Clock(sp.Start))
					site, ok := tr.SiteAt(i, sp.Start)
					if !assert.True(t, ok, "%s: no site", name) {
						continue
					}
					fn, calls := methodCallsAt(parse(t, files, site.File), site.Line)
					short := site.ShortFunc()
					if !strings.HasPrefix(short, fn) || len(calls) == 0 {
						t.Errorf("%s: site %s, but line %d of %s is in %q and calls %v", name, site, site.Line, filepath.Base(site.File), fn, calls)
					}
					checked++
				}
			}
		}
	}
	t.Logf("%d waits checked; runs without sites: %v", checked, without)
	assert.Greater(t, checked, 100)
}

// lineOfCall finds, by parsing path, the line of the call recv.method(...)
// inside the top-level function fn.
func lineOfCall(t *testing.T, path, fn, recv, method string) int {
	t.Helper()
	p := parse(t, map[string]parsedFile{}, path)
	line := 0
	for _, d := range p.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != fn {
			continue
		}
		ast.Inspect(fd, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == method {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == recv {
					require.Zero(t, line, "two calls %s.%s in %s", recv, method, fn)
					line = p.fset.Position(c.Lparen).Line
				}
			}
			return true
		})
	}
	require.NotZero(t, line, "no call %s.%s in %s of %s", recv, method, fn, path)
	return line
}

// TestSitesOfFlagsLimited: in the flags lab's limited variant, a queued
// download (PK, the sixth) waits at the semaphore's send in Limited, a
// download in flight at Get's blocking call, main at its Wait; and the
// download that freed PK's slot was at Get's call until then.
func TestSitesOfFlagsLimited(t *testing.T) {
	withSites(t)
	l, err := labs.Get("flags")
	require.NoError(t, err)
	v, err := l.Resolve(nil)
	require.NoError(t, err)
	vr, err := l.Variant("limited")
	require.NoError(t, err)
	res, err := vr.Run(v)
	require.NoError(t, err)
	tr := res.Trace

	policies, get := filepath.Join("flags", "fetch", "policies.go"), filepath.Join("flags", "fetch", "get.go")
	send := lineOfCall(t, policies, "Limited", "sem", "Send")
	wait := lineOfCall(t, policies, "Limited", "t", "Wait")
	block := lineOfCall(t, get, "Get", "t", "Block")

	pk := tr.TaskIndex("PK")
	require.GreaterOrEqual(t, pk, 0)
	d, ok := tr.Detail(pk, 0)
	require.True(t, ok)
	require.True(t, d.Span.WaitsForTask(), "PK at 0: %+v", d.Span)
	require.True(t, d.HasSite)
	assert.Equal(t, "policies.go", filepath.Base(d.Site.File))
	assert.Equal(t, send, d.Site.Line, "PK waits at sem.Send")
	assert.Equal(t, "Limited", d.Site.ShortFunc())
	require.Equal(t, trace.CauseRecv, d.WokenBy.Kind)

	waker := tr.TaskIndex(d.WokenBy.Task)
	site, ok := tr.SiteAt(waker, d.Span.End-1)
	require.True(t, ok)
	assert.Equal(t, "get.go", filepath.Base(site.File))
	assert.Equal(t, block, site.Line, "%s was at Get's t.Block until it freed the slot", d.WokenBy.Task)

	main := tr.TaskIndex("main")
	site, ok = tr.SiteAt(main, tr.Total/2)
	require.True(t, ok)
	assert.Equal(t, wait, site.Line, "main waits at t.Wait")
}
