package challenge

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// expr compiles e so that it pushes exactly one value.
func (fc *funcCompiler) expr(e ast.Expr) {
	c := fc.c
	line := c.line(e)
	tv := c.info.Types[e]
	if tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			fc.emit(Op{Code: opConst, A: c.constIndex(Value{K: kString, N: int64(c.strIndex(constant.StringVal(tv.Value)))}), Line: line})
			return
		}
		v, ok := constValue(tv.Value, tv.Type)
		if !ok {
			c.errorf(e, "the constant %s is not supported", c.text(e))
			return
		}
		fc.emit(Op{Code: opConst, A: c.constIndex(v), Line: line})
		return
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		fc.expr(e.X)
	case *ast.Ident:
		fc.load(e)
	case *ast.BinaryExpr:
		if e.Op == token.LAND || e.Op == token.LOR {
			// a && b: if !a { false } else { b }; a || b: if !a { b } else { true }
			fc.expr(e.X)
			jf := fc.emit(Op{Code: opJumpIfFalse, Line: line})
			if e.Op == token.LAND {
				fc.expr(e.Y)
			} else {
				fc.emit(Op{Code: opConst, A: c.constIndex(boolValue(true)), Line: line})
			}
			j := fc.emit(Op{Code: opJump, Line: line})
			fc.fn.ops[jf].A = fc.pc()
			if e.Op == token.LAND {
				fc.emit(Op{Code: opConst, A: c.constIndex(boolValue(false)), Line: line})
			} else {
				fc.expr(e.Y)
			}
			fc.fn.ops[j].A = fc.pc()
			return
		}
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		default:
			c.errorf(e, "the operator %s is not supported", e.Op)
			return
		}
		if b, ok := c.info.Types[e.X].Type.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 && e.Op != token.EQL && e.Op != token.NEQ {
			c.errorf(e, "strings can only be compared with == and !=")
			return
		}
		if !fc.intType(e.X) {
			return
		}
		fc.expr(e.X)
		fc.expr(e.Y)
		fc.emit(Op{Code: opBinary, A: int(e.Op), Line: line})
	case *ast.UnaryExpr:
		switch e.Op {
		case token.NOT, token.SUB:
			if !fc.intType(e.X) {
				return
			}
			fc.expr(e.X)
			fc.emit(Op{Code: opUnary, A: int(e.Op), Line: line})
		case token.ARROW:
			fc.expr(e.X)
			fc.emit(Op{Code: opRecv, Shared: true, Line: line, Label: c.text(e)})
		case token.AND:
			fc.expr(e.X) // a sync object: the variable holds the reference
		default:
			c.errorf(e, "the operator %s is not supported", e.Op)
		}
	case *ast.CallExpr:
		if n := fc.call(e); n != 1 && c.err == nil {
			c.errorf(e, "%s gives %d values where one is needed", c.text(e), n)
		}
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal && syncName(sel.Recv()) == "Cond" && e.Sel.Name == "L" {
			fc.expr(e.X)
			fc.emit(Op{Code: opCondL, Line: line})
			return
		}
		c.errorf(e, "%s is not supported", c.text(e))
	case *ast.CompositeLit:
		if s, ok := tv.Type.Underlying().(*types.Struct); ok && s.NumFields() == 0 && len(e.Elts) == 0 {
			fc.emit(Op{Code: opConst, A: c.constIndex(Value{K: kUnit}), Line: line})
			return
		}
		c.errorf(e, "composite literals are not supported (only struct{}{})")
	case *ast.FuncLit:
		fc.funcLit(e)
	default:
		c.errorf(e, "this expression is not supported: %s", c.text(e))
	}
}

// intType reports whether e's type, if it is an integer, is one the
// interpreter computes exactly (int, int64, time.Duration: 64 bits), and
// records an error when it is not.
func (fc *funcCompiler) intType(e ast.Expr) bool {
	b, ok := fc.c.info.Types[e].Type.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return true
	}
	switch b.Kind() {
	case types.Int, types.Int64, types.UntypedInt, types.UntypedRune:
		return true
	}
	fc.c.errorf(e, "arithmetic on %s is not supported (int is)", b)
	return false
}

