package labs

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind is the type of a parameter's value.
type Kind int

const (
	// Int is a whole number: "24".
	Int Kind = iota
	// Duration is Go duration syntax: "5s", "700ms", "1m30s".
	Duration
	// Float is a decimal number: "0.25".
	Float
	// Text is free text checked by the parameter's Validate function ("A=700ms,B=2s").
	Text
)

func (k Kind) String() string {
	switch k {
	case Int:
		return "whole number"
	case Duration:
		return "duration"
	case Float:
		return "number"
	default:
		return "text"
	}
}

// Param is one parameter of a lab. Default, Min and Max are written in the
// syntax of `--set name=value`; Min and Max are inclusive and may be empty
// (no bound).
type Param struct {
	Name     string
	Kind     Kind
	Default  string
	Min, Max string
	Help     string
	// Allowed says in a few words what a Text value may be ("NAME=DELAY, 1 to
	// 26"), for forms, help and errors; Range shows it. Every Text
	// parameter declares it (labs/all TestChecklist).
	Allowed string
	// Variants are the names of the variants the parameter changes; empty
	// means all of them. Forms mark a parameter that changes only some.
	Variants []string
	// Validate checks a Text value (or adds a check to another kind); nil means none.
	Validate func(string) error
	// Empty says, for a parameter whose empty value stands for another one,
	// which one given the other values ("B"); front ends then show
	// "blocker=B (default)" rather than "blocker=". nil: none.
	Empty func(Values) string
}

// Show is name=value as a header shows it: the value as typed, or, when it
// is empty and the parameter says what that stands for, "name=B (default)".
func (p Param) Show(v Values) string {
	text := v.String(p.Name)
	if text == "" && p.Empty != nil {
		if means := p.Empty(v); means != "" {
			return p.Name + "=" + means + " (default)"
		}
	}
	return p.Name + "=" + text
}

// Range says what values are allowed, for errors and forms: "1..10000",
// "0s..1h", a Text parameter's Allowed, "any".
func (p Param) Range() string {
	switch {
	case p.Allowed != "":
		return p.Allowed
	case p.Min != "" && p.Max != "":
		return p.Min + ".." + p.Max
	case p.Min != "":
		return ">= " + p.Min
	case p.Max != "":
		return "<= " + p.Max
	case p.Kind == Text:
		return "any text"
	}
	return "any"
}

// Parse turns text into the parameter's value (int, time.Duration, float64 or
// string) and checks it, with an error that names the parameter and the range.
func (p Param) Parse(text string) (any, error) {
	text = strings.TrimSpace(text)
	v, err := p.parseKind(text)
	if err != nil {
		hint := ""
		if p.Kind == Duration {
			hint = UnitHint(text)
		}
		return nil, fmt.Errorf("%s = %q is not a %s%s (allowed: %s)", p.Name, text, p.Kind, hint, p.Range())
	}
	if p.Min != "" {
		if lo, err := p.parseKind(p.Min); err == nil && less(v, lo) {
			return nil, fmt.Errorf("%s = %s is out of range (allowed: %s)", p.Name, text, p.Range())
		}
	}
	if p.Max != "" {
		if hi, err := p.parseKind(p.Max); err == nil && less(hi, v) {
			return nil, fmt.Errorf("%s = %s is out of range (allowed: %s)", p.Name, text, p.Range())
		}
	}
	if p.Validate != nil {
		if err := p.Validate(text); err != nil {
			return nil, fmt.Errorf("%s = %q: %w", p.Name, text, err)
		}
	}
	return v, nil
}

// UnitHint is what an error about a duration adds when text is a number
// without a unit ("3"): ": durations need a unit, 3s or 700ms"; "" otherwise.
func UnitHint(text string) string {
	if _, err := strconv.ParseFloat(strings.TrimSpace(text), 64); err != nil {
		return ""
	}
	return ": durations need a unit, 3s or 700ms"
}

// Affects reports whether the parameter changes the variant named variant.
func (p Param) Affects(variant string) bool {
	return len(p.Variants) == 0 || slices.Contains(p.Variants, variant)
}

