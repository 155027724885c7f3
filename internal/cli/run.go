package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"conclab/labs"
	"conclab/labs/trace"
)

// runArgs are the parsed arguments of `conclab run`.
type runArgs struct {
	lab      string
	variants []string
	all      bool
	sets     map[string]string
	json     bool
	steps    bool
	full     bool
	predict  string     // --predict TEXT, or "-" for stdin
	reveal   bool       // show a predict-then-run lab's output without a prediction
	real     bool       // run the real variants (internal/realrun) instead of the virtual ones
	trace    string     // --trace FILE: write the trace(s) as JSON
	rtrace   string     // --runtime-trace FILE: a runtime/trace of one real run
	export   exportArgs // --svg, --html, --perfetto, --width (export.go)
	server   string     // --server URL: a running conclab serve for the real runs
}

// newRunCmd is `conclab run LAB [flags]`; act runs what it parsed.
func newRunCmd(env Env, act func(runArgs, Env) error) *cobra.Command {
	ra := runArgs{sets: map[string]string{}}
	c := &cobra.Command{
		Use:   "run LAB [flags]",
		Short: "run a lab's variants and compare them",
		Long: `Runs the lab's variants on a virtual clock and prints a comparison table
(variant, total time as h:mm:ss, speedup over the first run that did the
same work in full: none for a run that gave up, lost work or deadlocked,
nor between variants that do different work) and each variant's
output lines, stamped with the virtual time.`,
		Example: `conclab run chess
conclab run chess --set boards=12 --variant concurrent
conclab run chess --variant sequential,concurrent,two-masters --json
conclab run chess --predict sequential=12h,concurrent=1h
conclab run flags --svg flags.svg --html flags.html --perfetto flags.json
conclab run flags --real --set count=100

conclab run flags --real --server http://192.168.1.10:8001`,
		GroupID: groupLabs,
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(args) == 0 || strings.TrimSpace(args[0]) == "":
				return usagef("run needs a lab: conclab run LAB (see conclab list)")
			case len(args) == 1:
				return nil
			}
			return usagef("run takes one lab, got %q and %q (see conclab help run)", args[0], args[1])
		},
		ValidArgsFunction: completeLab,
		RunE: func(_ *cobra.Command, args []string) error {
			ra.lab = args[0]
			if err := ra.check(); err != nil {
				return err
			}
			return act(ra, env)
		},
	}
	fs := c.Flags()
	fs.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "variants" {
			name = "variant"
		}
		return pflag.NormalizedName(name)
	})
	addValue(fs, "variant", "a,b", "the variants to run, in this order, as a,b (default: the lab's usual pair)", func(v string) error {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				ra.variants = append(ra.variants, n)
			}
		}
		if len(ra.variants) == 0 {
			return usagef("--variant needs at least one variant name")
		}
		return nil
	})
	addSwitch(fs, &ra.all, "all-variants", "", "run every variant")
	repeatable(addValue(fs, "set", "name=value", "change a parameter, name=value; repeat for several (durations in Go syntax: 5s, 700ms)", func(v string) error {
		k, x, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usagef("--set wants name=value, got %q", v)
		}
		ra.sets[strings.TrimSpace(k)] = x
		return nil
	}))
	addSwitch(fs, &ra.json, "json", "", "print one JSON object: lab, params, and per variant its total,\noutput lines, facts and full trace")
	addSwitch(fs, &ra.steps, "steps", "", "print the run event by event (time, event, task, what woke it; queues where recorded)")
	addSwitch(fs, &ra.full, "full", "", "print every output line (by default long outputs are cut)")
	addValue(fs, "predict", "TEXT", "guess before you run: VARIANT=VALUE[,VARIANT.FACT=VALUE] (chess:\nconcurrent=1h; totals as 1h, 61m, 3655s or 0:30:25; right within 10 %);\nexits 1 unless every guess is right. On predict-then-run labs\n(coroutines): one variant's output, lines separated by \\n, or - for stdin", func(v string) error {
		if strings.TrimSpace(v) == "" {
			return usagef("--predict needs the lines you expect (or - to read them from standard input)")
		}
		ra.predict = v
		return nil
	})
	addSwitch(fs, &ra.reveal, "reveal", "", "for predict-then-run labs: show the output without predicting")
	addSwitch(fs, &ra.real, "real", "", "run the real variants (flags, checker, spinner): real goroutines,\nreal HTTP over loopback, the wall clock; the table shows the\nprediction (the virtual twin), the measurement and their ratio")
	fileFlag := func(name string, to *string) func(string) error {
		return func(v string) error {
			if strings.TrimSpace(v) == "" {
				return usagef("--%s needs a file name", name)
			}
			if v == "-" { // not standard output, as for --svg: the report goes there
				return usagef("--%s needs a file name (- is not standard output here: the report goes there)", name)
			}
			*to = v
			return nil
		}
	}
	addValue(fs, "trace", "FILE", "write the trace as JSON to FILE (several variants: FILE-variant.json each)", fileFlag("trace", &ra.trace))
	addValue(fs, "runtime-trace", "FILE", "with --real and one variant: record a runtime/trace in FILE for go tool trace", fileFlag("runtime-trace", &ra.rtrace))
	addExportFlags(fs, &ra.export)
	addServerFlag(fs, &ra.server)
	_ = c.RegisterFlagCompletionFunc("variant", completeVariant)
	_ = c.RegisterFlagCompletionFunc("set", completeSet)
	_ = c.RegisterFlagCompletionFunc("predict", completeGuess)
	return c
}

