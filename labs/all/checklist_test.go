package all_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"conclab/labs"
	_ "conclab/labs/all"
)

// notLabs are the folders of labs/ that hold the contract's engine and this
// registration package, not a lab.
var notLabs = []string{"all", "sched", "trace"}

// The steps of adding a lab, as CONTRIBUTING.md lists them: each missing
// piece is reported with its step.
const (
	stepFolder   = "step 1 (the folder: labs/NAME, package NAME and its doc comment)"
	stepLab      = "step 2 (the lab: func Lab() *labs.Lab, registered by func init() { labs.Register(Lab()) })"
	stepWalk     = "step 3 (the walkthrough: walkthrough.md, parsed with labs.ParseSteps)"
	stepTests    = "step 4 (the tests: NAME_test.go, and labtest.Claims on the walkthrough)"
	stepCapable  = "step 5 (the capabilities it declares)"
	stepRegister = "step 6 (the registration: one import line in labs/all/all.go)"
)

// TestChecklist goes through CONTRIBUTING.md's steps for adding a lab,
// for every folder of labs/ (but the engine), and names each missing piece
// with its step; and every registered lab has its folder.
func TestChecklist(t *testing.T) {
	entries, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	var folders []string
	for _, e := range entries {
		if e.IsDir() && !slices.Contains(notLabs, e.Name()) {
			folders = append(folders, e.Name())
		}
	}
	imported := imports(t, "all.go")
	for _, name := range folders {
		for _, problem := range checklist(t, name, imported) {
			t.Errorf("labs/%s: %s", name, problem)
		}
	}
	for _, l := range labs.All() {
		if !slices.Contains(folders, l.Name) {
			t.Errorf("lab %q is registered, but there is no folder labs/%s: a lab's Name is its folder's", l.Name, l.Name)
		}
	}
}

// checklist returns the pieces missing from the lab in labs/name, each
// with its step, in the order of the steps.
func checklist(t *testing.T, name string, imported []string) []string {
	dir := filepath.Join("..", name)
	src := parseDir(t, dir)
	var missing []string
	miss := func(step, format string, args ...any) {
		missing = append(missing, step+": "+fmt.Sprintf(format, args...))
	}

	if src.files == 0 {
		miss(stepFolder, "no Go files (package %s)", name)
	}
	if src.pkg != "" && src.pkg != name {
		miss(stepFolder, "the package is called %s, want %s (the folder's name)", src.pkg, name)
	}
	if !src.doc {
		miss(stepFolder, "no package doc comment (// Package %s is the ... lab: ...)", name)
	}
	if !src.labFunc {
		miss(stepLab, "no func Lab() *labs.Lab")
	}
	if !src.registers {
		miss(stepLab, "no func init() that calls labs.Register")
	}
	if b, err := os.ReadFile(filepath.Join(dir, "walkthrough.md")); err != nil || !strings.Contains(string(b), "## ") {
		miss(stepWalk, "no walkthrough.md with ## steps")
	}
	if src.tests == 0 {
		miss(stepTests, "no test (func TestXxx in a _test.go file)")
	}
	if !src.claims {
		miss(stepTests, "no test calls labtest.Claims on the walkthrough (every number it states is computed by a run)")
	}
	if !slices.Contains(imported, "conclab/labs/"+name) {
		miss(stepRegister, "labs/all/all.go does not import conclab/labs/%s", name)
		return missing // not registered in this test binary: nothing more to check
	}
	l, err := labs.Get(name)
	if err != nil {
		miss(stepLab, "no lab called %q is registered (is its Name %q?)", name, name)
		return missing
	}
	missing = append(missing, checkLab(l, src)...)
	return missing
}

