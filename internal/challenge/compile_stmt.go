package challenge

import (
	"go/ast"
	"go/token"
	"go/types"
)

// funcCompiler compiles one function's body.
type funcCompiler struct {
	c        *compiler
	fn       *Func
	slots    map[*types.Var]int
	loops    []*jumpScope
	nameHint string // the variable a make or NewCond is being assigned to: the object's name
	inSelect bool   // compiling a select's cases: time.After makes a timer the select owns
}

// jumpScope is a for loop or a select statement: where break and continue go.
type jumpScope struct {
	breaks   []int // ops to patch with the pc past the statement
	conts    []int // ops to patch with the loop's continue target
	isSelect bool
}

// newFunc starts compiling function idx with the given signature; captures
// are the variables a function literal captures (nil for a top-level one).
func (c *compiler) newFunc(idx int, ft *ast.FuncType, captures []*types.Var) *funcCompiler {
	fc := &funcCompiler{c: c, fn: c.prog.funcs[idx], slots: map[*types.Var]int{}}
	if ft.Params != nil {
		for _, f := range ft.Params.List {
			for _, id := range f.Names {
				fc.declare(c.info.Defs[id].(*types.Var))
			}
			if len(f.Names) == 0 {
				fc.fn.slotName = append(fc.fn.slotName, "_")
				fc.fn.slots++
			}
		}
	}
	fc.fn.params = fc.fn.slots
	for _, v := range captures {
		fc.declare(v)
	}
	if ft.Results != nil {
		for _, f := range ft.Results.List {
			if len(f.Names) > 0 {
				c.errorf(f, "named results are not supported")
			}
			fc.fn.results += max(1, len(f.Names))
		}
	}
	for _, v := range fc.paramVars(ft) {
		if c.boxed(v) {
			c.errorf(ft, "a parameter that a closure assigns is not supported (%s)", v.Name())
		}
	}
	return fc
}

func (fc *funcCompiler) paramVars(ft *ast.FuncType) []*types.Var {
	var out []*types.Var
	if ft.Params != nil {
		for _, f := range ft.Params.List {
			for _, id := range f.Names {
				out = append(out, fc.c.info.Defs[id].(*types.Var))
			}
		}
	}
	return out
}

func (fc *funcCompiler) declare(v *types.Var) int {
	fc.slots[v] = fc.fn.slots
	fc.fn.slotName = append(fc.fn.slotName, v.Name())
	fc.fn.slots++
	return fc.slots[v]
}

func (fc *funcCompiler) emit(op Op) int {
	fc.fn.ops = append(fc.fn.ops, op)
	return len(fc.fn.ops) - 1
}

func (fc *funcCompiler) pc() int { return len(fc.fn.ops) }

func (fc *funcCompiler) body(b *ast.BlockStmt) {
	fc.block(b.List)
	fc.emit(Op{Code: opReturn, A: 1, Line: fc.c.line(&ast.Ident{NamePos: b.Rbrace}), Label: "return"})
}

func (fc *funcCompiler) block(list []ast.Stmt) {
	for _, s := range list {
		if fc.c.err != nil {
			return
		}
		fc.stmt(s)
	}
}

// finish ends the statement whose ops start at start: every access to
// shared state but the last ends a step of its own; the statement's last op
// ends the step of the last access (or the statement's only step). A call
// ends its step; on return, the caller goes on in the same step when what
// follows the call up to the step's end is local.
func (fc *funcCompiler) finish(start int, label string) {
	ops := fc.fn.ops[start:]
	if len(ops) == 0 {
		return
	}
	last := -1
	for i, op := range ops {
		if op.Shared {
			last = i
		}
	}
	for i := range ops {
		if ops[i].Shared && i != last {
			ops[i].End = true
		}
	}
	end := &ops[len(ops)-1]
	end.End = true
	if end.Label == "" {
		end.Label = label
	}
	if label == "" {
		label = end.Label
	}
	for i := range ops {
		if ops[i].Stmt == "" {
			ops[i].Stmt = label
		}
	}
	for i, op := range ops {
		if op.Code != opCall && op.Code != opCallValue && op.Code != opOnceDo {
			continue
		}
		ops[i].Cont = i+1 < len(ops) // a tail to run on return
		for j := i + 1; j < len(ops); j++ {
			if ops[j].Shared {
				ops[i].Cont = false
			}
			if ops[j].End {
				break
			}
		}
	}
}

