package labtest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// Claim ties a passage of a text (a walkthrough, a README) to the numbers a
// run computed. Phrase is the passage as the text writes it, with {} where
// each computed number stands; Got holds those numbers in order, one per {}.
//
// Says("`loop-yield` draws {} frames and prints the answer at {} s", 30, 3.0)
// passes when the text says "`loop-yield` draws **30 frames** and prints the
// answer at **3 s**" (emphasis, backticks and line breaks do not matter, see
// Claims) and the run gave 30 and 3.0.
//
// Values are written as the text would write them: an int or an int64 in
// decimal, a float64 in its shortest form (3, 0.5, 2.9; do arithmetic on
// durations, not on float seconds, or 0.3 may read 0.30000000000000004), a
// time.Duration with its String method (500ms, 2.9s), a string as it is
// (format a clock time yourself: "0:30:25"). Pass the value read off a run,
// never a literal: a claim that compares the text with a constant checks
// nothing.
type Claim struct {
	Phrase string
	Got    []any
}

// Says is the claim that the text states phrase with got filling its {}.
func Says(phrase string, got ...any) Claim { return Claim{Phrase: phrase, Got: got} }

// Claims checks that text states what runs computed, and that it states no
// other number unchecked. It fails t (with t.Error, once per problem) when
//
//   - a claim's phrase, its {} filled with Got, does not occur in the text
//     (the message quotes what the text says instead when the phrase occurs
//     with other numbers);
//   - a number in the text is not covered. A number is covered when it fills
//     a {} of a claim that matched at that place, when it lies in one of the
//     inputs (passages that state a parameter or a constant of the program
//     rather than a result: "a frame every 0.1 s", "--set chunk=500ms"; give
//     enough context that the passage is the input and not a result that
//     happens to be equal), or when it follows "about", "~" or "≈" (a
//     number that is not computed says it is approximate).
//
// Both text and phrases are compared after removing the markdown marks * and
// ` and turning every run of white space into one space, so a phrase may
// cross a line break of the text. A number is a run of digits with an
// optional decimal part ("2.99") and groups of three digits after a space
// ("100 000"); digits right after a letter or an underscore belong to a name
// (L1, GOMAXPROCS2, utf8) and are not numbers. A phrase may occur several
// times: each occurrence with the run's numbers is covered; one with other
// numbers stays uncovered, so it is reported.
//
// A lab's test reads the numbers off runs and lists the inputs:
//
//	func TestWalkthroughNumbers(t *testing.T) {
//		yield := labtest.Run(t, Lab(), "loop-yield", nil).Facts
//		labtest.Claims(t, walkthrough, []labtest.Claim{
//			labtest.Says("`loop-yield` draws {} frames and prints the answer at {} s", yield["frames"], yield["answer_at_seconds"]),
//		}, "a frame every 0.1 s for 3 s", "--set frame=250ms")
//	}
func Claims(t testing.TB, text string, claims []Claim, inputs ...string) {
	t.Helper()
	for _, err := range checkClaims(text, claims, inputs) {
		t.Error(err)
	}
}

// numberRE matches a run of digits with an optional decimal part; numbers
// merges the groups of three digits that follow a space ("100 000").
var numberRE = regexp.MustCompile(`\d+(?:\.\d+)?`)

// span is a byte range [start, end) of the normalised text.
type span struct{ start, end int }

