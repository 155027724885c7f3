package cli

import (
	"context"
	"net"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"conclab/exercises"
	"conclab/internal/check"
)

// TestBuildNotice: the notice is printed when Go has yet to build its
// standard library with the race detector and the checks are still
// running, once per command; never after the checks are over.
func TestBuildNotice(t *testing.T) {
	ex := exercises.Exercise{Name: "chess"}
	t.Run("cold", func(t *testing.T) {
		w := &signalWriter{wrote: make(chan struct{})}
		var asked atomic.Int32
		cold := func(context.Context, exercises.Exercise) bool { asked.Add(1); return true }
		runs := 0
		run := func(context.Context, exercises.Exercise) (*check.Report, error) {
			if runs++; runs == 1 {
				<-w.wrote // the first run lasts until the notice is out
			}
			return &check.Report{}, nil
		}
		f := withBuildNotice(w, cold, run)
		for range 3 {
			if _, err := f(context.Background(), ex); err != nil {
				t.Fatal(err)
			}
		}
		if n := strings.Count(w.b.String(), buildNotice); n != 1 || asked.Load() != 1 {
			t.Errorf("three checks on a cold cache printed the notice %d times (asked %d times), want once", n, asked.Load())
		}
	})
	t.Run("warm", func(t *testing.T) {
		var out strings.Builder
		cold := func(context.Context, exercises.Exercise) bool { return false }
		run := func(context.Context, exercises.Exercise) (*check.Report, error) { return &check.Report{}, nil }
		withBuildNotice(&out, cold, run)(context.Background(), ex)
		if out.String() != "" {
			t.Errorf("a check on a warm cache printed %q, want nothing", out.String())
		}
	})
	t.Run("too late", func(t *testing.T) {
		var out strings.Builder
		over := make(chan struct{})
		cold := func(ctx context.Context, _ exercises.Exercise) bool {
			<-ctx.Done() // the answer comes after the checks are over
			close(over)
			return true
		}
		run := func(context.Context, exercises.Exercise) (*check.Report, error) { return &check.Report{}, nil }
		withBuildNotice(&out, cold, run)(context.Background(), ex)
		<-over
		if out.String() != "" {
			t.Errorf("a notice that came after the checks printed %q, want nothing", out.String())
		}
	})
}

// signalWriter closes wrote at its first write.
type signalWriter struct {
	b     strings.Builder
	wrote chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	if w.b.Len() == 0 {
		defer close(w.wrote)
	}
	return w.b.Write(p)
}

// TestColdRaceBuild asks the go command itself: with an empty build cache
// the standard library has yet to be built with the race detector.
func TestColdRaceBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list on an empty build cache")
	}
	root := repoRoot(t)
	ex := exercises.All()[0]
	t.Setenv("GOCACHE", t.TempDir())
	r := &check.Runner{Root: root}
	if !r.ColdRaceBuild(context.Background(), ex) {
		t.Errorf("ColdRaceBuild(%s) with an empty GOCACHE = false, want true", ex.Name)
	}
	r.NoRace = true
	if r.ColdRaceBuild(context.Background(), ex) {
		t.Errorf("ColdRaceBuild(%s) without -race = true, want false", ex.Name)
	}
}

func TestSpoken(t *testing.T) {
	for _, tt := range []struct {
		in   time.Duration
		want string
	}{
		{0, "0 s"}, {400 * time.Millisecond, "0.4 s"}, {14500 * time.Millisecond, "14.5 s"}, {time.Minute, "1 min"},
		{86 * time.Second, "1 min 26 s"}, {2*time.Hour + 5*time.Minute + 3*time.Second, "2 h 5 min"}, {12 * time.Hour, "12 h"},
	} {
		if got := spoken(tt.in); got != tt.want {
			t.Errorf("spoken(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReachable(t *testing.T) {
	old := interfaceAddrs
	t.Cleanup(func() { interfaceAddrs = old })
	interfaceAddrs = func() ([]net.Addr, error) {
		var out []net.Addr
		for _, cidr := range []string{"127.0.0.1/8", "::1/128", "192.0.2.2/24", "10.1.2.3/8", "fd00::2/64", "fe80::1/64", "169.254.1.1/16"} {
			ip, n, err := net.ParseCIDR(cidr)
			if err != nil {
				t.Fatal(err)
			}
			n.IP = ip
			out = append(out, n)
		}
		return out, nil
	}
	for _, tt := range []struct {
		host string
		want []string
	}{
		{"0.0.0.0", []string{"http://192.0.2.2:8001", "http://10.1.2.3:8001"}},
		{"", []string{"http://192.0.2.2:8001", "http://10.1.2.3:8001", "http://[fd00::2]:8001"}},
		{"::", []string{"http://192.0.2.2:8001", "http://10.1.2.3:8001", "http://[fd00::2]:8001"}},
	} {
		if got := reachable(tt.host, "8001"); !slices.Equal(got, tt.want) {
			t.Errorf("reachable(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}
