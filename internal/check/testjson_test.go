package check

import (
	"strings"
	"testing"
)

// TestReadTestJSON: a stream of two packages (one that does not build) is
// read package by package: results, tests in order with their output, the
// output outside tests, and the build output under the package whose test
// binary failed to build.
func TestReadTestJSON(t *testing.T) {
	const a, b = "conclab/exercises/a", "conclab/exercises/b"
	in := stream(
		event{Action: "build-output", ImportPath: b + " [" + b + ".test]", Output: "# " + b + "\n"},
		event{Action: "build-output", ImportPath: b + " [" + b + ".test]", Output: "b.go:3:1: syntax error\n"},
		event{Action: "build-fail", ImportPath: b + " [" + b + ".test]"},
		event{Action: "start", Package: a},
		event{Action: "run", Package: a, Test: "TestX"},
		event{Action: "run", Package: a, Test: "TestX/one"},
		event{Action: "output", Package: a, Test: "TestX/one", Output: "a_test.go:9: want 3\n"},
		event{Action: "fail", Package: a, Test: "TestX/one", Elapsed: 0.5},
		event{Action: "fail", Package: a, Test: "TestX"},
		event{Action: "run", Package: a, Test: "TestY"},
		event{Action: "output", Package: a, Output: "FAIL\t" + a + "\n"},
		event{Action: "fail", Package: a},
		event{Action: "output", Package: b, Output: "FAIL\t" + b + " [build failed]\n"},
		event{Action: "fail", Package: b},
	) + "go: warning: not an event\n"
	runs, err := ReadTestJSON(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 {
		t.Fatalf("ReadTestJSON read %d packages, want 2: %v", len(runs), runs)
	}
	ra, rb := runs[a], runs[b]
	var tests []string
	for _, tr := range ra.Tests {
		tests = append(tests, tr.Name+" "+string(tr.Status)+" "+tr.Output)
	}
	want := []string{"TestX fail ", "TestX/one fail a_test.go:9: want 3\n", "TestY run "}
	if ra.Result != Fail || strings.Join(tests, "|") != strings.Join(want, "|") || ra.Output != "FAIL\t"+a+"\n" || len(ra.Build) != 0 {
		t.Errorf("package a = result %q, tests %q, output %q, build %q; want fail, %q, FAIL, no build output", ra.Result, tests, ra.Output, ra.Build, want)
	}
	if rb.Result != Fail || len(rb.Tests) != 0 || strings.Join(rb.Build, "|") != "# "+b+"|b.go:3:1: syntax error" {
		t.Errorf("package b = result %q, tests %d, build %q; want fail, none, the syntax error", rb.Result, len(rb.Tests), rb.Build)
	}
}
