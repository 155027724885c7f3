// Package realrun runs labs for real: real goroutines on the wall clock, real
// HTTP over loopback, a real spinner beside a real CPU-bound goroutine, real
// cores. Each real variant is the twin of one of its lab's virtual variants
// (Predicted): run with the same parameters, the virtual run is the
// prediction and the real run the measurement of one experiment.
//
// The flags and checker variants talk net/http to conclab's slow server
// (internal/slowserver), started in-process on a random loopback port for the run;
// every request asks the server, with ?delay= and ?status=, for the delay and
// the status the virtual lab drew for that item, so both runs meet the same
// server. The spinner and parallelism variants re-execute the running binary
// (see Child) with their own GOMAXPROCS and GODEBUG=asyncpreemptoff, since
// those are fixed when a Go program starts, and read its trace back as JSON
// lines on its standard output.
//
// A real run records into a trace.Recorder as it goes: Start returns at once
// and Snapshot shows the run so far, so a front end can redraw a lane while
// it runs; Cancel (or the context given to Start) stops it.
package realrun

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"conclab/labs"
	"conclab/labs/trace"
)

// Variant is one real version of a lab's program. The zero value is not
// usable: the variants are defined by this package (see Variants).
type Variant struct {
	// Lab is the name of the lab the variant belongs to ("flags").
	Lab string
	// Name is the variant's name on the command line ("goroutines").
	Name string
	// Summary is one line: what runs, and what to look for.
	Summary string
	// Source is the Go code that runs, shown to the learner.
	Source string
	// Predicted names the lab's virtual variant that predicts this run (see
	// Predict); empty when the prediction is built by this package (parallel).
	Predicted string

	// workers is the Workers of the recorded trace: 1 when the run has one
	// thread and every running span is on it, 0 when the runtime does not
	// say which thread ran a goroutine.
	workers int
	// check refuses values a real run cannot take (too many items, too long).
	check func(labs.Values) error
	// run runs the variant and records into j.rec.
	run func(j *job) (labs.Result, error)
	// predict, when set, replaces the Predicted virtual variant.
	predict func(labs.Values) (labs.Result, error)
	// child is true when the run happens in a re-executed child process.
	child bool
}

// job is what a variant's run gets: its context, values and recorder.
type job struct {
	ctx    context.Context
	values labs.Values
	rec    *trace.Recorder
	clock  *clock
	// runtimeTrace is the file a child writes its runtime/trace to ("" = none).
	runtimeTrace string
}

// registry holds the real variants by lab, in the order they are listed.
var registry = map[string][]*Variant{}

func register(vs ...*Variant) {
	for _, v := range vs {
		registry[v.Lab] = append(registry[v.Lab], v)
	}
}

// Labs returns the names of the labs that have real variants, sorted.
func Labs() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Variants returns the real variants of the lab called lab, in order; nil
// when it has none. The slice is a copy; the variants are shared and read-only.
func Variants(lab string) []*Variant { return slices.Clone(registry[lab]) }

// Lookup returns the real variant name of lab, or an error in one line that
// lists what there is.
func Lookup(lab, name string) (*Variant, error) {
	vs, ok := registry[lab]
	if !ok {
		return nil, fmt.Errorf("%s has no real variants (labs with real runs: %s)", lab, strings.Join(Labs(), ", "))
	}
	for _, v := range vs {
		if v.Name == name {
			return v, nil
		}
	}
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = v.Name
	}
	return nil, fmt.Errorf("%s: unknown real variant %q (real variants: %s)", lab, name, strings.Join(names, ", "))
}

// Check reports, in one line naming the parameter and its range, whether
// values (already valid for the lab) are fit for a real run of v.
func (v *Variant) Check(values labs.Values) error {
	if v.check == nil {
		return nil
	}
	if err := v.check(values); err != nil {
		return fmt.Errorf("%s: real %s: %w", v.Lab, v.Name, err)
	}
	return nil
}

// Predict runs the virtual twin of v with the same values: the prediction
// the real run is compared with. It takes the time of a simulation, not of
// the real run.
func Predict(v *Variant, values labs.Values) (labs.Result, error) {
	if v.predict != nil {
		return v.predict(values)
	}
	l, err := labs.Get(v.Lab)
	if err != nil {
		return labs.Result{}, err
	}
	twin, err := l.Variant(v.Predicted)
	if err != nil {
		return labs.Result{}, err
	}
	return twin.Run(values)
}
