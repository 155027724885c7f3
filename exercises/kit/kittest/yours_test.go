package kittest

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"testing"
	"testing/synctest"
)

func TestReadOutcome(t *testing.T) {
	tests := []struct {
		name, out string
		want      Outcome
	}{
		{"two runs, one failed", "=== RUN   YourTest\n" +
			"    dedup.go:31: loads = 2, want 1\n" +
			"--- FAIL: YourTest (0.00s)\n" +
			"=== RUN   YourTest\n" +
			"--- PASS: YourTest (0.00s)\n" +
			"FAIL\n",
			Outcome{Runs: 2, Passed: 1, Failed: 1, Messages: []string{"dedup.go:31: loads = 2, want 1"}}},
		{"a message said twice is kept once; testing.go's are not the test's", "=== RUN   YourTest\n" +
			"    dedup.go:31: loads = 2, want 1\n" +
			"    testing.go:1617: race detected during execution of test\n" +
			"--- FAIL: YourTest (0.00s)\n" +
			"=== RUN   YourTest\n" +
			"    dedup.go:31: loads = 2, want 1\n" +
			"--- FAIL: YourTest (0.00s)\n",
			Outcome{Runs: 2, Failed: 2, Messages: []string{"dedup.go:31: loads = 2, want 1"}}},
		{"a skip is a run, neither passed nor failed", "--- SKIP: YourTest (0.00s)\n", Outcome{Runs: 1}},
		{"a data race", "==================\nWARNING: DATA RACE\nWrite at 0x00c by goroutine 8:\n--- FAIL: YourTest (0.00s)\n",
			Outcome{Runs: 1, Failed: 1, Race: true}},
		{"a bubble left blocked", "=== RUN   YourTest\n--- FAIL: YourTest (0.00s)\n" +
			"panic: deadlock: main bubble goroutine has exited but blocked goroutines remain [recovered, repanicked]\n" +
			"\ngoroutine 6 [running]:\n",
			Outcome{Runs: 1, Failed: 1, Deadlock: true,
				Crash: "when its synctest bubble's function returned, goroutines of the bubble were still blocked, for good"}},
		{"a bubble all blocked", "panic: deadlock: all goroutines in bubble are blocked [recovered, repanicked]\n",
			Outcome{Deadlock: true, Crash: "every goroutine of its synctest bubble was blocked, and no timer could wake one"}},
		{"a panic, the first one said", "panic: runtime error: index out of range [3] with length 2 [recovered]\n" +
			"panic: second\n",
			Outcome{Crash: "it panicked: runtime error: index out of range [3] with length 2"}},
		{"a fatal error", "fatal error: all goroutines are asleep - deadlock!\n",
			Outcome{Crash: "it stopped with a fatal error: all goroutines are asleep - deadlock!"}},
		{"the test's time ran out", "panic: test timed out after 20s\n", Outcome{TimedOut: true}},
	}
	for _, tt := range tests {
		got := readOutcome(tt.out)
		tt.want.Output = tt.out
		if got.Runs != tt.want.Runs || got.Passed != tt.want.Passed || got.Failed != tt.want.Failed ||
			!slices.Equal(got.Messages, tt.want.Messages) || got.Race != tt.want.Race || got.Crash != tt.want.Crash ||
			got.Deadlock != tt.want.Deadlock || got.TimedOut != tt.want.TimedOut || got.Output != tt.want.Output {
			t.Errorf("readOutcome(%s) = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestInBubble(t *testing.T) {
	if InBubble() {
		t.Errorf("InBubble() = true outside a bubble, want false")
	}
	synctest.Test(t, func(t *testing.T) {
		if !InBubble() {
			t.Errorf("InBubble() = false in synctest.Test, want true")
		}
		done := make(chan bool)
		go func() { done <- InBubble() }()
		if !<-done {
			t.Errorf("InBubble() = false in a goroutine of the bubble, want true")
		}
	})
}

func TestMain(m *testing.M) {
	Subjects(map[string]func(*testing.T){
		"passes": func(t *testing.T) {},
		"fails":  func(t *testing.T) { t.Errorf("loads = %d, want 1", 2) },
		"pid":    func(t *testing.T) { fmt.Printf("pid %d\n", os.Getpid()) },
		"blocks": func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				go func() { select {} }()
			})
		},
	})
	os.Exit(m.Run())
}

var lineNumber = regexp.MustCompile(`:[0-9]+:`)

// Subject runs a subject in a process of this test binary (TestMain).
func TestSubject(t *testing.T) {
	tests := []struct {
		subject string
		want    Outcome
	}{
		{"passes", Outcome{Runs: 2, Passed: 2}},
		{"fails", Outcome{Runs: 2, Failed: 2, Messages: []string{"yours_test.go:LINE: loads = 2, want 1"}}},
		{"blocks", Outcome{Runs: 1, Failed: 1, Deadlock: true,
			Crash: "when its synctest bubble's function returned, goroutines of the bubble were still blocked, for good"}},
	}
	for _, tt := range tests {
		got := Subject(t, tt.subject, 2)
		for i, m := range got.Messages { // the line of the subject's t.Errorf
			got.Messages[i] = lineNumber.ReplaceAllString(m, ":LINE:")
		}
		if got.Runs != tt.want.Runs || got.Passed != tt.want.Passed || got.Failed != tt.want.Failed ||
			!slices.Equal(got.Messages, tt.want.Messages) || got.Race || got.Crash != tt.want.Crash ||
			got.Deadlock != tt.want.Deadlock || got.TimedOut {
			t.Errorf("Subject(%q, 2) = %+v, want %+v", tt.subject, got, tt.want)
		}
	}
}
