package styles

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"strings"
)

// Shape is what a program's source says about its style, read off the
// source itself (go/scanner and go/ast), never typed in.
type Shape struct {
	// Lines counts the lines of code: lines with a token on them, so blank
	// lines and lines that hold only comments do not count.
	Lines int
	// Nesting is the deepest nesting of blocks: a function's body is 1, and
	// each if, for, case, function literal ... inside adds 1 (as gofmt
	// indents them: a switch's cases sit at the switch's own level).
	Nesting int
	// ErrorPath says where the program prints that a site is Bad: the
	// construct that handles the error and the function it is in ("if err
	// != nil in check", "errback in Callbacks").
	ErrorPath string
}

// Measure reads the Shape of a program: Go declarations without a package
// clause, as a variant's Source shows them.
func Measure(program string) (Shape, error) {
	const header = "package program\n"
	src := header + program
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "program.go", src, parser.SkipObjectResolution)
	if err != nil {
		return Shape{}, fmt.Errorf("measure: %w", err)
	}
	var sh Shape
	sh.Lines = codeLines(src) - 1 // the package clause is not the program's
	ast.Inspect(f, func(n ast.Node) bool {
		if fn, ok := n.(*ast.FuncDecl); ok && fn.Body != nil {
			sh.Nesting = max(sh.Nesting, depth(fn.Body, 1))
		}
		return true
	})
	path, err := errorPath(f)
	if err != nil {
		return Shape{}, err
	}
	sh.ErrorPath = path
	return sh, nil
}

// codeLines counts the lines of src that hold a token (comments are skipped).
func codeLines(src string) int {
	fset := token.NewFileSet()
	file := fset.AddFile("program.go", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	lines := map[int]bool{}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // inserted at a line's end, which has a token already
		}
		lines[file.Line(pos)] = true
	}
	return len(lines)
}

// depth is the deepest nesting of blocks at or under n, which is at level.
func depth(n ast.Node, level int) int {
	deepest := level
	ast.Inspect(n, func(c ast.Node) bool {
		if c == n {
			return true
		}
		var cases *ast.BlockStmt // a switch's or select's cases: one level below it, like its other blocks
		var heads []ast.Node     // what a switch has before its cases
		switch c := c.(type) {
		case *ast.SwitchStmt:
			cases, heads = c.Body, []ast.Node{c.Init, c.Tag}
		case *ast.TypeSwitchStmt:
			cases, heads = c.Body, []ast.Node{c.Init, c.Assign}
		case *ast.SelectStmt:
			cases = c.Body
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			deepest = max(deepest, depth(c, level+1))
			return false
		default:
			return true
		}
		for _, h := range heads {
			if h != nil { // a nil Stmt or Expr converts to a nil Node
				deepest = max(deepest, depth(h, level))
			}
		}
		for _, clause := range cases.List {
			deepest = max(deepest, depth(clause, level+1))
		}
		return false
	})
	return deepest
}

// errorPath finds the call that prints "Bad" and says what handles the
// error there: the innermost if statement around it (its condition), or the
// errback it is in (a function literal given as AddCallbacks' second
// function or to AddErrback), and the function declaration it is in.
func errorPath(f *ast.File) (string, error) {
	var stack []ast.Node
	var found string
	ast.Inspect(f, func(n ast.Node) bool {
		if found != "" {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		if call, ok := n.(*ast.CallExpr); ok && printsBad(call) {
			found = describe(stack)
		}
		return true
	})
	if found == "" {
		return "", fmt.Errorf("measure: the program prints no \"Bad\" line")
	}
	return found, nil
}

// printsBad reports whether call is a Printf whose format says "Bad".
func printsBad(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Printf" || len(call.Args) == 0 {
		return false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	return ok && lit.Kind == token.STRING && strings.Contains(lit.Value, "Bad")
}

// describe names what handles the error for the node at the top of stack.
func describe(stack []ast.Node) string {
	construct := ""
	for i := len(stack) - 1; i > 0 && construct == ""; i-- {
		switch n := stack[i].(type) {
		case *ast.IfStmt:
			construct = "if " + types.ExprString(n.Cond)
		case *ast.FuncLit:
			if call, ok := stack[i-1].(*ast.CallExpr); ok && isErrback(call, n) {
				construct = "errback"
			}
		}
	}
	if construct == "" {
		construct = "a plain call"
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if fn, ok := stack[i].(*ast.FuncDecl); ok {
			return construct + " in " + fn.Name.Name
		}
	}
	return construct
}

// isErrback reports whether fn is the errback argument of call: the second
// function given to AddCallbacks, or the one given to AddErrback.
func isErrback(call *ast.CallExpr, fn *ast.FuncLit) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "AddCallbacks":
		return len(call.Args) == 2 && call.Args[1] == fn
	case "AddErrback":
		return len(call.Args) == 1 && call.Args[0] == fn
	}
	return false
}
