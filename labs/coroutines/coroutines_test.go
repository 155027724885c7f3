package coroutines_test

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"conclab/labs"
	"conclab/labs/coroutines"
	"conclab/labs/trace"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// wantOutput is what each puzzle must print: the answers, worked out from
// the Go specification and the iter and sync documentation.
var wantOutput = map[string][]string{
	"buffered":       {"len 2 cap 3", "got 1", "got 2", "after close: 0 false"},
	"loopvar":        {"0 3", "1 3", "2 3"},
	"select-default": {"sent 0", "full, dropped 1", "full, dropped 2", "received 0", "empty"},
	"waitgroup":      {"[0 1 4 9 16]", "sum 30"},
	"ping-pong":      {"ping 0", "  pong 0", "ping 1", "  pong 1", "ping 2", "  pong 2", "n = 3 pong open: false"},
	"nil-closed":     {"done is closed 0", "done is closed 1", "before cancel: <nil>", "after cancel: context canceled true"},
	"pull": {"pulled", "body starts", "body yields 1", "next: 1 true", "body yields 2", "next: 2 true",
		"body yields 3", "next: 3 true", "body returns", "next: 0 false", "next: 0 false"},
	"pull-stop": {"main: ready true", "main: calling stop", "body: yield returned false", "body: deferred cleanup",
		`main: "" false`, "main: done"},
	"range-break": {"iterator: yield 1", "loop: got 1", "iterator: yield 2", "loop: got 2",
		"iterator: told to stop", "iterator: cleanup", "after the loop"},
}

func TestPuzzleOutputs(t *testing.T) {
	ps := coroutines.Puzzles()
	if len(ps) != len(wantOutput) {
		t.Errorf("Puzzles() has %d puzzles, want %d", len(ps), len(wantOutput))
	}
	for _, p := range ps {
		if got, want := p.Run(), wantOutput[p.Name]; !slices.Equal(got, want) {
			t.Errorf("%s.Run() = %q, want %q", p.Name, got, want)
		}
	}
}

// Every puzzle prints the same lines every time, even when all of them run
// at once, many times over (run the tests with -race: the puzzles must be
// free of data races too).
func TestPuzzlesAreDeterministic(t *testing.T) {
	const runs = 50
	var wg sync.WaitGroup
	for _, p := range coroutines.Puzzles() {
		want := wantOutput[p.Name]
		for range runs {
			wg.Go(func() {
				if got := p.Run(); !slices.Equal(got, want) {
					t.Errorf("%s.Run() = %q, want %q", p.Name, got, want)
				}
			})
		}
	}
	wg.Wait()
}

func TestPuzzles(t *testing.T) {
	levels := map[string]int{"easy": 0, "medium": 1, "subtle": 2}
	last := 0
	for i, p := range coroutines.Puzzles() {
		level, ok := levels[p.Level]
		if !ok || level < last {
			t.Errorf("puzzle %d %s: level %q, want easy, medium or subtle, never easier than the one before", i+1, p.Name, p.Level)
		}
		last = level
		if p.Title == "" || !strings.HasPrefix(p.Source, "// ") || !strings.Contains(p.Source, "func ") {
			t.Errorf("puzzle %s: Title %q, Source %q: want a title and a documented function", p.Name, p.Title, p.Source)
		}
		if !strings.Contains(p.Explanation, "Why it cannot vary") {
			t.Errorf("puzzle %s: the explanation does not say why its output cannot vary", p.Name)
		}
	}
	ps := coroutines.Puzzles()
	ps[0].Name = "changed"
	if coroutines.Puzzles()[0].Name == "changed" {
		t.Error("Puzzles() shares its slice with the caller")
	}
}

func TestFind(t *testing.T) {
	p, err := coroutines.Find("ping-pong")
	if err != nil || p.Name != "ping-pong" {
		t.Errorf(`Find("ping-pong") = %q, %v, want the ping-pong puzzle`, p.Name, err)
	}
	_, err = coroutines.Find("nope")
	want := `coroutines: unknown puzzle "nope" (puzzles: buffered, loopvar, select-default, waitgroup, ping-pong, nil-closed, pull, pull-stop, range-break)`
	if err == nil || err.Error() != want {
		t.Errorf(`Find("nope") = %v, want %s`, err, want)
	}
}

