package coroutines_test

import (
	"reflect"
	"strings"
	"testing"

	"conclab/labs"
	"conclab/labs/coroutines"
)

func TestCheck(t *testing.T) {
	p, err := coroutines.Find("buffered") // prints: len 2 cap 3 / got 1 / got 2 / after close: 0 false
	if err != nil {
		t.Fatal(err)
	}
	type lv = labs.VerdictLine
	match := func(n int, s string) lv { return lv{Status: labs.LineMatch, Line: n, Want: s, Got: s} }
	l1, l2, l3, l4 := match(1, "len 2 cap 3"), match(2, "got 1"), match(3, "got 2"), match(4, "after close: 0 false")
	tests := []struct {
		name       string
		prediction []string
		correct    bool
		matched    int
		lines      []lv
	}{
		{"exact", []string{"len 2 cap 3", "got 1", "got 2", "after close: 0 false"}, true, 4, []lv{l1, l2, l3, l4}},
		{"whitespace and blank lines forgiven", []string{"", "  len 2 cap 3 \r", "", "\tgot 1", "got 2  ", "after close: 0 false", ""},
			true, 4, []lv{l1, l2, l3, l4}},
		{"one line forgotten", []string{"len 2 cap 3", "got 1", "after close: 0 false"}, false, 3,
			[]lv{l1, l2, {Status: labs.LineMissing, Line: 3, Want: "got 2"}, l4}},
		{"one line too many", []string{"len 2 cap 3", "got 1", "got 2", "got 0", "after close: 0 false"}, false, 4,
			[]lv{l1, l2, l3, {Status: labs.LineExtra, Got: "got 0"}, l4}},
		{"one line wrong", []string{"len 2 cap 3", "got 1", "got 2", "after close: 0 true"}, false, 3,
			[]lv{l1, l2, l3, {Status: labs.LineDiffer, Line: 4, Want: "after close: 0 false", Got: "after close: 0 true"}}},
		{"content is strict about case and inner spaces", []string{"len 2  cap 3", "Got 1", "got 2", "after close: 0 false"}, false, 2,
			[]lv{{Status: labs.LineDiffer, Line: 1, Want: "len 2 cap 3", Got: "len 2  cap 3"},
				{Status: labs.LineDiffer, Line: 2, Want: "got 1", Got: "Got 1"}, l3, l4}},
		{"order is strict", []string{"len 2 cap 3", "got 2", "got 1", "after close: 0 false"}, false, 3,
			[]lv{l1, {Status: labs.LineExtra, Got: "got 2"}, l2, {Status: labs.LineMissing, Line: 3, Want: "got 2"}, l4}},
		{"nothing predicted", nil, false, 0, []lv{
			{Status: labs.LineMissing, Line: 1, Want: "len 2 cap 3"}, {Status: labs.LineMissing, Line: 2, Want: "got 1"},
			{Status: labs.LineMissing, Line: 3, Want: "got 2"}, {Status: labs.LineMissing, Line: 4, Want: "after close: 0 false"}}},
		{"all wrong, and longer", []string{"a", "b", "c", "d", "e"}, false, 0, []lv{
			{Status: labs.LineDiffer, Line: 1, Want: "len 2 cap 3", Got: "a"}, {Status: labs.LineDiffer, Line: 2, Want: "got 1", Got: "b"},
			{Status: labs.LineDiffer, Line: 3, Want: "got 2", Got: "c"}, {Status: labs.LineDiffer, Line: 4, Want: "after close: 0 false", Got: "d"},
			{Status: labs.LineExtra, Got: "e"}}},
	}
	for _, tt := range tests {
		v := coroutines.Check(p, tt.prediction)
		if v.Correct != tt.correct || v.Matched != tt.matched || v.Want != 4 || !reflect.DeepEqual(v.Lines, tt.lines) {
			t.Errorf("%s: Check(buffered, %q) = correct %v, %d of %d, %+v; want correct %v, %d of 4, %+v",
				tt.name, tt.prediction, v.Correct, v.Matched, v.Want, v.Lines, tt.correct, tt.matched, tt.lines)
		}
		if v.Puzzle != "buffered" || v.Explanation != p.Explanation {
			t.Errorf("%s: verdict names puzzle %q and explanation %q, want buffered and its explanation", tt.name, v.Puzzle, v.Explanation)
		}
	}
}

// A prediction of a program whose lines start with spaces matches without them.
func TestCheckIndentedOutput(t *testing.T) {
	p, _ := coroutines.Find("ping-pong")
	prediction := []string{"ping 0", "pong 0", "ping 1", "pong 1", "ping 2", "pong 2", "n = 3 pong open: false"}
	if v := coroutines.Check(p, prediction); !v.Correct {
		t.Errorf("Check(ping-pong, %q) = %+v, want correct", prediction, v.Lines)
	}
}

// Every puzzle's own output is a correct prediction of it.
func TestCheckOwnOutput(t *testing.T) {
	for _, p := range coroutines.Puzzles() {
		if v := coroutines.Check(p, p.Run()); !v.Correct || v.Matched != v.Want {
			t.Errorf("Check(%s, its own output) = %+v, want correct", p.Name, v)
		}
	}
}

func TestRenderVerdict(t *testing.T) {
	p, _ := coroutines.Find("buffered")
	v := coroutines.Check(p, []string{"len 2 cap 3", "got 2", "got 1", "after close: 0 true", "done"})
	got := v.Render()
	want := "buffered: 2 of 4 lines right\n" +
		"   1 ok       len 2 cap 3\n" +
		"     extra    you wrote: got 2\n" +
		"   2 ok       got 1\n" +
		"   3 differs  got 2\n" +
		"              you wrote: after close: 0 true\n" +
		"   4 differs  after close: 0 false\n" +
		"              you wrote: done\n" +
		"\nWhy: " + p.Explanation + "\n"
	if got != want {
		t.Errorf("Render(%+v) =\n%s\nwant\n%s", v, got, want)
	}
	v = coroutines.Check(p, p.Run())
	if got := v.Render(); !strings.HasPrefix(got, "buffered: all 4 lines right\n   1 ok       len 2 cap 3\n") {
		t.Errorf("Render(correct) = %q, want it to start with the full score", got)
	}
}
