package cli

import (
	"fmt"
	"io"
	"strings"

	"conclab/labs"
)

// maxPrediction caps what --predict - reads from standard input.
const maxPrediction = 64 << 10

// predict judges a prediction of one variant's output (--predict TEXT, or - for stdin).
func predict(l *labs.Lab, ra runArgs, env Env) error {
	if l.Predict == nil {
		return usagef("%s has no predictions to check (--predict is for predict-then-run labs such as coroutines)", l.Name)
	}
	if len(ra.variants) != 1 {
		return usagef("--predict needs exactly one puzzle: --variant NAME (puzzles: %s)", strings.Join(l.VariantNames(), ", "))
	}
	if _, err := l.Variant(ra.variants[0]); err != nil {
		return usageError{err.Error()}
	}
	text := ra.predict
	if text == "-" {
		b, err := io.ReadAll(io.LimitReader(env.Stdin, maxPrediction+1))
		if err != nil {
			return fmt.Errorf("read the prediction from standard input: %w", err)
		}
		if len(b) > maxPrediction {
			return usagef("the prediction on standard input is longer than %d KiB", maxPrediction>>10)
		}
		text = string(b)
	}
	verdict, err := l.Predict(ra.variants[0], labs.SplitPrediction(text))
	if err != nil {
		return err
	}
	fmt.Fprint(env.Stdout, verdict.Render())
	if !verdict.Correct {
		return exitStatus(ExitFail) // the verdict says why; like check, a wrong answer is not a pass
	}
	return nil
}

// askFirst shows a predict-then-run lab's puzzles without their output, and
// how to check a prediction or reveal the answer.
func askFirst(w io.Writer, l *labs.Lab, names []string) {
	fmt.Fprintf(w, "%s — %s\n\nPredict first: read a puzzle, write down what it prints, then check yourself.\n", l.Name, l.Title)
	for _, n := range names {
		v, _ := l.Variant(n)
		fmt.Fprintf(w, "\n== %s: %s ==\n\n%s\n", v.Name, v.Summary, indent(v.Source))
	}
	first := names[0]
	fmt.Fprintf(w, "\nCheck a prediction (one line per printed line; \\n separates lines):\n")
	fmt.Fprintf(w, "  conclab run %s --variant %s --predict \"line 1\\nline 2\"\n", l.Name, first)
	fmt.Fprintf(w, "  conclab run %s --variant %s --predict -        (type the lines, then ctrl+d)\n", l.Name, first)
	fmt.Fprintf(w, "Or just see the output: conclab run %s --variant %s --reveal\n", l.Name, first)
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