// checkLab checks the registered lab: what it declares and what its
// capabilities need.
func checkLab(l *labs.Lab, src source) []string {
	var missing []string
	miss := func(step, format string, args ...any) {
		missing = append(missing, step+": "+fmt.Sprintf(format, args...))
	}
	if l.Title == "" {
		miss(stepLab, "no Title")
	}
	if l.Order <= 0 {
		miss(stepLab, "no Order (> 0: where it comes in the list of labs, from easy to hard)")
	}
	for _, other := range labs.All() {
		if other != l && other.Order == l.Order {
			miss(stepLab, "Order %d is also %s's", l.Order, other.Name)
		}
	}
	for _, p := range l.Params {
		if p.Help == "" {
			miss(stepLab, "parameter %s has no Help", p.Name)
		}
		if p.Kind == labs.Text && p.Allowed == "" {
			miss(stepLab, "text parameter %s does not say what is allowed (Allowed: \"NAME=DELAY,… 1 to 8\")", p.Name)
		}
		for _, name := range p.Variants {
			if _, err := l.Variant(name); err != nil {
				miss(stepLab, "parameter %s changes variant %q, which the lab does not have", p.Name, name)
			}
		}
	}
	for _, v := range l.Variants {
		if v.Summary == "" || v.Source == "" {
			miss(stepLab, "variant %s needs a Summary and its Source (labs.FuncSource)", v.Name)
		}
	}
	if len(l.Steps) == 0 {
		miss(stepWalk, "the lab has no Steps (Steps: labs.ParseSteps(walkthrough))")
	}
	if l.Real != nil && !src.realTests {
		miss(stepCapable, "it declares real runs, and no test runs one (realtest.Run)")
	}
	values, err := l.Resolve(nil)
	if err != nil {
		miss(stepLab, "its defaults are not valid: %v", err)
		return missing
	}
	if task := l.Views.LiveTask; task != "" && !printsBy(l, values, task) {
		miss(stepCapable, "Views.LiveTask is %q, and no task of that name prints in its default runs", task)
	}
	if l.Predict != nil {
		v := l.Variants[0]
		res, err := v.Run(values)
		if err == nil {
			var lines []string
			for _, line := range res.Trace.Output {
				lines = append(lines, line.Text)
			}
			verdict, perr := l.Predict(v.Name, lines)
			if perr != nil || !verdict.Correct {
				miss(stepCapable, "Predict(%s, its own output) = %+v, %v; want correct", v.Name, verdict, perr)
			}
		}
	}
	return missing
}

// printsBy reports whether task prints in a default run of l.
func printsBy(l *labs.Lab, values labs.Values, task string) bool {
	for _, name := range l.DefaultVariants() {
		v, _ := l.Variant(name)
		res, err := v.Run(values)
		if err != nil {
			continue
		}
		for _, line := range res.Trace.Output {
			if line.Task == task {
				return true
			}
		}
	}
	return false
}

// source is what the checklist reads in a lab's Go files.
type source struct {
	files                   int
	pkg                     string
	doc, labFunc, registers bool
	tests                   int
	claims, realTests       bool
}

// parseDir reads the Go files of dir (not its sub-folders).
func parseDir(t *testing.T, dir string) source {
	t.Helper()
	var s source
	paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	fset := token.NewFileSet()
	for _, path := range paths {
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if strings.HasSuffix(path, "_test.go") {
			s.readTest(f)
			continue
		}
		s.files++
		s.pkg = f.Name.Name
		s.doc = s.doc || f.Doc != nil && strings.HasPrefix(f.Doc.Text(), "Package "+f.Name.Name+" ")
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil {
				continue
			}
			switch fn.Name.Name {
			case "Lab":
				s.labFunc = s.labFunc || fn.Type.Params.NumFields() == 0 && fn.Type.Results.NumFields() == 1
			case "init":
				s.registers = s.registers || calls(fn, "labs", "Register")
			}
		}
	}
	return s
}

// readTest notes a test file's tests and the helpers it calls.
func (s *source) readTest(f *ast.File) {
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") && fn.Name.Name != "TestMain" {
			s.tests++
		}
	}
	s.claims = s.claims || calls(f, "labtest", "Claims")
	s.realTests = s.realTests || calls(f, "realtest", "Run")
}

// calls reports whether node calls pkg.name.
func calls(node ast.Node, pkg, name string) bool {
	found := false
	ast.Inspect(node, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == name {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == pkg {
				found = true
			}
		}
		return !found
	})
	return found
}

// imports returns the import paths of a Go file.
func imports(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		out = append(out, p)
	}
	return out
}
