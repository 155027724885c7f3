package realrun

import (
	"bytes"
	"strings"
	"testing"
)

func TestChildEnviron(t *testing.T) {
	tests := []struct {
		godebug, maxprocs string
		spec              childSpec
		wantDebug, wantMP string
	}{
		{"", "", childSpec{program: "spinner/spinner", procs: 1, noPreempt: true}, "asyncpreemptoff=1", "1"},
		{"asyncpreemptoff=1", "4", childSpec{program: "spinner/spinner"}, "", ""},
		{"gctrace=1,asyncpreemptoff=0", "", childSpec{program: "spinner/spinner", noPreempt: true}, "gctrace=1,asyncpreemptoff=1", ""},
		{"gctrace=1", "", childSpec{program: "spinner/parallel", procs: 2}, "gctrace=1", "2"},
	}
	for _, tt := range tests {
		t.Setenv("GODEBUG", tt.godebug)
		t.Setenv("GOMAXPROCS", tt.maxprocs)
		env, err := tt.spec.environ("")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, kv := range env {
			k, v, _ := strings.Cut(kv, "=")
			got[k] = v
		}
		if got["GODEBUG"] != tt.wantDebug || got["GOMAXPROCS"] != tt.wantMP || got[ChildEnv] != tt.spec.program {
			t.Errorf("environ(%+v) with GODEBUG=%q GOMAXPROCS=%q: GODEBUG=%q GOMAXPROCS=%q %s=%q; want %q, %q, %q",
				tt.spec, tt.godebug, tt.maxprocs, got["GODEBUG"], got["GOMAXPROCS"], ChildEnv, got[ChildEnv], tt.wantDebug, tt.wantMP, tt.spec.program)
		}
	}
}

// TestChildRefusesWhatItCannotRun: a child started for a program no lab
// has, or with arguments that are not JSON, says so in one line and exits 2.
func TestChildRefusesWhatItCannotRun(t *testing.T) {
	tests := []struct {
		program, args, want string
	}{
		{"spinner/nothing", "{}", `conclab: unknown child program "spinner/nothing"`},
		{"chess/spinner", "{}", `conclab: unknown child program "chess/spinner"`},
		{"spinner", "{}", `conclab: unknown child program "spinner"`},
		{"spinner/spinner", "{", `conclab: child spinner/spinner: bad CONCLAB_REAL_ARGS: "{" is not JSON`},
	}
	for _, tt := range tests {
		t.Setenv(argsEnv, tt.args)
		var out, errb bytes.Buffer
		code := Child(tt.program, &out, &errb)
		if got := strings.TrimSpace(errb.String()); code != 2 || got != tt.want || out.Len() != 0 {
			t.Errorf("Child(%q) with args %q = %d, %q (stdout %q); want 2, %q", tt.program, tt.args, code, got, out.String(), tt.want)
		}
	}
}
