// Package styles is the styles lab: the same four downloads written in six
// styles of concurrent code, from the talk "Concurrent IO & Python". Fetch
// twitter (300 ms), google (100 ms), yahoo (500 ms) and facebook (200 ms)
// and print "URL OK" or "URL Bad": one after another it takes the sum,
// 1.1 s; with threads, Twisted's callbacks, gevent's green threads, asyncio's
// async/await or goroutines it takes the longest, 0.5 s. The timelines
// agree; the code does not. The lab measures each program (lines of code,
// deepest nesting, where the error is handled) off its own source, and
// shows what one blocking call the monkey patch missed does to gevent's hub.
//
// Each style's code reads like that style, built on labs/sched: a Deferred
// with callbacks and errbacks and a reactor (Twisted), a hub
// that patch_all teaches to switch (gevent), futures and tasks (asyncio),
// and plain blocking calls for sync, threads and goroutines.
package styles

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"conclab/labs"
	"conclab/labs/sched"
	"conclab/labs/trace"
)

//go:embed variants.go
var variantsSource string

//go:embed blocking.go
var blockingSource string

//go:embed hub.go
var hubSource string

//go:embed deferred.go
var deferredSource string

//go:embed future.go
var futureSource string

//go:embed walkthrough.md
var walkthrough string

func init() { labs.Register(Lab()) }

// env is what a run gives a style's program: the simulated web, the sites
// in order, and the parameters that pick a site.
type env struct {
	web       *Web
	sites     []Site
	unpatched string // the site fetched with the client the patch missed
}

// style is one variant: its program (the functions of variants.go the
// learner reads and the facts measure), the library it stands on (shown
// after the program), the scheduling model that plays its runtime, the name
// of its first task, and how it starts.
type style struct {
	name, summary string
	model         sched.Model
	main          string
	program       []string
	library       []string
	start         func(t *sched.Task, e env)
}

// libraryNote separates a variant's program from the library it uses.
const libraryNote = "// ---- The library this style stands on: shown, not counted in its facts. ----"

var styles = []style{
	{name: "sync", summary: "one request after another on one thread: the waits add up",
		model: sched.Cooperative, main: "main", program: []string{"Sync", "check"}, library: []string{blockingSource},
		start: func(t *sched.Task, e env) { Sync(t, NewHTTP(e.web), e.sites) }},
	{name: "threads", summary: "a thread per request; the GIL is released while a socket waits, so the waits overlap",
		model: sched.GIL, main: "main", program: []string{"Threads", "check"}, library: []string{blockingSource},
		start: func(t *sched.Task, e env) { Threads(t, NewHTTP(e.web), e.sites) }},
	{name: "callbacks", summary: "Twisted: one reactor thread; each request's Deferred runs a chain of callbacks and errbacks",
		model: sched.Cooperative, main: "reactor", program: []string{"Callbacks", "checkStatus"}, library: []string{deferredSource},
		start: func(t *sched.Task, e env) { Callbacks(t, NewReactor(t, e.web), e.sites) }},
	{name: "green", summary: "gevent: greenlets on one hub; patch_all makes the blocking calls switch to the hub",
		model: sched.Cooperative, main: "main", program: []string{"Green", "check"}, library: []string{hubSource, blockingSource},
		start: func(t *sched.Task, e env) { Green(t, &Hub{}, NewHTTP(e.web), e.sites) }},
	{name: "green-unpatched", summary: "gevent with one call the patch cannot reach: it blocks the hub, and every greenlet with it",
		model: sched.Cooperative, main: "main", program: []string{"GreenUnpatched", "check"}, library: []string{hubSource, blockingSource},
		start: func(t *sched.Task, e env) {
			GreenUnpatched(t, &Hub{}, NewHTTP(e.web), NewHTTP(e.web), e.sites, e.unpatched)
		}},
	{name: "async-await", summary: "asyncio: a task per request awaits a future; each await gives the loop back",
		model: sched.Cooperative, main: "main", program: []string{"AsyncAwait", "checkAsync"}, library: []string{futureSource},
		start: func(t *sched.Task, e env) { AsyncAwait(t, NewSession(e.web), e.sites) }},
	{name: "goroutines", summary: "a goroutine per request: the blocking call parks only its goroutine",
		model: sched.GoRuntime, main: "main", program: []string{"Goroutines", "check"}, library: []string{blockingSource},
		start: func(t *sched.Task, e env) { Goroutines(t, NewHTTP(e.web), e.sites) }},
}

