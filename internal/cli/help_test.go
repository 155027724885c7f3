package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// commandPaths are the paths of the commands help lists ("run",
// "challenge play"), the root first as "".
func commandPaths() []string {
	var out []string
	walk(newRoot(Env{}), func(c *cobra.Command) {
		if c.HasParent() && !available(c) || c.HasParent() && !available(c.Parent()) {
			return
		}
		if !c.HasParent() {
			out = append(out, "")
			return
		}
		out = append(out, commandPath(c))
	})
	return out
}

// mainIn runs Main with args and returns the exit status and what it printed.
func mainIn(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(args, Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader("")})
	return code, out.String(), errb.String()
}

// TestPlainHelpGolden: the plain help of every command (what a pipe, a file
// or NO_COLOR gets) is kept under testdata/help; go test -update rewrites it.
// `conclab help PATH` and `conclab PATH --help` print the same.
func TestPlainHelpGolden(t *testing.T) {
	update := flag.Lookup("update") // defined by golden_test.go
	for _, path := range commandPaths() {
		name := strings.ReplaceAll(path, " ", "_")
		if name == "" {
			name = "conclab"
		}
		t.Run(name, func(t *testing.T) {
			args := append([]string{"help"}, strings.Fields(path)...)
			code, out, errs := mainIn(args...)
			if code != ExitOK || errs != "" {
				t.Fatalf("conclab %s = %d, stderr %q", strings.Join(args, " "), code, errs)
			}
			if _, viaFlag, _ := mainIn(append(strings.Fields(path), "--help")...); viaFlag != out {
				t.Errorf("conclab %s --help differs from conclab %s:\n%s", path, strings.Join(args, " "), viaFlag)
			}
			if strings.Contains(out, "\x1b[") {
				t.Errorf("conclab %s: plain help has escape codes:\n%q", strings.Join(args, " "), out)
			}
			file := filepath.Join("testdata", "help", name+".golden")
			if update != nil && update.Value.String() == "true" {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (go test -update writes it)", err)
			}
			if out != string(want) {
				t.Errorf("conclab %s: help differs from %s:\n%s", strings.Join(args, " "), file, out)
			}
		})
	}
}

// TestHelpComesFromTheDefinitions: the plain help of each command names
// every flag it takes (with the value it wants) and every command below
// it; the top-level help names every command.
func TestHelpComesFromTheDefinitions(t *testing.T) {
	root := newRoot(Env{})
	walk(root, func(c *cobra.Command) {
		if c.Hidden || c.Name() == cobra.ShellCompRequestCmd || c.Name() == cobra.ShellCompNoDescRequestCmd {
			return
		}
		var b bytes.Buffer
		writeHelp(&b, c)
		out := b.String()
		visible := func(f *pflag.Flag) {
			if f.Hidden || f.Name == "help" || f.Name == "version" && c.HasParent() {
				return
			}
			want := "--" + f.Name
			if v := f.Annotations[valueAnnotation]; len(v) > 0 {
				want += " " + v[0]
			}
			if !strings.Contains(out, want+" ") {
				t.Errorf("help of %q does not list %q:\n%s", c.CommandPath(), want, out)
			}
		}
		c.LocalFlags().VisitAll(visible)
		c.InheritedFlags().VisitAll(visible)
		for _, sub := range c.Commands() {
			if available(sub) && !strings.Contains(out, sub.CommandPath()) {
				t.Errorf("help of %q does not list %q:\n%s", c.CommandPath(), sub.CommandPath(), out)
			}
		}
	})
	usage := Usage()
	for _, c := range root.Commands() {
		if available(c) && !strings.Contains(usage, "conclab "+c.Name()) {
			t.Errorf("conclab help does not list %s:\n%s", c.Name(), usage)
		}
	}
}

// styledTerminal makes Main style help and errors as it does on a terminal
// that takes colour, for the length of the test.
func styledTerminal(t *testing.T) {
	old := styled
	styled = func(Env) bool { return true }
	t.Cleanup(func() { styled = old })
	t.Setenv("CLICOLOR_FORCE", "1")
	t.Setenv("NO_COLOR", "")
	os.Unsetenv("NO_COLOR")
}

