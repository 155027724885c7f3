package cli

import (
	"errors"
	"slices"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"sequental", "sequential", 1},
		{"kitten", "sitting", 3}, {"chss", "chess", 1}, {"日本", "日本語", 1}, {"ab", "ba", 2},
	} {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"sequential", "concurrent", "two-masters", "limited", "errgroup"}
	for _, tt := range []struct {
		typed string
		want  []string
	}{
		{"sequental", []string{"sequential"}},
		{"SEQUENTIAL", []string{"sequential"}}, // case is ignored
		{"seq", []string{"sequential"}},        // a prefix
		{"two", []string{"two-masters"}},
		{"concurent", []string{"concurrent"}},
		{"zzzzzz", nil},
		{"sequential", nil}, // the name itself is no suggestion
		{"", nil},
	} {
		if got := suggest(tt.typed, names); !slices.Equal(got, tt.want) {
			t.Errorf("suggest(%q) = %v, want %v", tt.typed, got, tt.want)
		}
	}
}

func TestWithSuggestion(t *testing.T) {
	for _, tt := range []struct {
		in   error
		want string
	}{
		{usagef(`chess: unknown variant "sequental" (variants: sequential, concurrent)`),
			`chess: unknown variant "sequental": did you mean sequential? (variants: sequential, concurrent)`},
		{usagef(`no help for "chss" (commands: list, run; labs: chess, checker)`),
			`no help for "chss": did you mean chess? (commands: list, run; labs: chess, checker)`},
		{usagef(`unknown lab "ches" (labs: chess, checker)`), `unknown lab "ches": did you mean chess? (labs: chess, checker)`},
		{usagef(`unknown lab "x\"y" (labs: chess)`), `unknown lab "x\"y" (labs: chess)`},
		{usagef(`unknown lab "zzzz" (labs: chess)`), `unknown lab "zzzz" (labs: chess)`},
		{usagef(`coroutines: unknown parameter "x" (this lab has no parameters)`), `coroutines: unknown parameter "x" (this lab has no parameters)`},
		{usagef(`unknown command "rnu": did you mean run? (commands: run)`), `unknown command "rnu": did you mean run? (commands: run)`},
		{errors.New(`unknown lab "ches" (labs: chess)`), `unknown lab "ches" (labs: chess)`}, // not bad input: left alone
	} {
		got := withSuggestion(tt.in)
		if got.Error() != tt.want {
			t.Errorf("withSuggestion(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if errors.As(tt.in, new(usageError)) != errors.As(got, new(usageError)) {
			t.Errorf("withSuggestion(%q) changed the kind of error (exit status)", tt.in)
		}
	}
}
