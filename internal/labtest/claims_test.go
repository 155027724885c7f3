package labtest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const sample = "## Why exactly 30 frames\n\n" +
	"Frames come every 0.1 s for 3 s: `loop-yield` draws **30\nframes** and answers at **3 s**.\n" +
	"A real run draws about 29, ~13 or ≈ 12 frames.\n" +
	"    conclab run spinner --set frame=250ms    # 12 frames\n" +
	"At 1 µs an iteration, 100 000 iterations take 0.1 s. GOMAXPROCS2 and L1 are names.\n"

var sampleInputs = []string{"every 0.1 s for 3 s", "--set frame=250ms", "At 1 µs an iteration, 100 000 iterations take 0.1 s"}

func sampleClaims(frames, frames250 int, answer float64) []Claim {
	return []Claim{
		Says("Why exactly {} frames", frames),
		Says("`loop-yield` draws {} frames and answers at {} s", frames, answer),
		Says("# {} frames", frames250),
	}
}

func TestCheckClaims(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		claims []Claim
		inputs []string
		want   []string // one substring per expected error, in order
	}{
		{"all covered", sample, sampleClaims(30, 12, 3), sampleInputs, nil},
		{"a number the run does not give", sample, sampleClaims(31, 12, 3), sampleInputs, []string{
			`the text says "Why exactly 30 frames"; the run gives "Why exactly 31 frames"`,
			`the text says "loop-yield draws 30 frames and answers at 3 s"; the run gives "loop-yield draws 31 frames and answers at 3 s"`}},
		{"a float claim", sample, sampleClaims(30, 12, 2.9), sampleInputs, []string{
			`the run gives "loop-yield draws 30 frames and answers at 2.9 s"`}},
		{"no inputs", sample, sampleClaims(30, 12, 3), nil, []string{
			"the text states 0.1 (in", "the text states 3 (in", "the text states 250 (in",
			"the text states 1 (in", "the text states 100 000 (in", "the text states 0.1 (in"}},
		{"a missing input", "nothing here", nil, []string{"every 5 ms"}, []string{`input "every 5 ms" does not occur in the text`}},
		{"3 is not the end of 13", "it drew 13 frames", []Claim{Says("drew {} frames", 3)}, nil, []string{
			`the text says "drew 13 frames"; the run gives "drew 3 frames"`}},
		{"2 is not the start of 2.5", "at 2.5 s", []Claim{Says("at {} s", 2)}, nil, []string{
			`the text says "at 2.5 s"; the run gives "at 2 s"`}},
		{"a repeated phrase is covered everywhere", "6 frames, then 6 frames", []Claim{Says("{} frames", 6)}, nil, nil},
		{"durations and strings", "chunks of 500ms; total 0:30:25",
			[]Claim{Says("chunks of {};", 500*time.Millisecond), Says("total {}", "0:30:25")}, nil, nil},
		{"miscounted {}", "x 1", []Claim{Says("x {} {}", 1)}, nil, []string{`claim "x {} {}" has 2 {} for 1 values`, "the text states 1"}},
		{"a claim without {}", "x 1", []Claim{Says("x 1")}, nil, []string{"has no {}", "the text states 1"}},
		{"an unsupported value", "x 1", []Claim{Says("x {}", uint(1))}, nil, []string{"is a uint", "the text states 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errs := checkClaims(tc.text, tc.claims, tc.inputs)
			if len(errs) != len(tc.want) {
				t.Fatalf("checkClaims(%q) = %v, want %d errors %q", tc.name, errs, len(tc.want), tc.want)
			}
			for i, err := range errs {
				if !strings.Contains(err.Error(), tc.want[i]) {
					t.Errorf("checkClaims(%q) error %d = %v, want it to contain %q", tc.name, i, err, tc.want[i])
				}
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0, 0.5, ... 2.5 s", "0|0.5|2.5"},
		{"100 000 iterations, 3 000 or 12 345", "100 000|3 000|12 345"},
		{"2.5 000", "2.5|000"},
		{"L1 cache, GOMAXPROCS=1, utf8, x_2, 5N, 34.1x, 30.", "1|5|34.1|30"},
		{"0:30:25", "0|30|25"},
	}
	for _, tc := range tests {
		var got []string
		for _, n := range numbers(tc.in) {
			got = append(got, tc.in[n.start:n.end])
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("numbers(%q) = %v, want %v", tc.in, g, tc.want)
		}
	}
}

// recorder is a testing.TB that keeps its errors.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Error(args ...any)         { r.errs = append(r.errs, fmt.Sprint(args...)) }
func (r *recorder) Errorf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }

func TestClaimsReportsEachProblem(t *testing.T) {
	r := &recorder{TB: t}
	Claims(r, sample, sampleClaims(30, 12, 3), sampleInputs...)
	if len(r.errs) != 0 {
		t.Errorf("Claims(sample) reported %q, want nothing", r.errs)
	}
	Claims(r, "it took 7 s", nil)
	if want := `the text states 7 (in "it took 7 s") with no claim, input or "about" for it`; len(r.errs) != 1 || r.errs[0] != want {
		t.Errorf("Claims(uncovered) reported %q, want %q", r.errs, want)
	}
}
