package trace

import (
	"fmt"
	"sync"
)

// Wait is what a Waiting or Blocked task waits for: "timer", "io", "join",
// "signal", a channel's name. It is a 4-byte handle to a name kept once for
// the whole process: a long run has millions of spans and a handful of
// names. The zero Wait is "" (not waiting). WaitOn makes one, String reads
// it; it encodes to JSON as its name.
type Wait uint32

// The waits of the scheduler, known without a look-up.
const (
	OnTimer  Wait = iota + 1 // a sleep's timer
	OnIO                     // a blocking call (a download, a file)
	OnJoin                   // other tasks to return
	OnSignal                 // a signal to fire
)

// MaxWaits is how many distinct names waits can have in one process;
// ParseWait refuses more (conclab's own code uses a few dozen).
const MaxWaits = 1 << 20

var waits = struct {
	sync.RWMutex
	names []string
	ids   map[string]Wait
}{
	names: []string{"", "timer", "io", "join", "signal"},
	ids:   map[string]Wait{"": 0, "timer": OnTimer, "io": OnIO, "join": OnJoin, "signal": OnSignal},
}

// ParseWait returns the Wait named name, or an error once MaxWaits names
// are taken (for untrusted input, such as a trace to decode).
func ParseWait(name string) (Wait, error) {
	waits.RLock()
	w, ok := waits.ids[name]
	waits.RUnlock()
	if ok {
		return w, nil
	}
	waits.Lock()
	defer waits.Unlock()
	if w, ok := waits.ids[name]; ok {
		return w, nil
	}
	if len(waits.names) >= MaxWaits {
		return 0, fmt.Errorf("more than %d distinct things to wait on", MaxWaits)
	}
	w = Wait(len(waits.names))
	waits.names = append(waits.names, name)
	waits.ids[name] = w
	return w, nil
}

// WaitOn returns the Wait named name. It panics once MaxWaits names are
// taken, which only code that makes up a new name for every wait can reach
// (a programming error: name what is waited for, not each wait).
func WaitOn(name string) Wait {
	w, err := ParseWait(name)
	if err != nil {
		panic("trace: " + err.Error())
	}
	return w
}

// String is the name: "timer", "io", a channel's name; "" for the zero Wait.
func (w Wait) String() string {
	waits.RLock()
	defer waits.RUnlock()
	if int(w) < len(waits.names) {
		return waits.names[w]
	}
	return fmt.Sprintf("Wait(%d)", uint32(w))
}

// MarshalText writes the name.
func (w Wait) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText reads a name (see ParseWait).
func (w *Wait) UnmarshalText(b []byte) error {
	x, err := ParseWait(string(b))
	if err != nil {
		return err
	}
	*w = x
	return nil
}
