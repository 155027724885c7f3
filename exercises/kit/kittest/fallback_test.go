package kittest

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"conclab/exercises/kit"
)

// The tests of the kit clock fallback: checks whose goroutines wait in
// sync.Mutex.Lock (or on a package-level WaitGroup) stall a synctest
// bubble; Run checks them again on the kit clock, exactly.

// exhibition is the chess exhibition with a sync.Mutex for the master (or
// the write lock of a sync.RWMutex): each board locks it, the master
// thinks 5 s, it unlocks, and the opponent thinks 55 s.
func exhibition(log *kit.Log, boards, moves int, master sync.Locker) {
	var wg sync.WaitGroup
	for b := range boards {
		wg.Go(func() {
			for range moves {
				master.Lock()
				log.Work("board", 5*time.Second)
				master.Unlock()
				log.Sleep("board", 55*time.Second)
			}
			_ = b
		})
	}
	wg.Wait()
}

// roundRobin is how long it takes when the master goes round the boards
// in turn (chess_test.go's formula).
func roundRobin(boards, moves int) time.Duration {
	n := time.Duration(boards)
	round := max(n*5*time.Second, 60*time.Second)
	return time.Duration(moves-1)*round + n*5*time.Second + 55*time.Second
}

// packageMaster is a package-level lock, as a learner may write one: the
// bubble that stalls holds it for good, so the rerun must be in a new process.
var packageMaster sync.Mutex

// packageWG is a package-level WaitGroup: synctest cannot tie it to a
// bubble, so Wait on it is not durable either.
var packageWG sync.WaitGroup

func TestStalledChecksRunOnTheKitClock(t *testing.T) {
	tests := []struct {
		name  string
		run   func(log *kit.Log)
		want  time.Duration
		waits string // what the stall names
	}{
		{"sync.Mutex held while the master thinks", func(log *kit.Log) {
			var master sync.Mutex
			exhibition(log, 24, 3, &master)
		}, roundRobin(24, 3), "sync.Mutex.Lock"},
		{"the write lock of a sync.RWMutex", func(log *kit.Log) {
			var master sync.RWMutex
			exhibition(log, 6, 4, &master)
		}, roundRobin(6, 4), "sync.RWMutex.Lock in kittest.exhibition"},
		{"readers wait for a writer that sleeps", func(log *kit.Log) {
			var mu sync.RWMutex
			mu.Lock()
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() { mu.RLock(); log.Sleep("reader", time.Second); mu.RUnlock() })
			}
			log.Sleep("writer", 2*time.Second)
			mu.Unlock()
			wg.Wait()
		}, 3 * time.Second, "sync.RWMutex.RLock"},
		{"a package-level sync.Mutex", func(log *kit.Log) {
			exhibition(log, 12, 3, &packageMaster)
		}, roundRobin(12, 3), "sync.Mutex.Lock"},
		{"a package-level sync.WaitGroup", func(log *kit.Log) {
			for _, d := range []time.Duration{time.Second, 3 * time.Second} {
				packageWG.Go(func() { log.Sleep("countdown", d) })
			}
			packageWG.Wait()
		}, 3 * time.Second, "sync.WaitGroup.Wait"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forgetStalls(t)
			begin := time.Now()
			Run(t, func(t *testing.T, log *kit.Log) {
				tt.run(log)
				if got := log.Elapsed(); got != tt.want {
					t.Errorf("it took %s of virtual time, want %s", kit.Seconds(got), kit.Seconds(tt.want))
				}
			})
			if os.Getenv(ClockEnv) == onKitClock {
				return // the rerun itself
			}
			if why := stalled(); !strings.Contains(why, tt.waits) {
				t.Errorf("the bubble's stall was put as %q, want it to name %s", why, tt.waits)
			}
			t.Logf("checked again on the kit clock; %v in all", time.Since(begin).Round(time.Millisecond))
		})
	}
}

// forgetStalls lets each test start in a bubble, and the next one too.
func forgetStalls(t *testing.T) {
	t.Helper()
	forget := func() {
		stalledMu.Lock()
		stalledWhy = ""
		stalledMu.Unlock()
	}
	forget()
	t.Cleanup(forget)
}

// helperEnv runs the helper tests below in a child process only: they fail
// on purpose.
const helperEnv = "KITTEST_HELPER"

