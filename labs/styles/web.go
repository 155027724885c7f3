package styles

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"conclab/labs"
)

// Site is one site of a run: its short name (the lane of the task that
// fetches it), its URL, how long its server takes to answer, and the status
// it answers (200, or 500 for the site the fail parameter names).
type Site struct {
	Name   string
	URL    string
	Delay  time.Duration
	Status int
}

// The statuses the simulated servers answer.
const (
	StatusOK          = 200
	StatusServerError = 500
)

// Limits on the sites parameter.
const (
	// MaxSites is the most sites a run may fetch.
	MaxSites = 10
	// MaxNameLen is the longest site name.
	MaxNameLen = 12
	// MinDelay and MaxDelay bound each site's delay, inclusive.
	MinDelay, MaxDelay = time.Millisecond, time.Minute
	// DefaultSites is the sites parameter's default: the talk's four sites.
	DefaultSites = "twitter=300ms,google=100ms,yahoo=500ms,facebook=200ms"

	delayRange = "1ms..1m" // MinDelay..MaxDelay as the user types them
)

// The words the fail and unpatched parameters take besides a site's name.
const (
	// None (fail=none): every site answers 200.
	None = "none"
	// Slowest (unpatched=slowest): the site with the longest delay, the
	// first of them on a tie.
	Slowest = "slowest"
)

// URL is the address a site's name stands for: http://NAME.com.
func URL(name string) string { return "http://" + name + ".com" }

// ParseSites reads the sites parameter: NAME=DELAY pairs separated by
// commas ("twitter=300ms,google=100ms"). Names are 1 to MaxNameLen lower-case
// letters, digits or hyphens, each used once, and not one of the words None
// and Slowest; delays are Go durations from MinDelay to MaxDelay; there are 1
// to MaxSites pairs. Every site answers 200 (see Fail).
func ParseSites(s string) ([]Site, error) {
	example := "e.g. " + DefaultSites
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("no sites (%s)", example)
	}
	items := strings.Split(s, ",")
	if len(items) > MaxSites {
		return nil, fmt.Errorf("%d sites is too many (allowed: 1..%d)", len(items), MaxSites)
	}
	sites := make([]Site, 0, len(items))
	for _, item := range items {
		name, delay, ok := strings.Cut(strings.TrimSpace(item), "=")
		name, delay = strings.TrimSpace(name), strings.TrimSpace(delay)
		if !ok {
			return nil, fmt.Errorf("%q is not NAME=DELAY (%s)", strings.TrimSpace(item), example)
		}
		if err := checkName(name); err != nil {
			return nil, err
		}
		if slices.ContainsFunc(sites, func(s Site) bool { return s.Name == name }) {
			return nil, fmt.Errorf("site %s appears twice", name)
		}
		d, err := time.ParseDuration(delay)
		if err != nil {
			return nil, fmt.Errorf("site %s: delay %q is not a duration%s (allowed: %s)", name, delay, labs.UnitHint(delay), delayRange)
		}
		if d < MinDelay || d > MaxDelay {
			return nil, fmt.Errorf("site %s: delay %s is out of range (allowed: %s)", name, delay, delayRange)
		}
		sites = append(sites, Site{Name: name, URL: URL(name), Delay: d, Status: StatusOK})
	}
	return sites, nil
}

// checkName checks a site's name: 1 to MaxNameLen lower-case letters,
// digits or hyphens, and not a reserved word.
func checkName(name string) error {
	if name == None || name == Slowest {
		return fmt.Errorf("site name %q is reserved (it means something else to fail and unpatched)", name)
	}
	if !validName(name) {
		return fmt.Errorf("site name %q must be 1 to %d lower-case ASCII letters, digits or hyphens", name, MaxNameLen)
	}
	return nil
}

func validName(name string) bool {
	if name == "" || len(name) > MaxNameLen {
		return false
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// pick finds the site a fail or unpatched value names; word is the extra
// word that parameter takes (None or Slowest), which pick returns as is.
func pick(param, value, word string, sites []Site) (string, error) {
	if value == word {
		return value, nil
	}
	names := make([]string, len(sites))
	for i, s := range sites {
		if s.Name == value {
			return value, nil
		}
		names[i] = s.Name
	}
	return "", fmt.Errorf("%s = %q is not one of the sites (%s) or %s", param, value, strings.Join(names, ", "), word)
}

// SlowestSite is the name of the site with the longest delay, the first of
// them on a tie; sites must not be empty.
func SlowestSite(sites []Site) string {
	slowest := sites[0]
	for _, s := range sites[1:] {
		if s.Delay > slowest.Delay {
			slowest = s
		}
	}
	return slowest.Name
}

// Web is the simulated internet of one run: the sites, each answering after
// its delay with its status. The clients of every style ask it what a URL
// answers; it is not part of any style's code.
type Web struct {
	sites map[string]Site
}

// NewWeb returns the web of the given sites.
func NewWeb(sites []Site) *Web {
	w := &Web{sites: make(map[string]Site, len(sites))}
	for _, s := range sites {
		w.sites[s.URL] = s
	}
	return w
}

// Site returns the site at url; it panics on an unknown URL (the programs
// only fetch the sites they were given).
func (w *Web) Site(url string) Site {
	s, ok := w.sites[url]
	if !ok {
		panic("styles: no site at " + url)
	}
	return s
}

// Response is an HTTP response: the URL asked for and the status code.
type Response struct {
	URL  string
	Code int
}

// HTTPError is what a client reports for a status other than 200, as
// Python's raise_for_status raises requests.HTTPError (aiohttp:
// ClientResponseError).
type HTTPError struct {
	URL    string
	Status int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("%d Server Error for url: %s", e.Status, e.URL)
}
