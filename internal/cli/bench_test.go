package cli_test

import (
	"io"
	"strings"
	"testing"

	"conclab/internal/cli"
)

// BenchmarkRunJSON is `run chess --all-variants --set boards=1000 --set
// moves=100 --json` to a writer that counts: the three runs (1.3 million
// events) and the 140 MB of JSON they stream. Bytes per second of JSON,
// and allocations (those of the runs; the JSON adds a few thousand).
func BenchmarkRunJSON(b *testing.B) {
	benchRun(b, "--json")
}

// BenchmarkRunSteps is the same run as --steps (70 MB of text).
func BenchmarkRunSteps(b *testing.B) {
	benchRun(b, "--steps")
}

func benchRun(b *testing.B, mode string) {
	args := []string{"run", "chess", "--all-variants", "--set", "boards=1000", "--set", "moves=100", mode}
	var n int64
	for b.Loop() {
		cw := &countWriter{}
		if code := cli.Main(args, cli.Env{Stdout: cw, Stderr: io.Discard, Stdin: strings.NewReader("")}); code != 0 {
			b.Fatalf("exit %d", code)
		}
		n = cw.n
	}
	b.SetBytes(n)
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
