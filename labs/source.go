package labs

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"sync"
)

// FuncSource returns the source of the top-level function called name in the
// Go file src, with its doc comment, exactly as written. Labs embed their own
// variant files and show the very code that runs. It panics if the function
// is missing: a programming error the lab's tests catch. Each file is parsed
// once (labs ask for several functions of one file at start-up); it is safe
// for concurrent use.
func FuncSource(src, name string) string {
	funcsMu.Lock()
	funcs, ok := funcsBySource[src]
	if !ok {
		funcs = topLevelFuncs(src)
		funcsBySource[src] = funcs
	}
	funcsMu.Unlock()
	fn, ok := funcs[name]
	if !ok {
		panic(fmt.Sprintf("labs: no function %s in variant source", name))
	}
	return fn
}

var (
	funcsMu       sync.Mutex
	funcsBySource = map[string]map[string]string{}
)

// topLevelFuncs maps each top-level function (not method) of src to its
// source with its doc comment.
func topLevelFuncs(src string) map[string]string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "variant.go", src, parser.ParseComments)
	if err != nil {
		panic(fmt.Sprintf("labs: parse variant source: %v", err))
	}
	funcs := map[string]string{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil {
			continue
		}
		start := fn.Pos()
		if fn.Doc != nil {
			start = fn.Doc.Pos()
		}
		funcs[fn.Name.Name] = src[fset.Position(start).Offset:fset.Position(fn.End()).Offset]
	}
	return funcs
}

// ParseSteps splits a walkthrough written in markdown into steps: each
// second-level heading ("## Predict") starts a step; text before the first
// one is dropped unless there is no heading at all.
func ParseSteps(md string) []Step {
	var steps []Step
	var cur *Step
	var body strings.Builder
	flush := func() {
		if cur != nil {
			cur.Body = strings.TrimSpace(body.String())
			cur.Commands = StepCommands(cur.Body)
			steps = append(steps, *cur)
		}
		body.Reset()
	}
	for line := range strings.Lines(md) {
		if title, ok := strings.CutPrefix(line, "## "); ok {
			flush()
			cur = &Step{Title: strings.TrimSpace(title)}
			continue
		}
		body.WriteString(line)
	}
	if cur == nil {
		body := strings.TrimSpace(md)
		return []Step{{Title: "Walkthrough", Body: body, Commands: StepCommands(body)}}
	}
	flush()
	return steps
}

// StepCommands returns the `conclab run ...` commands of a step's markdown
// that stand in code blocks (indented four spaces or more), as written, but
// for a trailing shell comment ("# 12 frames"). Commands quoted inside the
// prose are left to readers.
func StepCommands(md string) []string {
	var out []string
	for line := range strings.Lines(md) {
		if cmd, ok := CommandLine(line); ok {
			out = append(out, cmd)
		}
	}
	return out
}

// CommandLine reports whether line is a `conclab run` command in a code
// block, and returns it trimmed, without its trailing shell comment.
func CommandLine(line string) (string, bool) {
	line = strings.TrimRight(line, "\r\n")
	text := strings.TrimLeft(line, " ")
	if len(line)-len(text) < 4 || !strings.HasPrefix(text, "conclab run ") {
		return "", false
	}
	if i := strings.Index(text, " #"); i >= 0 && !strings.ContainsAny(text[:i], `"'`) {
		text = text[:i]
	}
	return strings.TrimSpace(text), true
}