func (p Param) parseKind(text string) (any, error) {
	switch p.Kind {
	case Int:
		n, err := strconv.Atoi(text)
		return n, err
	case Duration:
		return time.ParseDuration(text)
	case Float:
		f, err := strconv.ParseFloat(text, 64)
		if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
			err = fmt.Errorf("not finite")
		}
		return f, err
	default:
		return text, nil
	}
}

func less(a, b any) bool {
	switch a := a.(type) {
	case int:
		return a < b.(int)
	case time.Duration:
		return a < b.(time.Duration)
	case float64:
		return a < b.(float64)
	}
	return false
}

// Values are a lab's validated parameter values. The zero value is empty.
type Values struct {
	m    map[string]any
	text map[string]string
}

// Int returns an Int parameter's value. Like Duration, Float and Text, it
// panics if name is not a parameter of the lab of that kind: a programming
// error, which TestEveryParameterReadExists finds in the source of every
// lab before it runs.
func (v Values) Int(name string) int { return value[int](v, name, Int) }

// Duration returns a Duration parameter's value.
func (v Values) Duration(name string) time.Duration { return value[time.Duration](v, name, Duration) }

// Float returns a Float parameter's value.
func (v Values) Float(name string) float64 { return value[float64](v, name, Float) }

// Text returns a Text parameter's value.
func (v Values) Text(name string) string { return value[string](v, name, Text) }

// value is the value of the parameter name of kind k.
func value[T any](v Values, name string, k Kind) T {
	x, ok := v.m[name].(T)
	if !ok {
		panic(fmt.Sprintf("labs: the lab has no %s parameter %q", k, name))
	}
	return x
}

// String returns any parameter's value as the user would type it ("5s", "24").
func (v Values) String(name string) string { return v.text[name] }

// JSON returns the values for a JSON object: whole numbers and numbers as
// numbers, durations and text as strings ("5s").
func (v Values) JSON() map[string]any {
	out := make(map[string]any, len(v.m))
	for k, x := range v.m {
		switch x := x.(type) {
		case time.Duration:
			out[k] = x.String()
		default:
			out[k] = x
		}
	}
	return out
}

// Names returns the parameters' names, sorted.
func (v Values) Names() []string { return slices.Sorted(maps.Keys(v.m)) }

// Resolve validates sets (name -> text, as typed) against the lab's
// parameters and fills in defaults. The error names the lab, the parameter
// and the allowed range, in one line.
func (l *Lab) Resolve(sets map[string]string) (Values, error) {
	v := Values{m: make(map[string]any, len(l.Params)), text: make(map[string]string, len(l.Params))}
	for _, name := range slices.Sorted(maps.Keys(sets)) {
		if _, ok := l.Param(name); !ok {
			names := make([]string, len(l.Params))
			for i, p := range l.Params {
				names[i] = p.Name
			}
			if len(names) == 0 {
				return Values{}, fmt.Errorf("%s: unknown parameter %q (this lab has no parameters)", l.Name, name)
			}
			return Values{}, fmt.Errorf("%s: unknown parameter %q (parameters: %s)", l.Name, name, strings.Join(names, ", "))
		}
	}
	for _, p := range l.Params {
		text, ok := sets[p.Name]
		if !ok {
			text = p.Default
		}
		x, err := p.Parse(text)
		if err != nil {
			return Values{}, fmt.Errorf("%s: %w", l.Name, err)
		}
		v.m[p.Name] = x
		switch x := x.(type) {
		case int: // "+5" and "05" are shown as they were read: 5
			v.text[p.Name] = strconv.Itoa(x)
		case float64:
			v.text[p.Name] = strconv.FormatFloat(x, 'g', -1, 64)
		default: // durations as typed ("700ms", not "700ms" rewritten as "0.7s"), text trimmed
			v.text[p.Name] = strings.TrimSpace(text)
		}
	}
	if l.Check != nil {
		if err := l.Check(v); err != nil {
			return Values{}, fmt.Errorf("%s: %w", l.Name, err)
		}
	}
	return v, nil
}
