package challenge

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

// Compile parses, type-checks and compiles a challenge program: a Go file of
// package main that may import sync and time and call the Prelude's assert
// and critical. name names it in messages. An error names the first problem
// with its line ("main.go:12: switch statements are not supported").
func Compile(name, src string) (*Program, error) {
	fset := token.NewFileSet()
	// A file's name says where its errors are; a level's says which level.
	filename, wrap := "main.go", func(err error) error { return fmt.Errorf("%s: %w", name, err) }
	if strings.HasSuffix(name, ".go") {
		filename, wrap = name, func(err error) error { return err }
	}
	file, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, wrap(firstError(err))
	}
	pre, err := parser.ParseFile(fset, "prelude.go", Prelude, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("prelude: %w", err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits:  map[ast.Node]types.Object{},
	}
	var first error
	conf := types.Config{Importer: stubImporter{}, Error: func(err error) {
		if first == nil {
			first = err
		}
	}}
	pkg, _ := conf.Check("main", fset, []*ast.File{file, pre}, info)
	if first != nil {
		return nil, wrap(first)
	}
	c := &compiler{
		prog: &Program{name: name, source: src, lines: strings.Split(src, "\n"), fset: fset, file: file},
		info: info, fset: fset, pkg: pkg,
		assigned: map[*types.Var]bool{}, captured: map[*types.Var]bool{},
		globals: map[*types.Var]int{}, funcs: map[*types.Func]int{},
		consts: map[Value]int{}, strs: map[string]int{},
	}
	if err := c.compile(); err != nil {
		return nil, wrap(err)
	}
	if _, err := c.prog.start(); err != nil {
		return nil, wrap(err)
	}
	return c.prog, nil
}

// firstError is the first of a parser's error list.
func firstError(err error) error {
	var list interface{ Unwrap() []error }
	if errors.As(err, &list) && len(list.Unwrap()) > 0 {
		return list.Unwrap()[0]
	}
	return err
}

// compiler holds what compiling one program needs.
type compiler struct {
	prog     *Program
	info     *types.Info
	fset     *token.FileSet
	pkg      *types.Package
	assigned map[*types.Var]bool // assigned after its declaration
	captured map[*types.Var]bool // a local used inside a function literal that does not declare it
	globals  map[*types.Var]int  // package-level variables: their cell
	funcs    map[*types.Func]int // top-level functions: their index
	consts   map[Value]int
	strs     map[string]int
	err      error
}

// errorf records the first compile error, at node n's line.
func (c *compiler) errorf(n ast.Node, format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("%s:%d: %s", c.fset.Position(n.Pos()).Filename, c.line(n), fmt.Sprintf(format, args...))
	}
}

func (c *compiler) line(n ast.Node) int { return c.fset.Position(n.Pos()).Line }

func (c *compiler) constIndex(v Value) int {
	if i, ok := c.consts[v]; ok {
		return i
	}
	c.prog.consts = append(c.prog.consts, v)
	c.consts[v] = len(c.prog.consts) - 1
	return len(c.prog.consts) - 1
}

func (c *compiler) strIndex(s string) int {
	if i, ok := c.strs[s]; ok {
		return i
	}
	c.prog.strings = append(c.prog.strings, s)
	c.strs[s] = len(c.prog.strings) - 1
	return len(c.prog.strings) - 1
}

// text is the source text of n on one line, long bodies shortened:
// "go func() { … }()".
func (c *compiler) text(n ast.Node) string {
	from, to := c.fset.Position(n.Pos()).Offset, c.fset.Position(n.End()).Offset
	s := c.prog.source[from:to]
	if i := strings.Index(s, "{\n"); i >= 0 {
		if j := strings.LastIndex(s, "\n"); j > i {
			s = s[:i+1] + " … " + strings.TrimLeft(s[j+1:], " \t")
		}
	}
	return strings.Join(strings.Fields(s), " ")
}

// prelude reports whether the call's function is the Prelude's name.
func (c *compiler) prelude(fun ast.Expr, name string) bool {
	id, ok := fun.(*ast.Ident)
	if !ok {
		return false
	}
	obj := c.info.Uses[id]
	return obj != nil && obj.Name() == name && obj.Parent() == c.pkg.Scope() && c.fset.Position(obj.Pos()).Filename == "prelude.go"
}

func (c *compiler) compile() error {
	c.analyse()
	if c.err != nil {
		return c.err
	}
	// Top-level functions get their indices first, so calls may come before
	// the function they call.
	var decls []*ast.FuncDecl
	for _, d := range c.prog.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if fd.Recv != nil {
			c.errorf(fd, "methods are not supported")
			return c.err
		}
		c.funcs[c.info.Defs[fd.Name].(*types.Func)] = len(c.prog.funcs)
		c.prog.funcs = append(c.prog.funcs, &Func{name: fd.Name.Name, line: c.line(fd)})
		decls = append(decls, fd)
	}
	mainFn, ok := c.pkg.Scope().Lookup("main").(*types.Func)
	if !ok {
		return fmt.Errorf("%s: no func main", c.fset.File(c.prog.file.Pos()).Name())
	}
	c.prog.main = c.funcs[mainFn]
	c.compileGlobals()
	for _, fd := range decls {
		idx := c.funcs[c.info.Defs[fd.Name].(*types.Func)]
		fc := c.newFunc(idx, fd.Type, nil)
		fc.body(fd.Body)
	}
	return c.err
}

