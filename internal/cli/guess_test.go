package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPredictGuess: --predict on a timeline lab prints each guess beside
// the truth and exits 1 unless every guess is right (within 10 %); the
// outputs are kept under testdata/predict (-update rewrites them).
func TestPredictGuess(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"chess-right", []string{"run", "chess", "--predict", "concurrent=1h"}, 0},
		{"chess-wrong", []string{"run", "chess", "--predict", "sequential=12h,concurrent=2h"}, 1},
		{"chess-boards", []string{"run", "chess", "--set", "boards=6", "--predict", "concurrent=0:30:25"}, 0},
		{"spinner-frames", []string{"run", "spinner", "--predict", "loop-yield.frames=30,loop-blocking.frames=5,loop-blocking=3s"}, 1},
		{"countdown-first", []string{"run", "countdown", "--predict", "blocking.first=a3,yielding.first=A3"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(tc.args...)
			if code != tc.code || errs != "" {
				t.Fatalf("conclab %s = %d, stderr %q, want %d", strings.Join(tc.args, " "), code, errs, tc.code)
			}
			path := filepath.Join("testdata", "predict", tc.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("conclab %s: output differs from %s %s", strings.Join(tc.args, " "), path, firstDiff(out, string(want)))
			}
		})
	}
}

// TestPredictGuessErrors: a bad guess is one line and exit 2, before anything runs.
func TestPredictGuessErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "chess", "--predict", "concurrent=2"}, `conclab: "2" needs a unit: 1h, 61m, 3655s or 0:30:25`},
		{[]string{"run", "chess", "--predict", "queen=1h"}, `conclab: chess: unknown variant "queen" (variants: sequential, concurrent, two-masters)`},
		{[]string{"run", "chess", "--predict", "concurrent.frames=1"}, `conclab: chess: nothing to guess called "concurrent.frames" (guesses: concurrent)`},
		{[]string{"run", "chess", "--predict", "concurrent=1h", "--set", "boards=0"}, "conclab: chess: boards"},
		{[]string{"run", "spinner", "--predict", "loop-yield.frames=lots"}, `conclab: frames drawn: "lots" is not a count`},
	} {
		code, out, errs := run(tc.args...)
		if code != 2 || !strings.HasPrefix(errs, tc.want) || strings.Count(errs, "\n") != 1 || out != "" {
			t.Errorf("conclab %v = %d %q (stdout %q), want 2 and one line %q", tc.args, code, errs, out, tc.want)
		}
	}
}

// TestCompleteGuess: after --predict, the shell completes what can be guessed.
func TestCompleteGuess(t *testing.T) {
	for _, tc := range []struct {
		typed string
		want  []string
	}{
		{"loop-b", []string{"loop-blocking=", "loop-blocking.frames="}},
		{"loop-yield=3s,loop-yield.", []string{"loop-yield=3s,loop-yield.frames="}},
	} {
		_, out, _ := run("__complete", "run", "spinner", "--predict", tc.typed)
		var got []string
		for _, line := range strings.Split(out, "\n") {
			if name, _, ok := strings.Cut(line, "\t"); ok {
				got = append(got, name)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("complete --predict %q = %v, want %v", tc.typed, got, tc.want)
		}
	}
}