// load pushes the value of the variable (or function) id names.
func (fc *funcCompiler) load(id *ast.Ident) {
	c := fc.c
	line := c.line(id)
	switch obj := c.info.Uses[id].(type) {
	case *types.Nil:
		fc.emit(Op{Code: opConst, A: c.constIndex(Value{K: kNil}), Line: line})
	case *types.Var:
		if g, ok := c.globals[obj]; ok {
			fc.emit(Op{Code: opLoadGlobal, A: g, Shared: c.shared(obj), Line: line, Label: "load " + id.Name})
			return
		}
		slot, ok := fc.slots[obj]
		if !ok {
			c.errorf(id, "%s is not a variable of this function", id.Name)
			return
		}
		if c.boxed(obj) {
			fc.emit(Op{Code: opLoadCell, A: slot, Shared: true, Line: line, Label: "load " + id.Name})
			return
		}
		fc.emit(Op{Code: opLoadLocal, A: slot, Line: line})
	case *types.Func:
		if i, ok := c.funcs[obj]; ok {
			fc.emit(Op{Code: opClosure, A: i, Line: line})
			return
		}
		c.errorf(id, "the function %s is not supported as a value", id.Name)
	default:
		c.errorf(id, "%s is not supported here", id.Name)
	}
}

// zeroValue is the zero value of a plain type.
func zeroValue(t types.Type) (Value, bool) {
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time" {
		return Value{K: kTime}, true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return boolValue(false), true
		case u.Info()&types.IsInteger != 0:
			return intValue(0), true
		}
	case *types.Chan, *types.Signature, *types.Pointer:
		return Value{K: kNil}, true
	case *types.Struct:
		if u.NumFields() == 0 {
			return Value{K: kUnit}, true
		}
	}
	return Value{}, false
}

// zero pushes the zero value of t for a variable named name: a new mutex or
// WaitGroup for those types. It reports false (with an error) for a type the
// interpreter does not model.
func (fc *funcCompiler) zero(n ast.Node, t types.Type, name string) bool {
	c := fc.c
	line := c.line(n)
	if _, ptr := t.(*types.Pointer); !ptr {
		switch syncName(t) {
		case "Mutex":
			fc.emit(Op{Code: opNewMutex, A: c.strIndex(name), Line: line})
			return true
		case "WaitGroup":
			fc.emit(Op{Code: opNewWG, A: c.strIndex(name), Line: line})
			return true
		case "Cond":
			c.errorf(n, "declare a sync.Cond with sync.NewCond")
			return false
		case "Once":
			fc.emit(Op{Code: opNewOnce, A: c.strIndex(name), Line: line})
			return true
		case "atomic.Int64", "atomic.Bool":
			b := 0
			if syncName(t) == "atomic.Bool" {
				b = 1
			}
			fc.emit(Op{Code: opNewAtomic, A: c.strIndex(name), B: b, Line: line})
			return true
		}
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		fc.emit(Op{Code: opConst, A: c.constIndex(Value{K: kString, N: int64(c.strIndex(""))}), Line: line})
		return true
	}
	v, ok := zeroValue(t)
	if !ok {
		c.errorf(n, "the type %s is not supported", t)
		return false
	}
	fc.emit(Op{Code: opConst, A: c.constIndex(v), Line: line})
	return true
}

