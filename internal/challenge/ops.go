package challenge

import (
	"go/ast"
	"go/token"
)

// opcode is one instruction of the compiled program. The machine is a stack
// machine: expressions push values on their frame's operand stack and
// statements consume them.
type opcode uint8

const (
	opNop         opcode = iota // nothing (a step boundary for select cases)
	opConst                     // push consts[A]
	opLoadLocal                 // push slots[A]
	opStoreLocal                // slots[A] = pop
	opLoadGlobal                // push cells[A]
	opStoreGlobal               // cells[A] = pop
	opLoadCell                  // push cells[slots[A]]: a local shared through a closure
	opStoreCell                 // cells[slots[A]] = pop
	opNewCell                   // slots[A] = a new cell holding pop
	opPop                       // drop the top of the stack
	opBinary                    // pop b, a; push a (token A) b
	opUnary                     // pop a; push (token A) a
	opJump                      // pc = A
	opJumpIfFalse               // if !pop { pc = A }
	opCall                      // call funcs[A] with B arguments
	opCallValue                 // call the closure below B arguments
	opReturn                    // return B results (A = 1: the implicit return at the end of the body)
	opClosure                   // push a closure of funcs[A] capturing its captures from this frame
	opGo                        // start a goroutine: funcs[A] (or, A < 0, the closure below B arguments)
	opDefer                     // defer the call described by defers[A]
	opMakeChan                  // pop capacity; push a new channel (zero value consts[A], name strings[B])
	opNewMutex                  // push a new mutex named strings[A]
	opNewWG                     // push a new WaitGroup named strings[A]
	opNewCond                   // pop a mutex; push a new Cond named strings[A]
	opCondL                     // pop a Cond; push its mutex
	opSend                      // pop v, ch; send
	opRecv                      // pop ch; receive (A: 0 value, 1 value and ok, 2 discard)
	opRangeRecv                 // pop ch; receive, or at close jump to A
	opClose                     // pop ch; close it
	opLen                       // pop ch; push its length (B = 1: capacity)
	opLock                      // pop m; lock
	opUnlock                    // pop m; unlock
	opAdd                       // pop delta, wg; WaitGroup.Add
	opDone                      // pop wg; WaitGroup.Done
	opWait                      // pop wg; WaitGroup.Wait (parks; a woken waiter returns in a step of its own)
	opCondWait                  // pop c; Cond.Wait: unlock and park, then relock in a step of its own
	opSignal                    // pop c; Cond.Signal
	opBroadcast                 // pop c; Cond.Broadcast
	opAfter                     // pop duration; push the channel of a new timer (B = 1: made in a select)
	opSleep                     // pop duration; nothing else happens (time is not modelled)
	opSelect                    // selects[A]
	opAssert                    // pop ok; fail when false (A indexes strings: the asserted text)
	opCritical                  // the critical section
	opPanic                     // pop v; panic
	opPrint                     // pop B values; print them as println does
	opNewAtomic                 // push a new atomic named strings[A] (B = 1: an atomic.Bool)
	opAtomic                    // an atomic method (A: atomicLoad...) on the receiver below its arguments
	opNewOnce                   // push a new sync.Once named strings[A]
	opOnceDo                    // pop f, once: run f unless done (others wait until it returns)
	opWGGo                      // pop f, wg: WaitGroup.Go: Add(1), and start funcs[A] (f, then Done)
)

// The methods of sync/atomic's Int64 and Bool.
const (
	atomicLoad = iota
	atomicStore
	atomicAdd
	atomicSwap
	atomicCAS
)

// Op is one instruction. End ends the step after it; Shared marks an access
// to shared state (a shared variable or a synchronisation object). Label says
// what the op does, for a goroutine's "next step" ("load counter", "mu.Lock()").
type Op struct {
	Code   opcode
	A, B   int
	End    bool
	Shared bool
	Cont   bool // opCall: on return, the caller's ops up to the next End are local and run in the return's step
	Line   int
	Label  string
	Stmt   string // the statement the op belongs to ("counter++")
}

// Func is one compiled function: a top-level function, a function literal,
// or the program's initialisation of its globals.
type Func struct {
	name     string
	line     int
	ops      []Op
	params   int
	slots    int      // params, then captures, then locals
	captures []int    // for a function literal: the enclosing frame's slot of each capture
	slotName []string // the source name of each slot
	results  int
}

// selectCase is one case of a select statement, in source order.
type selectCase struct {
	send  bool
	entry int // the pc of the case's entry (stores of what was received, then a step end)
	recv  int // for a receive: 0 the value, 1 value and ok, 2 discard
	line  int
	label string
}

// selectDesc describes a select statement: its cases, the pc of its default
// case or -1, and the pc past the statement.
type selectDesc struct {
	cases []selectCase
	def   int
	line  int
}

// deferDesc describes a deferred call: the op it performs and how many
// values (receiver and arguments, evaluated at the defer statement) it takes.
type deferDesc struct {
	code  opcode
	fn    int // opCall: the function; -1 for a closure value
	nargs int // values taken from the stack (for a closure: the closure and its arguments)
	line  int
	label string
}

// global is a package-level variable.
type global struct {
	name   string
	line   int
	shared bool
}

// Program is a compiled challenge program. It is immutable once compiled and
// safe for concurrent use by several explorations.
type Program struct {
	name    string
	source  string
	lines   []string
	fset    *token.FileSet
	file    *ast.File
	funcs   []*Func
	init    int // the function that initialises the globals
	main    int
	globals []global
	consts  []Value
	strings []string
	selects []selectDesc
	defers  []deferDesc
}

// Source is the program's Go source, as compiled.
func (p *Program) Source() string { return p.source }

// Name is the program's name (a level's name, or a file's).
func (p *Program) Name() string { return p.name }
