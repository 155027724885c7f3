package challenge

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// unEnd makes the ops from start part of the next step when they touch no
// shared state (a for loop's init and post join its condition's step).
func (fc *funcCompiler) unEnd(start int) {
	if fc.readsShared(start) {
		return
	}
	for i := start; i < fc.pc(); i++ {
		fc.fn.ops[i].End = false
		fc.fn.ops[i].Label = ""
	}
}

func (fc *funcCompiler) forStmt(s *ast.ForStmt) {
	c := fc.c
	line := c.line(s)
	if s.Init != nil {
		if a, ok := s.Init.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
			for _, l := range a.Lhs {
				if v, ok := c.info.Defs[l.(*ast.Ident)].(*types.Var); ok && c.captured[v] {
					c.errorf(l, "a closure that captures the loop variable %s is not supported", v.Name())
				}
			}
		}
		start := fc.pc()
		fc.stmt(s.Init)
		if s.Cond != nil {
			fc.unEnd(start)
		}
	}
	head := fc.pc()
	jf := -1
	if s.Cond != nil {
		fc.expr(s.Cond)
		jf = fc.emit(Op{Code: opJumpIfFalse, Line: line, Label: "for " + c.text(s.Cond)})
		fc.finish(head, "")
	} else if s.Post == nil && len(s.Body.List) == 0 {
		c.errorf(s, "an empty for {} loop is not supported")
		return
	}
	scope := &jumpScope{}
	fc.loops = append(fc.loops, scope)
	fc.block(s.Body.List)
	fc.loops = fc.loops[:len(fc.loops)-1]
	post := fc.pc()
	if s.Post != nil {
		fc.stmt(s.Post)
		if s.Cond != nil {
			fc.unEnd(post)
		}
	}
	fc.emit(Op{Code: opJump, A: head, Line: line})
	exit := fc.pc()
	if jf >= 0 {
		fc.fn.ops[jf].A = exit
	}
	for _, j := range scope.breaks {
		fc.fn.ops[j].A = exit
	}
	for _, j := range scope.conts {
		fc.fn.ops[j].A = post
	}
}

// rangeStmt compiles for v := range ch: a receive per iteration, and the end
// of the loop when the channel is closed and empty.
func (fc *funcCompiler) rangeStmt(s *ast.RangeStmt) {
	c := fc.c
	line := c.line(s)
	if _, ok := c.info.Types[s.X].Type.Underlying().(*types.Chan); !ok {
		c.errorf(s, "range over %s is not supported (only over a channel)", c.text(s.X))
		return
	}
	fc.expr(s.X)
	tmp := fc.fn.slots
	fc.fn.slots++
	fc.fn.slotName = append(fc.fn.slotName, "range "+c.text(s.X))
	fc.emit(Op{Code: opStoreLocal, A: tmp, Line: line})
	head := fc.pc()
	fc.emit(Op{Code: opLoadLocal, A: tmp, Line: line})
	rr := fc.emit(Op{Code: opRangeRecv, Shared: true, Line: line, Label: "for range " + c.text(s.X) + " (receive)"})
	switch {
	case s.Key == nil:
		fc.emit(Op{Code: opPop, Line: line})
	case s.Tok == token.DEFINE:
		id := s.Key.(*ast.Ident)
		v, _ := c.info.Defs[id].(*types.Var)
		fc.define(id, v)
	default:
		if fc.isSharedVar(s.Key) {
			c.errorf(s, "range into a shared variable is not supported")
			return
		}
		fc.store(s.Key)
	}
	fc.finish(head, "")
	scope := &jumpScope{}
	fc.loops = append(fc.loops, scope)
	fc.block(s.Body.List)
	fc.loops = fc.loops[:len(fc.loops)-1]
	fc.emit(Op{Code: opJump, A: head, Line: line})
	exit := fc.pc()
	fc.fn.ops[rr].A = exit
	for _, j := range scope.breaks {
		fc.fn.ops[j].A = exit
	}
	for _, j := range scope.conts {
		fc.fn.ops[j].A = head
	}
}

// funcLit compiles a function literal and pushes its closure.
func (fc *funcCompiler) funcLit(lit *ast.FuncLit) {
	c := fc.c
	idx := len(c.prog.funcs)
	c.prog.funcs = append(c.prog.funcs, &Func{name: fmt.Sprintf("func@%d", c.line(lit)), line: c.line(lit)})
	free := c.freeVars(lit)
	sub := c.newFunc(idx, lit.Type, free)
	for _, v := range free {
		slot, ok := fc.slots[v]
		if !ok {
			c.errorf(lit, "%s is not a variable of the enclosing function", v.Name())
			return
		}
		sub.fn.captures = append(sub.fn.captures, slot)
	}
	sub.body(lit.Body)
	fc.emit(Op{Code: opClosure, A: idx, Line: c.line(lit)})
}

// userFunc is the index of the top-level function a call's fun names, or -1.
func (fc *funcCompiler) userFunc(fun ast.Expr) int {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return -1
	}
	f, ok := fc.c.info.Uses[id].(*types.Func)
	if !ok {
		return -1
	}
	if i, ok := fc.c.funcs[f]; ok {
		return i
	}
	return -1
}

func (fc *funcCompiler) goStmt(s *ast.GoStmt) {
	c := fc.c
	start := fc.pc()
	call := s.Call
	fn := -1
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		fc.funcLit(fun)
	default:
		fn = fc.userFunc(fun)
		if fn < 0 {
			if _, ok := c.info.Types[fun].Type.Underlying().(*types.Signature); !ok || c.info.Types[fun].IsType() {
				c.errorf(s, "go %s is not supported (start a function or a func literal)", c.text(call))
				return
			}
			if _, isSel := fun.(*ast.SelectorExpr); isSel {
				c.errorf(s, "go %s is not supported (start a function or a func literal)", c.text(call))
				return
			}
			fc.expr(fun)
		}
	}
	for _, a := range call.Args {
		fc.expr(a)
	}
	fc.emit(Op{Code: opGo, A: fn, B: len(call.Args), Shared: true, Line: c.line(s), Label: c.text(s)})
	fc.finish(start, "")
}

