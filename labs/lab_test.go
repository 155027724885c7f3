package labs_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/labs"
	_ "conclab/labs/all"
	"conclab/labs/trace"
)

func testLab() *labs.Lab {
	return &labs.Lab{
		Name: "demo", Title: "Demo", Summary: "a lab for tests",
		Params: []labs.Param{
			{Name: "n", Kind: labs.Int, Default: "3", Min: "1", Max: "10", Help: "count"},
			{Name: "delay", Kind: labs.Duration, Default: "500ms", Min: "0s", Max: "1h"},
			{Name: "rate", Kind: labs.Float, Default: "0", Min: "0", Max: "1"},
			{Name: "names", Kind: labs.Text, Default: "A,B", Validate: func(s string) error {
				if strings.TrimSpace(s) == "" {
					return assert.AnError
				}
				return nil
			}},
		},
		Variants: []labs.Variant{{Name: "only", Summary: "x", Run: func(labs.Values) (labs.Result, error) { return labs.Result{}, nil }}},
	}
}

func TestResolve(t *testing.T) {
	l := testLab()
	tests := []struct {
		sets    map[string]string
		wantErr string
	}{
		{nil, ""},
		{map[string]string{"n": "10", "delay": "1h", "rate": "1"}, ""},
		{map[string]string{"n": " 7 "}, ""},
		{map[string]string{"n": "-1"}, `demo: n = -1 is out of range (allowed: 1..10)`},
		{map[string]string{"n": "abc"}, `demo: n = "abc" is not a whole number (allowed: 1..10)`},
		{map[string]string{"n": "1000000000"}, `demo: n = 1000000000 is out of range (allowed: 1..10)`},
		{map[string]string{"delay": "-1s"}, `demo: delay = -1s is out of range (allowed: 0s..1h)`},
		{map[string]string{"delay": "5"}, `demo: delay = "5" is not a duration: durations need a unit, 3s or 700ms (allowed: 0s..1h)`},
		{map[string]string{"delay": "5x"}, `demo: delay = "5x" is not a duration (allowed: 0s..1h)`},
		{map[string]string{"rate": "2"}, `demo: rate = 2 is out of range (allowed: 0..1)`},
		{map[string]string{"rate": "NaN"}, `demo: rate = "NaN" is not a number (allowed: 0..1)`},
		{map[string]string{"names": " "}, `demo: names = "": ` + assert.AnError.Error()},
		{map[string]string{"bogus": "1"}, `demo: unknown parameter "bogus" (parameters: n, delay, rate, names)`},
	}
	for _, tt := range tests {
		_, err := l.Resolve(tt.sets)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.wantErr {
			t.Errorf("Resolve(%v) error = %q, want %q", tt.sets, got, tt.wantErr)
		}
	}
}

func TestValues(t *testing.T) {
	v, err := testLab().Resolve(map[string]string{"n": "7", "delay": "1m30s"})
	require.NoError(t, err)
	assert.Equal(t, 7, v.Int("n"))
	assert.Equal(t, 90*time.Second, v.Duration("delay"))
	assert.Equal(t, 0.0, v.Float("rate"))
	assert.Equal(t, "A,B", v.Text("names"))
	assert.Equal(t, "1m30s", v.String("delay"))
	assert.Equal(t, map[string]any{"n": 7, "delay": "1m30s", "rate": 0.0, "names": "A,B"}, v.JSON())
}

func TestCheckRunsAfterEachParam(t *testing.T) {
	l := testLab()
	l.Check = func(v labs.Values) error {
		if v.Int("n") > 5 && v.Duration("delay") > time.Minute {
			return assert.AnError
		}
		return nil
	}
	_, err := l.Resolve(map[string]string{"n": "6", "delay": "2m"})
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "demo: "))
}