// check refuses flags that do not go together, and trace files that cannot
// be written, before anything runs.
func (ra runArgs) check() error {
	if ra.json && ra.steps {
		return usagef("--json and --steps do not go together (the JSON holds every event already)")
	}
	if ra.predict != "" && (ra.json || ra.steps || ra.reveal) {
		return usagef("--predict goes alone: it prints the verdict, then the output it judged")
	}
	if err := ra.export.check(ra); err != nil {
		return err
	}
	return checkFiles(ra)
}

// Run is one variant's result, as `run` reports it.
type Run struct {
	Variant string
	Result  labs.Result
}

// Runs resolves the parameters and runs the named variants (the lab's
// defaults when names is empty), in order, and holds every result. The error
// is one line naming the lab, the variant or the parameter at fault. `run`
// itself runs one variant at a time and writes it before the next (see
// runVirtual), so that a large run never holds every trace at once.
func Runs(l *labs.Lab, names []string, sets map[string]string) (labs.Values, []Run, error) {
	values, vs, err := resolve(l, names, sets)
	if err != nil {
		return values, nil, err
	}
	runs := make([]Run, 0, len(vs))
	for _, v := range vs {
		r, err := runOne(l, v, values)
		if err != nil {
			return values, nil, err
		}
		runs = append(runs, r)
	}
	return values, runs, nil
}

// resolve checks the named variants (the lab's defaults when names is
// empty; each once) and the parameters, before anything runs.
func resolve(l *labs.Lab, names []string, sets map[string]string) (labs.Values, []*labs.Variant, error) {
	if len(names) == 0 {
		names = l.DefaultVariants()
	}
	var vs []*labs.Variant
	seen := map[string]bool{}
	for _, n := range names {
		v, err := l.Variant(n)
		if err != nil {
			return labs.Values{}, nil, usageError{err.Error()}
		}
		if !seen[n] {
			seen[n] = true
			vs = append(vs, v)
		}
	}
	values, err := l.Resolve(sets)
	if err != nil {
		return labs.Values{}, nil, usageError{err.Error()}
	}
	return values, vs, nil
}

func runOne(l *labs.Lab, v *labs.Variant, values labs.Values) (Run, error) {
	res, err := v.Run(values)
	if err != nil {
		return Run{}, fmt.Errorf("%s: %s: %w", l.Name, v.Name, err)
	}
	return Run{Variant: v.Name, Result: res}, nil
}

// runLab runs what `conclab run` was asked.
func runLab(ra runArgs, env Env) error {
	l, err := labs.Get(ra.lab)
	if err != nil {
		return usageError{err.Error()}
	}
	if len(ra.sets) > 0 { // every way of running refuses a parameter the lab does not have, even one that runs nothing
		if _, err := l.Resolve(ra.sets); err != nil {
			return usageError{err.Error()}
		}
	}
	if ra.predict != "" {
		return predict(l, ra, env)
	}
	if ra.reveal && l.Predict == nil {
		return usagef("%s has nothing to reveal (--reveal is for predict-then-run labs such as coroutines)", l.Name)
	}
	if ra.real {
		return runReal(l, ra, env)
	}
	names := ra.variants
	if ra.all {
		names = l.VariantNames()
	}
	if l.Predict != nil && !ra.json && !ra.steps && !ra.reveal && !ra.export.any() {
		if len(names) == 0 {
			names = l.DefaultVariants()
		}
		for _, n := range names {
			if _, err := l.Variant(n); err != nil {
				return usageError{err.Error()}
			}
		}
		askFirst(env.Stdout, l, names)
		return nil
	}
	values, vs, err := resolve(l, names, ra.sets)
	if err != nil {
		return err
	}
	return runVirtual(l, values, vs, ra, env)
}

