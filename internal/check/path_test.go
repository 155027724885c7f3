package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises"
)

// pathNames writes a path as "track: a b* c✓ | track: ..." (* next, ✓ solved).
func pathNames(p Path) string {
	var tracks []string
	for _, t := range p.Tracks {
		var steps []string
		for _, s := range t.Steps {
			name := s.Exercise.Name
			if s.Next {
				name += "*"
			}
			if s.Record.Solved {
				name += "✓"
			}
			steps = append(steps, name)
		}
		tracks = append(tracks, t.Track.Name+": "+strings.Join(steps, " "))
	}
	return strings.Join(tracks, " | ")
}

func TestPathOf(t *testing.T) {
	tracks := []exercises.Track{{Name: "go", Title: "Goroutines"}, {Name: "empty", Title: "Nothing yet"}, {Name: "ch", Title: "Channels"}}
	ex := func(name, track string, minutes int) exercises.Exercise {
		return exercises.Exercise{Name: name, Track: track, Minutes: minutes}
	}
	// Not grouped by track, and one of a track tracks does not list: the
	// path puts tracks in their order, each with its exercises in the
	// order given, and the unknown track last.
	all := []exercises.Exercise{ex("c1", "ch", 20), ex("g1", "go", 10), ex("x1", "extra", 5), ex("g2", "go", 15), ex("c2", "ch", 30)}
	tests := []struct {
		solved            []string
		want, next        string
		solvedN, minsLeft int
	}{
		{nil, "go: g1* g2 | ch: c1 c2 | extra: x1", "g1", 0, 80},
		{[]string{"g1"}, "go: g1✓ g2* | ch: c1 c2 | extra: x1", "g2", 1, 70},
		{[]string{"g1", "g2", "c2"}, "go: g1✓ g2✓ | ch: c1* c2✓ | extra: x1", "c1", 3, 25},
		{[]string{"g1", "g2", "c1", "c2"}, "go: g1✓ g2✓ | ch: c1✓ c2✓ | extra: x1*", "x1", 4, 5},
		{[]string{"g1", "g2", "c1", "c2", "x1"}, "go: g1✓ g2✓ | ch: c1✓ c2✓ | extra: x1✓", "", 5, 0},
	}
	for _, tt := range tests {
		p := &Progress{}
		for _, name := range tt.solved {
			p.Checked(name, Passed, time.Now())
		}
		p.Checked("c2", Failed, time.Now()) // a failed check of a solved one changes nothing
		got := PathOf(p, tracks, all)
		if s := pathNames(got); s != tt.want {
			t.Errorf("PathOf(solved %v) = %s, want %s", tt.solved, s, tt.want)
		}
		if got.Solved != tt.solvedN || got.Total != len(all) || got.MinutesLeft != tt.minsLeft {
			t.Errorf("PathOf(solved %v): solved %d of %d, %d min left, want %d of %d, %d min", tt.solved,
				got.Solved, got.Total, got.MinutesLeft, tt.solvedN, len(all), tt.minsLeft)
		}
		if got.Next.Name != tt.next || got.HasNext != (tt.next != "") {
			t.Errorf("PathOf(solved %v).Next = %q, %v, want %q", tt.solved, got.Next.Name, got.HasNext, tt.next)
		}
	}
	if got := pathNames(PathOf(nil, tracks, nil)); got != "" {
		t.Errorf("PathOf(nil, no exercises) = %q, want no tracks", got)
	}
}

// TestPathOfAnyNumber: the path takes every exercise once, whatever the
// number of tracks and exercises, and the next is the first unsolved one
// in the path's order.
func TestPathOfAnyNumber(t *testing.T) {
	for _, n := range []int{0, 1, 7, 31, 100} {
		var tracks []exercises.Track
		var all []exercises.Exercise
		for i := range 8 {
			tracks = append(tracks, exercises.Track{Name: fmt.Sprint("t", i)})
		}
		p := &Progress{}
		for i := range n {
			name := fmt.Sprint("e", i)
			all = append(all, exercises.Exercise{Name: name, Track: fmt.Sprint("t", i*7%8), Minutes: 10})
			if i%3 == 0 {
				p.Checked(name, Passed, time.Now())
			}
		}
		path := PathOf(p, tracks, all)
		order := path.Order()
		if len(order) != n || path.Total != n {
			t.Errorf("PathOf(%d exercises) has %d (total %d), want %d", n, len(order), path.Total, n)
		}
		seen := map[string]bool{}
		for _, e := range order {
			seen[e.Name] = true
		}
		if len(seen) != n {
			t.Errorf("PathOf(%d exercises) took %d different ones, want each once", n, len(seen))
		}
		i := slices.IndexFunc(order, func(e exercises.Exercise) bool { return !p.Get(e.Name).Solved })
		if (i >= 0) != path.HasNext || i >= 0 && order[i].Name != path.Next.Name {
			t.Errorf("PathOf(%d exercises).Next = %q, %v; want the first unsolved of the path (index %d)", n, path.Next.Name, path.HasNext, i)
		}
		if want := 10 * (n - p.Solved(all)); path.MinutesLeft != want {
			t.Errorf("PathOf(%d exercises).MinutesLeft = %d, want %d", n, path.MinutesLeft, want)
		}
	}
}

// TestLearnerPathIsTheManifestOrder: conclab's own path takes the
// exercises in the manifest's order (exercises.All, which go generate
// writes track by track), so that a list in either order agrees.
func TestLearnerPathIsTheManifestOrder(t *testing.T) {
	var got, want []string
	for _, e := range LearnerPath(nil).Order() {
		got = append(got, e.Name)
	}
	for _, e := range exercises.All() {
		want = append(want, e.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("LearnerPath order = %v, want exercises.All()'s %v", got, want)
	}
}
