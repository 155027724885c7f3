package export_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/internal/export"
	"conclab/labs"
)

// TestHTMLEveryLab checks every lab's default run as a page: one embedded
// SVG, well-formed XML with its lanes and legend; the totals table and the
// glyphs' meanings; and nothing fetched from elsewhere.
func TestHTMLEveryLab(t *testing.T) {
	for _, l := range labs.All() {
		t.Run(l.Name, func(t *testing.T) {
			p := runLab(t, l.Name)
			var b strings.Builder
			require.NoError(t, export.WriteHTML(&b, p, export.Options{Width: 900}))
			page := b.String()
			require.True(t, strings.HasPrefix(page, "<!DOCTYPE html>\n<html"))
			require.True(t, strings.HasSuffix(page, "</html>\n"))
			assert.Equal(t, 1, strings.Count(page, "<svg "), "one picture")
			start, end := strings.Index(page, "<svg "), strings.Index(page, "</svg>")
			require.True(t, start >= 0 && end > start)
			root := decode(t, page[start:end+len("</svg>")])
			assert.Equal(t, "900", root.attrs["width"])
			assert.Len(t, root.all(classed("lane")), len(p.Lanes))
			assert.Len(t, root.all(classed("legend")), 1)
			for _, lane := range p.Lanes {
				assert.Contains(t, page, "<tr><td>"+lane.Variant+"</td>", "a row of the totals")
			}
			for _, want := range []string{"running", "blocked", "waiting", "sync: on a goroutine", "ready", "leaked", "deadlock"} {
				assert.Contains(t, page, "<dd>"+want, "the legend says what %s means", want)
			}
			// Self-contained: no address, no fetched resource, only local url(#...) fills.
			for _, bad := range []string{"http:", "https:", "//", "src=", "href=", "@import", "<script", "<link"} {
				assert.NotContains(t, page, bad)
			}
			for _, m := range regexp.MustCompile(`url\([^)]*\)`).FindAllString(page, -1) {
				assert.Regexp(t, `^url\(#[a-z]+\)$`, m)
			}
		})
	}
}

// TestHTMLEscapes checks that names with markup in them stay text.
func TestHTMLEscapes(t *testing.T) {
	p := runLab(t, "countdown", "yielding")
	p.Title = `<b>"x" & 'y'</b>`
	p.Lanes[0].Variant = "<script>"
	var b strings.Builder
	require.NoError(t, export.WriteHTML(&b, p, export.Options{}))
	assert.NotContains(t, b.String(), "<script>")
	assert.NotContains(t, b.String(), "<b>")
	assert.Contains(t, b.String(), "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;")
	var s strings.Builder
	require.NoError(t, export.WriteSVG(&s, p, export.Options{}))
	decode(t, s.String())
}
