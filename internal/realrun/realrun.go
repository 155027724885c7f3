// Package realrun runs labs for real: the real variants a lab declares
// (labs.Real) run on the wall clock, each the twin of one of its lab's
// virtual variants (Predicted): run with the same parameters, the virtual
// run is the prediction and the real run the measurement of one
// experiment.
//
// The labs write their real variants' code; this package is their
// environment (labs.RealEnv): the run's Recorder and clock, a slow server
// (internal/slowserver) started in-process on a random loopback port, and
// child processes. A child re-executes the running binary with its own
// GOMAXPROCS and GODEBUG (they are fixed when a Go program starts) and runs
// one of the lab's programs (labs.Real.Programs) instead of its usual main:
// the binary's main (or a test binary's TestMain) calls ChildRequested and
// Child first. The child streams its trace back as JSON lines on its
// standard output. With ChildSpec.Race the child is this package's test
// binary built with the race detector, and what the detector reports
// becomes notes in the trace.
//
// A real run records into a trace.Recorder as it goes: Start returns at once
// and Snapshot shows the run so far, so a front end can redraw a lane while
// it runs; Cancel (or the context given to Start) stops it.
package realrun

import (
	"fmt"
	"slices"
	"strings"

	"conclab/labs"
)

// Variant is one real version of a lab's program: the lab's declaration
// (labs.RealVariant), and the lab. Use Variants or Lookup.
type Variant struct {
	*labs.RealVariant
	// Lab is the lab the variant belongs to.
	Lab *labs.Lab
}

// Labs returns the names of the labs that have real variants, sorted.
func Labs() []string {
	var names []string
	for _, l := range labs.All() {
		if l.Real != nil && len(l.Real.Variants) > 0 {
			names = append(names, l.Name)
		}
	}
	slices.Sort(names)
	return names
}

// Variants returns the real variants of the lab called lab, in order; nil
// when it has none (or there is no such lab). The variants are shared and
// read-only.
func Variants(lab string) []*Variant {
	l, err := labs.Get(lab)
	if err != nil || l.Real == nil {
		return nil
	}
	vs := make([]*Variant, len(l.Real.Variants))
	for i := range l.Real.Variants {
		vs[i] = &Variant{RealVariant: &l.Real.Variants[i], Lab: l}
	}
	return vs
}

// Lookup returns the real variant name of lab, or an error in one line that
// lists what there is.
func Lookup(lab, name string) (*Variant, error) {
	vs := Variants(lab)
	if len(vs) == 0 {
		return nil, fmt.Errorf("%s has no real variants (labs with real runs: %s)", lab, strings.Join(Labs(), ", "))
	}
	names := make([]string, len(vs))
	for i, v := range vs {
		if v.Name == name {
			return v, nil
		}
		names[i] = v.Name
	}
	return nil, fmt.Errorf("%s: unknown real variant %q (real variants: %s)", lab, name, strings.Join(names, ", "))
}

// Check reports, in one line naming the parameter and its range, whether
// values (already valid for the lab) are fit for a real run of v.
func (v *Variant) Check(values labs.Values) error {
	if v.RealVariant.Check == nil {
		return nil
	}
	if err := v.RealVariant.Check(values); err != nil {
		return fmt.Errorf("%s: real %s: %w", v.Lab.Name, v.Name, err)
	}
	return nil
}

// Predict runs the virtual twin of v with the same values: the prediction
// the real run is compared with. It takes the time of a simulation, not of
// the real run.
func Predict(v *Variant, values labs.Values) (labs.Result, error) {
	if v.Predict != nil {
		return v.Predict(values)
	}
	twin, err := v.Lab.Variant(v.Predicted)
	if err != nil {
		return labs.Result{}, err
	}
	return twin.Run(values)
}