// oneSpace is s with every run of white space made one space.
func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestStyledHelpSaysTheSame: on a terminal fang styles the help; without
// its colours it says what the plain help says: the description, every
// flag and every command.
func TestStyledHelpSaysTheSame(t *testing.T) {
	styledTerminal(t)
	root := newRoot(Env{})
	for _, path := range commandPaths() {
		c, _, _ := root.Find(strings.Fields(path))
		code, out, errs := mainIn(append(strings.Fields(path), "--help")...)
		if code != ExitOK || errs != "" {
			t.Fatalf("conclab %s --help (styled) = %d, stderr %q", path, code, errs)
		}
		if !strings.Contains(out, "\x1b[") {
			t.Errorf("conclab %s --help on a terminal is not styled:\n%s", path, out)
		}
		read := oneSpace(ansi.Strip(out))
		if want := oneSpace(cmpOr(c.Long, c.Short)); !strings.Contains(read, want) {
			t.Errorf("conclab %s --help (styled) = %q, want it to say %q", path, read, want)
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden && !strings.Contains(read, "--"+f.Name) {
				t.Errorf("conclab %s --help (styled) does not list --%s: %q", path, f.Name, read)
			}
		})
		for _, sub := range c.Commands() {
			if available(sub) && !regexp.MustCompile(`\b`+sub.Name()+`\b`).MatchString(read) {
				t.Errorf("conclab %s --help (styled) does not list %s: %q", path, sub.Name(), read)
			}
		}
	}
}

// TestStyledErrorIsOneLine: on a terminal the error is styled, and reads
// as the plain one: one line, exit status 2.
func TestStyledErrorIsOneLine(t *testing.T) {
	styledTerminal(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "chess", "--bogus"}, "conclab: unknown flag --bogus (see conclab help run)\n"},
		{[]string{"run", "chezz"}, `conclab: unknown lab "chezz"`},
		{[]string{"frobnicate"}, `conclab: unknown command "frobnicate"`},
	} {
		code, out, errs := mainIn(tt.args...)
		if code != ExitUsage || out != "" || !strings.Contains(errs, "\x1b[") || !strings.HasPrefix(ansi.Strip(errs), tt.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("conclab %v (styled) = %d, stdout %q, stderr %q, want 2 and one styled line reading %q", tt.args, code, out, errs, tt.want)
		}
	}
}

// TestVersion: --version, -v and version print the same line, styled or not.
func TestVersion(t *testing.T) {
	check := func(how string) {
		for _, args := range [][]string{{"--version"}, {"-v"}, {"version"}} {
			code, out, errs := mainIn(args...)
			if code != ExitOK || out != "conclab "+Version+"\n" || errs != "" {
				t.Errorf("conclab %v (%s) = %d, %q, stderr %q, want 0 and %q", args, how, code, out, errs, "conclab "+Version+"\n")
			}
		}
	}
	check("plain")
	styledTerminal(t)
	check("styled")
}

// TestMan: conclab man prints a roff manual page of every command.
func TestMan(t *testing.T) {
	code, out, errs := mainIn("man")
	if code != ExitOK || errs != "" {
		t.Fatalf("conclab man = %d, stderr %q", code, errs)
	}
	for _, want := range []string{".TH CONCLAB 1", ".SH NAME\nconclab - an interactive concurrency lab for the terminal", "\\fBrun\\fP LAB [flags]", "\\fB--set\\fP", "\\fBexplore\\fP LEVEL"} {
		if !strings.Contains(out, want) {
			t.Errorf("conclab man does not say %q:\n%s", want, out)
		}
	}
}