// syncMethod is the op of a call of a sync or sync/atomic method
// (mu.Lock(), wg.Add(1), n.Add(1)...), with the op's A.
func (fc *funcCompiler) syncMethod(call *ast.CallExpr) (opcode, int, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return 0, 0, false
	}
	s := fc.c.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return 0, 0, false
	}
	recv := syncName(s.Recv())
	if strings.HasPrefix(recv, "atomic.") {
		a, ok := map[string]int{"Load": atomicLoad, "Store": atomicStore, "Add": atomicAdd, "Swap": atomicSwap, "CompareAndSwap": atomicCAS}[sel.Sel.Name]
		return opAtomic, a, ok
	}
	ops := map[string]opcode{
		"Mutex.Lock": opLock, "Mutex.Unlock": opUnlock, "Locker.Lock": opLock, "Locker.Unlock": opUnlock,
		"WaitGroup.Add": opAdd, "WaitGroup.Done": opDone, "WaitGroup.Wait": opWait, "WaitGroup.Go": opWGGo,
		"Cond.Wait": opCondWait, "Cond.Signal": opSignal, "Cond.Broadcast": opBroadcast, "Once.Do": opOnceDo,
	}
	op, ok := ops[recv+"."+sel.Sel.Name]
	return op, 0, ok
}

// wgGo compiles the goroutine that WaitGroup.Go starts: it defers wg.Done()
// and calls f (sync/waitgroup.go's Go), and returns the function's index.
func (fc *funcCompiler) wgGo(line int, wg string) int {
	c := fc.c
	c.prog.defers = append(c.prog.defers, deferDesc{code: opDone, fn: -1, nargs: 1, line: line, label: wg + ".Done() (in " + wg + ".Go)"})
	d := len(c.prog.defers) - 1
	stmt := wg + ".Go"
	fn := &Func{name: wg + ".Go", line: line, params: 2, slots: 2, slotName: []string{"_", "_"}, ops: []Op{
		{Code: opLoadLocal, A: 0, Line: line, Stmt: stmt},
		{Code: opDefer, A: d, Line: line, Stmt: stmt},
		{Code: opLoadLocal, A: 1, Line: line, Stmt: stmt},
		{Code: opCallValue, End: true, Line: line, Label: "call f (in " + wg + ".Go)", Stmt: stmt},
		{Code: opReturn, A: 1, Line: line, Label: "return"},
	}}
	c.prog.funcs = append(c.prog.funcs, fn)
	return len(c.prog.funcs) - 1
}

// pkgFunc is "sync.NewCond", "time.After"... for a call of a package's
// function, or "".
func (fc *funcCompiler) pkgFunc(fun ast.Expr) string {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	if _, ok := fc.c.info.Uses[x].(*types.PkgName); !ok {
		return ""
	}
	return x.Name + "." + sel.Sel.Name
}

// call compiles a call and returns how many values it pushes.
func (fc *funcCompiler) call(e *ast.CallExpr) int {
	c := fc.c
	line := c.line(e)
	label := c.text(e)
	fun := ast.Unparen(e.Fun)
	args := func() {
		for _, a := range e.Args {
			fc.expr(a)
		}
	}
	if e.Ellipsis.IsValid() {
		c.errorf(e, "calls with ... are not supported")
		return 0
	}
	if tv := c.info.Types[fun]; tv.IsType() {
		fc.expr(e.Args[0]) // a conversion: int(d), time.Duration(n)
		return 1
	}
	if id, ok := fun.(*ast.Ident); ok {
		if b, ok := c.info.Uses[id].(*types.Builtin); ok {
			return fc.builtin(b.Name(), e)
		}
		switch {
		case c.prelude(fun, "assert"):
			args()
			fc.emit(Op{Code: opAssert, A: c.strIndex(c.text(e.Args[0])), Line: line, Label: label})
			return 0
		case c.prelude(fun, "critical"):
			fc.emit(Op{Code: opCritical, Shared: true, Line: line, Label: "critical section"})
			return 0
		}
		if i := fc.userFunc(fun); i >= 0 {
			args()
			fc.emit(Op{Code: opCall, A: i, B: len(e.Args), End: true, Line: line, Label: "call " + label})
			return c.info.Uses[id].Type().(*types.Signature).Results().Len()
		}
	}
	switch fc.pkgFunc(fun) {
	case "sync.NewCond":
		args()
		fc.emit(Op{Code: opNewCond, A: c.strIndex(fc.name("cond")), Line: line})
		return 1
	case "time.After":
		args()
		b := 0
		if fc.inSelect {
			b = 1
		}
		fc.emit(Op{Code: opAfter, B: b, Line: line, Label: label})
		return 1
	case "time.Sleep":
		args()
		fc.emit(Op{Code: opSleep, Line: line, Label: label})
		return 0
	case "":
	default:
		c.errorf(e, "%s is not supported", c.text(fun))
		return 0
	}
	if code, a, ok := fc.syncMethod(e); ok {
		fc.expr(fun.(*ast.SelectorExpr).X)
		args()
		switch code {
		case opAtomic:
			fc.emit(Op{Code: code, A: a, Shared: true, Line: line, Label: label})
			if a == atomicStore {
				return 0
			}
			return 1
		case opOnceDo:
			fc.emit(Op{Code: code, Shared: true, End: true, Line: line, Label: label})
		case opWGGo:
			fn := fc.wgGo(line, c.text(fun.(*ast.SelectorExpr).X))
			fc.emit(Op{Code: code, A: fn, Shared: true, Line: line, Label: label})
		default:
			fc.emit(Op{Code: code, Shared: true, Line: line, Label: label})
		}
		return 0
	}
	if sig, ok := c.info.Types[fun].Type.Underlying().(*types.Signature); ok {
		if _, isSel := fun.(*ast.SelectorExpr); !isSel {
			fc.expr(fun)
			args()
			fc.emit(Op{Code: opCallValue, B: len(e.Args), End: true, Line: line, Label: "call " + label})
			return sig.Results().Len()
		}
	}
	c.errorf(e, "%s is not supported", label)
	return 0
}