// normalize removes the markdown marks * and ` and collapses white space.
func normalize(s string) string {
	s = strings.NewReplacer("*", "", "`", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// numbers returns the spans of the numbers of s (see Claims).
func numbers(s string) []span {
	var out []span
	for _, m := range numberRE.FindAllStringIndex(s, -1) {
		n := span{m[0], m[1]}
		if k := len(out) - 1; k >= 0 && isGroup(s, out[k], n) {
			out[k].end = n.end
			continue
		}
		if n.start > 0 {
			if r, _ := utf8.DecodeLastRuneInString(s[:n.start]); unicode.IsLetter(r) || r == '_' {
				continue // part of a name: L1, utf8
			}
		}
		out = append(out, n)
	}
	return out
}

// isGroup reports whether n is a group of three digits that continues the
// integer part of prev after one space ("100 000").
func isGroup(s string, prev, n span) bool {
	if n.end-n.start != 3 || strings.Contains(s[prev.start:prev.end], ".") {
		return false
	}
	return s[prev.end:n.start] == " " // normalize made every space one ' '
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// format writes a claimed value as a text would.
func format(v any) (string, error) {
	switch v := v.(type) {
	case int:
		return strconv.Itoa(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case time.Duration:
		return v.String(), nil
	case string:
		return v, nil
	}
	return "", fmt.Errorf("value %v is a %T (want int, int64, float64, time.Duration or string)", v, v)
}

// aboutRE matches the words that make the number after them approximate.
var aboutRE = regexp.MustCompile(`(?:\babout |~ ?|≈ ?)$`)

// checkClaims is Claims without a testing.TB: the problems, in text order
// for uncovered numbers.
func checkClaims(text string, claims []Claim, inputs []string) []error {
	norm := normalize(text)
	nums := numbers(norm)
	var covered []span
	var errs []error
	for _, c := range claims {
		spans, err := matchClaim(norm, c)
		if err != nil {
			errs = append(errs, err)
		}
		covered = append(covered, spans...) // on a mismatch, the numbers the error quotes
	}
	for _, in := range inputs {
		p := normalize(in)
		if p == "" {
			continue
		}
		found := false
		for i := 0; ; {
			j := strings.Index(norm[i:], p)
			if j < 0 {
				break
			}
			covered = append(covered, span{i + j, i + j + len(p)})
			found = true
			i += j + 1
		}
		if !found {
			errs = append(errs, fmt.Errorf("input %q does not occur in the text", p))
		}
	}
	for _, n := range nums {
		if inside(n, covered) || aboutRE.MatchString(norm[:n.start]) {
			continue
		}
		errs = append(errs, fmt.Errorf("the text states %s (in %q) with no claim, input or \"about\" for it",
			norm[n.start:n.end], context(norm, n)))
	}
	return errs
}

// matchClaim finds every occurrence of c in norm and returns the spans of
// the numbers that fill its {}. When the text states the phrase with other
// numbers, the error says so and the spans are those of the numbers it
// quotes (so they are reported once, not again as uncovered).
func matchClaim(norm string, c Claim) ([]span, error) {
	phrase := normalize(c.Phrase)
	parts := strings.Split(phrase, "{}")
	if len(parts)-1 != len(c.Got) {
		return nil, fmt.Errorf("claim %q has %d {} for %d values %v", phrase, len(parts)-1, len(c.Got), c.Got)
	}
	if len(c.Got) == 0 {
		return nil, fmt.Errorf("claim %q has no {}: a passage with no computed number is an input", phrase)
	}
	var b strings.Builder
	var slots []span // the {} in the expanded phrase
	for i, p := range parts {
		b.WriteString(p)
		if i < len(c.Got) {
			v, err := format(c.Got[i])
			if err != nil {
				return nil, fmt.Errorf("claim %q: %w", phrase, err)
			}
			slots = append(slots, span{b.Len(), b.Len() + len(v)})
			b.WriteString(v)
		}
	}
	want := b.String()
	var spans []span
	for i := 0; ; {
		j := strings.Index(norm[i:], want)
		if j < 0 {
			break
		}
		at := i + j
		i = at + 1
		if !wholeNumbers(norm, at, slots) {
			continue // "3 frames" inside "13 frames"
		}
		for _, s := range slots {
			spans = append(spans, span{at + s.start, at + s.end})
		}
	}
	if len(spans) > 0 {
		return spans, nil
	}
	// Say what the text states instead, if the phrase is there with other numbers.
	var re strings.Builder
	for i, p := range parts {
		re.WriteString(regexp.QuoteMeta(p))
		if i < len(parts)-1 {
			re.WriteString(`(\d[\d.:]*)`)
		}
	}
	if m := regexp.MustCompile(re.String()).FindStringSubmatchIndex(norm); m != nil {
		for i := 2; i < len(m); i += 2 {
			spans = append(spans, span{m[i], m[i+1]})
		}
		return spans, fmt.Errorf("the text says %q; the run gives %q", norm[m[0]:m[1]], want)
	}
	return nil, fmt.Errorf("the text does not say %q", want)
}

// wholeNumbers reports whether each slot of a phrase found at at starts and
// ends where a number of norm does (so 3 does not match the end of 13).
func wholeNumbers(norm string, at int, slots []span) bool {
	for _, s := range slots {
		start, end := at+s.start, at+s.end
		if start > 0 && isDigit(norm[start-1]) && isDigit(norm[start]) {
			return false
		}
		if end < len(norm) && isDigit(norm[end]) && isDigit(norm[end-1]) {
			return false
		}
		if end+1 < len(norm) && norm[end] == '.' && isDigit(norm[end+1]) && isDigit(norm[end-1]) {
			return false // 2 inside 2.5
		}
	}
	return true
}

func inside(n span, covered []span) bool {
	for _, c := range covered {
		if c.start <= n.start && n.end <= c.end {
			return true
		}
	}
	return false
}

// context is the number n with up to 30 bytes of text either side.
func context(s string, n span) string {
	start, end := max(n.start-30, 0), min(n.end+30, len(s))
	for start > 0 && !utf8.RuneStart(s[start]) {
		start--
	}
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	return s[start:end]
}
