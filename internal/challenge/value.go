package challenge

import "strconv"

// kind is what a Value holds.
type kind uint8

const (
	kNil    kind = iota // a nil channel or function
	kInt                // N is the integer
	kBool               // N is 0 or 1
	kString             // N indexes Program.strings
	kUnit               // struct{}{}
	kTime               // a time.Time received from a timer
	kChan               // N indexes State.chans
	kMutex              // N indexes State.mutexes
	kWG                 // N indexes State.wgs
	kCond               // N indexes State.conds
	kFunc               // N indexes State.closures
	kCell               // N indexes State.cells: a shared local variable's storage
	kAtomic             // N indexes State.cells: an atomic.Int64 or atomic.Bool
	kOnce               // N indexes State.onces
)

// Value is one value of the interpreted program. References (channels, sync
// objects, closures, cells) are indices into the tables of a State, so a
// State copies and compares as plain data.
type Value struct {
	K kind
	N int64
}

func intValue(n int64) Value { return Value{K: kInt, N: n} }

func boolValue(b bool) Value {
	if b {
		return Value{K: kBool, N: 1}
	}
	return Value{K: kBool}
}

func (v Value) truth() bool { return v.K == kBool && v.N != 0 }

// format writes v as the learner reads it: 3, true, "done", struct{}{}, or
// the name of the object it refers to.
func (p *Program) format(s *State, v Value) string {
	switch v.K {
	case kNil:
		return "nil"
	case kInt:
		return strconv.FormatInt(v.N, 10)
	case kBool:
		return strconv.FormatBool(v.truth())
	case kString:
		return strconv.Quote(p.strings[v.N])
	case kUnit:
		return "struct{}{}"
	case kTime:
		return "a time.Time"
	case kChan:
		return s.chans[v.N].name
	case kMutex:
		return s.mutexes[v.N].name
	case kWG:
		return s.wgs[v.N].name
	case kCond:
		return s.conds[v.N].name
	case kFunc:
		return "func " + p.funcs[s.closures[v.N].fn].name
	case kCell, kAtomic:
		return p.format(s, s.cells[v.N])
	case kOnce:
		return s.mutexes[s.onces[v.N].mu].name
	}
	return "?"
}
