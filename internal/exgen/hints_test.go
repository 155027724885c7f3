package exgen

import (
	"strings"
	"testing"
)

func TestParseHints(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"one paragraph each, a title",
			"# Hints: chess\n\n## Hint 1\n\nWhile an opponent thinks,\nthe master could be elsewhere.\n\n## Hint 2\nTwo.\n## Hint 3\n\nThree.\n",
			[]string{"While an opponent thinks, the master could be elsewhere.", "Two.", "Three."}},
		{"paragraphs, one a line; inline markdown kept",
			"## Hint 1\n\nFirst `go f()`,\n  then *wait*.\n\nSecond.\n\n## Hint 2\n\nTwo.\n\n## Hint 3\n\nThree.\n",
			[]string{"First `go f()`, then *wait*.\nSecond.", "Two.", "Three."}},
		{"lists",
			"## Hint 1\n\n- one\n  more\n- two\n\n## Hint 2\n\n1. first\n2. second\n\n## Hint 3\n\n3) c\n4) d\n",
			[]string{"- one more\n- two", "1. first\n2. second", "3) c\n4) d"}},
		{"fenced code: tabs to four spaces, indented four, blank lines kept",
			"## Hint 1\n\nIn Play:\n\n```go\nfor {\n\tmu.Lock()\n\n\tmu.Unlock()\n}\n```\n\nthen sleep.\n\n## Hint 2\n\nA fence:\n~~~\n## Hint 9 is code\n~~~\n\n## Hint 3\n\nIndented:\n\n    indented code\n",
			[]string{"In Play:\n    for {\n        mu.Lock()\n\n        mu.Unlock()\n    }\nthen sleep.", "A fence:\n    ## Hint 9 is code", "Indented:\n    indented code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseHints([]byte(tt.src))
			if err != nil || strings.Join(got, "\x00") != strings.Join(tt.want, "\x00") {
				t.Errorf("ParseHints(%q) = %q, %v, want %q", tt.src, got, err, tt.want)
			}
		})
	}
}

func TestParseHintsErrors(t *testing.T) {
	const two, three = "## Hint 2\n\nTwo.\n\n", "## Hint 3\n\nThree.\n"
	tests := []struct{ name, src, want string }{
		{"empty file", "", `0 hints, want 3: sections "## Hint 1" to "## Hint 3"`},
		{"text before the first hint", "Intro.\n\n## Hint 1\n\nOne.\n\n" + two + three, `line 1: text before "## Hint 1"`},
		{"a second title", "# T\n\n# U\n\n## Hint 1\n\nOne.\n\n" + two + three, `line 3: heading "# U", want "## Hint 1"`},
		{"hints out of order", "## Hint 1\n\nOne.\n\n" + three + two, `line 5: heading "## Hint 3", want "## Hint 2"`},
		{"a sub-heading", "## Hint 1\n\nOne.\n\n### More\n\n" + two + three, `line 5: heading "### More", want "## Hint 2"`},
		{"four hints", "## Hint 1\n\nOne.\n\n" + two + three + "\n## Hint 4\n\nFour.\n", `4 hints, want 3: sections "## Hint 1" to "## Hint 3"`},
		{"an empty hint", "## Hint 1\n\n" + two + three, "hint 1 is empty"},
		{"a hint that starts with code", "## Hint 1\n\n```go\nwg.Wait()\n```\n\n" + two + three, `hint 1 starts with code: start it with a line of text ("In Run:")`},
		{"a quote", "## Hint 1\n\n> quoted\n\n" + two + three, "line 3: a hint holds paragraphs, lists and fenced code blocks, not a Blockquote"},
		{"a nested list", "## Hint 1\n\n- a\n  - b\n\n" + two + three, "line 4: a list item holds only text (no code, no nested list)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseHints([]byte(tt.src))
			if err == nil || err.Error() != tt.want {
				t.Errorf("ParseHints(%q) = %q, %v, want the error %q", tt.src, got, err, tt.want)
			}
		})
	}
}