// name is the variable being assigned (for naming what make and NewCond
// create), or def.
func (fc *funcCompiler) name(def string) string {
	if fc.nameHint != "" {
		return fc.nameHint
	}
	return def
}

func (fc *funcCompiler) builtin(name string, e *ast.CallExpr) int {
	c := fc.c
	line := c.line(e)
	label := c.text(e)
	switch name {
	case "make":
		ct, ok := c.info.Types[e.Args[0]].Type.Underlying().(*types.Chan)
		if !ok {
			c.errorf(e, "make is supported for channels only")
			return 0
		}
		z, ok := zeroValue(ct.Elem())
		if !ok {
			if b, isB := ct.Elem().Underlying().(*types.Basic); isB && b.Info()&types.IsString != 0 {
				z, ok = Value{K: kString, N: int64(c.strIndex(""))}, true
			}
		}
		if !ok {
			c.errorf(e, "channels of %s are not supported", ct.Elem())
			return 0
		}
		if len(e.Args) > 1 {
			fc.expr(e.Args[1])
		} else {
			fc.emit(Op{Code: opConst, A: c.constIndex(intValue(0)), Line: line})
		}
		fc.emit(Op{Code: opMakeChan, A: c.constIndex(z), B: c.strIndex(fc.name("ch")), Line: line})
		return 1
	case "close":
		fc.expr(e.Args[0])
		fc.emit(Op{Code: opClose, Shared: true, Line: line, Label: label})
		return 0
	case "len", "cap":
		if _, ok := c.info.Types[e.Args[0]].Type.Underlying().(*types.Chan); !ok {
			c.errorf(e, "%s is supported for channels only", name)
			return 0
		}
		fc.expr(e.Args[0])
		if name == "len" {
			fc.emit(Op{Code: opLen, Shared: true, Line: line, Label: label})
		} else {
			fc.emit(Op{Code: opLen, B: 1, Line: line})
		}
		return 1
	case "panic":
		fc.expr(e.Args[0])
		fc.emit(Op{Code: opPanic, Shared: true, Line: line, Label: label})
		return 0
	case "println", "print":
		if name == "print" {
			c.errorf(e, "print is not supported (println is)")
			return 0
		}
		for _, a := range e.Args {
			fc.expr(a)
		}
		fc.emit(Op{Code: opPrint, B: len(e.Args), Shared: true, Line: line, Label: label})
		return 0
	}
	c.errorf(e, "the builtin %s is not supported", name)
	return 0
}
