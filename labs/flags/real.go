package flags

import (
	"strconv"
	"strings"

	"conclab/labs"
	"conclab/labs/flags/fetch"
	"conclab/labs/flags/realweb"
)

// FlagPath is a flag's path on the slow server: /flags/br.gif for BR. The
// made-up codes beyond the 20 (X21, X22 ...) get two letters from their
// number (X21 -> /flags/av.gif): the server only knows two-letter codes, and
// its answer comes from ?delay= and ?status= anyway.
func FlagPath(it fetch.Item) string {
	cc := strings.ToLower(it.Name)
	if n, err := strconv.Atoi(strings.TrimPrefix(it.Name, "X")); err == nil && strings.HasPrefix(it.Name, "X") {
		cc = string(rune('a'+n/26%26)) + string(rune('a'+n%26))
	}
	return "/flags/" + cc + ".gif"
}

// realRuns are the flags downloaded for real: the virtual policies written
// in real Go (realweb), over real HTTP to the slow server, each request
// asking for the delay and the status the virtual server drew.
func realRuns() *labs.Real {
	count := func(v labs.Values) error { return realweb.AtMost("count", v.Int("count")) }
	return &labs.Real{
		How: "real goroutines, real HTTP over loopback, the wall clock",
		Variants: []labs.RealVariant{
			{Name: "sequential", Predicted: "sequential", Check: count,
				Summary: "one real HTTP request after another: the total is the sum of the delays",
				Source:  realweb.Source("Sequential"), Run: web(false, func(labs.Values) realweb.Policy { return realweb.Plain(realweb.Sequential) })},
			{Name: "goroutines", Predicted: "goroutines", Check: count,
				Summary: "a real goroutine per flag: every request in flight at once, the total is the slowest",
				Source:  realweb.Source("Goroutines"), Run: web(false, func(labs.Values) realweb.Policy { return realweb.Plain(realweb.Goroutines) })},
			{Name: "limited", Predicted: "limited", Check: count,
				Summary: "a goroutine per flag, at most limit requests at once (a buffered channel as semaphore)",
				Source:  realweb.Source("Limited"),
				Run:     web(false, func(v labs.Values) realweb.Policy { return realweb.Bounded(realweb.Limited, v.Int("limit")) })},
			{Name: "errgroup", Predicted: "errgroup", Check: count,
				Summary: "errgroup with SetLimit(limit): the first 418 or timeout cancels the requests still running",
				Source:  realweb.Source("Errgroup"), Run: web(true, func(v labs.Values) realweb.Policy { return realweb.Grouped(v.Int("limit")) })},
		},
	}
}

// web runs the policy on the flags the values draw, with their timeout;
// group is true for an errgroup (see realweb.Web.Group).
func web(group bool, policy func(labs.Values) realweb.Policy) func(labs.RealEnv) (labs.Result, error) {
	return func(env labs.RealEnv) (labs.Result, error) {
		v := env.Values()
		return realweb.Run(env, realweb.Web{Items: Flags(v), Path: FlagPath, Timeout: v.Duration("timeout"),
			Policy: policy(v), Warm: true, Group: group})
	}
}
