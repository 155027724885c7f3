package labs

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"conclab/labs/trace"
)

// Tolerance is how far a guessed number may be from the truth and still
// count as right: 10 % of the truth (|guess - truth| <= 0.1 × truth), so a
// guess of 1h for 1:00:55 is right and 2h is not; a truth of 0 wants 0.
const Tolerance = 0.10

// Fact is a fact of a run, beside its total, that a learner can guess
// before the lanes play (a count: frames drawn, updates lost, goroutines
// leaked; or a word: which line comes first). A lab declares the facts
// that teach it (Lab.Facts); front ends ask for them and judge them with
// Judge, never naming a lab.
type Fact struct {
	// Name is the fact's key in Result.Facts, and what the CLI types after
	// the variant: --predict VARIANT.NAME=VALUE.
	Name string
	// Question asks for it, in a few words ("frames drawn").
	Question string
	// Word makes the fact a word judged exactly (case aside); else it is a
	// count judged within Tolerance.
	Word bool
	// Variants are the variants whose runs have the fact; empty: all of them.
	Variants []string
	// Why is one line saying why the fact is what it is, per variant; the
	// key "" is for a variant not listed. Empty: the variant's Summary.
	Why map[string]string
	// Read returns the fact from a run; nil reads Result.Facts[Name] (a
	// number, a list's length, or a string).
	Read func(Result) (string, bool)
}

// Term is one entry of a lab's glossary: a word the lab uses, and what it
// means there.
type Term struct {
	Word, Meaning string
}

// For reports whether the fact is asked of variant name.
func (f Fact) For(name string) bool {
	return len(f.Variants) == 0 || slices.Contains(f.Variants, name)
}

// read returns the fact's value in a run, as text.
func (f Fact) read(r Result) (string, bool) {
	if f.Read != nil {
		return f.Read(r)
	}
	switch v := r.Facts[f.Name].(type) {
	case int:
		return strconv.Itoa(v), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case []string:
		return strconv.Itoa(len(v)), true
	case string:
		return v, true
	}
	return "", false
}

// Guessable lists what a learner can guess of variant name before it
// plays: its total (Fact zero value, Name "") and the lab's facts asked
// of it. A predict-then-run lab (Lab.Predict) has none: its puzzles are
// predicted line by line.
func (l *Lab) Guessable(name string) []Fact {
	if l.Predict != nil {
		return nil
	}
	out := []Fact{{Question: "total"}}
	for _, f := range l.Facts {
		if f.For(name) {
			out = append(out, f)
		}
	}
	return out
}

// Guess is one of the learner's guesses: of a variant's total (Fact "")
// or of one of its facts, as typed.
type Guess struct {
	Variant, Fact, Value string
}

// Key is how the guess is named on the command line: VARIANT, or VARIANT.FACT.
func (g Guess) Key() string {
	if g.Fact == "" {
		return g.Variant
	}
	return g.Variant + "." + g.Fact
}

// ParseGuesses reads --predict's VARIANT=VALUE[,VARIANT.FACT=VALUE...]
// for lab l: each variant must be one of l's, each fact one it asks of
// that variant, each value one that parses (ParseTotal for a total). The
// error is one line.
func (l *Lab) ParseGuesses(s string) ([]Guess, error) {
	var out []Guess
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("--predict wants VARIANT=VALUE (e.g. %s=1h), got %q", l.VariantNames()[0], part)
		}
		g := Guess{Value: strings.TrimSpace(v)}
		g.Variant, g.Fact, _ = strings.Cut(strings.TrimSpace(k), ".")
		if _, err := l.Variant(g.Variant); err != nil {
			return nil, err
		}
		if err := l.CheckGuess(g); err != nil {
			return nil, err
		}
		if seen[g.Key()] {
			return nil, fmt.Errorf("--predict: %s guessed twice", g.Key())
		}
		seen[g.Key()] = true
		out = append(out, g)
	}
	if len(out) == 0 {
		return nil, errors.New("--predict wants at least one VARIANT=VALUE")
	}
	return out, nil
}

// CheckGuess checks that g names a guessable fact of its variant and that
// its value parses.
func (l *Lab) CheckGuess(g Guess) error {
	for _, f := range l.Guessable(g.Variant) {
		if f.Name != g.Fact {
			continue
		}
		_, err := parseValue(f, g.Value)
		return err
	}
	var names []string
	for _, f := range l.Guessable(g.Variant) {
		names = append(names, Guess{Variant: g.Variant, Fact: f.Name}.Key())
	}
	return fmt.Errorf("%s: nothing to guess called %q (guesses: %s)", l.Name, g.Key(), strings.Join(names, ", "))
}

// parseValue checks a guessed value: a duration for a total, a number for
// a count, anything for a word. It returns the number (seconds for a total).
func parseValue(f Fact, v string) (float64, error) {
	switch {
	case f.Name == "":
		d, err := ParseTotal(v)
		return d.Seconds(), err
	case f.Word:
		return 0, nil
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || n < 0 || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, fmt.Errorf("%s: %q is not a count (a number such as 0, 4 or 30)", f.Question, v)
	}
	return n, nil
}