// analyse finds the variables assigned after their declaration and the
// locals that function literals capture, and rejects what the interpreter
// does not model.
func (c *compiler) analyse() {
	mark := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := c.info.Uses[id].(*types.Var); ok {
				c.assigned[v] = true
			}
		}
	}
	var lits []*ast.FuncLit
	ast.Inspect(c.prog.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				mark(l) // a := that declares l records it in Defs, not Uses
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				mark(n.Key)
				if n.Value != nil {
					mark(n.Value)
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && !isSyncType(c.info.Types[n.X].Type) {
				c.errorf(n, "taking the address of a variable is not supported (only of a sync.Mutex, WaitGroup or Cond)")
			}
		case *ast.FuncLit:
			lits = append(lits, n)
		}
		return true
	})
	for _, lit := range lits {
		for _, v := range c.freeVars(lit) {
			c.captured[v] = true
		}
	}
}

// freeVars are the locals that lit uses but an enclosing function declares,
// in order of first use.
func (c *compiler) freeVars(lit *ast.FuncLit) []*types.Var {
	var out []*types.Var
	seen := map[*types.Var]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := c.info.Uses[id].(*types.Var)
		if !ok || v.IsField() || v.Parent() == c.pkg.Scope() || seen[v] {
			return true
		}
		if v.Pos() < lit.Pos() || v.Pos() >= lit.End() {
			seen[v] = true
			out = append(out, v)
		}
		return true
	})
	return out
}

// shared reports whether reading or writing v is an access to shared memory:
// a package-level variable or a captured local that is assigned after its
// declaration, and that is not a reference (a channel, sync object or func).
func (c *compiler) shared(v *types.Var) bool {
	if isRef(v.Type()) {
		return false
	}
	if _, ok := c.globals[v]; ok {
		return c.assigned[v]
	}
	return c.boxed(v)
}

// boxed reports whether the local v lives in a cell that closures share.
func (c *compiler) boxed(v *types.Var) bool { return c.captured[v] && c.assigned[v] }

// compileGlobals compiles the function that gives every package-level
// variable its zero value, then runs the initialisers in Go's order.
func (c *compiler) compileGlobals() {
	c.prog.init = len(c.prog.funcs)
	c.prog.funcs = append(c.prog.funcs, &Func{name: "init"})
	fc := &funcCompiler{c: c, fn: c.prog.funcs[c.prog.init], slots: map[*types.Var]int{}}
	for _, d := range c.prog.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			for _, id := range spec.(*ast.ValueSpec).Names {
				v := c.info.Defs[id].(*types.Var)
				c.globals[v] = len(c.prog.globals)
				c.prog.globals = append(c.prog.globals, global{name: id.Name, line: c.line(id)})
				if !fc.zero(id, v.Type(), id.Name) {
					return
				}
				fc.emit(Op{Code: opStoreGlobal, A: c.globals[v]})
			}
		}
	}
	for v, i := range c.globals {
		c.prog.globals[i].shared = c.shared(v)
		if isRef(v.Type()) && c.assigned[v] {
			c.errorf(&ast.Ident{NamePos: v.Pos()}, "assigning to %s after its declaration is not supported", v.Name())
		}
	}
	for _, init := range c.info.InitOrder {
		if len(init.Lhs) != 1 {
			c.errorf(init.Rhs, "a declaration of several variables from one value is not supported")
			return
		}
		fc.nameHint = init.Lhs[0].Name()
		fc.expr(init.Rhs)
		fc.emit(Op{Code: opStoreGlobal, A: c.globals[init.Lhs[0]]})
	}
	fc.emit(Op{Code: opReturn, A: 1})
}

// isSyncType reports whether t is one of the synchronisation objects the
// interpreter models (sync.Mutex, WaitGroup, Cond, Once, Locker, and
// sync/atomic's Int64 and Bool), or a pointer to one.
func isSyncType(t types.Type) bool { return syncName(t) != "" }

// isRef reports whether values of t are references the program never
// changes in place: channels, sync objects and functions.
func isRef(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Chan, *types.Signature:
		return true
	}
	return isSyncType(t)
}

// syncName is "Mutex", "WaitGroup", "Cond", "Once" or "Locker" for a sync
// type, "atomic.Int64" or "atomic.Bool" for those, or "".
func syncName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	name := n.Obj().Name()
	switch n.Obj().Pkg().Path() {
	case "sync":
		switch name {
		case "Mutex", "WaitGroup", "Cond", "Once", "Locker":
			return name
		}
	case "sync/atomic":
		switch name {
		case "Int64", "Bool":
			return "atomic." + name
		}
	}
	return ""
}

// constValue converts a constant of type t.
func constValue(v constant.Value, t types.Type) (Value, bool) {
	switch v.Kind() {
	case constant.Bool:
		return boolValue(constant.BoolVal(v)), true
	case constant.Int:
		n, ok := constant.Int64Val(v)
		return intValue(n), ok
	}
	return Value{}, false
}
