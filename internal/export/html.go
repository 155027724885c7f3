package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"conclab/labs/trace"
)

// WriteHTML writes p as one self-contained HTML page: the lanes picture
// (WriteSVG's, inline, shrunk to the window when it is wider), the totals
// as a table, and what each glyph means.
// It fetches nothing: no fonts, scripts, style sheets or images from
// elsewhere, so it opens the same offline, from a USB stick or a mail.
func WriteHTML(w io.Writer, p Picture, o Options) error {
	var svg strings.Builder
	if err := writeSVG(&svg, p, o, false); err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="conclab">
<title>%s</title>
<style>
body { background: %s; color: %s; font-family: %s; font-size: 14px; margin: 24px; }
.picture svg { max-width: 100%%; height: auto; }
table { border-collapse: collapse; margin: 16px 0; }
th, td { text-align: left; padding: 2px 16px 2px 0; vertical-align: top; }
th { color: %s; font-weight: normal; }
td:nth-child(-n+3) { white-space: nowrap; }
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; }
dl.legend dt { font-weight: bold; }
dl.legend dd { margin: 0; }
</style>
</head>
<body>
`, esc(p.Title), background, foreground, fontFamily, Palette[MutedANSI])
	fmt.Fprintf(b, "<div class=\"picture\">\n%s</div>\n", svg.String())
	b.WriteString("<table class=\"totals\">\n<tr><th>variant</th><th>total</th><th>speedup</th><th>facts</th></tr>\n")
	for _, l := range p.Lanes {
		facts := l.Facts
		if !l.Result.Complete() {
			facts = strings.TrimSpace(l.Result.Incomplete + "; " + facts)
		}
		sp := l.Speedup
		if sp == "" {
			sp = "-"
		}
		fmt.Fprintf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", esc(l.Variant), trace.Clock(l.Result.Trace.Total), esc(sp), esc(facts))
	}
	b.WriteString("</table>\n<dl class=\"legend\">\n")
	for _, e := range legend {
		fmt.Fprintf(b, "<dt style=\"color: %s\">%s%s</dt><dd>%s: %s</dd>\n", Palette[e.kind.ANSI()], e.glyph, e.glyph, esc(e.long), esc(e.meaning))
	}
	fmt.Fprintf(b, "<dt style=\"color: %s\">%s</dt><dd>leaked: the task was still alive when the program's main returned</dd>\n", Palette[LeakedANSI], LeakedGlyph)
	fmt.Fprintf(b, "<dt style=\"color: %s\">%s</dt><dd>deadlock: the task was asleep when every task fell asleep with none left to wake another</dd>\n", Palette[DeadlockedANSI], DeadlockedGlyph)
	b.WriteString("</dl>\n</body>\n</html>\n")
	return b.Flush()
}
