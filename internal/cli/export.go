package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"conclab/internal/export"
	"conclab/labs"
)

// exportArgs are the pictures and files `run` was asked to write.
type exportArgs struct {
	svg, html, perfetto string
	width               int
}

// any reports whether a picture or file was asked for.
func (ea exportArgs) any() bool { return ea.svg != "" || ea.html != "" || ea.perfetto != "" }

// addExportFlags adds --svg, --html, --perfetto and --width to run's flags.
func addExportFlags(fs *pflag.FlagSet, ea *exportArgs) {
	file := func(name string, to *string) func(string) error {
		return func(v string) error {
			if strings.TrimSpace(v) == "" {
				return usagef("--%s needs a file name", name)
			}
			if v == "-" { // not standard output: the report goes there
				return usagef("--%s needs a file name (- is not standard output here: the report goes there)", name)
			}
			*to = v
			return nil
		}
	}
	addValue(fs, "svg", "FILE", "draw the lanes (same states, colours and legend as the lab screen),\nthe time axis and the totals as an SVG picture in FILE\n(an existing FILE is overwritten)", file("svg", &ea.svg))
	addValue(fs, "html", "FILE", "the same picture in a self-contained HTML page (nothing fetched:\nopens offline), with the legend and the totals as a table\n(an existing FILE is overwritten)", file("html", &ea.html))
	addValue(fs, "perfetto", "FILE", "write the runs as Chrome trace-event JSON (the format of\nchrome://tracing) for ui.perfetto.dev: a process per variant, a thread\nper task, a slice per span, wake-ups as flows from their cause\n(overwritten if it exists)", file("perfetto", &ea.perfetto))
	addValue(fs, "width", "px", fmt.Sprintf("the width of --svg and --html pictures in pixels (default %d; %d..%d)", export.DefaultWidth, export.MinWidth, export.MaxWidth), func(v string) error {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), "px"))
		if err != nil || n < export.MinWidth || n > export.MaxWidth {
			return usagef("--width %q is not a width in pixels from %d to %d", v, export.MinWidth, export.MaxWidth)
		}
		ea.width = n
		return nil
	})
}

// check refuses export files that cannot be written (no such directory,
// a directory in the way, one file asked twice) before anything runs.
func (ea exportArgs) check(ra runArgs) error {
	if ea.width != 0 && ea.svg == "" && ea.html == "" {
		return usagef("--width sizes the --svg and --html pictures: add one of them")
	}
	if ea.any() && ra.predict != "" {
		return usagef("--predict goes alone: run again without it for --svg, --html or --perfetto")
	}
	seen := map[string]string{}
	if ra.trace != "" {
		seen[filepath.Clean(ra.trace)] = "--trace"
	}
	for _, f := range []struct{ flag, path string }{{"--svg", ea.svg}, {"--html", ea.html}, {"--perfetto", ea.perfetto}} {
		if f.path == "" {
			continue
		}
		if other, ok := seen[filepath.Clean(f.path)]; ok {
			return usagef("%s and %s need two different files (got %s for both)", other, f.flag, f.path)
		}
		seen[filepath.Clean(f.path)] = f.flag
		if st, err := os.Stat(filepath.Dir(f.path)); err != nil || !st.IsDir() {
			return usagef("%s %s: there is no directory %s to write it in", f.flag, f.path, filepath.Dir(f.path))
		}
		if st, err := os.Stat(f.path); err == nil && st.IsDir() {
			return usagef("%s %s: that is a directory, not a file", f.flag, f.path)
		}
	}
	return nil
}

// picture is what the export files show of runs: the lab, its parameters,
// and per run its lane with the speedup and facts `run` prints.
func picture(l *labs.Lab, values labs.Values, runs []Run) export.Picture {
	var params []string
	for _, p := range l.Params {
		params = append(params, p.Show(values))
	}
	p := export.Picture{Title: l.Name + " — " + l.Title, Params: strings.Join(params, " ")}
	names := make([]string, len(runs))
	results := make([]labs.Result, len(runs))
	for i, r := range runs {
		names[i], results[i] = r.Variant, r.Result
	}
	bases := labs.Baselines(l.Works(names), results)
	for i, r := range runs {
		lane := export.Lane{Variant: r.Variant, Result: r.Result, Speedup: "-", Facts: FormatFacts(r.Result.Facts)}
		if v, err := l.Variant(r.Variant); err == nil {
			lane.Summary = v.Summary
		}
		if b := bases[i]; b >= 0 {
			lane.Speedup = Speedup(runs[b].Result.Trace.Total, r.Result.Trace.Total)
		}
		p.Lanes = append(p.Lanes, lane)
	}
	return p
}

// writeExports writes the files ea asks for, from runs that kept their
// whole traces, and says on stderr where each went. A file that cannot be
// written is one line and exit status 2, like a directory that is missing.
func writeExports(ea exportArgs, l *labs.Lab, values labs.Values, runs []Run, stderr io.Writer) error {
	if !ea.any() {
		return nil
	}
	p := picture(l, values, runs)
	o := export.Options{Width: ea.width}
	for _, f := range []struct {
		flag, path, what string
		write            func(io.Writer) error
	}{
		{"--svg", ea.svg, "picture", func(w io.Writer) error { return export.WriteSVG(w, p, o) }},
		{"--html", ea.html, "page", func(w io.Writer) error { return export.WriteHTML(w, p, o) }},
		{"--perfetto", ea.perfetto, "trace-event JSON (for ui.perfetto.dev)", func(w io.Writer) error { return export.WritePerfetto(w, p) }},
	} {
		if f.path == "" {
			continue
		}
		if err := writeFile(f.path, f.write); err != nil {
			return usagef("%s %s: %v", f.flag, f.path, err)
		}
		fmt.Fprintf(stderr, "%s written to %s\n", f.what, f.path)
	}
	return nil
}

// writeFile writes a file with write: into a new file next to path,
// renamed to path when all went well, so that a failed write leaves what
// was at path as it was.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return unwrapPath(err)
	}
	err = write(f)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = unwrapLink(os.Rename(f.Name(), path))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// unwrapLink drops the paths from an *os.LinkError (a rename's).
func unwrapLink(err error) error {
	if le, ok := err.(*os.LinkError); ok {
		return le.Err
	}
	return err
}

// unwrapPath drops the path from an *os.PathError: the message names the file already.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