func TestLab(t *testing.T) {
	l, err := labs.Get("coroutines")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range coroutines.Puzzles() {
		names = append(names, p.Name)
	}
	if got := l.VariantNames(); !slices.Equal(got, names) {
		t.Errorf("VariantNames() = %v, want %v", got, names)
	}
	v, err := l.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, vr := range l.Variants {
		p, _ := coroutines.Find(vr.Name)
		if vr.Source != p.Source {
			t.Errorf("variant %s: Source is not the puzzle's source", vr.Name)
		}
		r, err := vr.Run(v)
		if err != nil {
			t.Fatalf("variant %s: %v", vr.Name, err)
		}
		want := wantOutput[vr.Name]
		if got := r.Facts["output"]; !slices.Equal(got.([]string), want) {
			t.Errorf("variant %s: Facts[output] = %q, want %q", vr.Name, got, want)
		}
		if got := r.Trace.Total; got != time.Duration(len(want))*time.Second {
			t.Errorf("variant %s: Total = %v, want %d s (one per line)", vr.Name, got, len(want))
		}
		for i, line := range r.Trace.Output {
			if line.At != time.Duration(i)*time.Second || line.Task != "main" || line.Text != want[i] {
				t.Errorf("variant %s: line %d = %+v, want %q at %d s", vr.Name, i, line, want[i], i)
			}
		}
		a, _ := trace.Encode(r.Trace)
		r2, _ := vr.Run(v)
		b, _ := trace.Encode(r2.Trace)
		if !bytes.Equal(a, b) {
			t.Errorf("variant %s: two runs gave different traces", vr.Name)
		}
	}
	var titles []string
	for _, s := range l.Steps {
		titles = append(titles, s.Title)
	}
	wantTitles := []string{"The question", "How to play", "Coroutines: one runs, the other waits",
		"Goroutines: when is the output fair?", "Change and rerun", "What it means", "Why each puzzle"}
	if !slices.Equal(titles, wantTitles) {
		t.Errorf("step titles = %v, want %v", titles, wantTitles)
	}
	for _, name := range names {
		if !strings.Contains(l.Steps[len(l.Steps)-1].Body, "`"+name+"`") {
			t.Errorf("the walkthrough's last step does not say why puzzle %s is there", name)
		}
	}
}

func TestTrace(t *testing.T) {
	tr := coroutines.Trace(nil)
	if tr.Total != 0 || len(tr.Tasks[0].Spans) != 0 || len(tr.Output) != 0 {
		t.Errorf("Trace(nil) = %+v, want an empty run", tr)
	}
	tr = coroutines.Trace([]string{"a", "b"})
	wantSpans := []trace.Span{{State: trace.Running, Worker: 0, Start: 0, End: 2 * time.Second}}
	if !slices.Equal(tr.Tasks[0].Spans, wantSpans) || tr.Events.Len() != 4 {
		t.Errorf("Trace(a, b) spans = %+v, %d events, want %+v and 4 events", tr.Tasks[0].Spans, tr.Events.Len(), wantSpans)
	}
}

func TestOut(t *testing.T) {
	var out coroutines.Out
	out.Println("a", 1, true)
	out.Printf("b %d\nc\n", 2)
	out.Println()
	if got, want := out.Lines(), []string{"a 1 true", "b 2", "c", ""}; !slices.Equal(got, want) {
		t.Errorf("Lines() = %q, want %q", got, want)
	}
}

func BenchmarkPuzzles(b *testing.B) {
	for _, p := range coroutines.Puzzles() {
		b.Run(p.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Run()
			}
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	p, _ := coroutines.Find("pull")
	prediction := slices.Clone(wantOutput["pull"])
	prediction[3], prediction[7] = "next: 2 true", "wrong"
	b.ReportAllocs()
	for b.Loop() {
		coroutines.Check(p, prediction)
	}
}