// report prints runs as --json, --steps or text asked, and writes the
// --trace file(s).
func report(l *labs.Lab, values labs.Values, runs []Run, ra runArgs, env Env) error {
	if ra.trace != "" {
		if err := writeTraces(ra.trace, runs, env.Stderr); err != nil {
			return err
		}
	}
	if err := writeExports(ra.export, l, values, runs, env.Stderr); err != nil {
		return err
	}
	switch {
	case ra.json:
		return writeJSON(env.Stdout, l, values, runs, ra.real)
	case ra.steps:
		for _, r := range runs {
			fmt.Fprintf(env.Stdout, "== %s ==\n", r.Variant)
			WriteSteps(env.Stdout, r.Result.Trace)
		}
		return nil
	}
	if ra.real {
		writeRealText(env.Stdout, l, values, runs, ra.full)
		return nil
	}
	if ra.reveal {
		writeRevealed(env.Stdout, l, runs)
		return nil
	}
	writeText(env.Stdout, l, values, runs, ra.full)
	return nil
}

// writeRevealed prints what each puzzle of a predict-then-run lab printed,
// line by line: a puzzle has no clock worth reading, so no totals or times.
func writeRevealed(w io.Writer, l *labs.Lab, runs []Run) {
	fmt.Fprintf(w, "%s — %s\n", l.Name, l.Title)
	for _, r := range runs {
		summary := ""
		if v, err := l.Variant(r.Variant); err == nil {
			summary = ": " + v.Summary
		}
		fmt.Fprintf(w, "\n== %s%s ==\n", r.Variant, summary)
		for i, line := range r.Result.Trace.Output {
			fmt.Fprintf(w, "%4d  %s\n", i+1, line.Text)
		}
	}
}

// maxLines is how many output lines per variant the text report shows without --full.
const maxLines = 40

func writeText(w io.Writer, l *labs.Lab, values labs.Values, runs []Run, full bool) {
	writeHeader(w, l, values)
	tw := tabwriter.NewWriter(w, 0, 4, 3, ' ', 0)
	fmt.Fprintln(tw, "variant\ttotal\tspeedup\tfacts")
	results := make([]labs.Result, len(runs))
	for i, r := range runs {
		results[i] = r.Result
	}
	names := make([]string, len(runs))
	for i, r := range runs {
		names[i] = r.Variant
	}
	bases := labs.Baselines(l.Works(names), results) // a speedup only between runs of the same work
	for i, r := range runs {
		speedup, facts := "-", FormatFacts(r.Result.Facts)
		if b := bases[i]; b >= 0 {
			speedup = Speedup(runs[b].Result.Trace.Total, r.Result.Trace.Total)
		}
		if !r.Result.Complete() {
			facts = strings.TrimSpace(r.Result.Incomplete + "; " + facts)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Variant, trace.Clock(r.Result.Trace.Total), speedup, facts)
	}
	tw.Flush()
	writeOutputs(w, runs, full)
}

// writeHeader prints the lab and its parameters.
func writeHeader(w io.Writer, l *labs.Lab, values labs.Values) {
	var params []string
	for _, p := range l.Params {
		params = append(params, p.Show(values))
	}
	fmt.Fprintf(w, "%s — %s\n", l.Name, l.Title)
	if len(params) > 0 {
		fmt.Fprintf(w, "%s\n", strings.Join(params, " "))
	}
	fmt.Fprintln(w)
}

// writeOutputs prints each run's output lines (the first maxLines unless
// full) and its warnings.
func writeOutputs(w io.Writer, runs []Run, full bool) {
	for _, r := range runs {
		out := r.Result.Trace.Output
		fmt.Fprintf(w, "\n== %s: %d output line(s) ==\n", r.Variant, len(out))
		shown := out
		if !full && len(out) > maxLines {
			shown = out[:maxLines]
		}
		for _, line := range shown {
			fmt.Fprintf(w, "%12s  %-10s %s\n", trace.Clock(line.At), line.Task, line.Text)
		}
		if len(shown) < len(out) {
			fmt.Fprintf(w, "%12s  ... %d more (--full shows all, --json gives everything)\n", "", len(out)-len(shown))
		}
		for _, warn := range r.Result.Trace.Warnings {
			fmt.Fprintf(w, "%12s  warning: %s\n", trace.Clock(warn.At), warn.Text)
		}
	}
}