// runHelper runs the helper test name in a child process of this test
// binary (with env added) and returns what it printed.
func runHelper(t *testing.T, name string, env ...string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^"+name+"$", "-test.v", "-test.count=1", "-test.timeout=60s")
	cmd.Env = append(append(os.Environ(), helperEnv+"=1"), env...)
	out, _ := cmd.CombinedOutput()
	return string(out)
}

func skipUnlessHelper(t *testing.T) {
	if os.Getenv(helperEnv) == "" {
		t.Skip("a helper process of another test")
	}
}

func TestHelperMutexDeadlock(t *testing.T) {
	skipUnlessHelper(t)
	Run(t, func(t *testing.T, log *kit.Log) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				mu.Lock() // never unlocked
				log.Work("board", 5*time.Second)
			})
		}
		wg.Wait()
	})
}

func TestHelperFailsOnTheKitClock(t *testing.T) {
	skipUnlessHelper(t)
	Run(t, func(t *testing.T, log *kit.Log) {
		var master sync.Mutex
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() { master.Lock(); log.Sleep("board", 55*time.Second); master.Unlock() })
		}
		wg.Wait()
		t.Errorf("the boards took %s, want 55 s — give her back before the opponent thinks", kit.Seconds(log.Elapsed()))
	})
}

// TestKitClockVerdicts: what a check that stalled comes to on the kit
// clock reaches the test's output as if the bubble had judged it: a real
// deadlock (a lock never unlocked) is a deadlock that says where each
// goroutine waits, and a failed check keeps its message.
func TestKitClockVerdicts(t *testing.T) {
	if os.Getenv(helperEnv) != "" {
		t.Skip("inside a helper")
	}
	tests := []struct {
		helper string
		env    []string
		want   []string // regexps, in order
	}{
		{"TestHelperMutexDeadlock", nil, []string{
			regexp.QuoteMeta(KitClockNote) + `goroutines waited in sync\.Mutex\.Lock in kittest\.TestHelperMutexDeadlock\.func1\.1 \(2 goroutines\)`,
			regexp.QuoteMeta(kit.DeadlockPrefix) + "every goroutine of the check is blocked",
			`goroutine \d+ \[sync\.WaitGroup\.Wait\]:`,
			`goroutine \d+ \[sync\.Mutex\.Lock\]:\n(?s:.*)kittest\.TestHelperMutexDeadlock\.func1\.1\(\)\n\t\S+/fallback_test\.go:\d+`,
			`panic: ` + regexp.QuoteMeta(kit.DeadlockPrefix),
		}},
		{"TestHelperFailsOnTheKitClock", nil, []string{
			regexp.QuoteMeta(KitClockNote),
			`\n {4,}fallback_test\.go:\d+: the boards took 110 s, want 55 s — give her back`,
			`--- FAIL: TestHelperFailsOnTheKitClock`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.helper, func(t *testing.T) {
			t.Parallel()
			out := runHelper(t, tt.helper, tt.env...)
			rest := out
			for _, w := range tt.want {
				loc := regexp.MustCompile(w).FindStringIndex(rest)
				if loc == nil {
					t.Fatalf("the output of %s has no %q (after what matched before):\n%s", tt.helper, w, out)
				}
				rest = rest[loc[1]:]
			}
			if strings.Contains(out, "=== RUN   TestHelper") && strings.Count(out, "=== RUN   "+tt.helper) != 1 {
				t.Errorf("the rerun's own === RUN lines reached the output:\n%s", out)
			}
		})
	}
}

// TestKitClockInProcess: with ClockEnv set, Run runs the check on the kit
// clock at once; Leaks waits for the check's goroutines to block without
// moving the clock, as synctest.Wait does; the driver ends with the check.
func TestKitClockInProcess(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	t.Setenv(ClockEnv, onKitClock)
	Run(t, func(t *testing.T, log *kit.Log) {
		done := make(chan struct{})
		go func() {
			log.Sleep("A", time.Second)
			close(done)
		}()
		if gs := Leaks(); len(gs) != 0 || log.Elapsed() != 0 {
			t.Errorf("Leaks() = %v at %v, want none (A is in this test's file) at 0: Leaks moves no clock", gs, log.Elapsed())
		}
		<-done
		var master sync.Mutex
		exhibition(log, 3, 2, &master)
		if got, want := log.Elapsed(), time.Second+roundRobin(3, 2); got != want {
			t.Errorf("it ended at %v, want %v", got, want)
		}
	})
	if running() != nil {
		t.Error("a driver is still active after Run")
	}
}
