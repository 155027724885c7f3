package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"conclab/labs"
	"conclab/labs/trace"
)

// runVirtual runs the variants one at a time and writes each one out (its
// JSON, its steps, its --trace file) before the next one runs, so that the
// largest run holds one variant's trace at a time, never the text of its
// output. The text report needs every total before its first line: it
// keeps each variant's totals, facts, output lines and warnings, and lets
// the rest of the trace go.
//
// A variant that fails stops the output where it is, with the error (exit
// status 1).
func runVirtual(l *labs.Lab, values labs.Values, vs []*labs.Variant, ra runArgs, env Env) error {
	out := bufio.NewWriterSize(env.Stdout, 64<<10)
	var rep *jsonReport
	if ra.json {
		rep = startJSON(out, l, values, false)
	}
	var kept, whole []Run // whole: the runs with their traces, for --svg, --html, --perfetto
	for _, v := range vs {
		r, err := runOne(l, v, values)
		if err != nil {
			out.Flush()
			return err
		}
		if ra.trace != "" {
			if err := writeTrace(ra.trace, r, len(vs) > 1, env.Stderr); err != nil {
				out.Flush()
				return err
			}
		}
		if ra.export.any() {
			whole = append(whole, r)
		}
		switch {
		case ra.json:
			rep.variant(r)
		case ra.steps:
			fmt.Fprintf(out, "== %s ==\n", r.Variant)
			WriteSteps(out, r.Result.Trace)
		default:
			kept = append(kept, slim(r))
		}
	}
	if err := writeExports(ra.export, l, values, whole, env.Stderr); err != nil {
		out.Flush()
		return err
	}
	switch {
	case ra.json:
		if err := rep.end(); err != nil {
			return err
		}
	case ra.steps:
	case ra.reveal:
		writeRevealed(out, l, kept)
	default:
		writeText(out, l, values, kept, ra.full)
	}
	return out.Flush()
}

// slim keeps what the text report shows of a run: its total, output lines,
// warnings and facts.
func slim(r Run) Run {
	tr := r.Result.Trace
	r.Result.Trace = &trace.Trace{Total: tr.Total, Workers: tr.Workers, Output: tr.Output, Warnings: tr.Warnings}
	return r
}

// jsonReport writes the object `run --json` prints, one variant at a time:
//
//	{"lab": NAME, "real": true (real runs only), "params": {NAME: VALUE},
//	 "variants": [{"name": NAME, "total_seconds": S, "output": [LINE],
//	 "facts": {...} (when there are any), "incomplete": WHY (when the run
//	 did not do all its work, see labs.Result), "trace": TRACE}]}
//
// followed by a newline, byte for byte what encoding/json wrote for it
// before it was streamed (see the goldens under testdata/run).
type jsonReport struct {
	w *trace.JSONWriter
	n int
}

func startJSON(w io.Writer, l *labs.Lab, values labs.Values, real bool) *jsonReport {
	rep := &jsonReport{w: trace.NewJSONWriter(w)}
	rep.w.Raw(`{"lab":`)
	rep.w.String(l.Name)
	if real {
		rep.w.Raw(`,"real":true`)
	}
	rep.w.Raw(`,"params":`)
	rep.w.Value(values.JSON())
	rep.w.Raw(`,"variants":[`)
	return rep
}

func (rep *jsonReport) variant(r Run) {
	w, tr := rep.w, r.Result.Trace
	if rep.n > 0 {
		w.Raw(",")
	}
	rep.n++
	w.Raw(`{"name":`)
	w.String(r.Variant)
	w.Raw(`,"total_seconds":`)
	w.Seconds(tr.Total)
	w.Raw(`,"output":`)
	w.Lines(tr.Output)
	if len(r.Result.Facts) > 0 {
		w.Raw(`,"facts":`)
		w.Value(r.Result.Facts)
	}
	if r.Result.Incomplete != "" {
		w.Raw(`,"incomplete":`)
		w.String(r.Result.Incomplete)
	}
	w.Raw(`,"trace":`)
	w.Trace(tr)
	w.Raw("}")
}

func (rep *jsonReport) end() error {
	rep.w.Raw("]}\n")
	return rep.w.Flush()
}

// writeJSON writes runs that have all run already (real runs) as --json.
func writeJSON(w io.Writer, l *labs.Lab, values labs.Values, runs []Run, real bool) error {
	rep := startJSON(w, l, values, real)
	for _, r := range runs {
		rep.variant(r)
	}
	return rep.end()
}

// writeTraces writes each run's trace as JSON (see writeTrace).
func writeTraces(path string, runs []Run, stderr io.Writer) error {
	for _, r := range runs {
		if err := writeTrace(path, r, len(runs) > 1, stderr); err != nil {
			return err
		}
	}
	return nil
}

// writeTrace writes r's trace as JSON (trace.Encode's bytes, and a newline),
// streamed to the file: to path for one run; for one of several, to path
// with "-variant" before its extension (out.json: out-sequential.json,
// out-goroutines.json ...). It says where on stderr.
func writeTrace(path string, r Run, several bool, stderr io.Writer) error {
	p := path
	if several {
		ext := filepath.Ext(path)
		p = strings.TrimSuffix(path, ext) + "-" + r.Variant + ext
	}
	f, err := os.Create(p)
	if err != nil {
		return fmt.Errorf("--trace: %w", err)
	}
	w := trace.NewJSONWriter(f)
	w.Trace(r.Result.Trace)
	w.Raw("\n")
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("--trace: %s: %w", r.Variant, err)
	}
	fmt.Fprintf(stderr, "trace of %s written to %s\n", r.Variant, p)
	return nil
}
