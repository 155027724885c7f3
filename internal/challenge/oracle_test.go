package challenge

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// outcome is what a run of a program shows from outside: the lines println
// printed, and how it ended ("" when main returned; "panic: ..." or
// "fatal error: ...").
type outcome struct {
	output string
	end    string
}

// outcomes are the outcomes of every schedule of p.
func outcomes(t *testing.T, p *Program, cfg Config) map[outcome]bool {
	t.Helper()
	start, err := p.start()
	if err != nil {
		t.Fatal(err)
	}
	out := map[outcome]bool{}
	seen := map[string]bool{}
	queue := []*State{start}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if s.over {
			o := outcome{output: strings.Join(s.output, "\n")}
			if f := s.fail; f != nil {
				switch f.Kind {
				case Assert:
					o.end = "panic: assertion failed"
				case Panic:
					o.end = f.Message
					if !strings.HasPrefix(o.end, "fatal error: ") {
						o.end = "panic: " + o.end
					}
				case Deadlock:
					o.end = "fatal error: all goroutines are asleep - deadlock!"
				}
				// A leak, a critical section or a spin is a failure of the
				// program's logic; the process itself ends normally.
			}
			out[o] = true
			continue
		}
		for _, c := range p.choices(s, cfg) {
			next, _ := p.step(s, cfg, c)
			if k := string(next.key(nil)); !seen[k] {
				seen[k] = true
				queue = append(queue, next)
			}
		}
	}
	return out
}

// realOutcome parses what a real run wrote on standard error (println and
// the runtime both write there).
func realOutcome(stderr string) outcome {
	var lines []string
	end := ""
	for _, l := range strings.Split(strings.TrimRight(stderr, "\n"), "\n") {
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
			end = strings.TrimSuffix(strings.TrimSuffix(l, " [recovered]"), "\n")
			if i := strings.Index(end, "\n"); i >= 0 {
				end = end[:i]
			}
			break
		}
		lines = append(lines, l)
	}
	if len(lines) == 1 && lines[0] == "" {
		lines = nil
	}
	return outcome{output: strings.Join(lines, "\n"), end: end}
}

// TestRealGo builds the oracle programs and the levels with the Go
// toolchain (so the levels' source is real Go, with the real sync and time),
// runs each, and checks that what the real run did is an outcome that some
// schedule of conclab's model has: its output lines and how it ended, panic
// messages included. Deterministic programs have one outcome, so for them
// the model must print exactly what Go prints. Skipped without a go command
// or with -short.
func TestRealGo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs with the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	type prog struct {
		name, src string
		cfg       Config
		runs      int
	}
	var progs []prog
	files, _ := filepath.Glob("testdata/oracle/*.go")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, prog{name: strings.TrimSuffix(filepath.Base(f), ".go"), src: string(src), runs: 3})
	}
	for _, l := range Levels() {
		if l.Goal == Spin || l.Name == "select-spin" {
			continue // it spins until the goroutine sends: fine, but it proves nothing
		}
		progs = append(progs, prog{name: "level-" + l.Name, src: l.Source(), cfg: l.Config, runs: 3})
	}
	// One binary for all: each program becomes a package whose Main the
	// binary runs by name, so that the go command links once.
	dir := t.TempDir()
	write := func(path, s string) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "go.mod"), "module oracle\n\ngo 1.26\n")
	var imports, table strings.Builder
	for i, p := range progs {
		pkg := fmt.Sprintf("p%d", i)
		src := strings.Replace(p.src, "package main\n", "package "+pkg+"\n", 1)
		src = strings.Replace(src, "\nfunc main() {", "\nfunc Main() {", 1)
		write(filepath.Join(dir, pkg, "main.go"), src)
		write(filepath.Join(dir, pkg, "prelude.go"), strings.Replace(Prelude, "package main\n", "package "+pkg+"\n", 1))
		fmt.Fprintf(&imports, "\t%q\n", "oracle/"+pkg)
		fmt.Fprintf(&table, "\t%q: %s.Main,\n", p.name, pkg)
	}
	write(filepath.Join(dir, "main.go"), "package main\n\nimport (\n\t\"os\"\n"+imports.String()+")\n\nfunc main() {\n\tmap[string]func(){\n"+table.String()+"\t}[os.Args[1]]()\n}\n")
	bin := filepath.Join(dir, "oracle")
	cmd := exec.Command(goCmd, "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, p := range progs {
		t.Run(p.name, func(t *testing.T) {
			prg, err := Compile(p.name, p.src)
			if err != nil {
				t.Fatal(err)
			}
			model := outcomes(t, prg, p.cfg)
			for range p.runs {
				var stderr bytes.Buffer
				run := exec.Command(bin, p.name)
				run.Stderr = &stderr
				err := run.Run()
				var exit *exec.ExitError
				if err != nil && !errors.As(err, &exit) {
					t.Fatal(err)
				}
				got := realOutcome(stderr.String())
				if !model[got] {
					var keys []string
					for o := range model {
						keys = append(keys, o.output+" | "+o.end)
					}
					slices.Sort(keys)
					t.Fatalf("the real run gave %q | %q, which no schedule of the model gives; the model's outcomes:\n%s", got.output, got.end, strings.Join(keys, "\n"))
				}
			}
		})
	}
}
