package labs_test

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"conclab/labs"
)

// fuzzParams are one parameter of each kind with a range, as the labs declare them.
var fuzzParams = []labs.Param{
	{Name: "n", Kind: labs.Int, Default: "1", Min: "1", Max: "10000"},
	{Name: "delay", Kind: labs.Duration, Default: "1s", Min: "1ms", Max: "1h"},
	{Name: "rate", Kind: labs.Float, Default: "0", Min: "0", Max: "1"},
	{Name: "any", Kind: labs.Duration, Default: "0s"},
}

// FuzzParamParse: any text is parsed without a panic into a value in the
// parameter's range, or refused in one line naming the parameter; what is
// accepted prints as the user would type it and parses back to the same
// value (round trip).
func FuzzParamParse(f *testing.F) {
	for _, s := range []string{"10", " 7 ", "-1", "abc", "1000000000", "-1s", "5", "2", "NaN", "+5", " 07 ", ".25",
		"700ms", "1m30s", "1h", "1h0m0.001s", "0x10", "1e3", "Inf", "9223372036854775807", "2562047h47m16.854775807s", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range fuzzParams {
			v, err := p.Parse(text)
			if err != nil {
				if msg := err.Error(); strings.ContainsAny(msg, "\n\r") || !strings.HasPrefix(msg, p.Name+" = ") {
					t.Fatalf("%s.Parse(%q) error %q, want one line starting %q", p.Name, text, msg, p.Name+" = ")
				}
				continue
			}
			lo, _ := p.Parse(orDefault(p.Min, p.Default))
			var typed string
			switch x := v.(type) {
			case int:
				if p.Min != "" && x < lo.(int) || p.Max != "" && x > mustParse(t, p, p.Max).(int) {
					t.Fatalf("%s.Parse(%q) = %d, out of %s", p.Name, text, x, p.Range())
				}
				typed = strconv.Itoa(x)
			case time.Duration:
				if p.Min != "" && x < lo.(time.Duration) || p.Max != "" && x > mustParse(t, p, p.Max).(time.Duration) {
					t.Fatalf("%s.Parse(%q) = %v, out of %s", p.Name, text, x, p.Range())
				}
				typed = x.String()
			case float64:
				if math.IsNaN(x) || x < lo.(float64) || x > mustParse(t, p, p.Max).(float64) {
					t.Fatalf("%s.Parse(%q) = %v, out of %s", p.Name, text, x, p.Range())
				}
				typed = strconv.FormatFloat(x, 'g', -1, 64)
			default:
				t.Fatalf("%s.Parse(%q) = %T, want the kind's type", p.Name, text, v)
			}
			if back := mustParse(t, p, typed); back != v {
				t.Fatalf("%s: %q parsed to %v, printed %q, parsed back to %v", p.Name, text, v, typed, back)
			}
		}
	})
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func mustParse(t *testing.T, p labs.Param, text string) any {
	t.Helper()
	v, err := p.Parse(text)
	if err != nil {
		t.Fatalf("%s.Parse(%q): %v", p.Name, text, err)
	}
	return v
}

// FuzzResolve: Resolve takes any value for any name without a panic; it
// refuses in one line naming the lab, or returns values whose String form
// resolves again to the same values (what `conclab run` prints in its
// header can be typed back).
func FuzzResolve(f *testing.F) {
	l := &labs.Lab{Name: "demo", Summary: "s", Params: fuzzParams,
		Variants: []labs.Variant{{Name: "v", Run: func(labs.Values) (labs.Result, error) { return labs.Result{}, nil }}}}
	f.Add("n", "7")
	f.Add("delay", "1m30s")
	f.Add("rate", ".25")
	f.Add("bogus", "1")
	f.Add("n", "+5")
	f.Fuzz(func(t *testing.T, name, value string) {
		v, err := l.Resolve(map[string]string{name: value})
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\n\r") || !strings.HasPrefix(msg, "demo: ") {
				t.Fatalf("Resolve(%q=%q) error %q, want one line starting demo:", name, value, msg)
			}
			return
		}
		typed := map[string]string{}
		for _, n := range v.Names() {
			typed[n] = v.String(n)
		}
		again, err := l.Resolve(typed)
		if err != nil {
			t.Fatalf("Resolve(%v), the printed form of Resolve(%q=%q): %v", typed, name, value, err)
		}
		for _, n := range v.Names() {
			if a, b := v.JSON()[n], again.JSON()[n]; a != b {
				t.Fatalf("%s: %v, printed %q, resolves to %v", n, a, typed[n], b)
			}
		}
	})
}
