package cli

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
)

// suggestDistance is how many edits a typed name may be from a known one to
// be suggested: cobra's SuggestionsMinimumDistance for commands (root.go).
const suggestDistance = 2

// suggest returns the names close to typed, in the order given, as cobra
// suggests commands: at most suggestDistance edits away (ignoring case),
// or starting with what was typed.
func suggest(typed string, names []string) []string {
	var out []string
	low := strings.ToLower(typed)
	for _, n := range names {
		if n == typed || n == "" {
			continue
		}
		if distance(low, strings.ToLower(n)) <= suggestDistance || (low != "" && strings.HasPrefix(strings.ToLower(n), low)) {
			out = append(out, n)
		}
	}
	return out
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// unknownName matches conclab's messages for a name it does not know,
// followed by the names it does, in lists "kind: a, b" separated by "; ":
// `chess: unknown variant "sequental" (variants: sequential, concurrent)`,
// `unknown lab "chss" (labs: ...)`, `unknown parameter "bords" (parameters:
// ...)`, `no level "flg" (levels: ...)`, `no help for "chss" (commands:
// ...; labs: ...)`.
var unknownName = regexp.MustCompile(`(?:unknown [a-z ]+|no [a-z]+|no help for) ("(?:[^"\\]|\\.)*") \(([^)]*)\)`)

// withSuggestion adds "did you mean ...?" to a usage error that names an
// unknown name and lists the known ones, when one of those is close to it:
// `chess: unknown variant "sequental": did you mean sequential? (variants:
// ...)`. Other errors are returned as they are.
func withSuggestion(err error) error {
	var ue usageError
	if !errors.As(err, &ue) || strings.Contains(ue.msg, "did you mean") {
		return err
	}
	m := unknownName.FindStringSubmatchIndex(ue.msg)
	if m == nil {
		return err
	}
	typed, qerr := strconv.Unquote(ue.msg[m[2]:m[3]])
	if qerr != nil {
		return err
	}
	var known []string
	for _, list := range strings.Split(ue.msg[m[4]:m[5]], "; ") {
		_, names, ok := strings.Cut(list, ": ")
		if !ok {
			continue
		}
		for _, n := range strings.Split(names, ",") {
			known = append(known, strings.TrimSpace(n))
		}
	}
	guess := suggest(typed, known)
	if len(guess) == 0 {
		return err
	}
	return usageError{ue.msg[:m[3]] + ": did you mean " + orList(guess) + "?" + ue.msg[m[3]:]}
}
