package exgen

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// HintCount is how many hints an exercise has, each more detailed than the
// one before.
const HintCount = 3

// ParseHints reads an exercise's hints.md: an optional "# title" line, then
// exactly HintCount sections headed "## Hint 1", "## Hint 2", "## Hint 3",
// each made of paragraphs, lists and fenced code blocks. It returns each
// hint as terminal text, one block a line:
//
//   - a paragraph becomes one line (its source lines joined by spaces, as
//     Markdown joins them), to be wrapped by whoever shows it;
//   - a list item becomes one line that starts with its marker ("- ", "1. ");
//   - each line of a code block is kept as written, tabs expanded to four
//     spaces, and indented by four spaces.
//
// A hint starts with text, not code: it is shown after "hint 3/3: ". Inline
// Markdown (`code`, *emphasis*) is kept as typed. Anything else (a quote, a
// table, HTML, a nested list) is an error that names its line.
func ParseHints(src []byte) ([]string, error) {
	doc := goldmark.DefaultParser().Parse(text.NewReader(src))
	var hints []string
	var cur []string // the blocks of the hint being read
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		line := lineOf(src, n)
		if h, ok := n.(*ast.Heading); ok {
			title := strings.TrimSpace(string(linesText(src, h.Lines(), " ")))
			if h.Level == 1 && n == doc.FirstChild() {
				continue // the file's title
			}
			if cur != nil {
				hints = append(hints, strings.Join(cur, "\n"))
			}
			if want := len(hints) + 1; h.Level != 2 || title != "Hint "+strconv.Itoa(want) {
				return nil, fmt.Errorf("%s: heading %q, want \"## Hint %d\"", line, strings.Repeat("#", h.Level)+" "+title, want)
			}
			cur = []string{}
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("%s: text before \"## Hint 1\"", line)
		}
		blocks, err := blockText(src, n)
		if err != nil {
			return nil, err
		}
		cur = append(cur, blocks...)
	}
	if cur != nil {
		hints = append(hints, strings.Join(cur, "\n"))
	}
	if len(hints) != HintCount {
		return nil, fmt.Errorf("%d hints, want %d: sections \"## Hint 1\" to \"## Hint %d\"", len(hints), HintCount, HintCount)
	}
	for i, h := range hints {
		switch {
		case strings.TrimSpace(h) == "":
			return nil, fmt.Errorf("hint %d is empty", i+1)
		case strings.HasPrefix(h, " "):
			// It is shown after "hint 3/3: ", where code would lose its indent.
			return nil, fmt.Errorf("hint %d starts with code: start it with a line of text (\"In Run:\")", i+1)
		}
	}
	return hints, nil
}

// blockText is the terminal text of one block of a hint: its lines.
func blockText(src []byte, n ast.Node) ([]string, error) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return []string{string(linesText(src, n.Lines(), " "))}, nil
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		code := strings.TrimRight(string(linesText(src, n.Lines(), "")), "\n")
		var out []string
		for l := range strings.SplitSeq(code, "\n") {
			l = strings.TrimRight(strings.ReplaceAll(l, "\t", "    "), " ")
			if l != "" {
				l = "    " + l
			}
			out = append(out, l)
		}
		return out, nil
	case *ast.List:
		var out []string
		num := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			marker := "- "
			if n.IsOrdered() {
				marker = strconv.Itoa(num) + string(n.Marker) + " "
				num++
			}
			var parts []string
			for c := item.FirstChild(); c != nil; c = c.NextSibling() {
				switch c.(type) {
				case *ast.Paragraph, *ast.TextBlock:
					parts = append(parts, string(linesText(src, c.Lines(), " ")))
				default:
					return nil, fmt.Errorf("%s: a list item holds only text (no code, no nested list)", lineOf(src, c))
				}
			}
			out = append(out, marker+strings.Join(parts, " "))
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: a hint holds paragraphs, lists and fenced code blocks, not a %s", lineOf(src, n), n.Kind())
}

// linesText joins the source text of lines: each one trimmed and joined
// by sep when sep is a space (prose), kept whole when sep is "" (code).
func linesText(src []byte, lines *text.Segments, sep string) []byte {
	var b bytes.Buffer
	for i := range lines.Len() {
		seg := lines.At(i)
		v := seg.Value(src)
		if sep == "" {
			// Code keeps its indentation: goldmark may have stripped some of
			// it into Padding (a tab partly used up by the fence's indent).
			b.WriteString(strings.Repeat(" ", seg.Padding))
			b.Write(v)
			continue
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.Write(bytes.TrimSpace(v))
	}
	return b.Bytes()
}

// lineOf says on which line n starts in src ("line 7"), or "a block" when
// neither n nor its first descendants hold a line of source (a thematic
// break).
func lineOf(src []byte, n ast.Node) string {
	for ; n != nil; n = n.FirstChild() {
		if n.Type() != ast.TypeInline && n.Lines().Len() > 0 {
			return "line " + strconv.Itoa(1+bytes.Count(src[:n.Lines().At(0).Start], []byte("\n")))
		}
	}
	return "a block"
}