func (fc *funcCompiler) stmt(s ast.Stmt) {
	c := fc.c
	line := c.line(s)
	start := fc.pc()
	switch s := s.(type) {
	case *ast.ExprStmt:
		fc.exprStmt(s.X)
		fc.finish(start, c.text(s))
	case *ast.AssignStmt:
		fc.assign(s)
	case *ast.IncDecStmt:
		tok := token.ADD
		if s.Tok == token.DEC {
			tok = token.SUB
		}
		fc.update(s, s.X, tok, nil)
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			if ok && (gd.Tok == token.CONST || gd.Tok == token.TYPE) {
				c.errorf(s, "local const and type declarations are not supported")
			}
			return
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			start := fc.pc()
			if len(vs.Values) > 0 && len(vs.Values) != len(vs.Names) {
				c.errorf(vs, "declaring several variables from one value is not supported")
				return
			}
			for i, id := range vs.Names {
				v := c.info.Defs[id].(*types.Var)
				fc.nameHint = id.Name
				if len(vs.Values) > 0 {
					fc.expr(vs.Values[i])
				} else if !fc.zero(id, v.Type(), id.Name) {
					return
				}
				fc.define(id, v)
			}
			label := c.text(s)
			if len(gd.Specs) > 1 {
				label = "var " + c.text(vs)
			}
			fc.finish(start, label)
		}
	case *ast.SendStmt:
		fc.expr(s.Chan)
		fc.expr(s.Value)
		fc.emit(Op{Code: opSend, Shared: true, Line: line, Label: c.text(s)})
		fc.finish(start, "")
	case *ast.IfStmt:
		if s.Init != nil {
			fc.stmt(s.Init)
		}
		start = fc.pc()
		fc.expr(s.Cond)
		jf := fc.emit(Op{Code: opJumpIfFalse, Line: line, Label: "if " + c.text(s.Cond)})
		fc.finish(start, "")
		fc.block(s.Body.List)
		if s.Else == nil {
			fc.fn.ops[jf].A = fc.pc()
			return
		}
		j := fc.emit(Op{Code: opJump, Line: line})
		fc.fn.ops[jf].A = fc.pc()
		fc.stmt(s.Else)
		fc.fn.ops[j].A = fc.pc()
	case *ast.BlockStmt:
		fc.block(s.List)
	case *ast.ForStmt:
		fc.forStmt(s)
	case *ast.RangeStmt:
		fc.rangeStmt(s)
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			fc.expr(r)
		}
		if len(s.Results) == 1 && fc.fn.results > 1 {
			c.errorf(s, "returning a call's several results is not supported")
		}
		fc.emit(Op{Code: opReturn, B: len(s.Results), Line: line, Label: c.text(s)})
		fc.finish(start, "")
	case *ast.GoStmt:
		fc.goStmt(s)
	case *ast.DeferStmt:
		fc.deferStmt(s)
	case *ast.SelectStmt:
		fc.selectStmt(s)
	case *ast.BranchStmt:
		if s.Label != nil || len(fc.loops) == 0 || (s.Tok != token.BREAK && s.Tok != token.CONTINUE) {
			c.errorf(s, "%s is not supported here", c.text(s))
			return
		}
		j := fc.emit(Op{Code: opJump, Line: line})
		if s.Tok == token.BREAK {
			top := fc.loops[len(fc.loops)-1]
			top.breaks = append(top.breaks, j)
			return
		}
		for i := len(fc.loops) - 1; i >= 0; i-- {
			if !fc.loops[i].isSelect {
				fc.loops[i].conts = append(fc.loops[i].conts, j)
				return
			}
		}
		c.errorf(s, "continue outside a loop")
	case *ast.EmptyStmt:
	default:
		c.errorf(s, "this statement is not supported: %s", c.text(s))
	}
}

// define stores the value on the stack into a new local (a cell when
// closures share it).
func (fc *funcCompiler) define(id *ast.Ident, v *types.Var) {
	if id.Name == "_" || v == nil {
		fc.emit(Op{Code: opPop, Line: fc.c.line(id)})
		return
	}
	slot := fc.declare(v)
	if fc.c.boxed(v) {
		if isRef(v.Type()) {
			fc.c.errorf(id, "assigning to %s after its declaration is not supported", id.Name)
		}
		fc.emit(Op{Code: opNewCell, A: slot, Line: fc.c.line(id)})
		return
	}
	fc.emit(Op{Code: opStoreLocal, A: slot, Line: fc.c.line(id)})
}

// store stores the value on the stack into an existing variable.
func (fc *funcCompiler) store(e ast.Expr) {
	c := fc.c
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		c.errorf(e, "assigning to %s is not supported (only to variables)", c.text(e))
		return
	}
	line := c.line(id)
	if id.Name == "_" {
		fc.emit(Op{Code: opPop, Line: line})
		return
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok {
		c.errorf(id, "cannot assign to %s", id.Name)
		return
	}
	if g, ok := c.globals[v]; ok {
		fc.emit(Op{Code: opStoreGlobal, A: g, Shared: c.shared(v), Line: line, Label: "store " + id.Name})
		return
	}
	slot, ok := fc.slots[v]
	if !ok {
		c.errorf(id, "%s is not a variable of this function", id.Name)
		return
	}
	if c.boxed(v) {
		fc.emit(Op{Code: opStoreCell, A: slot, Shared: true, Line: line, Label: "store " + id.Name})
		return
	}
	fc.emit(Op{Code: opStoreLocal, A: slot, Line: line})
}

// isSharedVar reports whether e names a shared variable.
func (fc *funcCompiler) isSharedVar(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := fc.c.info.Uses[id].(*types.Var)
	return ok && fc.c.shared(v)
}

