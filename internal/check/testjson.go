package check

import (
	"io"
	"math"
)

// PackageRun is what a `go test -json` stream said of one package.
type PackageRun struct {
	// Path is the package's import path.
	Path string
	// Result is how the package's run ended: Pass, Fail or Skip; "" when
	// go test never reported it (it did not build, or the stream was cut).
	Result Status
	// Build is the build's output for the package's test binary (compile
	// and vet errors), one line each.
	Build []string
	// Output is what the run printed outside any test ("FAIL\t...", a
	// crash's dump, a timeout's stacks).
	Output string
	// Tests are the tests and subtests in the order they started; one that
	// started and never ended is Running.
	Tests []TestResult
}

// ReadTestJSON reads a whole `go test -json` stream, of any number of
// packages, and returns what it said of each, by import path. It is the
// reader the Runner uses, with all the tests' output kept (and at most 500
// lines of a package's build output); lines that are not test2json events
// (the go command's own errors) are skipped.
func ReadTestJSON(r io.Reader) (map[string]*PackageRun, error) {
	byPath := map[string]*collector{}
	_, _, err := eachLine(r, 0, func(b []byte) {
		e, ok := parseEvent(b)
		if !ok {
			return
		}
		path := e.pkgPath()
		c := byPath[path]
		if c == nil {
			c = newCollector(math.MaxInt)
			byPath[path] = c
		}
		c.event(e)
	})
	runs := make(map[string]*PackageRun, len(byPath))
	for path, c := range byPath {
		c.finish()
		run := &PackageRun{Path: path, Result: c.result, Build: c.build, Output: c.pkg.res.Output}
		for _, t := range c.tests {
			run.Tests = append(run.Tests, *t)
		}
		runs[path] = run
	}
	return runs, err
}
