package check_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"conclab/exercises"
	"conclab/internal/check"
)

// A learner's progress: check, hint, solve; the next exercise follows.
func ExampleStore_Update() {
	dir, _ := os.MkdirTemp("", "conclab-example-")
	defer os.RemoveAll(dir)
	store := check.Store{Dir: dir}
	all := []exercises.Exercise{{Name: "countdown"}, {Name: "chess"}}

	p, _, _ := store.Update(func(p *check.Progress) {
		p.Checked("countdown", check.Failed, time.Now())
		p.ShowHint("countdown", 3)
		p.Checked("countdown", check.Passed, time.Now())
	})
	next, _ := p.Next(all)
	r := p.Get("countdown")
	fmt.Printf("countdown: solved %v after %d checks and %d hint; next: %s\n", r.Solved, r.Checks, r.Hints, next.Name)
	// Output: countdown: solved true after 2 checks and 1 hint; next: chess
}

// BlobID is what `git hash-object` prints: how conclab tells an untouched
// exercise from an edited one.
func ExampleBlobID() {
	// The same as: printf 'package chess\n' | git hash-object --stdin
	fmt.Println(check.BlobID([]byte("package chess\n")))
	// Output: e909c844186bcf19453fa69e771eb73c9a94f766
}

// Reading `go test -json` of two packages: how each ended and its tests.
func ExampleReadTestJSON() {
	stream := `{"Action":"run","Package":"conclab/a","Test":"TestX"}
{"Action":"output","Package":"conclab/a","Test":"TestX","Output":"a_test.go:9: got 2, want 3\n"}
{"Action":"fail","Package":"conclab/a","Test":"TestX","Elapsed":0.01}
{"Action":"fail","Package":"conclab/a"}
{"Action":"run","Package":"conclab/b","Test":"TestY"}
{"Action":"pass","Package":"conclab/b","Test":"TestY"}
{"Action":"pass","Package":"conclab/b"}
`
	runs, _ := check.ReadTestJSON(strings.NewReader(stream))
	for _, path := range []string{"conclab/a", "conclab/b"} {
		for _, t := range runs[path].Tests {
			fmt.Printf("%s %s: %s %q\n", path, runs[path].Result, t.Name+" "+string(t.Status), t.Output)
		}
	}
	// Output:
	// conclab/a fail: TestX fail "a_test.go:9: got 2, want 3\n"
	// conclab/b pass: TestY pass ""
}