func (fc *funcCompiler) assign(s *ast.AssignStmt) {
	c := fc.c
	start := fc.pc()
	switch {
	case s.Tok != token.ASSIGN && s.Tok != token.DEFINE:
		fc.update(s, s.Lhs[0], opAssignToken(s.Tok), s.Rhs[0])
		return
	case len(s.Rhs) == 1 && len(s.Lhs) == 2:
		rhs := ast.Unparen(s.Rhs[0])
		if u, ok := rhs.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			fc.expr(u.X)
			fc.emit(Op{Code: opRecv, A: 1, Shared: true, Line: c.line(s), Label: c.text(s)})
		} else if call, ok := rhs.(*ast.CallExpr); ok && fc.call(call) == 2 {
		} else {
			c.errorf(s, "this assignment is not supported: %s", c.text(s))
			return
		}
	case len(s.Rhs) == len(s.Lhs):
		for i, r := range s.Rhs {
			if id, ok := s.Lhs[i].(*ast.Ident); ok {
				fc.nameHint = id.Name
			}
			fc.expr(r)
		}
		// A shared variable that gets a computed value from shared memory
		// computes it in a step of its own: load, compute, store.
		if len(s.Lhs) == 1 && fc.isSharedVar(s.Lhs[0]) && fc.readsShared(start) && !isLoad(s.Rhs[0]) {
			fc.fn.ops[fc.pc()-1].End = true
			fc.fn.ops[fc.pc()-1].Label = "compute " + c.text(s.Rhs[0])
		}
	default:
		c.errorf(s, "this assignment is not supported: %s", c.text(s))
		return
	}
	// Go assigns from left to right: with several variables the values go
	// to hidden locals first, then to the variables in order.
	var tmps []int
	if len(s.Lhs) > 1 {
		for range s.Lhs {
			tmps = append(tmps, fc.fn.slots)
			fc.fn.slots++
			fc.fn.slotName = append(fc.fn.slotName, "_")
		}
		for i := len(s.Lhs) - 1; i >= 0; i-- {
			fc.emit(Op{Code: opStoreLocal, A: tmps[i], Line: c.line(s)})
		}
	}
	for i, l := range s.Lhs {
		if len(s.Lhs) > 1 {
			fc.emit(Op{Code: opLoadLocal, A: tmps[i], Line: c.line(s)})
		}
		if id, ok := l.(*ast.Ident); ok && s.Tok == token.DEFINE {
			if v, ok := c.info.Defs[id].(*types.Var); ok || id.Name == "_" {
				fc.define(id, v)
				continue
			}
		}
		fc.store(l)
	}
	fc.finish(start, c.text(s))
}

// readsShared reports whether the ops from start read shared memory.
func (fc *funcCompiler) readsShared(start int) bool {
	for _, op := range fc.fn.ops[start:] {
		if op.Shared {
			return true
		}
	}
	return false
}

// isLoad reports whether e is just a variable or a constant.
func isLoad(e ast.Expr) bool {
	switch ast.Unparen(e).(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	}
	return false
}

// update compiles x op= y (and x++, x--): load x, compute, store x. When x
// is shared that is three steps.
func (fc *funcCompiler) update(s ast.Stmt, x ast.Expr, op token.Token, y ast.Expr) {
	start := fc.pc()
	if !fc.intType(x) {
		return
	}
	fc.expr(x)
	if y == nil { // x++, x--
		fc.emit(Op{Code: opConst, A: fc.c.constIndex(intValue(1)), Line: fc.c.line(s)})
	} else {
		fc.expr(y)
	}
	name := map[token.Token]string{token.ADD: "add", token.SUB: "subtract", token.MUL: "multiply", token.QUO: "divide", token.REM: "remainder"}[op]
	if name == "" {
		fc.c.errorf(s, "%s is not supported", fc.c.text(s))
		return
	}
	bin := fc.emit(Op{Code: opBinary, A: int(op), Line: fc.c.line(s), Label: name})
	if fc.isSharedVar(x) {
		fc.fn.ops[bin].End = true
	}
	fc.store(x)
	fc.finish(start, fc.c.text(s))
}

func opAssignToken(t token.Token) token.Token {
	switch t {
	case token.ADD_ASSIGN:
		return token.ADD
	case token.SUB_ASSIGN:
		return token.SUB
	case token.MUL_ASSIGN:
		return token.MUL
	case token.QUO_ASSIGN:
		return token.QUO
	case token.REM_ASSIGN:
		return token.REM
	}
	return token.ILLEGAL
}

// exprStmt compiles an expression whose value is dropped.
func (fc *funcCompiler) exprStmt(e ast.Expr) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		fc.expr(u.X)
		fc.emit(Op{Code: opRecv, A: 2, Shared: true, Line: fc.c.line(e), Label: fc.c.text(e)})
		return
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		fc.c.errorf(e, "%s is not a statement", fc.c.text(e))
		return
	}
	for range fc.call(call) {
		fc.emit(Op{Code: opPop, Line: fc.c.line(e)})
	}
}
