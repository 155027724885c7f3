package check

import (
	"fmt"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"time"
)

// The sentinel is a test file that conclab adds to the checks' package
// (with -overlay: it is never written into exercises/). It runs a
// goroutine of its own in the test binary, outside the checks' synctest
// bubbles, that
//   - stops the binary when the learner's code has more goroutines than
//     the limit, and says so (sentinelGoroutines);
//   - at the checks' time limit, stops the world and prints the stack of
//     every goroutine (sentinelTimeout), then exits: unlike the testing
//     package's own timeout, whose dump cannot show a goroutine that is
//     running on another thread at that instant ("stack unavailable"),
//     runtime.Stack preempts every goroutine first, so an endless loop is
//     caught at its line every time.
//
// go test's -timeout stays, a little later, in case the sentinel cannot run.

// sentinelEnv names the variable that passes the sentinel its settings:
// "TIMEOUT GOROUTINES" (a duration and a count).
const sentinelEnv = "CONCLAB_SENTINEL"

// The sentinel's marks in the output: judge looks for them.
const (
	sentinelTimeout    = "conclab: timed out after "      // + the timeout, then every goroutine's stack
	sentinelGoroutines = "conclab: too many goroutines: " // + "N, more than LIMIT", then a few goroutines' stacks
)

// sentinelFile is the sentinel's file name in the exercise's directory.
const sentinelFile = "zz_conclab_sentinel_test.go"

// sentinelSettings is the value of sentinelEnv.
func sentinelSettings(timeout time.Duration, goroutines int) string {
	return fmt.Sprintf("%s %d", timeout, goroutines)
}

// sentinelSource is the sentinel for a package whose tests are in package
// pkg: it goes in the external test package, pkg_test (or pkg when the
// tests are external already), and names everything conclabSentinel... so
// that nothing clashes with the checks.
func sentinelSource(testPkg string) string {
	pkg := testPkg
	if !strings.HasSuffix(pkg, "_test") {
		pkg += "_test"
	}
	return strings.Replace(sentinelTemplate, "package PKG", "package "+pkg, 1)
}

// testPackage is the package name in a test file's package clause.
func testPackage(src []byte) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "check.go", src, parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	return f.Name.Name, nil
}

const sentinelTemplate = `//go:build exercises

// Added by conclab to the checks it runs (go build -overlay); not a file of the exercise.

package PKG

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

func init() {
	var timeout string
	var limit int
	if _, err := fmt.Sscan(os.Getenv("` + sentinelEnv + `"), &timeout, &limit); err != nil {
		return
	}
	d, err := time.ParseDuration(timeout)
	if err != nil {
		return
	}
	go conclabSentinel(time.Now().Add(d), d, limit)
}

// It waits on a ticker, not in time.Sleep: a goroutine in a channel receive
// counts as blocked for conclab's kit clock, which moves only when every
// goroutine is (see conclab/exercises/kit/kittest), and a sleeping one does not.
func conclabSentinel(deadline time.Time, timeout time.Duration, limit int) {
	tick := time.NewTicker(10 * time.Millisecond)
	for range tick.C {
		if n := runtime.NumGoroutine(); limit > 0 && n > limit {
			conclabSentinelStop(fmt.Sprintf("` + sentinelGoroutines + `%d, more than %d", n, limit), 256<<10, 3)
		}
		if !time.Now().Before(deadline) {
			conclabSentinelStop("` + sentinelTimeout + `"+timeout.String(), 8<<20, 2)
		}
	}
}

// conclabSentinelStop prints why, then the stacks of the goroutines (as
// many as fit in size bytes), and exits with code.
func conclabSentinelStop(why string, size, code int) {
	buf := make([]byte, size)
	n := runtime.Stack(buf, true)
	var b strings.Builder
	b.WriteString("\n" + why + "\n\n")
	b.Write(buf[:n])
	b.WriteString("\n")
	os.Stdout.WriteString(b.String())
	os.Exit(code)
}
`

// sentinelCount reads the counts out of a goroutines mark's line.
func sentinelCount(line string) (n, limit int, ok bool) {
	rest, found := strings.CutPrefix(line, sentinelGoroutines)
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(rest, ", more than ")
	n, err1 := strconv.Atoi(a)
	limit, err2 := strconv.Atoi(strings.TrimSpace(b))
	return n, limit, found && err1 == nil && err2 == nil
}
