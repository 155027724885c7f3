package cli

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"conclab/internal/realrun"
	"conclab/labs"
)

// Usage is the top-level help as plain text: what `conclab help` prints
// when its output is not a terminal.
func Usage() string {
	var b bytes.Buffer
	writeHelp(&b, newRoot(Env{Stdout: &b, Stderr: &b}))
	return b.String()
}

// entryWidth is the column where the description of a command or an
// example starts in the plain help (after two spaces of indent); a longer
// entry puts its description on the next line.
const entryWidth = 33

// writeHelp writes c's help as plain text, from c's definition: its Use,
// Long (or Short), commands, flags and examples. In a terminal fang styles
// the same definitions instead.
func writeHelp(w io.Writer, c *cobra.Command) {
	if c.HasParent() {
		fmt.Fprintf(w, "Usage: %s\n\n", c.UseLine())
	}
	fmt.Fprintf(w, "%s\n", strings.TrimRight(cmpOr(c.Long, c.Short), "\n"))
	if c.HasParent() {
		writeCommands(w, "Commands", c, c.Commands())
	} else {
		writeGroups(w, c)
	}
	writeFlags(w, c)
	heading := "Examples"
	if !c.HasParent() {
		heading = "Start with"
	}
	writeExamples(w, heading, c.Example)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// writeGroups lists the root's commands by group, the bare command first.
func writeGroups(w io.Writer, root *cobra.Command) {
	for i, g := range root.Groups() {
		var cmds []*cobra.Command
		for _, sub := range root.Commands() {
			if sub.GroupID == g.ID {
				cmds = append(cmds, sub)
			}
		}
		bare := ""
		if i == 0 {
			bare = root.Annotations[bareAnnotation]
		}
		if bare == "" && !anyAvailable(cmds) {
			continue
		}
		fmt.Fprintf(w, "\n%s:\n", g.Title)
		if bare != "" {
			writeEntry(w, root.Name(), bare)
		}
		for _, sub := range cmds {
			if !available(sub) {
				continue
			}
			if sub.Annotations[expandAnnotation] == "" {
				writeEntry(w, root.Name()+" "+sub.Use, sub.Short)
				continue
			}
			for _, leaf := range sub.Commands() {
				if available(leaf) {
					writeEntry(w, leaf.UseLine(), leaf.Short)
				}
			}
		}
	}
}

// writeCommands lists cmds (c's subcommands) under heading.
func writeCommands(w io.Writer, heading string, c *cobra.Command, cmds []*cobra.Command) {
	if !anyAvailable(cmds) {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", heading)
	for _, sub := range cmds {
		if available(sub) {
			writeEntry(w, sub.UseLine(), sub.Short)
		}
	}
}

// available tells whether help lists c: not hidden (help itself is listed).
func available(c *cobra.Command) bool {
	return c.IsAvailableCommand() || c.Name() == "help" && !c.Hidden
}

func anyAvailable(cmds []*cobra.Command) bool {
	for _, c := range cmds {
		if available(c) {
			return true
		}
	}
	return false
}

// writeEntry writes "  entry   description", the description in the
// column entryWidth, or on the next line when entry reaches it.
func writeEntry(w io.Writer, entry, desc string) {
	if len([]rune(entry)) >= entryWidth-1 {
		fmt.Fprintf(w, "  %s\n  %s%s\n", entry, strings.Repeat(" ", entryWidth), desc)
		return
	}
	fmt.Fprintf(w, "  %-*s%s\n", entryWidth, entry, desc)
}

// writeFlags lists c's flags, then those it inherits, but help and the
// hidden ones: "--set name=value" and the usage, each line of it in the
// column after the longest flag.
func writeFlags(w io.Writer, c *cobra.Command) {
	type row struct{ flag, usage string }
	var rows []row
	add := func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" || (f.Name == "version" && c.HasParent()) {
			return
		}
		name := "--" + f.Name
		if f.Shorthand != "" {
			name = "-" + f.Shorthand + ", " + name
		}
		if v := f.Annotations[valueAnnotation]; len(v) > 0 {
			name += " " + v[0]
		}
		rows = append(rows, row{name, f.Usage})
	}
	c.LocalFlags().VisitAll(add)
	c.InheritedFlags().VisitAll(add)
	if len(rows) == 0 {
		return
	}
	width := 0
	for _, r := range rows {
		width = max(width, len([]rune(r.flag)))
	}
	fmt.Fprintln(w, "\nFlags:")
	for _, r := range rows {
		lines := strings.Split(r.usage, "\n")
		fmt.Fprintf(w, "  %-*s  %s\n", width, r.flag, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "  %-*s  %s\n", width, "", l)
		}
	}
}

