package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	irealrun "conclab/internal/realrun"
	"conclab/internal/slowserver"
	"conclab/labs"
	"conclab/labs/flags"
	"conclab/tui/internal/press"
	"conclab/tui/realrun"
	"conclab/tui/screen"
)

// TestServerFromEnv: CONCLAB_SERVER names a running conclab serve (one
// started on loopback here): the real runs opened with R say it in their
// measured lanes' titles. Unset, nothing changes; a server that does not
// answer is an error in one line.
func TestServerFromEnv(t *testing.T) {
	srv, err := slowserver.Start("127.0.0.1:0", slowserver.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(ServerEnv, srv.URL+"/")
	opts, err := ServerFromEnv(context.Background())
	if err != nil || len(opts) != 1 {
		t.Fatalf("ServerFromEnv() with %s=%s/ = %d options, %v; want WithRealServer", ServerEnv, srv.URL, len(opts), err)
	}
	realStart = func(v *irealrun.Variant, values labs.Values) (realrun.Run, error) {
		return &idleRun{done: make(chan struct{})}, nil
	}
	defer func() { realStart = nil }()
	m := screenRoot(120, 30, append(opts, WithLabs([]*labs.Lab{flags.Lab()}))...)
	m = screenStep(t, m, screen.OpenLabMsg{Lab: flags.Lab()})
	m = screenStep(t, m, press.Key("R"))
	want := "measured at " + strings.TrimPrefix(srv.URL, "http://") + ", live"
	if got := screenContent(m); onTop(m) != "real" || !strings.Contains(got, want) {
		t.Errorf("R with %s set: the %s screen lacks %q:\n%s", ServerEnv, onTop(m), want, got)
	}
	screenStep(t, m, press.Key("esc"))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := ServerFromEnv(context.Background()); err == nil || !strings.HasPrefix(err.Error(), ServerEnv+": cannot reach server "+srv.URL) {
		t.Errorf("ServerFromEnv() with the server stopped = %v, want %s: cannot reach server %s ...", err, ServerEnv, srv.URL)
	}
	t.Setenv(ServerEnv, "")
	if opts, err := ServerFromEnv(context.Background()); len(opts) != 0 || err != nil {
		t.Errorf("ServerFromEnv() with %s empty = %d options, %v; want none", ServerEnv, len(opts), err)
	}
}