// Lab returns the styles lab.
func Lab() *labs.Lab {
	l := &labs.Lab{
		Name:    "styles",
		Title:   "Six styles of concurrent IO",
		Summary: "The same four downloads six ways: 1.1 s one after another, 0.5 s in each concurrent style, in code that differs",
		Order:   90,
		Params: []labs.Param{
			{Name: "sites", Kind: labs.Text, Default: DefaultSites, Allowed: fmt.Sprintf("NAME=DELAY,… 1 to %d", MaxSites),
				Help:     fmt.Sprintf("the sites, NAME=DELAY separated by commas, each fetched as http://NAME.com (at most %d, delays %s)", MaxSites, delayRange),
				Validate: func(s string) error { _, err := ParseSites(s); return err }},
			{Name: "fail", Kind: labs.Text, Default: None, Allowed: "a site's name or " + None,
				Help:     "the site whose server answers 500 (none: every site answers 200)",
				Validate: func(s string) error { return checkWord(s, None) }},
			{Name: "unpatched", Kind: labs.Text, Default: Slowest, Allowed: "a site's name or " + Slowest,
				Help:     "green-unpatched: the site fetched with a C library the patch cannot reach (slowest: the longest delay)",
				Validate: func(s string) error { return checkWord(s, Slowest) }},
		},
		Check: func(v labs.Values) error {
			_, err := setup(v)
			return err
		},
		Default: []string{"sync", "threads", "callbacks", "green", "async-await", "goroutines"},
		Steps:   labs.ParseSteps(walkthrough),
	}
	for _, s := range styles {
		program := Program(s.name)
		shape, err := Measure(program)
		if err != nil {
			panic(fmt.Sprintf("styles: %s: %v", s.name, err))
		}
		l.Variants = append(l.Variants, labs.Variant{Name: s.name, Summary: s.summary,
			Source: program + "\n\n" + libraryNote + "\n\n" + library(s.library), Run: s.run(shape)})
	}
	return l
}

// checkWord checks a fail or unpatched value alone: word, or a name a site
// could have (whether a site has it is Check's business).
func checkWord(s, word string) error {
	if s == word || validName(s) {
		return nil
	}
	return fmt.Errorf("must be %s or the name of one of the sites", word)
}

// setup reads a run's sites from validated parameters: the fail site
// answers 500, and unpatched is resolved to a site's name.
func setup(v labs.Values) (env, error) {
	sites, err := ParseSites(v.Text("sites"))
	if err != nil {
		return env{}, fmt.Errorf("sites: %w", err)
	}
	fail, err := pick("fail", v.Text("fail"), None, sites)
	if err != nil {
		return env{}, err
	}
	unpatched, err := pick("unpatched", v.Text("unpatched"), Slowest, sites)
	if err != nil {
		return env{}, err
	}
	if unpatched == Slowest {
		unpatched = SlowestSite(sites)
	}
	for i := range sites {
		if sites[i].Name == fail {
			sites[i].Status = StatusServerError
		}
	}
	return env{web: NewWeb(sites), sites: sites, unpatched: unpatched}, nil
}

// Program is the source of a variant's program: its functions of
// variants.go, as the learner reads them and Measure measures them. It
// panics on an unknown variant (a programming error).
func Program(variant string) string {
	for _, s := range styles {
		if s.name == variant {
			parts := make([]string, len(s.program))
			for i, fn := range s.program {
				parts[i] = labs.FuncSource(variantsSource, fn)
			}
			return strings.Join(parts, "\n\n")
		}
	}
	panic("styles: no variant " + variant)
}

// library is the shown part of library files: each file from its first
// declaration on (no package clause, no imports).
func library(files []string) string {
	parts := make([]string, len(files))
	for i, src := range files {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "library.go", src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			panic(fmt.Sprintf("styles: parse library: %v", err))
		}
		for _, d := range f.Decls {
			start := d.Pos()
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok == token.IMPORT {
					continue
				}
				if d.Doc != nil {
					start = d.Doc.Pos()
				}
			case *ast.FuncDecl:
				if d.Doc != nil {
					start = d.Doc.Pos()
				}
			}
			parts[i] = strings.TrimSpace(src[fset.Position(start).Offset:])
			break
		}
	}
	return strings.Join(parts, "\n\n")
}

// run returns the variant's Run: the program on a fresh simulation of its
// model, with its shape and, when a site fails, the lane that said so.
func (s style) run(shape Shape) func(labs.Values) (labs.Result, error) {
	return func(v labs.Values) (labs.Result, error) {
		e, err := setup(v)
		if err != nil {
			return labs.Result{}, err
		}
		sim := sched.New(sched.Config{Model: s.model, Workers: 1})
		sim.Go(s.main, func(t *sched.Task) { s.start(t, e) })
		tr, err := sim.Run()
		if err != nil {
			return labs.Result{}, err
		}
		return labs.Result{Trace: tr, Facts: facts(shape, tr)}, nil
	}
}

// facts are a run's facts: the program's shape, and bad_lane, the lanes
// (tasks) that printed a Bad line, when one did.
func facts(shape Shape, tr *trace.Trace) map[string]any {
	f := map[string]any{"lines": shape.Lines, "nesting": shape.Nesting, "on_error": shape.ErrorPath}
	var lanes []string
	for _, l := range tr.Output {
		if strings.HasSuffix(l.Text, " Bad") {
			lanes = append(lanes, l.Task)
		}
	}
	if lanes != nil {
		f["bad_lane"] = lanes
	}
	return f
}
