package sched

import (
	"errors"

	"conclab/labs/trace"
)

// Mutex is sync.Mutex between the tasks of one Sim: Lock takes it, or
// gives the task's worker back and waits until it is handed over; Unlock
// hands it to the task that has waited longest, or leaves it unlocked when
// no one waits; TryLock takes it only if it is unlocked. Taking a free mutex
// and unlocking one cost no virtual time and do not give the worker up, as
// Go's fast paths do not. The zero value is an unlocked mutex with no name;
// NewMutex names one. A Mutex must be used by the tasks of one Sim only.
//
// As in Go, a locked Mutex is not tied to a task: any task may unlock it.
// The task that locked it last is its holder, the one a deadlock names.
// Unlocking a mutex that is not locked ends the run with ErrUnlockUnlocked,
// as Go ends the program with "fatal error: sync: unlock of unlocked mutex"
// (a fatal error that recover cannot stop; a task that recovers the panic
// that carries it here would stop it, so task code must not).
//
// Where the model is simpler than Go (internal/sync/mutex.go, which
// sync.Mutex wraps): Go's mutex has two modes. In normal mode Unlock wakes
// the first waiter but does not give it the mutex: the woken goroutine
// competes with goroutines that arrive meanwhile (and with spinning ones),
// which usually win, being on a CPU already; a loser goes back to the front
// of the queue. A waiter that has waited more than 1 ms
// (starvationThresholdNs) switches the mutex to starvation mode, in which
// Unlock hands the mutex directly to the waiter at the front of the queue
// and newcomers queue at its tail; the mutex goes back to normal mode when
// a waiter gets it after waiting less than 1 ms or finds itself the last
// one. This model always hands over in first-in, first-out order: it is
// starvation mode all the time, without spinning, and without the hand-off
// yielding the unlocker's time slice to the woken waiter (semrelease's
// handoff). Goroutines that wait milliseconds for a lock, as in the locks
// lab, soon switch Go's mutex to starvation mode; before that, an unlocker
// that locks again at once can take the mutex back ahead of the woken
// waiter, where this model makes it queue.
type Mutex struct {
	name    string
	holder  *Task
	waiters []*Task
}

// ErrUnlockUnlocked is wrapped by the error of a run in which a task
// unlocked a Mutex that was not locked; the text is Go's.
var ErrUnlockUnlocked = errors.New("fatal error: sync: unlock of unlocked mutex")

// fatal is the panic that carries a fatal error out of a task's code: the
// scheduler ends the run with err, saying what it was about (see Sim.resume).
type fatal struct {
	err   error
	about string
}

// NewMutex returns an unlocked mutex; name says what it guards ("A", "fork
// 1") and shows in traces ("lock A") and in a deadlock's cycle.
func NewMutex(name string) *Mutex { return &Mutex{name: name} }

// Name is the mutex's name ("lock" for an unnamed one).
func (m *Mutex) Name() string {
	if m.name == "" {
		return "lock"
	}
	return m.name
}

// Holder is the name of the task that holds the mutex, "" when it is unlocked.
func (m *Mutex) Holder() string {
	if m.holder == nil {
		return ""
	}
	return m.holder.name
}

// Waiting lists the tasks waiting to lock the mutex, first to get it first.
func (m *Mutex) Waiting() []string {
	names := make([]string, len(m.waiters))
	for i, w := range m.waiters {
		names[i] = w.name
	}
	return names
}

// on is what a task waiting for the mutex waits on in the trace: "lock A".
func (m *Mutex) on() string {
	if m.name == "" {
		return "lock"
	}
	return "lock " + m.name
}

// Lock locks the mutex. If it is locked (even by t itself: a Mutex is not
// reentrant), t gives its worker back and waits at the end of the queue
// until Unlock hands the mutex over to it.
func (m *Mutex) Lock(t *Task) {
	if m.holder == nil {
		m.holder = t
		return
	}
	s := t.sim
	m.waiters = append(m.waiters, t)
	if s.locks == nil {
		s.locks = map[*Task]*Mutex{}
	}
	s.locks[t] = m
	t.waitOn(trace.WaitOn(m.on()))
}

// TryLock locks the mutex if it is unlocked and reports whether it did; it
// never waits.
func (m *Mutex) TryLock(t *Task) bool {
	if m.holder != nil {
		return false
	}
	m.holder = t
	return true
}

// Unlock unlocks the mutex: the task that has waited longest, if any, gets
// it and is ready to run (behind the tasks ready already); t goes on
// running. Unlocking a mutex that is not locked ends the run with
// ErrUnlockUnlocked.
func (m *Mutex) Unlock(t *Task) {
	if m.holder == nil {
		panic(fatal{ErrUnlockUnlocked, m.on()})
	}
	if len(m.waiters) == 0 {
		m.holder = nil
		return
	}
	next := m.waiters[0]
	m.waiters[0] = nil
	m.waiters = m.waiters[1:]
	m.holder = next
	delete(t.sim.locks, next)
	t.sim.wake(next, t, trace.CauseUnlock)
}
