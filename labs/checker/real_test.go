package checker

import (
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// sitesServer serves 31 "sites" on loopback, each answering 200 after a few
// milliseconds.
func sitesServer(t *testing.T) []string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/site-%d", &n)
		time.Sleep(time.Duration(n%5) * time.Millisecond)
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	urls := make([]string, 31)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/site-%02d", srv.URL, i+1)
	}
	return urls
}

func TestCheckLocked(t *testing.T) {
	urls := sitesServer(t)
	if got := CheckLocked(http.DefaultClient, urls); !maps.Equal(got, map[string]int{"200": 31}) {
		t.Errorf("CheckLocked(31 sites) = %v, want map[200:31]", got)
	}
	if got := CheckLocked(http.DefaultClient, []string{"http://127.0.0.1:1/closed"}); !maps.Equal(got, map[string]int{"error": 1}) {
		t.Errorf("CheckLocked(closed port) = %v, want map[error:1]", got)
	}
}

const childEnv = "CONCLAB_RACY_CHILD"

// TestRacyChild runs CheckRacy for real; it only runs as the child of
// TestCheckRacyIsARace, since a race (or a concurrent map write) fails or
// kills the process that has it.
func TestRacyChild(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		t.Skip("runs only as the child of TestCheckRacyIsARace")
	}
	fmt.Println("tally:", CheckRacy(http.DefaultClient, sitesServer(t)))
}

// TestCheckRacyIsARace shows what the racy-tally lab says: the real code
// may well tally right, yet the race detector reports it. It needs -race
// (go test -race ./labs/checker) and runs CheckRacy in a child process.
func TestCheckRacyIsARace(t *testing.T) {
	if !raceEnabled {
		t.Skip("needs the race detector: go test -race ./labs/checker")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRacyChild$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Errorf("child run of CheckRacy passed; want it to fail with a race:\n%s", out)
	}
	for _, want := range []string{"WARNING: DATA RACE", "checker.CheckRacy"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("child run of CheckRacy: output lacks %q:\n%s", want, out)
		}
	}
	// Show the first report (go test -race -v): what the walkthrough talks about.
	if _, report, ok := strings.Cut(string(out), "==================\n"); ok {
		report, _, _ = strings.Cut(report, "==================\n")
		t.Logf("the race detector on CheckRacy:\n%s", report)
	}
}
