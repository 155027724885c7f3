package latency

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestDescribe(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{3 * time.Second, "3 seconds"},
		{14 * time.Second, "14 seconds"},
		{250 * time.Second, "4.2 minutes"},
		{41_000_000 * time.Second, "1.3 years"},
		{240_000_000 * time.Second, "7.6 years"},
		{1_500_000_000 * time.Second, "48 years"},
		{time.Second, "1 second"},
		{90 * time.Minute, "1.5 hours"},
		{36 * time.Hour, "1.5 days"},
		{Year, "1 year"},
		{time.Millisecond, "under a second"},
	}
	for _, tt := range tests {
		if got := Describe(tt.d); got != tt.want {
			t.Errorf("Describe(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestGroup(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{3, "3"},
		{250, "250"},
		{1000, "1 000"},
		{41_000_000, "41 000 000"},
		{240_000_000, "240 000 000"},
		{1_500_000_000, "1 500 000 000"},
		{-1000, "-1 000"},
		{-100, "-100"},
	}
	for _, tt := range tests {
		if got := Group(tt.n); got != tt.want {
			t.Errorf("Group(%v) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestCycles(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want int64
	}{
		{time.Nanosecond, 3},
		{500 * time.Millisecond, 1_500_000_000},
		{time.Second, 3_000_000_000},
	}
	for _, tt := range tests {
		if got := Cycles(tt.d); got != tt.want {
			t.Errorf("Cycles(%v) = %v, want %v", tt.d, got, tt.want)
		}
	}
}

// TestTable checks every row the learner reads against the figures of the
// scale: L1 3 s, L2 14 s, RAM 250 s, disk 1.3 years, network 7.6 years.
func TestTable(t *testing.T) {
	want := []string{
		"| L1 cache | 3 | 3 seconds |",
		"| L2 cache | 14 | 14 seconds |",
		"| RAM | 250 | 4.2 minutes |",
		"| Disk | 41 000 000 | 1.3 years |",
		"| Network | 240 000 000 | 7.6 years |",
	}
	lines := strings.Split(strings.TrimSpace(Table()), "\n")
	if len(lines) != 2+len(want) {
		t.Fatalf("Table() has %d lines, want %d:\n%s", len(lines), 2+len(want), Table())
	}
	for i, w := range want {
		if lines[2+i] != w {
			t.Errorf("Table() row %d = %q, want %q", i+1, lines[2+i], w)
		}
	}
	if Human(250) != 250*time.Second {
		t.Errorf("Human(250) = %v, want 250s", Human(250))
	}
}

func TestStep(t *testing.T) {
	s := Step(500 * time.Millisecond)
	for _, want := range []string{Table(), "(4.2 minutes)", "round trip is 7.6 years", "answers after 0.5s", "1 500 000 000 cycles, **48 years**"} {
		if !strings.Contains(s.Body, want) {
			t.Errorf("Step(500ms) lacks %q:\n%s", want, s.Body)
		}
	}
	if s.Title == "" {
		t.Errorf("Step(500ms) has no title")
	}
}

func ExampleDescribe() {
	for _, l := range Levels {
		fmt.Printf("%-8s %11s cycles: %s\n", l.Name, Group(l.Cycles), Describe(Human(l.Cycles)))
	}
	// Output:
	// L1 cache           3 cycles: 3 seconds
	// L2 cache          14 cycles: 14 seconds
	// RAM              250 cycles: 4.2 minutes
	// Disk      41 000 000 cycles: 1.3 years
	// Network  240 000 000 cycles: 7.6 years
}
