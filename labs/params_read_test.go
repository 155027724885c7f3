package labs_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"conclab/labs"
	_ "conclab/labs/all"
)

// accessors are the Values methods that read one parameter by name, and
// the kind each one wants (String reads any).
var accessors = map[string]*labs.Kind{
	"Int": kind(labs.Int), "Duration": kind(labs.Duration), "Float": kind(labs.Float), "Text": kind(labs.Text), "String": nil,
}

func kind(k labs.Kind) *labs.Kind { return &k }

// paramRead is a call such as v.Int("count") in the source.
type paramRead struct {
	pos      token.Position
	accessor string
	name     string
}

// paramReads finds the calls of a Values accessor with a string literal
// in the Go files (not tests) under dir.
func paramReads(t *testing.T, dir string) []paramRead {
	t.Helper()
	var reads []paramRead
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			lit, isLit := call.Args[0].(*ast.BasicLit)
			if _, isAccessor := accessors[sel.Sel.Name]; !isAccessor || !isLit || lit.Kind != token.STRING {
				return true
			}
			name, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			reads = append(reads, paramRead{pos: fset.Position(call.Pos()), accessor: sel.Sel.Name, name: name})
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return reads
}

// TestEveryParameterReadExists reads the source of every lab: each call
// such as v.Duration("delay") in labs/LAB/... names a parameter of the lab
// LAB of the kind the accessor wants (a typo, or Int for a duration, would
// panic when that code runs). The front ends (tui/, internal/) read no
// parameter by name: they list a lab's Params.
func TestEveryParameterReadExists(t *testing.T) {
	total := 0
	for _, l := range labs.All() {
		reads := paramReads(t, l.Name)
		total += len(reads)
		for _, r := range reads {
			p, ok := l.Param(r.name)
			switch want := accessors[r.accessor]; {
			case !ok:
				t.Errorf("%s: %s(%q): lab %s has no parameter %q (its parameters: %s)", r.pos, r.accessor, r.name, l.Name, r.name, paramNames(l))
			case want != nil && p.Kind != *want:
				t.Errorf("%s: %s(%q): %s's parameter %s is a %s, not a %s", r.pos, r.accessor, r.name, l.Name, r.name, p.Kind, *want)
			}
		}
	}
	if total < 30 {
		t.Errorf("found %d parameter reads in the labs' source, want the 50 or so there are (is the test reading the right folders?)", total)
	}
	for _, dir := range []string{"../tui", "../internal"} {
		for _, r := range paramReads(t, dir) {
			t.Errorf("%s: %s(%q): a front end reads a lab's parameter by name", r.pos, r.accessor, r.name)
		}
	}
}

func paramNames(l *labs.Lab) string {
	names := make([]string, len(l.Params))
	for i, p := range l.Params {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}
