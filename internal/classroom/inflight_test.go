package classroom

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestInflight: wait returns when what was under way is done, including
// what started while it waited, and gives up when its context ends.
func TestInflight(t *testing.T) {
	var f inflight
	if err := f.wait(context.Background()); err != nil {
		t.Fatalf("wait() with nothing under way = %v, want nil", err)
	}
	f.add()
	short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := f.wait(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait() with a save under way = %v, want the deadline", err)
	}
	waited := make(chan error)
	go func() { waited <- f.wait(context.Background()) }()
	f.add() // one more starts while wait waits
	f.done()
	f.done()
	if err := <-waited; err != nil {
		t.Fatalf("wait() = %v, want nil once both are done", err)
	}
}