func TestVariantAndGet(t *testing.T) {
	_, err := testLab().Variant("nope")
	assert.EqualError(t, err, `demo: unknown variant "nope" (variants: only)`)
	_, err = labs.Get("nope")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown lab "nope" (labs: `)
	l, err := labs.Get("chess")
	require.NoError(t, err)
	assert.Equal(t, "chess", l.Name)
}

// TestRegisteredLabs holds every registered lab to the same bar.
func TestRegisteredLabs(t *testing.T) {
	all := labs.All()
	require.NotEmpty(t, all)
	for _, l := range all {
		assert.NotEmpty(t, l.Title, l.Name)
		assert.NotEmpty(t, l.Steps, "%s has no walkthrough", l.Name)
		for _, s := range l.Steps {
			assert.True(t, s.Title != "" && s.Body != "", "%s: step %q has an empty title or body", l.Name, s.Title)
		}
		for _, p := range l.Params {
			assert.NotEmpty(t, p.Help, "%s.%s has no help", l.Name, p.Name)
			if p.Kind != labs.Text {
				assert.NotEqual(t, "any", p.Range(), "%s.%s has no range", l.Name, p.Name)
			}
		}
		for _, v := range l.Variants {
			assert.NotEmpty(t, v.Summary, "%s/%s", l.Name, v.Name)
			assert.NotEmpty(t, v.Source, "%s/%s has no source", l.Name, v.Name)
		}
	}
}

const src = `package x

// Hello says hello.
func Hello(t *sched.Task) {
	t.Printf("hello")
}

func (r R) Hello() {}

func Other() {}
`

func TestFuncSource(t *testing.T) {
	assert.Equal(t, "// Hello says hello.\nfunc Hello(t *sched.Task) {\n\tt.Printf(\"hello\")\n}", labs.FuncSource(src, "Hello"))
	assert.Equal(t, "func Other() {}", labs.FuncSource(src, "Other"))
	assert.Panics(t, func() { labs.FuncSource(src, "Missing") })
}

func TestParseSteps(t *testing.T) {
	steps := labs.ParseSteps("intro dropped\n## One\nfirst\n\n## Two\nsecond\n")
	assert.Equal(t, []labs.Step{{Title: "One", Body: "first"}, {Title: "Two", Body: "second"}}, steps)
	assert.Equal(t, []labs.Step{{Title: "Walkthrough", Body: "just text"}}, labs.ParseSteps("just text\n"))
}

// TestEveryLabRunsAndIsDeterministic runs every variant of every registered
// lab with its defaults, twice: it must succeed and give the same trace, byte
// for byte.
func TestEveryLabRunsAndIsDeterministic(t *testing.T) {
	for _, l := range labs.All() {
		v, err := l.Resolve(nil)
		require.NoError(t, err, l.Name)
		for _, vr := range l.Variants {
			var out [2][]byte
			for i := range out {
				res, err := vr.Run(v)
				require.NoError(t, err, "%s/%s", l.Name, vr.Name)
				require.NotNil(t, res.Trace, "%s/%s", l.Name, vr.Name)
				out[i], err = trace.Encode(res.Trace)
				require.NoError(t, err)
			}
			if string(out[0]) != string(out[1]) {
				t.Errorf("%s/%s: two runs gave different traces", l.Name, vr.Name)
			}
		}
	}
}

// Values read back as they were understood: "+5" is 5, ".25" is 0.25;
// durations stay as typed.
func TestValuesStringIsNormalised(t *testing.T) {
	tests := []struct {
		name, set, want string
	}{
		{"n", "+5", "5"},
		{"n", " 07 ", "7"},
		{"rate", ".25", "0.25"},
		{"delay", "700ms", "700ms"},
		{"names", "  A,B,C ", "A,B,C"},
	}
	for _, tt := range tests {
		v, err := testLab().Resolve(map[string]string{tt.name: tt.set})
		require.NoError(t, err, "Resolve(%s=%q)", tt.name, tt.set)
		if got := v.String(tt.name); got != tt.want {
			t.Errorf("Resolve(%s=%q).String(%q) = %q, want %q", tt.name, tt.set, tt.name, got, tt.want)
		}
	}
}

func TestBaseline(t *testing.T) {
	tr := &trace.Trace{Total: time.Second}
	done, gaveUp := labs.Result{Trace: tr}, labs.Result{Trace: tr, Incomplete: "cancelled 18 of 20"}
	tests := []struct {
		name    string
		results []labs.Result
		want    int
	}{
		{"none", nil, -1},
		{"the first completes", []labs.Result{done, gaveUp, done}, 0},
		{"the first gave up", []labs.Result{gaveUp, done, done}, 1},
		{"no trace", []labs.Result{{}, done}, 1},
		{"all gave up", []labs.Result{gaveUp, gaveUp}, -1},
	}
	for _, tt := range tests {
		if got := labs.Baseline(tt.results); got != tt.want {
			t.Errorf("Baseline(%s) = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestBaselines(t *testing.T) {
	tr := &trace.Trace{Total: time.Second}
	done, gaveUp := labs.Result{Trace: tr}, labs.Result{Trace: tr, Incomplete: "deadlock: t1 holds A, waits for B"}
	tests := []struct {
		name    string
		works   []string
		results []labs.Result
		want    []int
	}{
		{"none", nil, nil, []int{}},
		{"one work", []string{"", "", ""}, []labs.Result{done, done, done}, []int{0, 0, 0}},
		{"two works", []string{"", "transfers", "", "transfers"}, []labs.Result{done, done, done, done}, []int{0, 1, 0, 1}},
		{"a work's first gave up", []string{"", "transfers", "transfers"}, []labs.Result{done, gaveUp, done}, []int{0, -1, 2}},
		{"alone in its work", []string{"", "convoy"}, []labs.Result{done, done}, []int{0, 1}},
		{"no trace", []string{"", ""}, []labs.Result{{}, done}, []int{-1, 1}},
	}
	for _, tt := range tests {
		if got := labs.Baselines(tt.works, tt.results); !slices.Equal(got, tt.want) {
			t.Errorf("Baselines(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestDeadlockText(t *testing.T) {
	tests := []struct {
		d    labs.Deadlock
		want string
	}{
		{labs.Deadlock{Asleep: []labs.Stuck{{"t1", "waits on lock B"}, {"t2", "waits on lock A"}}, Cycle: []string{"t1 holds A, waits for B", "t2 holds B, waits for A"}},
			"t1 holds A, waits for B; t2 holds B, waits for A"},
		{labs.Deadlock{Asleep: []labs.Stuck{{"main", "waits on join"}, {"g1", "waits on chan results"}}}, "main waits on join; g1 waits on chan results"},
	}
	for _, tt := range tests {
		if got := tt.d.Text(); got != tt.want {
			t.Errorf("Text(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