func (fc *funcCompiler) deferStmt(s *ast.DeferStmt) {
	c := fc.c
	start := fc.pc()
	call := s.Call
	d := deferDesc{fn: -1, line: c.line(s), label: c.text(call)}
	fun := ast.Unparen(call.Fun)
	bad := func() { c.errorf(s, "defer %s is not supported", c.text(call)) }
	switch {
	case isFuncLit(fun):
		fc.funcLit(fun.(*ast.FuncLit))
		for _, a := range call.Args {
			fc.expr(a)
		}
		d.code, d.nargs = opCallValue, 1+len(call.Args)
	case fc.userFunc(fun) >= 0:
		for _, a := range call.Args {
			fc.expr(a)
		}
		d.code, d.fn, d.nargs = opCall, fc.userFunc(fun), len(call.Args)
	default:
		code, _, ok := fc.syncMethod(call)
		if !ok {
			if id, isID := fun.(*ast.Ident); isID {
				if b, isB := c.info.Uses[id].(*types.Builtin); isB && (b.Name() == "close" || b.Name() == "println") {
					for _, a := range call.Args {
						fc.expr(a)
					}
					d.code, d.nargs = opClose, 1
					if b.Name() == "println" {
						d.code, d.nargs = opPrint, len(call.Args)
					}
					break
				}
			}
			bad()
			return
		}
		switch code {
		case opUnlock, opDone, opSignal, opBroadcast, opAdd:
		default:
			bad()
			return
		}
		fc.expr(ast.Unparen(fun).(*ast.SelectorExpr).X)
		for _, a := range call.Args {
			fc.expr(a)
		}
		d.code, d.nargs = code, 1+len(call.Args)
	}
	c.prog.defers = append(c.prog.defers, d)
	fc.emit(Op{Code: opDefer, A: len(c.prog.defers) - 1, Line: c.line(s), Label: c.text(s)})
	fc.finish(start, "")
}

func isFuncLit(e ast.Expr) bool { _, ok := e.(*ast.FuncLit); return ok }

// selectStmt compiles a select: its cases' channels (and values to send) in
// source order, the select itself, then per case an entry that stores what
// was received and ends the step, and the case's body.
func (fc *funcCompiler) selectStmt(s *ast.SelectStmt) {
	c := fc.c
	line := c.line(s)
	start := fc.pc()
	desc := selectDesc{def: -1, line: line}
	fc.inSelect = true
	for _, st := range s.Body.List {
		cc := st.(*ast.CommClause)
		if cc.Comm == nil {
			continue
		}
		cs := selectCase{line: c.line(cc), label: "select: " + c.text(cc.Comm)}
		switch comm := cc.Comm.(type) {
		case *ast.SendStmt:
			fc.expr(comm.Chan)
			fc.expr(comm.Value)
			cs.send = true
		case *ast.ExprStmt:
			u, ok := ast.Unparen(comm.X).(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				c.errorf(comm, "a select case must send or receive")
				return
			}
			fc.expr(u.X)
			cs.recv = 2
		case *ast.AssignStmt:
			u, ok := ast.Unparen(comm.Rhs[0]).(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				c.errorf(comm, "a select case must send or receive")
				return
			}
			fc.expr(u.X)
			cs.recv = len(comm.Lhs) - 1
			for _, l := range comm.Lhs {
				if fc.isSharedVar(l) {
					c.errorf(l, "receiving into a shared variable in a select case is not supported")
				}
			}
		}
		desc.cases = append(desc.cases, cs)
	}
	fc.inSelect = false
	sel := fc.emit(Op{Code: opSelect, A: len(c.prog.selects), Shared: true, Line: line, Label: "select", Stmt: "select"})
	for i := start; i < sel; i++ {
		if fc.fn.ops[i].Shared {
			fc.fn.ops[i].End = true
		}
		fc.fn.ops[i].Line, fc.fn.ops[i].Stmt = line, "select"
	}
	c.prog.selects = append(c.prog.selects, selectDesc{})
	scope := &jumpScope{isSelect: true}
	fc.loops = append(fc.loops, scope)
	var ends []int
	k := 0
	for _, st := range s.Body.List {
		cc := st.(*ast.CommClause)
		entry := fc.pc()
		label := "select: default"
		if cc.Comm == nil {
			desc.def = entry
		} else {
			desc.cases[k].entry = entry
			label = desc.cases[k].label
			k++
			if a, ok := cc.Comm.(*ast.AssignStmt); ok {
				for i := len(a.Lhs) - 1; i >= 0; i-- {
					id, isID := a.Lhs[i].(*ast.Ident)
					if isID && a.Tok == token.DEFINE {
						v, _ := c.info.Defs[id].(*types.Var)
						fc.define(id, v)
						continue
					}
					fc.store(a.Lhs[i])
				}
			}
		}
		fc.emit(Op{Code: opNop, End: true, Line: c.line(cc), Label: label, Stmt: label})
		fc.block(cc.Body)
		ends = append(ends, fc.emit(Op{Code: opJump, Line: c.line(cc)}))
	}
	fc.loops = fc.loops[:len(fc.loops)-1]
	exit := fc.pc()
	for _, j := range append(ends, scope.breaks...) {
		fc.fn.ops[j].A = exit
	}
	c.prog.selects[fc.fn.ops[sel].A] = desc
}
