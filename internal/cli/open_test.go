package cli_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"conclab/internal/cli"
	"conclab/labs"
)

// TestWalkthroughCommandsAreSetups: every `conclab run` command of every
// lab's walkthrough, step by step, parses with run's own flags into a
// setup that is valid for that lab (its variants exist, its parameters
// resolve), so that enter on the lab screen can apply it.
func TestWalkthroughCommandsAreSetups(t *testing.T) {
	total := 0
	for _, l := range labs.All() {
		for i, st := range l.Steps {
			for _, cmd := range st.Commands {
				total++
				if _, err := cli.ParseCommandFor(l, cmd); err != nil {
					t.Errorf("%s step %d (%s): ParseCommandFor(%q) = %v", l.Name, i+1, st.Title, cmd, err)
				}
			}
		}
	}
	if total < 60 {
		t.Errorf("the walkthroughs give %d commands in code blocks, want at least 60 (ParseSteps lost them?)", total)
	}
}

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string // the lab and the setup, or the error's start
	}{
		{"conclab run spinner --variant loop-cpu-yield --set chunk=500ms", "spinner {Variants:[loop-cpu-yield] Set:map[chunk:500ms] Step:0 AtStart:false Output:false Real:false All:false}"},
		{"conclab run chess", "chess {Variants:[] Set:map[] Step:0 AtStart:false Output:false Real:false All:false}"},
		{"conclab run eventloop --variant toy,blocking --steps", "eventloop {Variants:[toy blocking] Set:map[] Step:0 AtStart:true Output:false Real:false All:false}"},
		{"conclab run checker -real -variant=racy-tally", "checker {Variants:[racy-tally] Set:map[] Step:0 AtStart:false Output:false Real:true All:false}"},
		{`conclab run coroutines --variant buffered --predict "len 2 cap 3\ngot 1"`, "coroutines {Variants:[buffered] Set:map[] Step:0 AtStart:false Output:false Real:false All:false}"},
		{"conclab run coroutines --variant buffered --predict - < guess.txt", "coroutines {Variants:[buffered] Set:map[] Step:0 AtStart:false Output:false Real:false All:false}"},
		{"conclab run chess --set boards=-1", "error: conclab run chess --set boards=-1: chess: boards = -1 is out of range"},
		{"conclab run chess --variant nope", `error: conclab run chess --variant nope: chess: unknown variant "nope"`},
		{"conclab run chess --sett boards=1", "error: conclab run chess --sett boards=1: unknown flag --sett"},
		{"conclab list", `error: "conclab list" is not a conclab run command`},
		{`conclab run coroutines --predict "oops`, "error: "},
	} {
		got := ""
		name, s, err := cli.ParseCommand(tc.line)
		if err == nil {
			l, lerr := labs.Get(name)
			if lerr != nil {
				t.Fatal(lerr)
			}
			s, err = cli.ParseCommandFor(l, tc.line)
		}
		if err != nil {
			got = "error: " + err.Error()
		} else {
			got = fmt.Sprintf("%s %+v", name, s)
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("ParseCommand(%q) = %s, want %s", tc.line, got, tc.want)
		}
	}
}

// TestOpen: `conclab LAB` and `conclab open LAB` hand the lab and its
// setup to the TUI; bad input gets one line, exit status 2, and opens
// nothing; without a terminal (no Open) conclab says so.
func TestOpen(t *testing.T) {
	for _, tc := range []struct {
		args     string
		code     int
		opened   string
		stderrIs string
	}{
		{"chess --set boards=12 --variant concurrent", 0, "chess {Variants:[concurrent] Set:map[boards:12] Step:0 AtStart:false Output:false Real:false All:false}", ""},
		{"open spinner -variant loop-cpu-yield -set chunk=500ms --step 6", 0, "spinner {Variants:[loop-cpu-yield] Set:map[chunk:500ms] Step:6 AtStart:false Output:false Real:false All:false}", ""},
		{"gil", 0, "gil {Variants:[] Set:map[] Step:0 AtStart:false Output:false Real:false All:false}", ""},
		{"chess --set boards=-1", 2, "", "conclab: chess: boards = -1 is out of range (allowed: 1..10000)\n"},
		{"chess --step 99", 2, "", "conclab: chess: no step 99 (the walkthrough has 6)\n"},
		{"chess --step 0", 2, "", "conclab: --step wants a step number from 1, got \"0\"\n"},
		{"chess --variant nope", 2, "", "conclab: chess: unknown variant \"nope\" (variants: sequential, concurrent, two-masters)\n"},
		{"chess --variant a,b,c,d,e,f,g", 2, "", "conclab: chess: unknown variant \"a\" (variants: sequential, concurrent, two-masters)\n"},
		{"chess extra", 2, "", "conclab: open takes one lab, got \"chess\" and \"extra\" (see conclab help open)\n"},
		{"open nolab", 2, "", "conclab: unknown lab \"nolab\" (labs: "},
		{"chess --sett x=1", 2, "", "conclab: unknown flag --sett: did you mean --set? (see conclab help open)\n"},
	} {
		opened := ""
		var stdout, stderr bytes.Buffer
		env := cli.Env{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""), Open: func(l *labs.Lab, s labs.Setup) error {
			opened = fmt.Sprintf("%s %+v", l.Name, s)
			return nil
		}}
		code := cli.Main(strings.Fields(tc.args), env)
		if code != tc.code || opened != tc.opened || !strings.HasPrefix(stderr.String(), tc.stderrIs) || tc.stderrIs == "" && stderr.Len() > 0 {
			t.Errorf("Main(%s) = %d, opened %q, stderr %q; want %d, %q, %q", tc.args, code, opened, stderr.String(), tc.code, tc.opened, tc.stderrIs)
		}
		if strings.Count(stderr.String(), "\n") > 1 {
			t.Errorf("Main(%s) wrote %d lines to stderr, want one", tc.args, strings.Count(stderr.String(), "\n"))
		}
	}
	code, _, stderr := run("chess", "--set", "boards=12")
	if code != 1 || stderr != "conclab: open chess: needs a terminal (standard input and output); conclab run chess prints it as text\n" {
		t.Errorf("Main(chess --set boards=12) without a terminal = %d, %q", code, stderr)
	}
}