// writeExamples writes the examples under heading; an example's "# comment"
// line goes beside the command that follows it.
func writeExamples(w io.Writer, heading, examples string) {
	if strings.TrimSpace(examples) == "" {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", heading)
	comment := ""
	for _, line := range strings.Split(strings.TrimSpace(examples), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "# "):
			comment = strings.TrimPrefix(line, "# ")
		case comment != "":
			writeEntry(w, line, comment)
			comment = ""
		default:
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
}

func newHelpCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND|LAB]",
		Short: "a command's flags, or a lab's parameters, variants and walkthrough",
		Long: `Shows the help of a command (conclab help run: its flags; conclab help
challenge play), or describes a lab: its parameters with their defaults and
ranges, its variants, its real runs and the steps of its walkthrough.`,
		Example:           "conclab help run\nconclab help chess",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeHelp,
		RunE: func(c *cobra.Command, args []string) error {
			return help(c.Root(), args, env)
		},
	}
}

// help shows the help of the command args name, or of the lab args[0].
func help(root *cobra.Command, args []string, env Env) error {
	if len(args) == 0 {
		return root.Help()
	}
	if c, rest, err := root.Find(args); err == nil && c != root && len(rest) == 0 {
		c.InitDefaultHelpFlag()
		return c.Help()
	}
	if len(args) > 1 {
		return usagef("help takes one topic, got %q: conclab help [COMMAND|LAB]", strings.Join(args, " "))
	}
	l, err := labs.Get(args[0])
	if err != nil {
		return usagef("no help for %q (commands: %s; labs: %s)", args[0], strings.Join(commandNames(root, "help"), ", "), strings.Join(labNames(), ", "))
	}
	_, err = fmt.Fprint(env.Stdout, LabHelp(l))
	return err
}

func labNames() []string {
	var names []string
	for _, l := range labs.All() {
		names = append(names, l.Name)
	}
	return names
}

func newListCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "the labs, with what each one shows",
		Long:    "Lists the labs with a one-line summary of what each one shows.",
		GroupID: groupLabs,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 1 && args[0] == "help" { // conclab list help, as before
				return nil
			}
			return noArgs(c, args)
		},
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return c.Help()
			}
			return list(env)
		},
	}
}

func list(env Env) error {
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, l := range labs.All() {
		fmt.Fprintf(w, "%s\t%s\n", l.Name, l.Summary)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "\nRun one: conclab run LAB    Learn more: conclab help LAB")
	return nil
}

// LabHelp describes a lab: summary, parameters with defaults and ranges,
// variants, and the titles of its walkthrough steps.
func LabHelp(l *labs.Lab) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n%s\n\n", l.Name, l.Title, l.Summary)
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	if len(l.Params) > 0 {
		fmt.Fprintln(&b, "Parameters (--set name=value):")
		for _, p := range l.Params {
			fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", p.Name, p.Default, p.Range(), p.Help)
		}
		w.Flush()
		fmt.Fprintln(&b)
	}
	fmt.Fprintln(&b, "Variants (--variant a,b):")
	def := map[string]bool{}
	for _, n := range l.DefaultVariants() {
		def[n] = true
	}
	for _, v := range l.Variants {
		mark := " "
		if def[v.Name] {
			mark = "*"
		}
		fmt.Fprintf(w, " %s%s\t%s\n", mark, v.Name, v.Summary)
	}
	w.Flush()
	fmt.Fprintln(&b, "  (* run by default)")
	if rv := realrun.Variants(l.Name); len(rv) > 0 {
		fmt.Fprintln(&b, "\nReal runs (--real: real goroutines, real time; each beside its prediction):")
		for _, v := range rv {
			pred := ""
			if v.Predicted != "" {
				pred = " (predicted by " + v.Predicted + ")"
			}
			fmt.Fprintf(w, "  %s\t%s%s\n", v.Name, v.Summary, pred)
		}
		w.Flush()
	}
	if len(l.Steps) > 0 {
		fmt.Fprintln(&b, "\nWalkthrough:")
		for i, s := range l.Steps {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, s.Title)
		}
	}
	return b.String()
}
