package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"conclab/labs"
)

// OpenFunc opens the TUI on lab l prepared as s (main.go gives one that
// starts the TUI when standard input and output are a terminal).
type OpenFunc func(l *labs.Lab, s labs.Setup) error

// errNoTerminal is `conclab open` without a terminal to open in.
var errNoTerminal = errors.New("needs a terminal")

// newOpenCmd is `conclab open LAB [--set k=v ...] [--variant a,b] [--step N]`,
// also reached as `conclab LAB ...`.
func newOpenCmd(env Env) *cobra.Command {
	var oa struct {
		variants []string
		sets     map[string]string
		step     int
		present  bool
	}
	oa.sets = map[string]string{}
	c := &cobra.Command{
		Use:   "open LAB [flags]",
		Short: "open the TUI on a lab, its parameters, lanes and step set (also: conclab LAB ...)",
		Long: `Opens the lab screen of LAB with the parameters, the variants (the lanes) and
the walkthrough step given: a class prepared as a list of commands. Written
without "open" too: conclab chess --set boards=12 --variant concurrent.
Bad input is refused in one line before anything opens; without a terminal
it says so (conclab run prints the same lab as text).`,
		Example: `conclab chess --set boards=12 --variant concurrent
conclab open spinner --variant loop-cpu-yield --set chunk=500ms --step 6`,
		GroupID: groupLabs,
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(args) == 0 || strings.TrimSpace(args[0]) == "":
				return usagef("open needs a lab: conclab open LAB (see conclab list)")
			case len(args) == 1:
				return nil
			}
			return usagef("open takes one lab, got %q and %q (see conclab help open)", args[0], args[1])
		},
		ValidArgsFunction: completeLab,
		RunE: func(_ *cobra.Command, args []string) error {
			l, err := labs.Get(args[0])
			if err != nil {
				return usageError{err.Error()}
			}
			s := labs.Setup{Variants: oa.variants, Set: oa.sets, Step: oa.step}
			if err := CheckSetup(l, s); err != nil {
				return err
			}
			open := env.Open
			if oa.present {
				open = env.Present
			}
			if open == nil {
				return fmt.Errorf("open %s: %w (standard input and output); conclab run %s prints it as text", l.Name, errNoTerminal, l.Name)
			}
			return open(l, s)
		},
	}
	fs := c.Flags()
	addValue(fs, "variant", "a,b", "the lanes: these variants, in this order (default: the lab's usual ones)", func(v string) error {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				oa.variants = append(oa.variants, n)
			}
		}
		if len(oa.variants) == 0 {
			return usagef("--variant needs at least one variant name")
		}
		return nil
	})
	repeatable(addValue(fs, "set", "name=value", "change a parameter, name=value; repeat for several", func(v string) error {
		k, x, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usagef("--set wants name=value, got %q", v)
		}
		oa.sets[strings.TrimSpace(k)] = x
		return nil
	}))
	addValue(fs, "step", "N", "open the walkthrough at step N (from 1)", func(v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 {
			return usagef("--step wants a step number from 1, got %q", v)
		}
		oa.step = n
		return nil
	})
	addSwitch(fs, &oa.present, "present", "", presentUsage)
	_ = c.RegisterFlagCompletionFunc("variant", completeVariant)
	_ = c.RegisterFlagCompletionFunc("set", completeSet)
	return c
}

// CheckSetup checks s against lab l: its variants exist (at most six
// lanes), its parameters resolve, its step is one of the walkthrough's.
// The error is one line.
func CheckSetup(l *labs.Lab, s labs.Setup) error {
	if _, _, err := resolve(l, s.Variants, s.Set); err != nil {
		return err
	}
	if len(s.Variants) > maxLanes {
		return usagef("%s: at most %d variants side by side, got %d", l.Name, maxLanes, len(s.Variants))
	}
	if s.Step < 0 || s.Step > len(l.Steps) {
		return usagef("%s: no step %d (the walkthrough has %d)", l.Name, s.Step, len(l.Steps))
	}
	return nil
}

// maxLanes is how many variants the lab screen shows side by side.
const maxLanes = 6

// isLabName reports whether name is a lab's (and no command's): conclab
// LAB means conclab open LAB.
func isLabName(root *cobra.Command, name string) bool {
	if _, err := labs.Get(name); err != nil {
		return false
	}
	for _, c := range root.Commands() {
		if c.Name() == name || c.HasAlias(name) {
			return false
		}
	}
	return true
}

// ParseCommand parses a walkthrough's command line, `conclab run LAB
// [flags]`, with run's own flags (the parser `conclab run` uses), and
// returns the lab's name and the Setup it asks for; CheckSetup checks it
// against the lab. ParseCommandFor does both for a lab at hand.
// Shell redirections (`< file`) end the words; single and double quotes
// group them. The error is one line.
func ParseCommand(line string) (string, labs.Setup, error) {
	words, err := shellWords(line)
	if err != nil {
		return "", labs.Setup{}, err
	}
	if len(words) < 2 || words[0] != "conclab" || words[1] != "run" {
		return "", labs.Setup{}, fmt.Errorf("%q is not a conclab run command", line)
	}
	var got runArgs
	ran := false
	env := Env{Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader("")}
	c := newRunCmd(env, func(ra runArgs, _ Env) error { got, ran = ra, true; return nil })
	c.SetFlagErrorFunc(flagError)
	c.SilenceErrors, c.SilenceUsage = true, true
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	c.SetArgs(normalizeArgs(c, words[2:]))
	if err := c.Execute(); err != nil {
		return "", labs.Setup{}, fmt.Errorf("%s: %w", line, err)
	}
	if !ran {
		return "", labs.Setup{}, fmt.Errorf("%s: runs nothing", line)
	}
	s := labs.Setup{Variants: got.variants, Set: got.sets, AtStart: got.steps, Output: got.full, Real: got.real}
	if len(s.Set) == 0 {
		s.Set = nil
	}
	if got.all {
		s.Variants = nil
		s.All = true
	}
	return got.lab, s, nil
}

// ParseCommandFor parses line (see ParseCommand) as a command of lab l
// and checks its setup against l; --all-variants becomes l's variants.
func ParseCommandFor(l *labs.Lab, line string) (labs.Setup, error) {
	name, s, err := ParseCommand(line)
	if err != nil {
		return labs.Setup{}, err
	}
	if name != l.Name {
		return labs.Setup{}, fmt.Errorf("%s: a command of lab %s, not %s", line, name, l.Name)
	}
	if s.All {
		s.Variants, s.All = l.VariantNames(), false
	}
	if err := CheckSetup(l, s); err != nil {
		return labs.Setup{}, fmt.Errorf("%s: %w", line, err)
	}
	return s, nil
}

// shellWords splits line as a shell would the simple commands of a
// walkthrough: on blanks, with '...' and "..." (backslash escapes inside
// double quotes kept as written, as conclab's --predict reads them), up to
// a redirection or a pipe.
func shellWords(line string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case ch == ' ' || ch == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case (ch == '<' || ch == '>' || ch == '|') && !inWord:
			return words, nil
		case ch == '\'' || ch == '"':
			j := strings.IndexByte(line[i+1:], ch)
			if j < 0 {
				return nil, fmt.Errorf("%q: a quote is not closed", line)
			}
			w.WriteString(line[i+1 : i+1+j])
			i += j + 1
			inWord = true
		default:
			w.WriteByte(ch)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}