// ParseTotal reads a guessed total as a learner types it: Go's durations
// (1h, 3655s, 61m, 1h30m, 500ms) or a clock h:mm:ss / m:ss (0:30:25, 1:05).
// A bare number is refused: the unit matters.
func ParseTotal(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0, fmt.Errorf("%q is not a time (h:mm:ss)", s)
		}
		for i, p := range parts {
			n, err := strconv.ParseFloat(p, 64)
			last := i == len(parts)-1
			if err != nil || n < 0 || (i > 0 && n >= 60) || (!last && n != math.Trunc(n)) || math.IsInf(n, 0) {
				return 0, fmt.Errorf("%q is not a time (h:mm:ss)", s)
			}
		}
		return clockTotal(parts)
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return 0, fmt.Errorf("%q needs a unit: 1h, 61m, 3655s or 0:30:25", s)
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration (1h, 61m, 3655s, 500ms or 0:30:25)", s)
	}
	return d, nil
}

// clockTotal sums h:mm:ss, m:ss (parts already checked).
func clockTotal(parts []string) (time.Duration, error) {
	var secs float64
	for _, p := range parts {
		n, _ := strconv.ParseFloat(p, 64)
		secs = secs*60 + n
	}
	return time.Duration(math.Round(secs * float64(time.Second))), nil
}

// Judged is one guess beside the truth. It is plain data, for a front end
// to draw and for the learner's progress to keep.
type Judged struct {
	Guess
	// Question is what was asked ("total", "frames drawn").
	Question string
	// Truth is the run's value, as the front ends show it (a total as
	// h:mm:ss); empty when the run did not have it (it failed).
	Truth string
	// Right: within Tolerance of the truth for a number, equal (case aside) for a word.
	Right bool
	// Off is (guess - truth) / truth for a number (0 when both are 0; +Inf
	// for a guess above a truth of 0); 0 for a word.
	Off float64
	// Why is one line saying why the truth is what it is.
	Why string
}

// Judge compares guesses with the runs of lab l (results by variant
// name), in the guesses' order. A guess of a variant without a result is
// judged wrong with an empty Truth.
func (l *Lab) Judge(guesses []Guess, results map[string]Result) []Judged {
	out := make([]Judged, 0, len(guesses))
	for _, g := range guesses {
		j := Judged{Guess: g}
		var f Fact
		for _, x := range l.Guessable(g.Variant) {
			if x.Name == g.Fact {
				f = x
			}
		}
		j.Question = f.Question
		j.Why = l.why(f, g.Variant)
		r, ok := results[g.Variant]
		if !ok {
			out = append(out, j)
			continue
		}
		var truth float64
		switch {
		case f.Name == "":
			if r.Trace == nil {
				out = append(out, j)
				continue
			}
			j.Truth, truth = trace.Clock(r.Trace.Total), r.Trace.Total.Seconds()
		default:
			v, ok := f.read(r)
			if !ok {
				out = append(out, j)
				continue
			}
			j.Truth = v
			truth, _ = strconv.ParseFloat(v, 64)
		}
		if f.Word {
			j.Right = strings.EqualFold(strings.TrimSpace(g.Value), strings.TrimSpace(j.Truth))
		} else if guess, err := parseValue(f, g.Value); err == nil {
			j.Right, j.Off = Close(guess, truth)
		}
		out = append(out, j)
	}
	return out
}

// Close reports whether guess is within Tolerance of truth, and how far
// off it is, relatively.
func Close(guess, truth float64) (right bool, off float64) {
	if truth == 0 {
		if guess == 0 {
			return true, 0
		}
		return false, math.Inf(1)
	}
	off = (guess - truth) / truth
	return math.Abs(off) <= Tolerance+1e-9, off
}

// why is the line shown beside a judged guess: the fact's Why for the
// variant, else the variant's Why (for a total), else its Summary.
func (l *Lab) why(f Fact, variant string) string {
	if f.Name != "" {
		if w, ok := f.Why[variant]; ok {
			return w
		}
		if w, ok := f.Why[""]; ok {
			return w
		}
	}
	v, err := l.Variant(variant)
	if err != nil {
		return ""
	}
	if v.Why != "" {
		return v.Why
	}
	return v.Summary
}

// Mark is how a judged guess reads: "right", "2.0× too high", "50 % too
// low", "wrong" (a word), "no result".
func (j Judged) Mark() string {
	switch {
	case j.Truth == "":
		return "no result"
	case j.Right:
		return "right"
	case math.IsInf(j.Off, 1):
		return "too high"
	case j.Off > 0:
		if j.Off >= 1 {
			return fmt.Sprintf("%.1f× too high", 1+j.Off)
		}
		return fmt.Sprintf("%.0f %% too high", 100*j.Off)
	case j.Off < 0:
		return fmt.Sprintf("%.0f %% too low", -100*j.Off)
	}
	return "wrong"
}
