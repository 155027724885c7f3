package exercise

import (
	"slices"
	"testing"

	"conclab/internal/check"
	_ "conclab/labs/all"
	"conclab/labs/trace"
)

func TestNatural(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"board 2", "board 10", -1},
		{"board 10", "board 9", 1},
		{"site-09", "site-10", -1},
		{"site-9", "site-09", 1}, // the same number: the shorter name first, as text
		{"A", "B", -1},
		{"worker 1", "worker 1", 0},
		{"x", "x1", -1},
		{"", "a", -1},
	}
	for _, tt := range tests {
		if got := natural(tt.a, tt.b); got != tt.want {
			t.Errorf("natural(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func tasks(names ...string) []trace.Task {
	out := make([]trace.Task, len(names))
	for i, n := range names {
		out[i] = trace.Task{Name: n}
	}
	return out
}

func names(tr *trace.Trace) []string {
	var out []string
	for _, t := range tr.Tasks {
		out = append(out, t.Name)
	}
	return out
}

// TestInLabOrder: the learner's and the solution's traces list their tasks
// in the order their goroutines first reported, which changes from run to
// run (yours A B C D, the solution's C B A D). Every lane shows them in
// the lab's order; tasks the lab does not have come after, in natural
// order. The report given is not changed.
func TestInLabOrder(t *testing.T) {
	tests := []struct {
		lab  string
		got  []string
		want []string
	}{
		{"countdown", []string{"C", "B", "A", "D"}, []string{"A", "B", "C", "D"}},
		{"countdown", []string{"D", "main", "A", "B", "C"}, []string{"main", "A", "B", "C", "D"}},
		{"chess", []string{"board 9", "board 1", "board 10", "master", "board 2"}, []string{"board 1", "board 2", "board 9", "board 10", "master"}},
		{"flags", []string{"US", "CN", "IN", "main"}, []string{"main", "CN", "IN", "US"}}, // the lab's order, not the alphabet's
		{"checker", []string{"site-10", "site-02", "site-01"}, []string{"site-01", "site-02", "site-10"}},
		{"no such lab", []string{"b 10", "b 9", "a"}, []string{"a", "b 9", "b 10"}},
	}
	for _, tt := range tests {
		rep := &check.Report{Traces: []check.TestTrace{{Test: "TestX", Trace: &trace.Trace{Tasks: tasks(tt.got...)}}}}
		out := inLabOrder(tt.lab, rep)
		if got := names(out.Traces[0].Trace); !slices.Equal(got, tt.want) {
			t.Errorf("inLabOrder(%s, %v) = %v, want %v", tt.lab, tt.got, got, tt.want)
		}
		if got := names(rep.Traces[0].Trace); !slices.Equal(got, tt.got) {
			t.Errorf("inLabOrder(%s) changed the report it was given: %v", tt.lab, got)
		}
	}
	if inLabOrder("chess", nil) != nil {
		t.Error("inLabOrder(nil) is not nil")
	}
}
