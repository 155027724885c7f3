package classroom_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"conclab/internal/classroom"
	"conclab/tui"
)

// loadEnv asks TestLoad for its figures: the number of sessions, e.g.
//
//	CONCLAB_CLASSROOM_LOAD=30 go test -run TestLoad -v ./internal/classroom/
const loadEnv = "CONCLAB_CLASSROOM_LOAD"

// childEnv makes the test binary a classroom server (with conclab's TUI)
// in the directory it names, for TestLoad to measure from outside.
const childEnv = "CONCLAB_CLASSROOM_CHILD"

// serveChild runs the server of TestLoad: it prints its address and
// fingerprint, then answers each line of standard input with the heap in
// use after a collection and the number of goroutines; at EOF it closes.
func serveChild(dir string) {
	srv, err := classroom.Start("127.0.0.1:0", classroom.Config{Dir: dir, Model: tui.Session, MaxSessions: 1000})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println(srv.Addr(), srv.Fingerprint())
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Println(ms.HeapInuse, runtime.NumGoroutine())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Close(ctx) //nolint:errcheck // the parent reads nothing more
	os.Exit(0)
}

// TestLoad measures, on demand, what a class costs the server: the
// memory of each session (resident set and Go heap in use of the server
// process, before and with N sessions on the home screen) and the time
// from dialling to the first frame when N students connect at once.
func TestLoad(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv(loadEnv))
	if n <= 0 {
		t.Skipf("set %s=30 to measure 30 sessions", loadEnv)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+t.TempDir())
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewScanner(stdout)
	out.Scan()
	var addr, fingerprint string
	if _, err := fmt.Sscan(out.Text(), &addr, &fingerprint); err != nil {
		t.Fatalf("the server said %q: %v", out.Text(), err)
	}
	measure := func() (rss, heap int64, goroutines int) {
		fmt.Fprintln(stdin, "stats")
		out.Scan()
		fmt.Sscan(out.Text(), &heap, &goroutines) //nolint:errcheck // checked by the figures
		b, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(cmd.Process.Pid), "status"))
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				rss = kb << 10
			}
		}
		return rss, heap, goroutines
	}
	srv := remote{addr: addr, fingerprint: fingerprint}
	// One session first: what every session shares (the labs' tables, the
	// styles) is loaded then, not counted per session.
	warm := srv.open(t, "warmup")
	warm.waitFor(`conclab — an interactive concurrency lab`)
	rss0, heap0, g0 := measure()

	firsts := make([]time.Duration, n)
	terms := make([]*term, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			start := time.Now()
			tm := srv.open(t, fmt.Sprintf("student%02d", i))
			tm.waitFor(`conclab — an interactive concurrency lab`)
			firsts[i], terms[i] = time.Since(start), tm
		})
	}
	wg.Wait()
	rss1, heap1, g1 := measure()
	slices.Sort(firsts)
	pct := func(p float64) time.Duration { return firsts[int(p*float64(n-1)+0.5)].Round(100 * time.Microsecond) }
	t.Logf("%d sessions on the home screen at 80x24 (%d CPUs, GOMAXPROCS %d):", n, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	t.Logf("  server RSS %.1f MiB -> %.1f MiB: %.2f MiB per session", mib(rss0), mib(rss1), mib(rss1-rss0)/float64(n))
	t.Logf("  server Go heap in use %.1f MiB -> %.1f MiB: %.2f MiB per session", mib(heap0), mib(heap1), mib(heap1-heap0)/float64(n))
	t.Logf("  server goroutines %d -> %d: %.1f per session", g0, g1, float64(g1-g0)/float64(n))
	t.Logf("  dial to first frame, all %d at once: p50 %v, p95 %v, max %v", n, pct(0.5), pct(0.95), firsts[n-1].Round(100*time.Microsecond))
	for _, tm := range append(terms, warm) {
		tm.close()
	}
	// One at a time, on a server with nobody else on it.
	alone := make([]time.Duration, 10)
	for i := range alone {
		start := time.Now()
		tm := srv.open(t, "alone")
		tm.waitFor(`conclab — an interactive concurrency lab`)
		alone[i] = time.Since(start)
		tm.close()
	}
	slices.Sort(alone)
	t.Logf("  dial to first frame, one student at a time (%d tries): p50 %v, max %v", len(alone), alone[len(alone)/2].Round(100*time.Microsecond), alone[len(alone)-1].Round(100*time.Microsecond))
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("the server ended with %v", err)
	}
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// remote is a server in another process.
type remote struct{ addr, fingerprint string }

func (r remote) open(t testing.TB, user string) *term {
	t.Helper()
	client, err := gossh.Dial("tcp", r.addr, &gossh.ClientConfig{
		User: user,
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			if got := gossh.FingerprintSHA256(key); got != r.fingerprint {
				return fmt.Errorf("host key %s, want %s", got, r.fingerprint)
			}
			return nil
		},
		Timeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatalf("log in as %s: %v", user, err)
	}
	return start(t, client, 80, 24, func(s *gossh.Session) error {
		if err := s.RequestPty("xterm-256color", 24, 80, nil); err != nil {
			return err
		}
		return s.Shell()
	})
}
