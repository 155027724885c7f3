package cli_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"conclab/internal/cli"
	"conclab/labs"
)

// TestPresent: --present opens the TUI in the presenter view: conclab
// --present on the home screen (no lab), conclab LAB --present and
// conclab --present LAB on the lab prepared; without it, Open is used as
// before; without a terminal it says so in one line.
func TestPresent(t *testing.T) {
	for _, tc := range []struct {
		args   string
		code   int
		opened string // "open LAB {setup}" or "present LAB {setup}"
	}{
		{"--present", 0, "present home {Variants:[] Set:map[] Step:0"},
		{"chess --present", 0, "present chess {Variants:[] Set:map[] Step:0"},
		{"--present chess --variant concurrent", 0, "present chess {Variants:[concurrent] Set:map[] Step:0"},
		{"open flags --step 2 --present", 0, "present flags {Variants:[] Set:map[] Step:2"},
		{"chess --variant concurrent", 0, "open chess {Variants:[concurrent] Set:map[] Step:0"},
		{"--present --step 2", 2, ""},
	} {
		opened := ""
		to := func(how string) cli.OpenFunc {
			return func(l *labs.Lab, s labs.Setup) error {
				name := "home"
				if l != nil {
					name = l.Name
				}
				opened = fmt.Sprintf("%s %s %+v", how, name, s)
				return nil
			}
		}
		var stdout, stderr bytes.Buffer
		env := cli.Env{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""), Open: to("open"), Present: to("present")}
		code := cli.Main(strings.Fields(tc.args), env)
		if code != tc.code || !strings.HasPrefix(opened, tc.opened) || tc.opened == "" && opened != "" {
			t.Errorf("Main(%s) = %d, opened %q (stderr %q); want %d, %q", tc.args, code, opened, stderr.String(), tc.code, tc.opened)
		}
		if tc.code != 0 && strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("Main(%s) wrote %q to stderr, want one line", tc.args, stderr.String())
		}
	}
	for _, args := range [][]string{{"--present"}, {"chess", "--present"}} {
		code, _, stderr := run(args...)
		if code != 1 || !strings.Contains(stderr, "needs a terminal") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("Main(%v) without a terminal = %d, %q; want 1 and one line saying it needs a terminal", args, code, stderr)
		}
	}
}
