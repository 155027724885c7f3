package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"conclab/internal/realrun"
	"conclab/labs"
	"conclab/labs/trace"
)

// checkFiles refuses --trace, --runtime-trace and --real combinations that
// cannot work, before anything runs.
func checkFiles(ra runArgs) error {
	switch {
	case ra.rtrace != "" && !ra.real:
		return usagef("--runtime-trace records a real run: add --real")
	case ra.real && (ra.predict != "" || ra.reveal):
		return usagef("--real runs real variants; --predict and --reveal are for predict-then-run labs")
	case ra.server != "" && !ra.real:
		return usagef("--server is where real runs send their requests: add --real")
	case ra.trace != "" && ra.trace == ra.rtrace:
		return usagef("--trace and --runtime-trace need two different files (got %s for both)", ra.trace)
	}
	for _, f := range []struct{ flag, path string }{{"--trace", ra.trace}, {"--runtime-trace", ra.rtrace}} {
		if f.path == "" {
			continue
		}
		if st, err := os.Stat(filepath.Dir(f.path)); err != nil || !st.IsDir() {
			return usagef("%s %s: there is no directory %s to write it in", f.flag, f.path, filepath.Dir(f.path))
		}
	}
	return nil
}

// realVariants resolves the real variants names (all of the lab's when
// empty), without duplicates.
func realVariants(l *labs.Lab, names []string) ([]*realrun.Variant, error) {
	if len(realrun.Variants(l.Name)) == 0 {
		_, err := realrun.Lookup(l.Name, "")
		return nil, usageError{err.Error()}
	}
	if len(names) == 0 {
		for _, v := range realrun.Variants(l.Name) {
			names = append(names, v.Name)
		}
	}
	var vs []*realrun.Variant
	seen := map[string]bool{}
	for _, n := range names {
		v, err := realrun.Lookup(l.Name, n)
		if err != nil {
			return nil, usageError{err.Error()}
		}
		if !seen[n] {
			seen[n] = true
			vs = append(vs, v)
		}
	}
	return vs, nil
}

// runReal runs real variants one after the other (ctrl+c stops the run),
// then reports them like virtual runs, with the prediction beside each.
func runReal(l *labs.Lab, ra runArgs, env Env) error {
	vs, err := realVariants(l, ra.variants)
	if err != nil {
		return err
	}
	values, err := l.Resolve(ra.sets)
	if err != nil {
		return usageError{err.Error()}
	}
	for _, v := range vs {
		if err := v.Check(values); err != nil {
			return usageError{err.Error()}
		}
	}
	if ra.rtrace != "" && len(vs) > 1 {
		return usagef("--runtime-trace records one real run: pick one variant with --variant (real variants: %s)", variantNames(vs))
	}
	ctx := env.Context
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	server := ""
	if ra.server != "" {
		if server, err = realrun.CheckServer(ctx, ra.server); err != nil {
			if ctx.Err() != nil {
				return err
			}
			return usageError{err.Error()}
		}
	}
	preds := make([]labs.Result, len(vs))
	var total time.Duration
	for i, v := range vs {
		if preds[i], err = realrun.Predict(v, values); err != nil {
			return err
		}
		total += preds[i].Trace.Total
	}
	fmt.Fprintf(env.Stderr, "%s, about %s (the predictions added up)\n", plural(len(vs), "real run"), spoken(total))
	if server != "" {
		fmt.Fprintf(env.Stderr, "requests go to the conclab serve at %s\n", server)
	}
	runs := make([]Run, 0, len(vs))
	for i, v := range vs {
		pred := preds[i]
		fmt.Fprintf(env.Stderr, "running %s %s for real (predicted %s)...\n", l.Name, v.Name, trace.Clock(pred.Trace.Total))
		r, err := realrun.Start(ctx, v, values, realrun.Options{RuntimeTrace: ra.rtrace, Prediction: &pred, Server: server})
		if err != nil {
			return err
		}
		res, err := r.Wait()
		if err != nil {
			return err
		}
		runs = append(runs, Run{Variant: v.Name, Result: res})
	}
	if err := report(l, values, runs, ra, env); err != nil {
		return err
	}
	if ra.rtrace != "" {
		fmt.Fprintf(env.Stderr, "runtime trace written to %s; open it with: go tool trace %s\n", ra.rtrace, ra.rtrace)
	}
	return nil
}

