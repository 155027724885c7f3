package cli

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// valueAnnotation is the flag annotation that names a flag's value in the
// plain help ("--set name=value"); fang's help and the man page show the
// usage text alone, which therefore says what the value is too.
const valueAnnotation = "conclab_value"

// switchOn is what pflag hands a switch given without a value: no value
// one could type, so that --json=true is refused as --json=1 is.
const switchOn = "\x00on"

// errNoValue is a switch given a value (--json=yes).
var errNoValue = errors.New("takes no value")

// switchValue is a flag that takes no value: --json, never --json=1.
type switchValue struct{ on *bool }

func (s switchValue) Set(v string) error {
	if v != switchOn {
		return errNoValue
	}
	*s.on = true
	return nil
}

func (s switchValue) String() string {
	if s.on != nil && *s.on {
		return "true"
	}
	return ""
}

func (s switchValue) Type() string { return "bool" }

// addSwitch defines the switch --name (and -short, unless it is "") on fs.
func addSwitch(fs *pflag.FlagSet, on *bool, name, short, usage string) *pflag.Flag {
	f := fs.VarPF(switchValue{on}, name, short, usage)
	f.NoOptDefVal = switchOn
	return f
}

// funcValue is a flag that takes a value and hands it to set, which keeps
// it or refuses it with a usageError that says why.
type funcValue struct {
	set  func(string) error
	typ  string
	text string
}

func (f *funcValue) Set(v string) error {
	if err := f.set(v); err != nil {
		return err
	}
	f.text = v
	return nil
}

func (f *funcValue) String() string { return f.text }
func (f *funcValue) Type() string   { return f.typ }

// addValue defines --name VALUE on fs: set receives each value given (a
// repeated flag calls it again), value names it in the plain help.
func addValue(fs *pflag.FlagSet, name, value, usage string, set func(string) error) *pflag.Flag {
	f := fs.VarPF(&funcValue{set: set, typ: "string"}, name, "", usage)
	_ = fs.SetAnnotation(name, valueAnnotation, []string{value})
	return f
}

// repeatable marks a flag that may be given several times (--set), so that
// completion offers it again.
func repeatable(f *pflag.Flag) {
	if v, ok := f.Value.(*funcValue); ok {
		v.typ = "stringArray"
	}
}

// flagError turns pflag's errors into conclab's one-line messages (exit
// status 2). A value's own refusal is already one.
func flagError(c *cobra.Command, err error) error {
	var ue usageError
	if errors.As(err, &ue) {
		return ue
	}
	see := seeHelp(c)
	var (
		unknown *pflag.NotExistError
		needs   *pflag.ValueRequiredError
		syntax  *pflag.InvalidSyntaxError
		invalid *pflag.InvalidValueError
	)
	switch {
	case errors.As(err, &unknown):
		flag := "--" + unknown.GetSpecifiedName()
		if short := unknown.GetSpecifiedShortnames(); short != "" {
			flag = "-" + short
		}
		guess := ""
		if name := unknown.GetSpecifiedName(); name != "" {
			var names []string
			c.Flags().VisitAll(func(f *pflag.Flag) {
				if !f.Hidden {
					names = append(names, f.Name)
				}
			})
			if s := suggest(name, names); len(s) > 0 {
				for i := range s {
					s[i] = "--" + s[i]
				}
				guess = ": did you mean " + orList(s) + "?"
			}
		}
		return usagef("unknown flag %s%s %s", flag, guess, see)
	case errors.As(err, &needs):
		return usagef("--%s needs a value %s", needs.GetFlag().Name, see)
	case errors.As(err, &syntax):
		return usagef("unknown flag %s %s", syntax.GetSpecifiedFlag(), see)
	case errors.As(err, &invalid) && errors.Is(err, errNoValue):
		return usagef("--%s takes no value", invalid.GetFlag().Name)
	case errors.As(err, &invalid):
		return usagef("--%s %q: %v", invalid.GetFlag().Name, invalid.GetValue(), invalid.Unwrap())
	}
	return usageError{err.Error()}
}

// seeHelp points at the help of c: "(see conclab help run)".
func seeHelp(c *cobra.Command) string {
	if !c.HasParent() {
		return "(see conclab --help)"
	}
	return "(see conclab help " + commandPath(c) + ")"
}

// commandPath is c's path without the program's name: "run", "challenge play".
func commandPath(c *cobra.Command) string {
	return strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
}

// normalizeArgs keeps the grammar conclab always had on top of pflag's:
// a flag may be written with any number of dashes (-json, --json, ---json;
// -y, --y), as Go's flag package and the hand-written parsers allowed. It
// rewrites each flag of the command args name in the form pflag reads, and
// leaves values (the word after a flag that needs one), unknown flags,
// and everything after "--" as they are.
func normalizeArgs(root *cobra.Command, args []string) []string {
	c, _, err := root.Find(args)
	if err != nil {
		return args
	}
	c.InitDefaultHelpFlag()
	fs := c.Flags()
	c.LocalFlags() // merges the parents' persistent flags into fs
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) < 2 || a[0] != '-' {
			out = append(out, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f, dashes := fs.Lookup(name), "--"
		if f == nil && len(name) == 1 {
			f, dashes = fs.ShorthandLookup(name), "-"
		}
		if f == nil || name == "" {
			out = append(out, a)
			continue
		}
		if hasValue {
			out = append(out, dashes+name+"="+value)
			continue
		}
		out = append(out, dashes+name)
		if f.NoOptDefVal == "" && i+1 < len(args) { // its value, whatever it looks like
			i++
			out = append(out, args[i])
		}
	}
	return out
}
