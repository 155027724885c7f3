package kittest

import (
	"strings"
	"testing"
)

func TestParseHeader(t *testing.T) {
	tests := []struct {
		h    string
		want stack
		ok   bool
	}{
		{"goroutine 7 [sync.Mutex.Lock, synctest bubble 1]:", stack{id: 7, state: "sync.Mutex.Lock", bubble: 1}, true},
		{"goroutine 8 [sleep (durable), 2 minutes, synctest bubble 12]:", stack{id: 8, state: "sleep", durable: true, bubble: 12}, true},
		{"goroutine 9 [chan receive (durable), synctest bubble 1]:", stack{id: 9, state: "chan receive", durable: true, bubble: 1}, true},
		{"goroutine 1 [chan receive]:", stack{id: 1, state: "chan receive"}, true},
		{"goroutine 3 [running, locked to thread]:", stack{id: 3, state: "running"}, true},
		{"goroutine x [running]:", stack{}, false},
		{"created by main.main in goroutine 1", stack{}, false},
	}
	for _, tt := range tests {
		got, ok := parseHeader(tt.h)
		if got.id != tt.want.id || got.state != tt.want.state || got.durable != tt.want.durable || got.bubble != tt.want.bubble || ok != tt.ok {
			t.Errorf("parseHeader(%q) = %+v, %v, want %+v, %v", tt.h, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBusy(t *testing.T) {
	tests := []struct {
		state string
		want  bool
	}{
		{"running", true}, {"runnable", true}, {"syscall", true}, {"sleep", true}, {"IO wait", true},
		{"semacquire", true}, {"GC assist wait", true}, {"chan receive (scan)", true},
		{"chan receive", false}, {"select", false}, {"sync.Mutex.Lock", false}, {"sync.RWMutex.RLock", false},
		{"sync.WaitGroup.Wait", false}, {"sync.Cond.Wait", false}, {"coroutine", false},
	}
	for _, tt := range tests {
		if got := busy(tt.state); got != tt.want {
			t.Errorf("busy(%q) = %v, want %v", tt.state, got, tt.want)
		}
	}
}

// dump is a dump of a stalled chess check (bubble 2) beside the test's own
// goroutines and an earlier stalled bubble (1).
const dump = `goroutine 21 [running]:
conclab/exercises/kit/kittest.allStacks()
	/r/exercises/kit/kittest/kittest.go:163 +0x3e

goroutine 1 [chan receive]:
testing.(*T).Run(0xc0, {0x5c6ee9?, 0x0?}, 0x5d40f0)
	/go/src/testing/testing.go:2109 +0x4e5

goroutine 30 [sync.Mutex.Lock, synctest bubble 1]:
internal/sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)
	/go/src/runtime/sema.go:95 +0x25
conclab/exercises/chess.Play(0xc0, {0x18, 0x12a05f200, 0xcce416600, 0x1e}, 0x2)
	/r/exercises/chess/chess.go:57 +0x145

goroutine 40 [sync.WaitGroup.Wait (durable), synctest bubble 2]:
sync.(*WaitGroup).Wait(0xc0)
	/go/src/sync/waitgroup.go:206 +0x85
conclab/exercises/chess.Exhibition(0xc0, {0x18, 0x12a05f200, 0xcce416600, 0x1e})
	/r/exercises/chess/chess.go:46 +0x13d

goroutine 41 [sleep (durable), synctest bubble 2]:
time.Sleep(0x12a05f200)
	/go/src/runtime/time.go:363 +0x165
conclab/exercises/kit.(*Log).Work(0xc0, {0x5c, 0x7}, 0x12a05f200)
	/r/exercises/kit/kit.go:173 +0x114
conclab/exercises/chess.Play(0xc0, {0x18, 0x12a05f200, 0xcce416600, 0x1e}, 0x1)
	/r/exercises/chess/chess.go:58 +0x1c5

goroutine 42 [sync.Mutex.Lock, synctest bubble 2]:
internal/sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)
	/go/src/runtime/sema.go:95 +0x25
internal/sync.(*Mutex).lockSlow(0xc0)
	/go/src/internal/sync/mutex.go:149 +0x15d
internal/sync.(*Mutex).Lock(...)
	/go/src/internal/sync/mutex.go:70
sync.(*Mutex).Lock(...)
	/go/src/sync/mutex.go:46
conclab/exercises/chess.Play(0xc0, {0x18, 0x12a05f200, 0xcce416600, 0x1e}, 0x2)
	/r/exercises/chess/chess.go:57 +0x145

goroutine 43 [sync.Mutex.Lock, synctest bubble 2]:
internal/sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)
	/go/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(...)
	/go/src/sync/mutex.go:46
sync.(*RWMutex).Lock(0xc0)
	/go/src/sync/rwmutex.go:150 +0x31
conclab/exercises/chess.Play(0xc0, {0x18, 0x12a05f200, 0xcce416600, 0x1e}, 0x3)
	/r/exercises/chess/chess.go:57 +0x145
`

func TestStall(t *testing.T) {
	const chess = "conclab/exercises/chess"
	gs := parseDump(dump)
	if len(gs) != 7 || gs[0].id != 21 {
		t.Fatalf("parseDump(dump) has %d goroutines, the first %d; want 7, the first 21", len(gs), gs[0].id)
	}
	sig, waits := stall(gs, 2, chess)
	if want := "sync.Mutex.Lock at chess.go:57, sync.RWMutex.Lock at chess.go:57"; waits != want || sig == "" {
		t.Errorf("stall(dump, 2) = %q, %q, want a signature and %q", sig, waits, want)
	}
	if sig2, _ := stall(parseDump(strings.Replace(dump, "goroutine 42 [sync.Mutex.Lock,", "goroutine 42 [runnable,", 1)), 2, chess); sig2 != "" {
		t.Errorf("stall with a runnable goroutine = %q, want none: the bubble may still move", sig2)
	}
	durable := strings.NewReplacer("[sync.Mutex.Lock, synctest bubble 2]", "[chan send (durable), synctest bubble 2]").Replace(dump)
	if sig3, _ := stall(parseDump(durable), 2, chess); sig3 != "" {
		t.Errorf("stall with every wait durable = %q, want none: synctest moves its clock, or reports the deadlock", sig3)
	}
	if sig4, _ := stall(gs, 3, chess); sig4 != "" {
		t.Errorf("stall(dump, 3) = %q, want none: no goroutine is in bubble 3", sig4)
	}
}

func TestRunPattern(t *testing.T) {
	tests := []struct{ name, want string }{
		{"TestExhibition", "^TestExhibition$"},
		{"TestExhibition/24_boards,_the_talk's_exhibition", "^TestExhibition$/^24_boards,_the_talk's_exhibition$"},
		{"TestDownload/at_most_5_at_once:_2_s#01", `^TestDownload$/^at_most_5_at_once:_2_s#01$`},
		{"TestX/a.b_(c)", `^TestX$/^a\.b_\(c\)$`},
	}
	for _, tt := range tests {
		if got := runPattern(tt.name); got != tt.want {
			t.Errorf("runPattern(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRelay(t *testing.T) {
	const name = "TestExhibition/24_boards"
	tests := []struct {
		out, want, result string
		crashed           bool
	}{
		{"=== RUN   TestExhibition\n=== RUN   TestExhibition/24_boards\n    chess_test.go:84: the boards were played one after another\n" +
			"--- FAIL: TestExhibition (0.52s)\n    --- FAIL: TestExhibition/24_boards (0.52s)\nFAIL\n",
			"    chess_test.go:84: the boards were played one after another\n", "FAIL", false},
		{"=== RUN   TestExhibition\n=== NAME  TestExhibition/24_boards\n--- PASS: TestExhibition (1s)\n    --- PASS: TestExhibition/24_boards (1s)\nPASS\n",
			"", "PASS", false},
		{"=== RUN   TestExhibition/24_boards\npanic: boom\n\ngoroutine 7 [running]:\nmain.f()", "panic: boom\n\ngoroutine 7 [running]:\nmain.f()\n", "", true},
		{"==================\nWARNING: DATA RACE\n    --- SKIP: TestExhibition/24_boards (0s)\n", "==================\nWARNING: DATA RACE\n", "SKIP", false},
	}
	for _, tt := range tests {
		var b strings.Builder
		result, crashed := relay(strings.NewReader(tt.out), &b, name)
		if b.String() != tt.want || result != tt.result || crashed != tt.crashed {
			t.Errorf("relay(%q) wrote %q and = %q, %v; want %q, %q, %v", tt.out, b.String(), result, crashed, tt.want, tt.result, tt.crashed)
		}
	}
}

func TestRealSleep(t *testing.T) {
	const own = `goroutine 41 [sleep]:
time.Sleep(0xcce416600)
	/go/src/runtime/time.go:363 +0x165
conclab/exercises/chess.Play(0xc0, {0x18, 0x12a05f200, 0xcce416600, 0x1e}, 0x1)
	/r/exercises/chess/chess.go:60 +0x1c5
created by conclab/exercises/chess.Exhibition in goroutine 7
	/r/exercises/chess/chess.go:45 +0x1c5`
	const throughKit = `goroutine 42 [sleep]:
time.Sleep(0x12a05f200)
	/go/src/runtime/time.go:363 +0x165
conclab/exercises/kit.(*Log).Work(0xc0, {0x5c, 0x7}, 0x12a05f200)
	/r/exercises/kit/kit.go:173 +0x114
conclab/exercises/chess.Play(0xc0, {0x18, 0x12a05f200, 0xcce416600, 0x1e}, 0x1)
	/r/exercises/chess/chess.go:58 +0x1c5`
	tests := []struct {
		dump, want string
	}{
		{own, "chess.go:60"},
		{throughKit, ""}, // a nil Log's Work, say
		{strings.Replace(own, "[sleep]", "[sleep (durable), synctest bubble 1]", 1), ""},
		{strings.Replace(own, "[sleep]", "[running]", 1), ""},
	}
	for _, tt := range tests {
		if got := realSleep(parseDump(tt.dump), "conclab/exercises/chess"); got != tt.want {
			t.Errorf("realSleep(%.40q...) = %q, want %q", tt.dump, got, tt.want)
		}
	}
}
