package check_test

import (
	"fmt"
	"os"
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
