package realrun

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"conclab/internal/slowserver"
	"conclab/labs/flags"
	"conclab/tui/screen"
)

type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRealRunOnAServer: with Config.Server the real runs send their
// requests to that running conclab serve (here one started on loopback,
// whose log shows them), and the measured lane's title says which server
// it measured, while the run goes on and after.
func TestRealRunOnAServer(t *testing.T) {
	log := &logBuffer{}
	srv, err := slowserver.Start("127.0.0.1:0", slowserver.Config{Log: log, MaxDelay: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Close(ctx) //nolint:errcheck // the test is over
	}()
	l := flags.Lab()
	values, err := l.Resolve(map[string]string{"count": "5", "delay": "100ms"})
	if err != nil {
		t.Fatal(err)
	}
	m := New(screen.NewCommon().Sized(120, 40), Config{Lab: l, Values: values, Shown: []string{"goroutines"}, Server: srv.URL})
	m = settle(t, m, m.Init())
	host := strings.TrimPrefix(srv.URL, "http://")
	if got := ansi.Strip(m.View()); !strings.Contains(got, "measured at "+host+", live") {
		t.Errorf("while the run goes on, the view lacks %q:\n%s", "measured at "+host+", live", got)
	}
	for i := 0; m.anyRunning(); i++ {
		if i > 30000 {
			t.Fatal("the real run did not end")
		}
		time.Sleep(time.Millisecond)
		m, _ = m.Update(TickMsg{gen: m.gen})
	}
	got := ansi.Strip(m.View())
	if !strings.Contains(got, "Downloading flags › real runs at "+host) {
		t.Errorf("the header lacks %q:\n%s", "real runs at "+host, got)
	}
	if !strings.Contains(got, "measured at "+host) || strings.Contains(got, "measured at "+host+", live") {
		t.Errorf("after the run, the view lacks %q (without live):\n%s", "measured at "+host, got)
	}
	if n := strings.Count(log.String(), "?delay=100ms&status=200 200 "); n != 5 {
		t.Errorf("the server logged %d of the run's requests, want 5:\n%s", n, log)
	}
}