// addServerFlag is run's --server URL.
func addServerFlag(fs *pflag.FlagSet, to *string) {
	addValue(fs, "server", "URL", "with --real: send the requests to a running conclab serve at URL\n(http://HOST:PORT, as serve prints it) instead of a server of the run's own", func(v string) error {
		if strings.TrimSpace(v) == "" {
			return usagef("--server needs the URL of a running conclab serve, e.g. http://127.0.0.1:8001")
		}
		*to = strings.TrimSpace(v)
		return nil
	})
}

func variantNames(vs []*realrun.Variant) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Name
	}
	return strings.Join(out, ", ")
}

// seconds reads a fact in seconds as a duration (0 when absent).
func seconds(facts map[string]any, key string) time.Duration {
	f, _ := facts[key].(float64)
	// Rounded: 2.006 s is 2005999999.9999998 ns as a float64.
	return time.Duration(math.Round(f * float64(time.Second)))
}

// writeRealText is writeText for real runs: the virtual twin's total
// (predicted), the wall-clock total (measured) and their ratio.
func writeRealText(w io.Writer, l *labs.Lab, values labs.Values, runs []Run, full bool) {
	writeHeader(w, l, values)
	how, server := l.Real.How, ""
	if len(runs) > 0 {
		server, _ = runs[0].Result.Facts[realrun.FactServer].(string)
	}
	if server != "" {
		how = strings.Replace(how, "real HTTP over loopback", "real HTTP", 1)
	}
	fmt.Fprintf(w, "real runs: %s; predicted = the virtual twin, same parameters\n", how)
	if server != "" {
		fmt.Fprintf(w, "requests to the conclab serve at %s (not one of the run's own);\nmax_in_flight and requests count this run's own\n", server)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 3, ' ', 0)
	fmt.Fprintln(tw, "variant\tpredicted\tmeasured\tratio\ttwin\tfacts")
	for _, r := range runs {
		facts := maps.Clone(r.Result.Facts)
		ratio := "-"
		if x, ok := facts[realrun.FactRatio].(float64); ok {
			ratio = fmt.Sprintf("%.2fx", x)
		}
		pred, meas := seconds(facts, realrun.FactPredicted), seconds(facts, realrun.FactMeasured)
		for _, k := range []string{realrun.FactPredicted, realrun.FactMeasured, realrun.FactRatio} {
			delete(facts, k)
		}
		twin := "-"
		if v, err := realrun.Lookup(l.Name, r.Variant); err == nil && v.Predicted != "" {
			twin = v.Predicted
		}
		text := FormatFacts(facts)
		if !r.Result.Complete() {
			text = strings.TrimSpace(r.Result.Incomplete + "; " + text)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Variant, trace.Clock(pred), trace.Clock(meas), ratio, twin, text)
	}
	tw.Flush()
	writeOutputs(w, runs, full)
}

// plural is "1 real run", "4 real runs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// spoken writes a duration as people say it, to the second above a
// minute and to a tenth below: "1 min 26 s", "2 h 5 min", "8.5 s", "0.4 s".
func spoken(d time.Duration) string {
	if d < time.Minute {
		s := strconv.FormatFloat(d.Round(100*time.Millisecond).Seconds(), 'f', -1, 64)
		return s + " s"
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d h", h))
	}
	if m > 0 {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	if s > 0 && h == 0 {
		parts = append(parts, fmt.Sprintf("%d s", s))
	}
	return strings.Join(parts, " ")
}