// TestUnknownCommandSuggests: a command one typo away is suggested, in the
// one line.
func TestUnknownCommandSuggests(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"rnu", "chess"}, `conclab: unknown command "rnu": did you mean run? (commands: list, run, open, serve, challenge, check, watch, hint, reset, solution, progress, classroom, completion, man, help; see conclab --help)`},
		{[]string{"frobnicate"}, `conclab: unknown command "frobnicate" (commands: list, run,`},
		{[]string{"challenge", "sho", "x"}, `conclab: unknown challenge command "sho": did you mean show? (commands: list, show, play, explore)`},
		{[]string{"completion", "bsh"}, `conclab: unknown completion command "bsh": did you mean bash, zsh or fish? (commands: bash, zsh, fish, powershell)`},
		{[]string{"completion", "bash", "x"}, `conclab: completion bash takes no arguments (got "x")`},
		{[]string{"man", "x"}, `conclab: man takes no arguments (got "x")`},
		{[]string{"list", "--json"}, `conclab: unknown flag --json (see conclab help list)`},
		{[]string{"--bogus"}, `conclab: unknown flag --bogus (see conclab --help)`},
	} {
		code, out, errs := mainIn(tt.args...)
		if code != ExitUsage || out != "" || !strings.HasPrefix(errs, tt.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("conclab %v = %d, stdout %q, stderr %q, want 2 and one line starting %q", tt.args, code, out, errs, tt.want)
		}
	}
}

// TestNormalizeArgs: flags keep the grammar of the hand-written parsers
// (any number of dashes); values, unknown flags and what follows -- are
// left alone.
func TestNormalizeArgs(t *testing.T) {
	tests := []struct{ args, want []string }{
		{[]string{"run", "chess", "-json", "---steps", "--full"}, []string{"run", "chess", "--json", "--steps", "--full"}},
		{[]string{"run", "chess", "-set", "-boards=1", "-variants=a"}, []string{"run", "chess", "--set", "-boards=1", "--variants=a"}},
		{[]string{"run", "coroutines", "--predict", "-json"}, []string{"run", "coroutines", "--predict", "-json"}},
		{[]string{"run", "chess", "-bogus", "-x", "-", "--", "-json"}, []string{"run", "chess", "-bogus", "-x", "-", "--", "-json"}},
		{[]string{"reset", "chess", "--y", "-yes"}, []string{"reset", "chess", "-y", "--yes"}},
		{[]string{"serve", "-delay=1s", "-h"}, []string{"serve", "--delay=1s", "-h"}},
		{[]string{"-version"}, []string{"--version"}},
		{[]string{"challenge", "-json", "play", "x", "-schedule", "1"}, []string{"challenge", "--json", "play", "x", "--schedule", "1"}},
	}
	for _, tt := range tests {
		got := normalizeArgs(newRoot(Env{}), tt.args)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("normalizeArgs(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

// TestSingleDashFlagsRun: -set and -json run as --set and --json do.
func TestSingleDashFlagsRun(t *testing.T) {
	_, want, _ := mainIn("run", "chess", "--set", "boards=2", "--variant", "concurrent", "--json")
	code, got, errs := mainIn("run", "chess", "-set", "boards=2", "-variant=concurrent", "---json")
	if code != ExitOK || got != want || want == "" {
		t.Errorf("run chess -set boards=2 -variant=concurrent ---json = %d, stderr %q; output the same as with two dashes: %v", code, errs, got == want)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		s, indent string
		width     int
		want      string
	}{
		{"short", "  ", 10, "short"},
		{"one two three four five", "  ", 10, "one two\n  three\n  four\n  five"},
		{"  lead and then some words", "    ", 14, "  lead and\n    then some\n    words"},
		{"a verylongwordthatdoesnotfit b", "", 10, "a\nverylongwordthatdoesnotfit\nb"},
		{"✓ passed: über-größe words here", "  ", 16, "✓ passed: über-\n  größe words\n  here"},
		{"", "  ", 10, ""},
	}
	for _, tt := range tests {
		if got := wrap(tt.s, tt.indent, tt.width); got != tt.want {
			t.Errorf("wrap(%q, %q, %d) = %q, want %q", tt.s, tt.indent, tt.width, got, tt.want)
		}
		for _, line := range strings.Split(wrap(tt.s, tt.indent, tt.width), "\n") {
			if n := ansi.StringWidth(line); n > tt.width && !strings.Contains(line, "verylong") {
				t.Errorf("wrap(%q, %q, %d) has a line of %d cells: %q", tt.s, tt.indent, tt.width, n, line)
			}
		}
	}
}
