package challenge

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"sync"
)

// Prelude declares the two markers a challenge program may call besides Go
// itself. It is compiled with every program (as a second file of package
// main) and written beside it when a program is built with the real Go
// toolchain.
const Prelude = `package main

// assert is the program's check: the run fails when ok is false.
func assert(ok bool) {
	if !ok {
		panic("assertion failed")
	}
}

// critical marks the critical section: a goroutine whose next step is
// critical() is in it, and two goroutines in it at once is a failure.
func critical() {}
`

// The parts of sync, sync/atomic and time that challenge programs may use, with Go's own
// signatures, for the type checker. The interpreter implements them.
const syncStub = `package sync

type Locker interface {
	Lock()
	Unlock()
}

type Mutex struct{ _ int }

func (m *Mutex) Lock()
func (m *Mutex) Unlock()

type WaitGroup struct{ _ int }

func (wg *WaitGroup) Add(delta int)
func (wg *WaitGroup) Done()
func (wg *WaitGroup) Wait()

type Cond struct {
	L Locker
}

func NewCond(l Locker) *Cond
func (c *Cond) Wait()
func (c *Cond) Signal()
func (c *Cond) Broadcast()

type Once struct{ _ int }

func (o *Once) Do(f func())

func (wg *WaitGroup) Go(f func())
`

const atomicStub = `package atomic

type Int64 struct{ _ int64 }

func (x *Int64) Load() int64
func (x *Int64) Store(val int64)
func (x *Int64) Add(delta int64) (new int64)
func (x *Int64) Swap(new int64) (old int64)
func (x *Int64) CompareAndSwap(old, new int64) (swapped bool)

type Bool struct{ _ uint32 }

func (x *Bool) Load() bool
func (x *Bool) Store(val bool)
func (x *Bool) Swap(new bool) (old bool)
func (x *Bool) CompareAndSwap(old, new bool) (swapped bool)
`

const timeStub = `package time

type Duration int64

const (
	Nanosecond  Duration = 1
	Microsecond          = 1000 * Nanosecond
	Millisecond          = 1000 * Microsecond
	Second               = 1000 * Millisecond
	Minute               = 60 * Second
	Hour                 = 60 * Minute
)

type Time struct{ _ int }

func After(d Duration) <-chan Time
func Sleep(d Duration)
`

// stubs type-checks the stub packages once.
var stubs = sync.OnceValues(func() (map[string]*types.Package, error) {
	out := map[string]*types.Package{}
	for path, src := range map[string]string{"sync": syncStub, "sync/atomic": atomicStub, "time": timeStub} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, strings.ReplaceAll(path, "/", "_")+".go", src, 0)
		if err != nil {
			return nil, err
		}
		pkg, err := (&types.Config{Importer: importer.Default()}).Check(path, fset, []*ast.File{f}, nil)
		if err != nil {
			return nil, err
		}
		out[path] = pkg
	}
	return out, nil
})

// stubImporter imports the stub packages, and refuses every other import.
type stubImporter struct{}

func (stubImporter) Import(path string) (*types.Package, error) {
	pkgs, err := stubs()
	if err != nil {
		return nil, err
	}
	if p, ok := pkgs[path]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("package %q is not supported (only sync, sync/atomic and time)", path)
}
