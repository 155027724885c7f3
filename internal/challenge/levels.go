package challenge

import (
	"embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed levels/*.go.txt models/*.go.txt
var levelFiles embed.FS

// Level is a challenge: a program, the failure to make it reach, and the
// lesson shown once it does. A safe level is a correct program: no schedule
// breaks it, and the learner's task is to recognise that.
type Level struct {
	Name   string
	Title  string
	Goal   Kind   // the failure the level is about
	Lesson string // shown on winning (for a safe level: why it holds)
	Safe   bool
	// Winning is a schedule that reaches the goal, as play takes it
	// ("1,1,2,3"); empty for a safe level.
	Winning string
	Config  Config

	dir  string // where its source is embedded: "levels" (or "" for one), "models"
	once sync.Once
	prog *Program
	err  error
}

// GoalText says what the learner must make the program do.
func (l *Level) GoalText() string {
	switch l.Goal {
	case Assert:
		return "make the assertion fail"
	case Critical:
		return "get two goroutines into the critical section at once"
	case Panic:
		return "make it panic"
	case Deadlock:
		return "make every goroutine block: a deadlock"
	case Leak:
		return "make main return while another goroutine is blocked: a leak"
	case Spin:
		return fmt.Sprintf("make the select take its default %d times in a row: a spin", l.Config.SpinLimit)
	case "":
		return "make it fail: a false assertion, two goroutines in the critical section, a panic, a deadlock or a leak"
	}
	return string(l.Goal)
}

// Program is the level's compiled program. The shipped levels compile (a
// test checks it); an error here is a bug in a level's source.
func (l *Level) Program() (*Program, error) {
	l.once.Do(func() {
		src, err := levelFiles.ReadFile(l.file())
		if err != nil {
			l.err = fmt.Errorf("level %s: %w", l.Name, err)
			return
		}
		l.prog, l.err = Compile(l.Name, string(src))
	})
	return l.prog, l.err
}

// Custom is a level made of a program of one's own (src, named name): no
// goal but failing, no lesson, no winning schedule.
func Custom(name, src string) (*Level, error) {
	p, err := Compile(name, src)
	if err != nil {
		return nil, err
	}
	l := &Level{Name: name, Title: name}
	l.once.Do(func() { l.prog = p })
	return l, nil
}

// file is the embedded file of the level's source.
func (l *Level) file() string {
	dir := l.dir
	if dir == "" {
		dir = "levels"
	}
	return dir + "/" + l.Name + ".go.txt"
}

// Source is the level's Go source.
func (l *Level) Source() string {
	if l.prog != nil {
		return l.prog.source
	}
	src, err := levelFiles.ReadFile(l.file())
	if err != nil {
		return ""
	}
	return string(src)
}

// Levels are the shipped levels, from easy to hard.
func Levels() []*Level { return levels }

// Models are programs in the same subset of Go that model variants of
// conclab's labs, so that the explorer can answer of them "can this
// fail?": each says in its source which variant, with which parameters, it
// models, and a test checks that the explorer agrees with the lab's run.
// They are not levels of the game (no goal but failing, no lesson shown
// on winning), but Get finds them and the command line plays and explores
// them by name.
func Models() []*Level { return models }

// Get is the level (or the model, see Models) called name.
func Get(name string) (*Level, error) {
	for _, l := range append(levels[:len(levels):len(levels)], models...) {
		if l.Name == name {
			return l, nil
		}
	}
	names := make([]string, len(levels))
	for i, l := range levels {
		names[i] = l.Name
	}
	var ms []string
	for _, l := range models {
		ms = append(ms, l.Name)
	}
	return nil, fmt.Errorf("no level %q (levels: %s; models of lab variants: %s)", name, strings.Join(names, ", "), strings.Join(ms, ", "))
}

var models = []*Level{
	{
		Name: "checker-racy-tally", Title: "Model of the checker lab's racy-tally variant, 3 sites", dir: "models", Goal: Assert,
		Lesson: "Three goroutines add to one count with a read and a write each, no lock: an update is lost " +
			"whenever two reads come before a write, as the lab's run shows when sites answer together.",
	},
	{
		Name: "locks-racy", Title: "Model of the locks lab's racy variant, 2 workers × 2 increments", dir: "models", Goal: Assert,
		Lesson: "counter++ without a lock is a read and a write: two goroutines that read the same value " +
			"both write it back plus one, and an increment is lost.",
	},
	{
		Name: "locks-mutex", Title: "Model of the locks lab's mutex variant, 2 workers × 2 increments", dir: "models", Goal: Assert, Safe: true,
		Lesson: "Each increment runs between mu.Lock() and mu.Unlock(): no other increment can come between " +
			"its read and its write, whatever the schedule, so every one is counted.",
	},
	{
		Name: "locks-transfers", Title: "Model of the locks lab's transfers variant", dir: "models", Goal: Deadlock,
		Lesson: "t1 holds A and waits for B while t2 holds B and waits for A: a cycle of waits, a deadlock.",
	},
	{
		Name: "locks-ordered", Title: "Model of the locks lab's ordered variant", dir: "models", Goal: Deadlock, Safe: true,
		Lesson: "Both transfers lock A before B: whoever holds A can always take B, so no cycle of waits " +
			"can form, and both transfers complete.",
	},
}

var levels = []*Level{
	{
		Name: "lost-update", Title: "Lost update", Goal: Assert,
		Winning: "1,1,1,2,1,3,2,3,2,3,2,3,1,1",
		Lesson: "counter++ is three steps: load, add, store. When both goroutines load 0 before either " +
			"stores, both store 1, and one update is lost. Guard the counter with a sync.Mutex " +
			"(the level mutex-counter), or make it an atomic.Int64, whose Add is one indivisible step. " +
			"The race detector (go run -race) reports such code.",
	},
	{
		Name: "flag", Title: "A flag is not a lock", Goal: Critical,
		Winning: "1,1,1,2,1,2",
		Lesson: "Checking busy and setting it are two steps: both goroutines can see false before " +
			"either writes true. A plain bool shared without synchronisation is no lock: use a sync.Mutex, " +
			"or an atomic.Bool, whose CompareAndSwap(false, true) checks and sets in one step.",
	},
	{
		Name: "mutex-counter", Title: "A counter behind a mutex", Goal: Assert, Safe: true,
		Lesson: "Lock and Unlock make counter++ indivisible for every goroutine that takes the same " +
			"lock: while one is between Lock and Unlock the other waits at Lock, so every schedule " +
			"ends with counter == 2.",
	},
	{
		Name: "check-then-act", Title: "Check, then act", Goal: Assert,
		Winning: "1,1,1,1,2,2,3,3,2,2,2,3,3,3,2,3,1,1",
		Lesson: "The check (balance >= amount) and the act (balance -= amount) are separate steps: " +
			"between them the other goroutine checks the same old balance, and both withdraw 70 from " +
			"100. Hold one mutex across the check and the act.",
	},
	{
		Name: "select-spin", Title: "A select that spins", Goal: Spin, Config: Config{SpinLimit: 3},
		Winning: "1,1,1,1,1",
		Lesson: "A select with a default never waits: with nothing to receive it takes the default at " +
			"once and goes round again, burning a CPU while the value is not there. Without the default " +
			"the select parks the goroutine until the value comes.",
	},
	{
		Name: "nobody-receives", Title: "The fastest mirror", Goal: Leak,
		Winning: "1,1,1,2,3,1,1,1",
		Lesson: "main takes the first answer and goes; the other fetch sends on an unbuffered channel " +
			"that nobody will receive from, and blocks for ever. In a program that keeps running each " +
			"call leaks a goroutine. Give the channel room for every answer: make(chan int, 2).",
	},
	{
		Name: "double-close", Title: "Closing twice", Goal: Panic,
		Winning: "1,1,2,3,2,2,3,3",
		Lesson: "Closing a closed channel panics, and checking closed then closing are two steps, so " +
			"both goroutines can find closed false. Close it in a sync.Once (once.Do(func() { close(done) })), " +
			"or hold a mutex across the check and the close.",
	},
	{
		Name: "send-closed", Title: "Send on a closed channel", Goal: Panic,
		Winning: "1,1,1,1,1,2,2,1,1,1,3,3",
		Lesson: "A send on a closed channel panics, and main closed results while the second sender had " +
			"not sent yet: the receiver cannot know that no sender is left. Close a channel on the " +
			"sending side once every sender is done (after wg.Wait()), or not at all: give it room for " +
			"both results (make(chan int, 2)) and drop the close.",
	},
	{
		Name: "handoff", Title: "A hand-off with a WaitGroup", Goal: Assert, Safe: true,
		Lesson: "Each send on the unbuffered jobs meets the worker's receive, the range ends only when " +
			"jobs is closed and empty, and wg.Wait() returns only after the worker's deferred Done: " +
			"whatever the schedule, the worker has added both jobs before main reads sum.",
	},
	{
		Name: "early-return", Title: "An early return", Goal: Deadlock,
		Winning: "1,1,1,1,1,2,2,2,2,2,2,3,3",
		Lesson: "buy returns early with mu still locked, so restock waits at Lock for ever and main at " +
			"wg.Wait(): Go stops such a program with \"all goroutines are asleep - deadlock!\". Write " +
			"defer mu.Unlock() right after mu.Lock(): it runs on every return.",
	},
	{
		Name: "lock-order", Title: "Lock ordering", Goal: Deadlock,
		Winning: "1,1,1,1,1,2,3,2,3",
		Lesson: "Each goroutine holds one mutex and waits for the other's: neither can go on. Take " +
			"locks in one order everywhere (muA before muB), and no cycle of waiting can form.",
	},
	{
		Name: "wg-add-late", Title: "WaitGroup.Add after Wait", Goal: Assert,
		Winning: "1,1,1,1,1,1,1,1,1",
		Lesson: "wg.Add(1) runs inside the goroutines, so main's wg.Wait() can find the counter at 0 " +
			"and return before they added anything (and when an Add comes between a Done that wakes Wait " +
			"and Wait's return, Wait panics: the WaitGroup is reused). Call wg.Add(1) in main before each " +
			"go statement, or start them with wg.Go (Go 1.25), which adds before it starts the goroutine.",
	},
	{
		Name: "timeout-leak", Title: "A timeout that leaks", Goal: Leak,
		Winning: "1,1,1,1,3,1,1,2,1",
		Lesson: "After the timeout nobody receives from answer, so the goroutine blocks on its send for " +
			"ever: one leaked goroutine per timed-out call. Give the channel room for the late answer " +
			"(make(chan int, 1)): the send completes and the goroutine ends.",
	},
	{
		Name: "timeout-buffered", Title: "A timeout with room for the answer", Goal: Leak, Safe: true,
		Lesson: "With room for one value the send never blocks, whichever case the select takes, so the " +
			"goroutine always ends. The timer of the case not taken is dropped: since Go 1.23 the " +
			"garbage collector recovers a timer that nothing refers to.",
	},
	{
		Name: "cond-if", Title: "Cond.Wait under an if", Goal: Assert,
		Winning: "1,1,1,1,2,2,2,2,2,1,1,1,1,1,1,1,3,3,3,3,3,3,3,3,3,2,2,2,2,2",
		Lesson: "A woken waiter relocks in a step of its own, and between the Signal and its relock " +
			"another consumer can take the item. Wait does not return unless Signal or Broadcast woke " +
			"it, but by then the condition may be false again: check it in a for loop.",
	},
	{
		Name: "cond-for", Title: "Cond.Wait in a for loop", Goal: Assert, Safe: true,
		Lesson: "With for instead of if, a waiter that finds items == 0 after waking waits again, so " +
			"items never goes below 0; and every produce signals after adding, so no consumer waits " +
			"for ever.",
	},
}
